//! Agencies: connect one through its agency-level app (the client secret goes in, nothing
//! secret comes back), pick its locations, group token profiles, remove it.

use serde::Deserialize;
use tauri::{AppHandle, State};

use super::accounts::{browser, switched, OAuthAppInput};
use crate::accounts::{Agency, InstalledLocation};
use crate::app::AppState;
use crate::error::AppError;
use crate::session::SessionInfo;

#[tauri::command]
#[specta::specta]
pub async fn list_agencies(state: State<'_, AppState>) -> Result<Vec<Agency>, AppError> {
    Ok(state.accounts.agencies()?)
}

#[derive(Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgencyInput {
    pub name: String,
    pub app: OAuthAppInput,
}

/// Opens the agency app's chooser in the system browser and returns its address (shown
/// for pasting flows, or when no browser opened); `finish_agency_sign_in` waits for the rest.
#[tauri::command]
#[specta::specta]
pub async fn start_agency_sign_in(
    app: AppHandle,
    state: State<'_, AppState>,
    input: AgencyInput,
) -> Result<String, AppError> {
    let (base_url, oauth_app, answer) = input.app.into_parts();
    state
        .start_agency_sign_in(input.name, base_url, oauth_app, answer, browser(&app))
        .await
}

/// Waits for the browser's answer (or takes the pasted address or code) and keeps the agency.
#[tauri::command]
#[specta::specta]
pub async fn finish_agency_sign_in(
    state: State<'_, AppState>,
    pasted: Option<String>,
) -> Result<Agency, AppError> {
    state.finish_agency_sign_in(pasted).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_agency_sign_in(state: State<'_, AppState>) -> Result<(), AppError> {
    state.cancel_agency_sign_in().await;
    Ok(())
}

/// The locations the agency's app is installed in.
#[tauri::command]
#[specta::specta]
pub async fn agency_locations(
    state: State<'_, AppState>,
    agency_id: String,
) -> Result<Vec<InstalledLocation>, AppError> {
    Ok(state.accounts.installed_locations(&agency_id).await?)
}

/// Adds the chosen locations, each with its own location token; the current session
/// comes back (the first new location when the demo was open).
#[tauri::command]
#[specta::specta]
pub async fn add_agency_locations(
    app: AppHandle,
    state: State<'_, AppState>,
    agency_id: String,
    location_ids: Vec<String>,
) -> Result<SessionInfo, AppError> {
    match state
        .add_agency_locations(&agency_id, &location_ids)
        .await?
    {
        Some(opened) => switched(&app, opened),
        None => Ok(state.session().await?.info().clone()),
    }
}

/// Puts Private Integration Token profiles into the agency named `name` (made if new).
#[tauri::command]
#[specta::specta]
pub async fn group_into_agency(
    state: State<'_, AppState>,
    name: String,
    profile_ids: Vec<String>,
) -> Result<Agency, AppError> {
    state.group_into_agency(name, profile_ids).await
}

/// Removes the agency with every location's keychain entries and cache.
#[tauri::command]
#[specta::specta]
pub async fn remove_agency(
    app: AppHandle,
    state: State<'_, AppState>,
    agency_id: String,
) -> Result<SessionInfo, AppError> {
    match state.remove_agency(&agency_id).await? {
        Some(demo) => switched(&app, demo),
        None => Ok(state.session().await?.info().clone()),
    }
}
