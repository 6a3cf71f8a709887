use tauri::State;

use crate::desktop::state::AppState;
use crate::desktop::writes;
use crate::error::AppError;
use crate::highlevel::{NewTask, Task, TaskChanges};

#[tauri::command]
#[specta::specta]
pub async fn create_task(
    state: State<'_, AppState>,
    contact_id: String,
    task: NewTask,
) -> Result<Task, AppError> {
    writes::check_title(Some(&task.title))?;
    let session = state.session().await?;
    let api = writes::api(&session)?;
    let result = session.syncer().create_task(&api, &contact_id, &task).await;
    writes::noted(&state, &session, result)
}

#[tauri::command]
#[specta::specta]
pub async fn update_task(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
    changes: TaskChanges,
) -> Result<Task, AppError> {
    if changes.title.is_some() {
        writes::check_title(changes.title.as_deref())?;
    }
    let session = state.session().await?;
    let api = writes::api(&session)?;
    let result = session
        .syncer()
        .update_task(&api, &contact_id, &task_id, &changes)
        .await;
    writes::noted(&state, &session, result)
}

#[tauri::command]
#[specta::specta]
pub async fn set_task_completed(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
    completed: bool,
) -> Result<Task, AppError> {
    let session = state.session().await?;
    let api = writes::api(&session)?;
    let result = session
        .syncer()
        .set_task_completed(&api, &contact_id, &task_id, completed)
        .await;
    writes::noted(&state, &session, result)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_task(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
) -> Result<(), AppError> {
    let session = state.session().await?;
    let api = writes::api(&session)?;
    let result = session
        .syncer()
        .delete_task(&api, &contact_id, &task_id)
        .await;
    writes::noted(&state, &session, result)
}
