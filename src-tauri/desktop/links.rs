//! Deep links in the window: a link arrives in the launch arguments (the first launch's,
//! or a second launch's, handed over by the single-instance check) or, on macOS, as an
//! event. The window comes to the front, the profile of the link's location opens if
//! another is active, and the UI hears `LinkOpened`. The outcome is also kept until the
//! UI asks, as a link in the first launch's arguments may beat the UI's listener.

use std::sync::Mutex;

use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use super::events::{LinkOpened, SessionChanged};
use crate::app::AppState;
use crate::links::ContactLink;
use crate::locks::lock;

/// The last link's outcome, until the UI takes it.
#[derive(Default)]
pub struct PendingLink(Mutex<Option<LinkOpened>>);

impl PendingLink {
    pub fn take(&self) -> Option<LinkOpened> {
        lock(&self.0).take()
    }
}

/// Opens the first link among `args`, if any; the window comes forward either way, as a
/// second launch means the person wants it.
pub fn open_from_args(app: &AppHandle, args: &[String]) {
    bring_forward(app);
    if let Some(link) = ContactLink::find_in(args) {
        let app = app.clone();
        tauri::async_runtime::spawn(async move { open(&app, link).await });
    }
}

fn bring_forward(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

async fn open(app: &AppHandle, link: ContactLink) {
    tracing::info!(location = %link.location_id, contact = %link.contact_id, "a link arrived");
    let outcome = resolve(app, link).await;
    tracing::info!(?outcome, "the link resolved");
    *lock(&app.state::<PendingLink>().0) = Some(outcome.clone());
    if let Err(error) = outcome.emit(app) {
        tracing::debug!(%error, "a link's outcome found no window");
    }
}

/// Makes the link's location the open one: the active session's, or a profile's (which
/// then opens). A location no profile connects to is named back, not guessed at.
async fn resolve(app: &AppHandle, link: ContactLink) -> LinkOpened {
    let state = app.state::<AppState>();
    let active = state.session().await.ok();
    if active.is_some_and(|session| session.info().location_id == link.location_id) {
        return LinkOpened::Contact(link);
    }
    let accounts = state.accounts.clone();
    let profiles = crate::app::blocking(move || accounts.list()).await;
    let profile = profiles.ok().and_then(|profiles| {
        profiles
            .into_iter()
            .find(|view| view.profile.location_id == link.location_id)
    });
    let Some(profile) = profile else {
        return LinkOpened::UnknownLocation(link);
    };
    let profile = profile.profile;
    match state.open_profile(&profile.id).await {
        Ok(session) => {
            let _ = SessionChanged(session.info().clone()).emit(app);
            LinkOpened::Contact(link)
        }
        Err(error) => LinkOpened::ProfileFailed {
            link,
            profile: profile.name,
            message: error.to_string(),
        },
    }
}
