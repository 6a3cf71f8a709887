use tauri::State;

use super::blocking;
use crate::app::AppState;
use crate::cache::{LogFilter, LoggedRequest};
use crate::error::AppError;

/// The request log, newest first; `before` pages back from a record's `seq`.
#[tauri::command]
#[specta::specta]
pub async fn list_requests(
    state: State<'_, AppState>,
    filter: LogFilter,
    before: Option<u32>,
    limit: u32,
) -> Result<Vec<LoggedRequest>, AppError> {
    let cache = state.session().await?.syncer().cache().clone();
    blocking(move || cache.requests(filter, before, limit)).await
}
