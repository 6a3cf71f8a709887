//! "All locations": the contact list, task inbox, businesses and the location × business
//! roll-up over every open location of the agency (or those named in `locations`).

use jiff::Timestamp;
use tauri::{AppHandle, State};

use super::reports::save_csv;
use crate::app::AppState;
use crate::cache::{ContactFilter, InboxBounds, InboxFilter};
use crate::error::AppError;
use crate::highlevel::Task;
use crate::locations::{ListPosition, LocatedInbox, LocatedListPage, Location};
use crate::reports::{self, CsvOptions, LocatedBusiness, ReportFilter, RollupByLocation};

/// The locations "All locations" spans now: the shown one and its agency's others.
#[tauri::command]
#[specta::specta]
pub async fn open_locations(state: State<'_, AppState>) -> Result<Vec<Location>, AppError> {
    let open = state.open_locations().await;
    Ok(open.into_iter().map(|(location, _)| location).collect())
}

/// The next `limit` contacts by name after `after` across the locations (the first page,
/// without `after`, also counts them all).
#[tauri::command]
#[specta::specta]
pub async fn list_located_contacts(
    state: State<'_, AppState>,
    filter: ContactFilter,
    locations: Vec<String>,
    after: Option<ListPosition>,
    limit: u32,
) -> Result<LocatedListPage, AppError> {
    state
        .read_locations(locations, move |all| {
            all.list_page(&filter, after.as_ref(), limit, Timestamp::now())
        })
        .await
}

/// The task inbox across the locations, each group's first `limit` tasks.
#[tauri::command]
#[specta::specta]
pub async fn located_task_inbox(
    state: State<'_, AppState>,
    filter: InboxFilter,
    locations: Vec<String>,
    limit: u32,
) -> Result<LocatedInbox, AppError> {
    state
        .read_locations(locations, move |all| {
            all.task_inbox(&filter, limit, InboxBounds::local_now())
        })
        .await
}

/// Completes or reopens a task in the location it lives in (shown or not).
#[tauri::command]
#[specta::specta]
pub async fn set_located_task_completed(
    state: State<'_, AppState>,
    profile_id: String,
    contact_id: String,
    task_id: String,
    completed: bool,
) -> Result<Task, AppError> {
    state
        .set_task_completed_in(&profile_id, contact_id, task_id, completed)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_located_businesses(
    state: State<'_, AppState>,
    search: Option<String>,
    locations: Vec<String>,
) -> Result<Vec<LocatedBusiness>, AppError> {
    state
        .read_locations(locations, move |all| {
            reports::businesses_by_location(all, search.as_deref(), Timestamp::now())
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_rollup_by_location(
    state: State<'_, AppState>,
    filter: ReportFilter,
    locations: Vec<String>,
) -> Result<RollupByLocation, AppError> {
    state
        .read_locations(locations, move |all| {
            reports::rollup_by_location(all, &filter, Timestamp::now())
        })
        .await
}

/// Asks where to save, then writes the location × business roll-up there (`None`: cancelled).
#[tauri::command]
#[specta::specta]
pub async fn export_rollup_by_location_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    filter: ReportFilter,
    locations: Vec<String>,
    options: CsvOptions,
) -> Result<Option<String>, AppError> {
    let rollup = state
        .read_locations(locations, move |all| {
            reports::rollup_by_location(all, &filter, Timestamp::now())
        })
        .await?;
    save_csv(&app, "locations-report.csv", move |file| {
        reports::write_by_location_csv(&rollup, file, options)
    })
    .await
}
