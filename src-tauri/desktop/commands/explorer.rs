//! The API explorer: each of the 16 Contacts endpoints as a typed command that answers
//! with the response, or the error, and the request's record (status, timing, attempts,
//! rate-limit headroom, trace id). Writes go through the sync engine so the cache
//! follows, exactly as when the workspace makes them.

use std::future::Future;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tauri::State;

use crate::desktop::state::AppState;
use crate::desktop::writes;
use crate::error::AppError;
use crate::highlevel::{
    Api, Appointment, BusinessContacts, BusinessQuery, Contact, ContactFields, ContactPage,
    ContactQuery, Error, NewTask, Note, RequestRecord, Task, TaskChanges,
};
use crate::session::Session;
use crate::sync::SyncError;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApiCall<T> {
    pub response: Option<T>,
    pub error: Option<AppError>,
    /// The request as the client recorded it (`None` if it never got that far).
    pub request: Option<RequestRecord>,
}

/// Runs one read through an observed handle and packs the outcome.
async fn read<T, Fut>(
    state: &AppState,
    call: impl FnOnce(Api) -> Fut,
) -> Result<ApiCall<T>, AppError>
where
    Fut: Future<Output = Result<T, Error>>,
{
    let session = state.session().await?;
    session.ensure_credentials()?;
    let (api, recorded) = observed(&session);
    let result = call(api).await;
    session.syncer().connectivity().report(&result);
    Ok(packed(result.map_err(AppError::from), &recorded))
}

/// Runs one write through the sync engine with an observed handle and packs the outcome.
async fn write<T, Fut>(
    state: &AppState,
    call: impl FnOnce(Arc<Session>, Api) -> Fut,
) -> Result<ApiCall<T>, AppError>
where
    Fut: Future<Output = Result<T, SyncError>>,
{
    let session = state.session().await?;
    let (api, recorded) = observed(&session);
    session.ensure_credentials()?;
    let result = call(session.clone(), api).await;
    Ok(packed(writes::noted(state, &session, result), &recorded))
}

type Recorded = Arc<Mutex<Option<RequestRecord>>>;

fn observed(session: &Session) -> (Api, Recorded) {
    let recorded: Recorded = Arc::default();
    let slot = recorded.clone();
    let api = session
        .syncer()
        .client()
        .interactive()
        .observed_by(Arc::new(move |record: &RequestRecord| {
            *crate::locks::lock(&slot) = Some(record.clone());
        }));
    (api, recorded)
}

fn packed<T>(result: Result<T, AppError>, recorded: &Recorded) -> ApiCall<T> {
    let request = crate::locks::lock(recorded).take();
    match result {
        Ok(response) => ApiCall {
            response: Some(response),
            error: None,
            request,
        },
        Err(error) => ApiCall {
            response: None,
            error: Some(error),
            request,
        },
    }
}

