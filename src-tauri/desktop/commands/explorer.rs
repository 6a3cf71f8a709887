//! The API explorer: one command that calls any endpoint of the table
//! (`highlevel::operation`) and answers with the response, or the error, and the
//! request's record (status, timing, attempts, rate-limit headroom, trace id). Writes go
//! through `crate::writes` so the cache follows, exactly as when a contact's workspace
//! makes them.

use std::future::Future;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tauri::State;

use crate::app::AppState;
use crate::error::AppError;
use crate::highlevel::operation::{ApiResponse, Operation};
use crate::highlevel::{Api, Error, RequestRecord, TagChange};
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
    Ok(packed(state.noted(&session, result), &recorded))
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

/// Calls the endpoint `operation` names: a read goes straight to HighLevel, a write
/// through the sync engine so the cache follows.
#[tauri::command]
#[specta::specta]
pub async fn api_call(
    state: State<'_, AppState>,
    operation: Operation,
) -> Result<ApiCall<ApiResponse>, AppError> {
    if operation.is_write() {
        write(&state, |session, api| async move {
            through_cache(&session, &api, operation).await
        })
        .await
    } else {
        read(&state, |api| async move { operation.execute(&api).await }).await
    }
}

/// A write as the workspace makes it, so the cache keeps up with HighLevel.
async fn through_cache(
    session: &Session,
    api: &Api,
    operation: Operation,
) -> Result<ApiResponse, SyncError> {
    let syncer = session.syncer();
    Ok(match operation {
        Operation::CreateContact { body } => {
            ApiResponse::Contact(syncer.create_contact(api, &body).await?)
        }
        Operation::UpdateContact { contact_id, body } => {
            ApiResponse::Contact(syncer.update_contact(api, &contact_id, &body).await?)
        }
        Operation::DeleteContact { contact_id } => {
            syncer.delete_contact(api, &contact_id).await?;
            ApiResponse::Deleted
        }
        Operation::CreateTask { contact_id, body } => {
            ApiResponse::Task(syncer.create_task(api, &contact_id, &body).await?)
        }
        Operation::UpdateTask {
            contact_id,
            task_id,
            body,
        } => ApiResponse::Task(
            syncer
                .update_task(api, &contact_id, &task_id, &body)
                .await?,
        ),
        Operation::UpdateTaskCompleted {
            contact_id,
            task_id,
            body,
        } => ApiResponse::Task(
            syncer
                .set_task_completed(api, &contact_id, &task_id, body.completed)
                .await?,
        ),
        Operation::DeleteTask {
            contact_id,
            task_id,
        } => {
            syncer.delete_task(api, &contact_id, &task_id).await?;
            ApiResponse::Deleted
        }
        Operation::UpsertContact { body } => {
            ApiResponse::Upserted(syncer.upsert_contact(api, &body).await?)
        }
        Operation::AddTags { contact_id, body } => ApiResponse::Tags(
            syncer
                .change_tags(api, &contact_id, TagChange::Add, &body.tags)
                .await?,
        ),
        Operation::RemoveTags { contact_id, body } => ApiResponse::Tags(
            syncer
                .change_tags(api, &contact_id, TagChange::Remove, &body.tags)
                .await?,
        ),
        Operation::CreateNote { contact_id, body } => {
            ApiResponse::Note(syncer.create_note(api, &contact_id, &body).await?)
        }
        Operation::UpdateNote {
            contact_id,
            id,
            body,
        } => ApiResponse::Note(syncer.update_note(api, &contact_id, &id, &body).await?),
        Operation::DeleteNote { contact_id, id } => {
            syncer.delete_note(api, &contact_id, &id).await?;
            ApiResponse::Deleted
        }
        Operation::CreateAssociation { change, body } => {
            ApiResponse::BulkTags(syncer.bulk_tags(api, change, &body).await?)
        }
        Operation::AddRemoveContactFromBusiness { body } => {
            ApiResponse::BulkBusiness(syncer.bulk_business(api, &body).await?)
        }
        Operation::AddFollowersContact { contact_id, body } => ApiResponse::Followers(
            syncer
                .change_followers(api, &contact_id, &body.followers, true)
                .await?,
        ),
        Operation::RemoveFollowersContact { contact_id, body } => ApiResponse::Followers(
            syncer
                .change_followers(api, &contact_id, &body.followers, false)
                .await?,
        ),
        // Campaigns and workflows: nothing the cache holds changes.
        read => read.execute(api).await?,
    })
}
