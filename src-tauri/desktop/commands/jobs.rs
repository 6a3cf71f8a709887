//! Bulk actions on the selected contacts and the jobs that carry them out.

use tauri::{AppHandle, State};

use super::reports::save_csv;
use crate::app::AppState;
use crate::cache::{ContactFilter, ContactSort};
use crate::error::AppError;
use crate::jobs::{BulkAction, ContactOutcome, JobId, JobSummary, Preview};
use crate::reports::{self, CsvOptions};

/// The ids of every contact matching `filter` ("select all N matching").
#[tauri::command]
#[specta::specta]
pub async fn matching_contact_ids(
    state: State<'_, AppState>,
    filter: ContactFilter,
    sort: ContactSort,
) -> Result<Vec<String>, AppError> {
    state.matching_ids(filter, sort).await
}

#[tauri::command]
#[specta::specta]
pub async fn preview_bulk(
    state: State<'_, AppState>,
    ids: Vec<String>,
    action: BulkAction,
) -> Result<Preview, AppError> {
    state.preview_bulk(ids, action).await
}

#[tauri::command]
#[specta::specta]
pub async fn start_bulk(
    state: State<'_, AppState>,
    ids: Vec<String>,
    action: BulkAction,
) -> Result<JobSummary, AppError> {
    state.start_bulk(ids, action).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_jobs(state: State<'_, AppState>) -> Result<Vec<JobSummary>, AppError> {
    state.list_jobs().await
}

#[tauri::command]
#[specta::specta]
pub async fn job_outcomes(
    state: State<'_, AppState>,
    id: JobId,
) -> Result<Vec<ContactOutcome>, AppError> {
    state.job_outcomes(id).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_job(state: State<'_, AppState>, id: JobId) -> Result<(), AppError> {
    state.cancel_job(id).await
}

#[tauri::command]
#[specta::specta]
pub async fn undo_job(state: State<'_, AppState>, id: JobId) -> Result<JobSummary, AppError> {
    state.undo_job(id).await
}

/// The selected contacts, as the business export writes contacts, to a file the user
/// picks. `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_selection_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    ids: Vec<String>,
    options: CsvOptions,
) -> Result<Option<String>, AppError> {
    let rows = state.selected_rows(ids).await?;
    let cache = state.session().await?.syncer().cache().clone();
    save_csv(&app, "contacts.csv", move |file| {
        reports::write_business_csv(&rows, &cache.names()?, file, options)
    })
    .await
}