/// GET /contacts/:contactId
#[tauri::command]
#[specta::specta]
pub async fn api_get_contact(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<ApiCall<Contact>, AppError> {
    read(&state, |api| async move {
        api.contacts().get(&contact_id).await
    })
    .await
}

/// GET /contacts/:contactId/tasks
#[tauri::command]
#[specta::specta]
pub async fn api_get_all_tasks(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<ApiCall<Vec<Task>>, AppError> {
    read(
        &state,
        |api| async move { api.tasks(&contact_id).list().await },
    )
    .await
}

/// GET /contacts/:contactId/tasks/:taskId
#[tauri::command]
#[specta::specta]
pub async fn api_get_task(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
) -> Result<ApiCall<Task>, AppError> {
    read(&state, |api| async move {
        api.tasks(&contact_id).get(&task_id).await
    })
    .await
}

/// GET /contacts/:contactId/notes
#[tauri::command]
#[specta::specta]
pub async fn api_get_all_notes(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<ApiCall<Vec<Note>>, AppError> {
    read(
        &state,
        |api| async move { api.notes(&contact_id).list().await },
    )
    .await
}

/// GET /contacts/:contactId/notes/:id
#[tauri::command]
#[specta::specta]
pub async fn api_get_note(
    state: State<'_, AppState>,
    contact_id: String,
    note_id: String,
) -> Result<ApiCall<Note>, AppError> {
    read(&state, |api| async move {
        api.notes(&contact_id).get(&note_id).await
    })
    .await
}

/// GET /contacts/:contactId/appointments
#[tauri::command]
#[specta::specta]
pub async fn api_get_appointments_for_contact(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<ApiCall<Vec<Appointment>>, AppError> {
    read(&state, |api| async move {
        api.appointments(&contact_id).list().await
    })
    .await
}

/// GET /contacts/ (one page)
#[tauri::command]
#[specta::specta]
pub async fn api_get_contacts(
    state: State<'_, AppState>,
    query: ContactQuery,
) -> Result<ApiCall<ContactPage>, AppError> {
    read(
        &state,
        |api| async move { api.contacts().list(&query).await },
    )
    .await
}

/// GET /contacts/business/:businessId
#[tauri::command]
#[specta::specta]
pub async fn api_get_contacts_by_business_id(
    state: State<'_, AppState>,
    business_id: String,
    query: BusinessQuery,
) -> Result<ApiCall<BusinessContacts>, AppError> {
    read(&state, |api| async move {
        api.contacts().by_business(&business_id, &query).await
    })
    .await
}

/// POST /contacts/
#[tauri::command]
#[specta::specta]
pub async fn api_create_contact(
    state: State<'_, AppState>,
    fields: ContactFields,
) -> Result<ApiCall<Contact>, AppError> {
    write(&state, |session, api| async move {
        session.syncer().create_contact(&api, &fields).await
    })
    .await
}

/// PUT /contacts/:contactId
#[tauri::command]
#[specta::specta]
pub async fn api_update_contact(
    state: State<'_, AppState>,
    contact_id: String,
    fields: ContactFields,
) -> Result<ApiCall<Contact>, AppError> {
    write(&state, |session, api| async move {
        session
            .syncer()
            .update_contact(&api, &contact_id, &fields)
            .await
    })
    .await
}

/// DELETE /contacts/:contactId
#[tauri::command]
#[specta::specta]
pub async fn api_delete_contact(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<ApiCall<()>, AppError> {
    write(&state, |session, api| async move {
        session.syncer().delete_contact(&api, &contact_id).await
    })
    .await
}

/// POST /contacts/:contactId/tasks
#[tauri::command]
#[specta::specta]
pub async fn api_create_task(
    state: State<'_, AppState>,
    contact_id: String,
    task: NewTask,
) -> Result<ApiCall<Task>, AppError> {
    write(&state, |session, api| async move {
        session.syncer().create_task(&api, &contact_id, &task).await
    })
    .await
}

/// PUT /contacts/:contactId/tasks/:taskId
#[tauri::command]
#[specta::specta]
pub async fn api_update_task(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
    changes: TaskChanges,
) -> Result<ApiCall<Task>, AppError> {
    write(&state, |session, api| async move {
        session
            .syncer()
            .update_task(&api, &contact_id, &task_id, &changes)
            .await
    })
    .await
}

/// PUT /contacts/:contactId/tasks/:taskId/completed
#[tauri::command]
#[specta::specta]
pub async fn api_update_task_completed(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
    completed: bool,
) -> Result<ApiCall<Task>, AppError> {
    write(&state, |session, api| async move {
        session
            .syncer()
            .set_task_completed(&api, &contact_id, &task_id, completed)
            .await
    })
    .await
}

/// DELETE /contacts/:contactId/tasks/:taskId
#[tauri::command]
#[specta::specta]
pub async fn api_delete_task(
    state: State<'_, AppState>,
    contact_id: String,
    task_id: String,
) -> Result<ApiCall<()>, AppError> {
    write(&state, |session, api| async move {
        session
            .syncer()
            .delete_task(&api, &contact_id, &task_id)
            .await
    })
    .await
}

/// POST /contacts/:contactId/tags
#[tauri::command]
#[specta::specta]
pub async fn api_add_tags(
    state: State<'_, AppState>,
    contact_id: String,
    tags: Vec<String>,
) -> Result<ApiCall<Vec<String>>, AppError> {
    write(&state, |session, api| async move {
        session.syncer().add_tags(&api, &contact_id, &tags).await
    })
    .await
}
