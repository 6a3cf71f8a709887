//! One file per domain; each command adapts IPC to a domain call and nothing more.

pub mod accounts;
pub mod activity;
pub mod businesses;
pub mod contacts;
pub mod diagnostics;
pub mod explorer;
pub mod links;
pub mod reports;
pub mod sync;
pub mod tasks;

use crate::error::AppError;

/// Runs cache work (blocking SQLite) off the async runtime's threads.
async fn blocking<T: Send + 'static, E: Into<AppError> + Send + 'static>(
    work: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|error| AppError::Io {
            message: format!("a background task stopped: {error}"),
        })?
        .map_err(Into::into)
}
