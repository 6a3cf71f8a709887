use serde::Serialize;
use tauri::State;

use crate::app::AppState;
use crate::cache::ChangeEvent;
use crate::error::AppError;
use crate::sync::{Connectivity, Schedule, Spending, SyncProgress};

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub progress: SyncProgress,
    pub connectivity: Connectivity,
    pub schedule: Schedule,
}

#[tauri::command]
#[specta::specta]
pub async fn get_sync_status(state: State<'_, AppState>) -> Result<SyncStatus, AppError> {
    let session = state.session().await?;
    Ok(SyncStatus {
        progress: session.syncer().progress(),
        connectivity: session.syncer().connectivity().current(),
        schedule: state.schedule(),
    })
}

/// Today's requests against the plan, the schedule's projected daily cost, and which
/// resources are read contact by contact.
#[tauri::command]
#[specta::specta]
pub async fn get_sync_spending(state: State<'_, AppState>) -> Result<Spending, AppError> {
    let syncer = state.session().await?.syncer().clone();
    crate::app::blocking(move || syncer.spending()).await
}

/// Starts a sync now (progress arrives as `SyncProgressed` events).
#[tauri::command]
#[specta::specta]
pub async fn sync_now(state: State<'_, AppState>) -> Result<(), AppError> {
    state.sync_now().await
}

/// Stops the running sync after its current request; the next run resumes.
#[tauri::command]
#[specta::specta]
pub async fn cancel_sync(state: State<'_, AppState>) -> Result<(), AppError> {
    state.session().await?.syncer().cancel();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn set_schedule(state: State<'_, AppState>, schedule: Schedule) -> Result<(), AppError> {
    state.set_schedule(schedule).await;
    Ok(())
}

/// The activity feed: task changes that syncs noticed, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_changes(
    state: State<'_, AppState>,
    contact_id: Option<String>,
    limit: u32,
) -> Result<Vec<ChangeEvent>, AppError> {
    state
        .read_cache(move |cache| cache.change_events(contact_id.as_deref(), limit))
        .await
}
