//! Where the sync events of every open location go. The shown location's reach the UI in
//! full; a location synced in the background raises only what the user must not miss
//! (watched contacts' task changes, as notifications) and a word that its contacts
//! changed, so views over every location read again. Notifications name the location
//! whichever it is: with several open, "Call back" alone does not say where.

use std::sync::{Arc, Mutex};

use crate::cache::ChangeEvent;
use crate::locks::lock;
use crate::sync::{Connectivity, SyncEvents, SyncProgress};

/// Hands each opened location its listener and knows which location is shown.
#[derive(Clone)]
pub(super) struct Router {
    ui: Arc<dyn SyncEvents>,
    /// The shown location's profile id (the demo's is `demo`); empty before the first.
    shown: Arc<Mutex<String>>,
}

impl Router {
    pub(super) fn new(ui: Arc<dyn SyncEvents>) -> Self {
        Self {
            ui,
            shown: Arc::default(),
        }
    }

    /// The listener for the location `profile_id`, named `name` in notifications.
    pub(super) fn location(&self, profile_id: &str, name: &str) -> Arc<dyn SyncEvents> {
        Arc::new(LocationEvents {
            profile_id: profile_id.to_owned(),
            name: name.to_owned(),
            ui: self.ui.clone(),
            shown: self.shown.clone(),
        })
    }

    /// From now on `profile_id`'s events are the UI's, every other location's background.
    pub(super) fn show(&self, profile_id: &str) {
        *lock(&self.shown) = profile_id.to_owned();
    }
}

struct LocationEvents {
    profile_id: String,
    name: String,
    ui: Arc<dyn SyncEvents>,
    shown: Arc<Mutex<String>>,
}

impl LocationEvents {
    fn is_shown(&self) -> bool {
        *lock(&self.shown) == self.profile_id
    }
}

impl SyncEvents for LocationEvents {
    fn progress(&self, progress: &SyncProgress) {
        if self.is_shown() {
            self.ui.progress(progress);
        }
    }

    fn contacts_changed(&self) {
        match self.is_shown() {
            true => self.ui.contacts_changed(),
            false => self.ui.location_contacts_changed(&self.profile_id),
        }
    }

    fn contact_refreshed(&self, contact_id: &str) {
        if self.is_shown() {
            self.ui.contact_refreshed(contact_id);
        }
    }

    fn changes(&self, events: &[ChangeEvent], watched: bool) {
        if watched {
            self.ui.notify_watched(&self.name, events);
        }
        if self.is_shown() {
            self.ui.changes(events, watched);
        }
    }

    fn connectivity(&self, connectivity: &Connectivity) {
        if self.is_shown() {
            self.ui.connectivity(connectivity);
        }
    }

    fn cache_rebuilt(&self, profile_name: &str, damage: &str) {
        self.ui.cache_rebuilt(profile_name, damage);
    }
}
