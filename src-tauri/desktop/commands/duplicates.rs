use tauri::State;

use crate::app::{AppState, DuplicateCheck};
use crate::duplicates::{LikelyPairs, MergeChoices, MergePlan};
use crate::error::AppError;
use crate::highlevel::ContactFields;
use crate::jobs::JobSummary;

/// Asks HighLevel for an existing contact with the new one's email or phone.
#[tauri::command]
#[specta::specta]
pub async fn check_new_contact(
    state: State<'_, AppState>,
    fields: ContactFields,
) -> Result<DuplicateCheck, AppError> {
    state.check_new_contact(fields).await
}

#[tauri::command]
#[specta::specta]
pub async fn likely_duplicates(state: State<'_, AppState>) -> Result<LikelyPairs, AppError> {
    state.likely_duplicates().await
}

/// "Not a duplicate": the pair is not offered again.
#[tauri::command]
#[specta::specta]
pub async fn dismiss_duplicate(
    state: State<'_, AppState>,
    first_id: String,
    second_id: String,
) -> Result<(), AppError> {
    state.dismiss_duplicate(first_id, second_id).await
}

/// Plans the merge from the cache, after reading both contacts from HighLevel when
/// `fresh` (as the dialog opens); again from the cache as the choices change.
#[tauri::command]
#[specta::specta]
pub async fn plan_merge(
    state: State<'_, AppState>,
    choices: MergeChoices,
    fresh: bool,
) -> Result<MergePlan, AppError> {
    state.plan_merge(choices, fresh).await
}

/// Journals the merge as a background job and starts it.
#[tauri::command]
#[specta::specta]
pub async fn run_merge(
    state: State<'_, AppState>,
    choices: MergeChoices,
) -> Result<JobSummary, AppError> {
    state.run_merge(choices).await
}
