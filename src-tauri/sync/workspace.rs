//! A contact's workspace, cache first: what the cache has comes back at once with its
//! age; a refresh fetches the contact and its three lists in parallel in the interactive
//! lane. Writes go to HighLevel first and land in the cache only when HighLevel agreed;
//! callers pass the `Api` handle (normally `client().interactive()`), so a caller that
//! wants each write's request record can observe its own handle.

use jiff::Timestamp;
use serde::Serialize;

use super::{SyncError, Syncer};
use crate::cache::Details;
use crate::highlevel::{Api, Contact, ContactFields, Error, NewTask, Task, TaskChanges};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Freshness {
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub contact_synced_at: Timestamp,
    /// `None`: tasks, notes and appointments were never fetched.
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub details_synced_at: Option<Timestamp>,
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

    pub async fn create_contact(
        &self,
        api: &Api,
        fields: &ContactFields,
    ) -> Result<Contact, SyncError> {
        self.ensure_online()?;
        let created = api.contacts().create(fields).await;
        let contact = self.checked(created)?;
        self.store_contact(&contact)?;
        Ok(contact)
    }

    /// Applies `fields`; HighLevel's answer (or, when it sends none, a fresh read) is stored.
    pub async fn update_contact(
        &self,
        api: &Api,
        contact_id: &str,
        fields: &ContactFields,
    ) -> Result<Contact, SyncError> {
        self.ensure_online()?;
        let updated = api.contacts().update(contact_id, fields).await;
        let contact = match self.checked(updated)? {
            Some(contact) => contact,
            None => self.checked(api.contacts().get(contact_id).await)?,
        };
        self.store_contact(&contact)?;
        Ok(contact)
    }

    pub async fn delete_contact(&self, api: &Api, contact_id: &str) -> Result<(), SyncError> {
        self.ensure_online()?;
        let deleted = api.contacts().delete(contact_id).await;
        self.checked(deleted)?;
        self.cache.delete_contact(contact_id)?;
        self.cache.refresh_businesses()?;
        self.events.contacts_changed();
        Ok(())
    }

    /// Adds tags without touching the others; the cached contact gets HighLevel's new list.
    pub async fn add_tags(
        &self,
        api: &Api,
        contact_id: &str,
        tags: &[String],
    ) -> Result<Vec<String>, SyncError> {
        self.ensure_online()?;
        let added = api.tags(contact_id).add(tags).await;
        let all = self.checked(added)?;
        if let Some(mut cached) = self.cache.contact(contact_id)? {
            cached.contact.tags = all.clone();
            self.store_contact(&cached.contact)?;
        }
        Ok(all)
    }

    /// Removes one tag: HighLevel only offers "replace all tags", so the rest are re-sent.
    pub async fn remove_tag(
        &self,
        api: &Api,
        contact_id: &str,
        tag: &str,
    ) -> Result<Contact, SyncError> {
        let current = match self.cache.contact(contact_id)? {
            Some(cached) => cached.contact.tags,
            None => Vec::new(),
        };
        let fields = ContactFields {
            tags: Some(current.into_iter().filter(|t| t != tag).collect()),
            ..ContactFields::default()
        };
        self.update_contact(api, contact_id, &fields).await
    }

    pub async fn create_task(
        &self,
        api: &Api,
        contact_id: &str,
        task: &NewTask,
    ) -> Result<Task, SyncError> {
        self.ensure_online()?;
        let created = api.tasks(contact_id).create(task).await;
        self.store_task(contact_id, self.checked(created)?)
    }

    pub async fn update_task(
        &self,
        api: &Api,
        contact_id: &str,
        task_id: &str,
        changes: &TaskChanges,
    ) -> Result<Task, SyncError> {
        self.ensure_online()?;
        let updated = api.tasks(contact_id).update(task_id, changes).await;
        self.store_task(contact_id, self.checked(updated)?)
    }

    pub async fn set_task_completed(
        &self,
        api: &Api,
        contact_id: &str,
        task_id: &str,
        completed: bool,
    ) -> Result<Task, SyncError> {
        self.ensure_online()?;
        let updated = api
            .tasks(contact_id)
            .set_completed(task_id, completed)
            .await;
        self.store_task(contact_id, self.checked(updated)?)
    }

    pub async fn delete_task(
        &self,
        api: &Api,
        contact_id: &str,
        task_id: &str,
    ) -> Result<(), SyncError> {
        self.ensure_online()?;
        let deleted = api.tasks(contact_id).delete(task_id).await;
        self.checked(deleted)?;
        self.cache.remove_task(contact_id, task_id)?;
        self.events.contacts_changed();
        Ok(())
    }

    /// Writes need HighLevel; while offline they are refused at once, before anything is sent.
    fn ensure_online(&self) -> Result<(), SyncError> {
        let connectivity = self.connectivity.current();
        if connectivity.online {
            return Ok(());
        }
        Err(SyncError::Api(Error::Network {
            message: format!(
                "Contact Desk is offline ({}); nothing was sent",
                connectivity
                    .reason
                    .unwrap_or_else(|| "no connection".into())
            ),
        }))
    }

    fn checked<T>(&self, result: Result<T, Error>) -> Result<T, SyncError> {
        self.note_connectivity(&result);
        Ok(result?)
    }

    fn store_contact(&self, contact: &Contact) -> Result<(), SyncError> {
        self.cache
            .upsert_contacts(std::slice::from_ref(contact), None, Timestamp::now())?;
        self.cache.refresh_businesses()?;
        self.events.contacts_changed();
        Ok(())
    }

    /// HighLevel's task answers sometimes omit fields; what was sent fills the gaps.
    fn store_task(&self, contact_id: &str, mut task: Task) -> Result<Task, SyncError> {
        if task.contact_id.is_none() {
            task.contact_id = Some(contact_id.to_owned());
        }
        self.cache.put_task(contact_id, &task)?;
        self.events.contacts_changed();
        Ok(task)
    }
}
