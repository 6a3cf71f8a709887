//! What the window remembers between launches beside its geometry (the window-state
//! plugin keeps that), and what a deep link left for the UI.

use std::path::PathBuf;

use tauri::State;

use crate::desktop::events::LinkOpened;
use crate::desktop::links::PendingLink;
use crate::error::AppError;

/// Kept in the data directory, so each data directory (each test's, too) has its own.
const LAST_SECTION_FILE: &str = "last-section";

/// The section the window showed when it last closed; the UI checks it is still one.
#[tauri::command]
#[specta::specta]
pub fn last_section() -> Result<Option<String>, AppError> {
    let remembered = last_section_file().and_then(|file| std::fs::read_to_string(file).ok());
    Ok(remembered.map(|text| text.trim().to_owned()))
}

/// Remembers the section showing now. Losing it costs only the next launch's first
/// screen, so a failure is logged, not shown.
#[tauri::command]
#[specta::specta]
pub fn remember_section(section: String) -> Result<(), AppError> {
    let Some(path) = last_section_file() else {
        return Ok(());
    };
    if let Err(error) = std::fs::write(path, section) {
        tracing::warn!(%error, "the last section could not be remembered");
    }
    Ok(())
}

fn last_section_file() -> Option<PathBuf> {
    crate::paths::data_dir().map(|dir| dir.join(LAST_SECTION_FILE))
}

/// The outcome of a link that arrived before the UI listened (at launch), once.
#[tauri::command]
#[specta::specta]
pub fn take_opened_link(pending: State<'_, PendingLink>) -> Result<Option<LinkOpened>, AppError> {
    Ok(pending.take())
}
