use serde::Deserialize;
use tauri::{AppHandle, State};

use super::blocking;
use super::reports::ask_where;
use crate::app::AppState;
use crate::cache::LogFilter;
use crate::diagnostics::{write_bundle, Bundle, Diagnostics, BUNDLED_REQUESTS};
use crate::error::AppError;

/// Settings › About: the same live probes as `contact-desk doctor`.
#[tauri::command]
#[specta::specta]
pub async fn get_diagnostics() -> Result<Diagnostics, AppError> {
    blocking(|| Ok::<_, AppError>(collect())).await
}

/// Settings › About › Export diagnostics: the support bundle, where the person chooses.
/// The path written, or `None` when they cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_diagnostics(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, AppError> {
    let Some(target) = ask_where(&app, "contact-desk-diagnostics.zip", ("Zip", &["zip"])).await
    else {
        return Ok(None);
    };
    // No session (the demo failed to start, say) still leaves a useful bundle.
    let requests = state
        .read_cache(|cache| cache.requests(LogFilter::All, None, BUNDLED_REQUESTS))
        .await
        .unwrap_or_default();
    let written = target.display().to_string();
    blocking(move || {
        let diagnostics = collect();
        let log_dir = crate::paths::log_dir();
        let bundle = Bundle {
            diagnostics: &diagnostics,
            requests: &requests,
            log_dir: log_dir.as_deref(),
        };
        write_bundle(&target, &bundle).map_err(|error| AppError::Io {
            message: format!("the diagnostics could not be written: {error}"),
        })
    })
    .await?;
    Ok(Some(written))
}

/// The keychain probe blocks on D-Bus (and may wait for an unlock prompt): call it off
/// the async runtime.
fn collect() -> Diagnostics {
    Diagnostics::collect(crate::desktop::webview_version())
}

#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ConsoleLevel {
    Debug,
    Info,
    Warn,
    Error,
}

/// The webview's console, forwarded into the log files (target `webview`), so support
/// sees the UI's errors beside the backend's.
#[tauri::command]
#[specta::specta]
pub fn log_from_webview(level: ConsoleLevel, message: String) -> Result<(), AppError> {
    match level {
        ConsoleLevel::Debug => tracing::debug!(target: "webview", "{message}"),
        ConsoleLevel::Info => tracing::info!(target: "webview", "{message}"),
        ConsoleLevel::Warn => tracing::warn!(target: "webview", "{message}"),
        ConsoleLevel::Error => tracing::error!(target: "webview", "{message}"),
    }
    Ok(())
}
