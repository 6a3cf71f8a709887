use jiff::Timestamp;
use tauri::State;

use crate::app::{AppState, BusinessView};
use crate::error::AppError;
use crate::reports::{self, BusinessRow};

#[tauri::command]
#[specta::specta]
pub async fn list_businesses(
    state: State<'_, AppState>,
    search: Option<String>,
) -> Result<Vec<BusinessRow>, AppError> {
    state
        .read_cache(move |cache| reports::businesses(cache, search.as_deref(), Timestamp::now()))
        .await
}

/// A business's contacts: from HighLevel when online (stored as they arrive), the
/// cache otherwise. Task counts always come from the cache.
#[tauri::command]
#[specta::specta]
pub async fn open_business(
    state: State<'_, AppState>,
    business_id: String,
) -> Result<BusinessView, AppError> {
    state.open_business(business_id).await
}
