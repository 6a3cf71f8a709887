use tauri::State;

use crate::app::AppState;
use crate::cache::{Inbox, InboxBounds, InboxFilter};
use crate::error::AppError;
use crate::highlevel::{NewTask, Task, TaskChanges};

/// Every cached task across contacts, grouped by when it is due (today as the system's
/// clock reads it); each group's first `limit` tasks and its count.
#[tauri::command]
#[specta::specta]
pub async fn task_inbox(
    state: State<'_, AppState>,
    filter: InboxFilter,
    limit: u32,
) -> Result<Inbox, AppError> {
    state
        .read_cache(move |cache| cache.task_inbox(&filter, limit, InboxBounds::local_now()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn create_task(
    state: State<'_, AppState>,
    contact_id: String,
    task: NewTask,
) -> Result<Task, AppError> {
    state.create_task(contact_id, task).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_task(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
    changes: TaskChanges,
) -> Result<Task, AppError> {
    state.update_task(contact_id, task_id, changes).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_task_completed(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
    completed: bool,
) -> Result<Task, AppError> {
    state
        .set_task_completed(contact_id, task_id, completed)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_task(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
) -> Result<(), AppError> {
    state.delete_task(contact_id, task_id).await
}
