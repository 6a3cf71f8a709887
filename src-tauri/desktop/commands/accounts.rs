//! Accounts: the webview sends a token or client secret in (when the user pastes one)
//! and never gets one back; at most a masked hint, inside `ProfileView`.

use secrecy::SecretString;
use serde::Deserialize;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;
use tauri_specta::Event;

use super::blocking;
use crate::accounts::oauth::DEFAULT_AUTHORIZE_URL;
use crate::accounts::{BrowserStep, ConnectionReport, NewProfile, OAuthApp, ProfileView};
use crate::app::{AnswerBy, AppState};
use crate::desktop::events::SessionChanged;
use crate::error::AppError;
use crate::highlevel::DEFAULT_BASE_URL;
use crate::session::{Session, SessionInfo};

#[tauri::command]
#[specta::specta]
pub async fn get_session(state: State<'_, AppState>) -> Result<SessionInfo, AppError> {
    Ok(state.session().await?.info().clone())
}

/// Every profile, the active one marked, with token hints (reading them touches the keychain).
#[tauri::command]
#[specta::specta]
pub async fn list_profiles(state: State<'_, AppState>) -> Result<Vec<ProfileView>, AppError> {
    let accounts = state.accounts.clone();
    blocking(move || accounts.list()).await
}

// Not `Debug`: it holds the token.
#[derive(Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TokenProfileInput {
    pub name: String,
    pub environment: String,
    /// HighLevel's API address unless given (a sandbox's, say).
    pub base_url: Option<String>,
    pub location_id: String,
    /// The Private Integration Token, straight into the keychain.
    pub token: String,
}

/// Checks the token with a real one-contact read, stores it, and switches to the profile.
#[tauri::command]
#[specta::specta]
pub async fn add_token_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    input: TokenProfileInput,
) -> Result<SessionInfo, AppError> {
    let settings = NewProfile {
        name: input.name,
        environment: input.environment,
        base_url: base_url_or_default(input.base_url),
        location_id: input.location_id,
    };
    let token = SecretString::from(input.token);
    switched(&app, state.add_token_profile(settings, token).await?)
}

// Not `Debug`: it holds the client secret.
#[derive(Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OAuthAppInput {
    pub base_url: Option<String>,
    /// Where the location chooser lives (HighLevel's Marketplace unless given).
    pub authorize_url: Option<String>,
    pub client_id: String,
    pub client_secret: String,
    /// The app's registered redirect when the user will paste where the browser landed;
    /// none for the loopback listener.
    pub redirect_uri: Option<String>,
}

impl OAuthAppInput {
    /// The API's address, the app, and how the browser's answer comes back.
    pub(super) fn into_parts(self) -> (String, OAuthApp, AnswerBy) {
        let app = OAuthApp {
            client_id: self.client_id,
            client_secret: SecretString::from(self.client_secret),
            authorize_url: self
                .authorize_url
                .filter(|url| !url.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_AUTHORIZE_URL.to_owned()),
        };
        let answer = match self.redirect_uri.filter(|uri| !uri.trim().is_empty()) {
            Some(redirect_uri) => AnswerBy::Pasting {
                redirect_uri: redirect_uri.trim().to_owned(),
            },
            None => AnswerBy::Loopback(BrowserStep::default()),
        };
        (base_url_or_default(self.base_url), app, answer)
    }
}

#[derive(Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OAuthProfileInput {
    pub name: String,
    pub environment: String,
    pub app: OAuthAppInput,
}

/// Opens HighLevel's location chooser in the system browser and returns its address
/// (shown for pasting, or when no browser opened); `finish_oauth_sign_in` waits for the rest.
#[tauri::command]
#[specta::specta]
pub async fn start_oauth_sign_in(
    app: AppHandle,
    state: State<'_, AppState>,
    input: OAuthProfileInput,
) -> Result<String, AppError> {
    let (base_url, oauth_app, answer) = input.app.into_parts();
    let settings = NewProfile {
        name: input.name,
        environment: input.environment,
        base_url,
        location_id: String::new(),
    };
    state
        .start_oauth_sign_in(settings, oauth_app, answer, browser(&app))
        .await
}

/// Waits for the redirect (or takes the pasted address or code), stores the tokens, and
/// switches to the profile.
#[tauri::command]
#[specta::specta]
pub async fn finish_oauth_sign_in(
    app: AppHandle,
    state: State<'_, AppState>,
    pasted: Option<String>,
) -> Result<SessionInfo, AppError> {
    switched(&app, state.finish_oauth_sign_in(pasted).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_oauth_sign_in(state: State<'_, AppState>) -> Result<(), AppError> {
    state.cancel_oauth_sign_in().await;
    Ok(())
}

/// Runs the browser step again for a profile whose refresh token stopped working.
#[tauri::command]
#[specta::specta]
pub async fn reconnect_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    profile_id: String,
) -> Result<SessionInfo, AppError> {
    let opened = state.reconnect_profile(&profile_id, browser(&app)).await?;
    switched(&app, opened)
}

/// A real one-contact call with the profile's credentials.
#[tauri::command]
#[specta::specta]
pub async fn test_profile(
    state: State<'_, AppState>,
    profile_id: String,
) -> Result<ConnectionReport, AppError> {
    Ok(state.accounts.test_connection(&profile_id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn switch_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    profile_id: String,
) -> Result<SessionInfo, AppError> {
    switched(&app, state.open_profile(&profile_id).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn open_demo(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<SessionInfo, AppError> {
    switched(&app, state.open_demo().await?)
}

/// Checks the new token, then swaps it in; the old one is gone only once the new one works.
#[tauri::command]
#[specta::specta]
pub async fn rotate_token(
    app: AppHandle,
    state: State<'_, AppState>,
    profile_id: String,
    token: String,
) -> Result<(), AppError> {
    if let Some(reopened) = state
        .rotate_token(&profile_id, SecretString::from(token))
        .await?
    {
        switched(&app, reopened)?;
    }
    Ok(())
}

/// Deletes the profile's keychain entries and cache; if it was active, the demo opens.
#[tauri::command]
#[specta::specta]
pub async fn remove_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    profile_id: String,
) -> Result<SessionInfo, AppError> {
    match state.remove_profile(&profile_id).await? {
        Some(shown) => switched(&app, shown),
        None => Ok(state.session().await?.info().clone()),
    }
}

pub(super) fn switched(
    app: &AppHandle,
    session: std::sync::Arc<Session>,
) -> Result<SessionInfo, AppError> {
    let info = session.info().clone();
    if let Err(error) = SessionChanged(info.clone()).emit(app) {
        tracing::debug!(%error, "the session change found no window");
    }
    Ok(info)
}

fn base_url_or_default(base_url: Option<String>) -> String {
    base_url
        .map(|url| url.trim().trim_end_matches('/').to_owned())
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
}

/// The OAuth step's way to open HighLevel's location chooser: the system browser.
pub(super) fn browser(app: &AppHandle) -> impl FnOnce(&url::Url) + Send + 'static {
    let app = app.clone();
    move |url| {
        if let Err(error) = app.opener().open_url(url.as_str(), None::<&str>) {
            tracing::warn!(%error, "the browser could not be opened for the OAuth step");
        }
    }
}
