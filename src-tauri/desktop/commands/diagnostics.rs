use crate::diagnostics::Diagnostics;
use crate::error::AppError;

/// Settings › About: the same live probes as `contact-desk doctor`.
#[tauri::command]
#[specta::specta]
pub async fn get_diagnostics() -> Result<Diagnostics, AppError> {
    // The keychain probe blocks on D-Bus (and may wait for an unlock prompt).
    tauri::async_runtime::spawn_blocking(|| Diagnostics::collect(crate::desktop::webview_version()))
        .await
        .map_err(|error| AppError::Io {
            message: format!("the diagnostics probe stopped: {error}"),
        })
}
