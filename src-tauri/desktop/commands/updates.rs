use tauri::AppHandle;

use crate::desktop::updater::{self, UpdateStatus};
use crate::error::AppError;
use crate::updates::UpdateChannel;

/// The channel, whether this build checks at all, and a download waiting or refused.
#[tauri::command]
#[specta::specta]
pub fn get_update_status(app: AppHandle) -> Result<UpdateStatus, AppError> {
    Ok(updater::status(&app))
}

/// Switches channel and checks it at once.
#[tauri::command]
#[specta::specta]
pub fn set_update_channel(app: AppHandle, channel: UpdateChannel) -> Result<(), AppError> {
    updater::choose_channel(&app, channel)
}

/// The prompt's "Restart now": installs the verified download and relaunches.
#[tauri::command]
#[specta::specta]
pub fn install_update(app: AppHandle) -> Result<(), AppError> {
    updater::install_and_restart(&app)
}
