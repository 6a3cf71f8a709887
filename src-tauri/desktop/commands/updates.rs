use tauri::AppHandle;

use crate::desktop::updater::{self, UpdateSettings};
use crate::error::AppError;
use crate::updates::Channel;

/// Settings › About › Updates: the channel, and whether this build checks at all.
#[tauri::command]
#[specta::specta]
pub fn get_update_settings(app: AppHandle) -> UpdateSettings {
    updater::settings(&app)
}

/// Switches channel and checks it at once.
#[tauri::command]
#[specta::specta]
pub async fn set_update_channel(app: AppHandle, channel: Channel) -> Result<(), AppError> {
    updater::choose_channel(&app, channel).await
}

/// The prompt's "Restart now": installs the verified download and relaunches.
#[tauri::command]
#[specta::specta]
pub fn install_update(app: AppHandle) -> Result<(), AppError> {
    updater::install_and_restart(&app)
}
