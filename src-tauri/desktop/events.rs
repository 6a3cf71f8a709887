//! Typed events from Rust to the UI (tauri-specta), and the bridge that turns the sync
//! engine's callbacks into them, plus desktop notifications for watched contacts (the
//! app routes each location's callbacks, `app::routing`).

use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

use crate::cache::{ChangeEvent, ChangeKind};
use crate::jobs::{JobEvents, JobSummary};
use crate::links::ContactLink;
use crate::session::SessionInfo;
use crate::sync::{Connectivity, SyncEvents, SyncProgress};

#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct SyncProgressed(pub SyncProgress);

#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct ConnectivityChanged(pub Connectivity);

/// The contact list may show something new: re-read the visible window.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct ContactsChanged;

#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct ContactRefreshed {
    pub contact_id: String,
}

#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct ChangesDetected {
    pub events: Vec<ChangeEvent>,
    pub watched: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct SessionChanged(pub SessionInfo);

/// A location synced in the background (not the one shown) has new contacts data: views
/// over every location re-read.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct LocationContactsChanged {
    pub profile_id: String,
}

/// Where a contactdesk:// link led: its contact (its location's profile now open), or
/// why it could not (no profile for its location; that profile failed to open).
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LinkOpened {
    Contact(ContactLink),
    UnknownLocation(ContactLink),
    ProfileFailed {
        link: ContactLink,
        profile: String,
        message: String,
    },
}

/// A background job started, moved on by an item, or ended.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct JobChanged(pub JobSummary);

/// Emits engine callbacks as UI events; failures to emit (window closing) are not errors.
pub struct EventBridge<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> EventBridge<R> {
    pub fn new(app: AppHandle<R>) -> Self {
        Self { app }
    }

    fn send(&self, event: impl Event + Serialize + Clone) {
        if let Err(error) = event.emit(&self.app) {
            tracing::debug!(%error, "an event found no window");
        }
    }
}

impl<R: Runtime> SyncEvents for EventBridge<R> {
    fn progress(&self, progress: &SyncProgress) {
        self.send(SyncProgressed(progress.clone()));
    }

    fn contacts_changed(&self) {
        self.send(ContactsChanged);
    }

    fn contact_refreshed(&self, contact_id: &str) {
        self.send(ContactRefreshed {
            contact_id: contact_id.to_owned(),
        });
    }

    fn changes(&self, events: &[ChangeEvent], watched: bool) {
        self.send(ChangesDetected {
            events: events.to_vec(),
            watched,
        });
    }

    fn notify_watched(&self, location: &str, events: &[ChangeEvent]) {
        for event in events {
            self.show(
                notification_title(event),
                notification_body(location, event),
            );
        }
    }

    fn location_contacts_changed(&self, profile_id: &str) {
        self.send(LocationContactsChanged {
            profile_id: profile_id.to_owned(),
        });
    }

    fn connectivity(&self, connectivity: &Connectivity) {
        self.send(ConnectivityChanged(connectivity.clone()));
    }

    fn cache_rebuilt(&self, profile_name: &str, damage: &str) {
        self.show(
            "Local cache rebuilt",
            format!(
                "{profile_name}'s cache was damaged ({damage}) and is filling again from \
                 HighLevel. Nothing else was lost."
            ),
        );
    }
}

impl<R: Runtime> JobEvents for EventBridge<R> {
    fn job_changed(&self, job: &JobSummary) {
        self.send(JobChanged(job.clone()));
    }
}

/// A watched task change's notification, worded like the activity feed.
fn notification_title(event: &ChangeEvent) -> &'static str {
    match event.kind {
        ChangeKind::TaskAdded => "New task",
        ChangeKind::TaskCompleted => "Task completed",
        ChangeKind::TaskReopened => "Task reopened",
        ChangeKind::TaskDueChanged => "Due date moved",
        ChangeKind::TaskRemoved => "Task removed",
    }
}

/// Who and what, the detail if any, then the location: with an agency open, several
/// locations notify.
fn notification_body(location: &str, event: &ChangeEvent) -> String {
    let what = format!("{} · {}", event.contact_name, event.title);
    match &event.detail {
        Some(detail) => format!("{what}\n{detail}\n{location}"),
        None => format!("{what}\n{location}"),
    }
}

impl<R: Runtime> EventBridge<R> {
    fn show(&self, title: &str, body: String) {
        let shown = self
            .app
            .notification()
            .builder()
            .title(title)
            .body(body)
            .show();
        if let Err(error) = shown {
            tracing::debug!(%error, "a desktop notification could not be shown");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(detail: Option<&str>) -> ChangeEvent {
        ChangeEvent {
            key: "k".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
            contact_id: "c1".into(),
            contact_name: "Jane Doe".into(),
            task_id: "t1".into(),
            kind: ChangeKind::TaskDueChanged,
            title: "Call back".into(),
            detail: detail.map(str::to_owned),
        }
    }

    #[test]
    fn a_notification_names_its_location_last() {
        assert_eq!(
            notification_body("Acme Dental", &event(None)),
            "Jane Doe · Call back\nAcme Dental"
        );
        assert_eq!(
            notification_body("Acme Dental", &event(Some("Mar 3 → Mar 5"))),
            "Jane Doe · Call back\nMar 3 → Mar 5\nAcme Dental"
        );
        assert_eq!(notification_title(&event(None)), "Due date moved");
    }
}
