use tauri::State;

use crate::app::{AppState, NamesView};
use crate::error::AppError;

/// The names of the owners, custom fields and businesses the cache holds, and which lists
/// the token could not read.
#[tauri::command]
#[specta::specta]
pub async fn get_names(state: State<'_, AppState>) -> Result<NamesView, AppError> {
    state.names().await
}
