//! A contact's workspace (the contact with its tasks, notes and appointments), cache
//! first: what the cache has comes back at once with its age; a refresh fetches the
//! contact and its three lists in parallel in the interactive lane.

use jiff::Timestamp;
use serde::Serialize;

use super::{SyncError, Syncer};
use crate::cache::Details;
use crate::highlevel::{Contact, Error};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Freshness {
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub contact_synced_at: Timestamp,
    /// `None`: the tasks were never fetched.
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub details_synced_at: Option<Timestamp>,
    /// `None`: the notes were never read (HighLevel reads them one contact at a time).
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub notes_synced_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactWorkspace {
    pub contact: Contact,
    pub watched: bool,
    pub details: Details,
    pub freshness: Freshness,
}

impl Syncer {
    /// What the cache knows about the contact, or `None` if it never saw it.
    pub fn cached_workspace(
        &self,
        contact_id: &str,
    ) -> Result<Option<ContactWorkspace>, SyncError> {
        let Some(cached) = self.cache.contact(contact_id)? else {
            return Ok(None);
        };
        if cached.deleted {
            return Ok(None);
        }
        let details = self.cache.details(contact_id)?;
        Ok(Some(ContactWorkspace {
            freshness: Freshness {
                contact_synced_at: cached.synced_at,
                details_synced_at: details.synced_at,
                notes_synced_at: cached.notes_synced_at,
            },
            contact: cached.contact,
            watched: cached.watched,
            details,
        }))
    }

    /// Fetches the contact and its tasks, notes and appointments (four calls at once, ahead
    /// of background work), stores them, and returns the fresh workspace.
    pub async fn refresh_workspace(&self, contact_id: &str) -> Result<ContactWorkspace, SyncError> {
        let api = self.client.interactive();
        let (contacts, tasks, notes, appointments) = (
            api.contacts(),
            api.tasks(contact_id),
            api.notes(contact_id),
            api.appointments(contact_id),
        );
        let fetched = tokio::try_join!(
            contacts.get(contact_id),
            tasks.list(),
            notes.list(),
            appointments.list(),
        );
        self.note_connectivity(&fetched);
        let (contact, tasks, notes, appointments) = match fetched {
            Ok(fetched) => fetched,
            Err(error @ Error::NotFound { .. }) => {
                self.cache.delete_contact(contact_id)?;
                self.events.contacts_changed();
                return Err(error.into());
            }
            Err(error) => return Err(error.into()),
        };
        self.cache
            .upsert_contacts(std::slice::from_ref(&contact), None, Timestamp::now())?;
        let details = Details {
            tasks,
            notes,
            appointments,
            synced_at: None,
        };
        self.store_details(contact_id, &details)?;
        self.events.contact_refreshed(contact_id);
        self.events.contacts_changed();
        self.cached_workspace(contact_id)?.ok_or_else(|| {
            SyncError::Api(Error::NotFound {
                message: "Contact not found".into(),
            })
        })
    }
}
