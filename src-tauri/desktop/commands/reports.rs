use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

use jiff::Timestamp;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::app::AppState;
use crate::error::AppError;
use crate::reports::{self, CsvOptions, ReportError, ReportFilter, Rollup};

#[tauri::command]
#[specta::specta]
pub async fn get_rollup(
    state: State<'_, AppState>,
    filter: ReportFilter,
) -> Result<Rollup, AppError> {
    state
        .read_cache(move |cache| reports::rollup(cache, &filter, Timestamp::now()))
        .await
}

/// Asks where to save, then writes the roll-up there. `None` when the user cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_rollup_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    filter: ReportFilter,
    options: CsvOptions,
) -> Result<Option<String>, AppError> {
    let cache = state.session().await?.syncer().cache().clone();
    save_csv(&app, "business-report.csv", move |file| {
        let rollup = reports::rollup(&cache, &filter, Timestamp::now())?;
        reports::write_rollup_csv(&rollup, file, options)
    })
    .await
}

/// One business's contacts with their task and note counts, to a file the user picks.
#[tauri::command]
#[specta::specta]
pub async fn export_business_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    business_id: String,
    options: CsvOptions,
) -> Result<Option<String>, AppError> {
    let cache = state.session().await?.syncer().cache().clone();
    save_csv(&app, "business-contacts.csv", move |file| {
        let rows = reports::business_contacts(&cache, &business_id, Timestamp::now())?;
        reports::write_business_csv(&rows, &cache.names()?, file, options)
    })
    .await
}

/// Fetches tasks, notes and appointments for the report's contacts that have none yet
/// (of `business_ids`, or all); progress arrives as sync events.
#[tauri::command]
#[specta::specta]
pub async fn fetch_missing_details(
    state: State<'_, AppState>,
    filter: ReportFilter,
    business_ids: Option<Vec<String>>,
) -> Result<u32, AppError> {
    state.fetch_missing_details(filter, business_ids).await
}

/// Asks where to save (suggesting `suggested`), then has `write` fill that file off the
/// async runtime. The path written, or `None` when the user cancelled.
pub(super) async fn save_csv(
    app: &AppHandle,
    suggested: &str,
    write: impl FnOnce(BufWriter<File>) -> Result<(), ReportError> + Send + 'static,
) -> Result<Option<String>, AppError> {
    let Some(path) = ask_where(app, suggested, ("CSV", &["csv"])).await else {
        return Ok(None);
    };
    let target = path.clone();
    blocking(move || write(BufWriter::new(File::create(&target)?))).await?;
    Ok(Some(path.display().to_string()))
}

/// The system's save dialog offering `filter` (a name and its extensions), run off the
/// async runtime (it blocks until answered).
pub(super) async fn ask_where(
    app: &AppHandle,
    suggested: &str,
    (kind, extensions): (&str, &[&str]),
) -> Option<PathBuf> {
    let dialog = app
        .dialog()
        .file()
        .set_file_name(suggested)
        .add_filter(kind, extensions);
    let (answer, receiver) = tokio::sync::oneshot::channel();
    dialog.save_file(move |path| {
        let _ = answer.send(path);
    });
    receiver
        .await
        .ok()
        .flatten()
        .and_then(|path| path.into_path().ok())
}
