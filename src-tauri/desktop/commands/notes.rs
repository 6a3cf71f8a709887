use tauri::State;

use crate::app::AppState;
use crate::error::AppError;
use crate::highlevel::{Note, NoteFields};

#[tauri::command]
#[specta::specta]
pub async fn create_note(
    state: State<'_, AppState>,
    contact_id: String,
    note: NoteFields,
) -> Result<Note, AppError> {
    state.create_note(contact_id, note).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_note(
    state: State<'_, AppState>,
    contact_id: String,
    note_id: String,
    changes: NoteFields,
) -> Result<Note, AppError> {
    state.update_note(contact_id, note_id, changes).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_note(
    state: State<'_, AppState>,
    contact_id: String,
    note_id: String,
) -> Result<(), AppError> {
    state.delete_note(contact_id, note_id).await
}
