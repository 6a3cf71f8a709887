use tauri::AppHandle;

use crate::desktop::updater::{self, UpdateSettings};
use crate::error::AppError;
use crate::updates::UpdateChannel;

/// Settings › About › Updates: the channel, and whether this build checks at all.
#[tauri::command]
#[specta::specta]
pub fn get_update_settings(app: AppHandle) -> Result<UpdateSettings, AppError> {
    Ok(updater::settings(&app))
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
