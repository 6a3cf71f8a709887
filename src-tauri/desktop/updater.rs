//! Signed updates (tauri-plugin-updater): asks the chosen channel's manifest at start and
//! every few hours, downloads a newer release in the background, and tells the UI only
//! once its signature checked out (or, refused, why). Installing waits for the user.
//! An unreachable server, or a build with nowhere to ask, stays silent.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Manager};
use tauri_plugin_updater::{Error as UpdateError, Update, UpdaterExt};
use tauri_specta::Event;

use crate::error::AppError;
use crate::locks::lock;
use crate::updates::{self, UpdateChannel};

/// A stalled server must not hold a check (or a download) open until the next one.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// A newer release is downloaded and verified: the prompt offers to restart into it.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct UpdateReady {
    pub version: String,
    /// The release notes, as the release published them.
    pub notes: Option<String>,
}

/// A download did not match its signature and was thrown away.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRefused {
    pub version: String,
    pub message: String,
}

/// The channel, and what the events said so far: a window that opens (or reloads) after
/// them reads it here.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStatus {
    pub channel: UpdateChannel,
    /// False for builds that have no release manifest to ask (local builds).
    pub checks: bool,
    pub ready: Option<UpdateReady>,
    pub refused: Option<UpdateRefused>,
}

/// Where the channel is saved, the verified download and the last refusal.
pub struct Updates {
    data_dir: PathBuf,
    ready: Mutex<Option<(Update, Vec<u8>)>>,
    refused: Mutex<Option<UpdateRefused>>,
}

/// Registers the state and starts checking: now, then every `CHECK_EVERY`.
pub fn start(app: &AppHandle, data_dir: PathBuf) {
    app.manage(Updates {
        data_dir,
        ready: Mutex::default(),
        refused: Mutex::default(),
    });
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            check(&app).await;
            tokio::time::sleep(updates::CHECK_EVERY).await;
        }
    });
}

pub fn status(app: &AppHandle) -> UpdateStatus {
    let state = app.state::<Updates>();
    let channel = updates::load_channel(&state.data_dir);
    let ready = lock(&state.ready)
        .as_ref()
        .map(|(update, _)| ready_event(update));
    let status = UpdateStatus {
        channel,
        checks: updates::manifest_url(channel).is_some(),
        ready,
        refused: lock(&state.refused).clone(),
    };
    status
}

fn ready_event(update: &Update) -> UpdateReady {
    UpdateReady {
        version: update.version.clone(),
        notes: update.body.clone(),
    }
}

/// Saves the channel and asks its manifest right away, in the background.
pub fn choose_channel(app: &AppHandle, channel: UpdateChannel) -> Result<(), AppError> {
    updates::save_channel(&app.state::<Updates>().data_dir, channel)?;
    let app = app.clone();
    tauri::async_runtime::spawn(async move { check(&app).await });
    Ok(())
}

/// Installs the verified download and relaunches into it.
pub fn install_and_restart(app: &AppHandle) -> Result<(), AppError> {
    let Some((update, bytes)) = lock(&app.state::<Updates>().ready).take() else {
        return Err(AppError::NotFound {
            message: "No downloaded update is waiting to be installed.".to_owned(),
        });
    };
    update.install(&bytes).map_err(|error| AppError::Io {
        message: format!("The update could not be installed: {error}"),
    })?;
    app.restart()
}

/// One look at the manifest; a newer release is downloaded and announced.
async fn check(app: &AppHandle) {
    let channel = updates::load_channel(&app.state::<Updates>().data_dir);
    let Some(manifest) = updates::manifest_url(channel) else {
        return;
    };
    match find_update(app, manifest).await {
        Ok(Some(update)) if !already_ready(app, &update.version) => download(app, update).await,
        Ok(_) => tracing::debug!("no newer release"),
        Err(error) => tracing::info!(%error, "the update check found no answer"),
    }
}

async fn find_update(app: &AppHandle, manifest: url::Url) -> Result<Option<Update>, UpdateError> {
    let mut builder = app
        .updater_builder()
        .endpoints(vec![manifest])?
        .timeout(REQUEST_TIMEOUT);
    if let Some(pubkey) = updates::debug_override(updates::PUBKEY_ENV) {
        builder = builder.pubkey(pubkey);
    }
    builder.build()?.check().await
}

fn already_ready(app: &AppHandle, version: &str) -> bool {
    lock(&app.state::<Updates>().ready)
        .as_ref()
        .is_some_and(|(update, _)| update.version == version)
}

/// Downloads and verifies; a bad signature is announced, a failed download waits for
/// the next check.
async fn download(app: &AppHandle, update: Update) {
    match update.download(|_, _| {}, || {}).await {
        Ok(bytes) => {
            let ready = ready_event(&update);
            *lock(&app.state::<Updates>().ready) = Some((update, bytes));
            announce(app, ready);
        }
        Err(error) if is_signature_problem(&error) => {
            tracing::warn!(%error, version = update.version, "an update was refused");
            let refused = UpdateRefused {
                message: format!(
                    "Contact Desk {} was downloaded but its signature does not match, so it was not installed. Your current version keeps working.",
                    update.version
                ),
                version: update.version,
            };
            *lock(&app.state::<Updates>().refused) = Some(refused.clone());
            announce(app, refused);
        }
        Err(error) => tracing::info!(%error, "the update download failed"),
    }
}

fn is_signature_problem(error: &UpdateError) -> bool {
    matches!(
        error,
        UpdateError::Minisign(_)
            | UpdateError::Base64(_)
            | UpdateError::SignatureUtf8(_)
            | UpdateError::SignedVersionMismatch { .. }
            | UpdateError::MissingSignedVersion
    )
}

fn announce(app: &AppHandle, event: impl Event + Serialize + Clone) {
    if let Err(error) = event.emit(app) {
        tracing::debug!(%error, "an update event found no window");
    }
}
