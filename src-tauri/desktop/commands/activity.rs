use tauri::State;

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
    state
        .read_cache(move |cache| cache.requests(filter, before, limit))
        .await
}
