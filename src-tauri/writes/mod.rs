//! Writes to HighLevel that the cache follows: each goes to HighLevel first and lands in
//! the cache only when HighLevel agreed. Callers pass the `Api` handle (normally
//! `client().interactive()`), so a caller that wants each write's request record can
//! observe its own handle. What a write must pass before it is sent is in `checks`.

mod checks;

use jiff::Timestamp;

pub use checks::{check_contact, check_new_task, check_operation, check_tags, check_task_changes};

use crate::highlevel::{Api, Contact, ContactFields, Error, NewTask, Task, TaskChanges};
use crate::sync::{SyncError, Syncer};

impl Syncer {
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
        self.cache().delete_contact(contact_id)?;
        self.cache().refresh_businesses()?;
        self.events().contacts_changed();
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
        if let Some(mut cached) = self.cache().contact(contact_id)? {
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
        let current = match self.cache().contact(contact_id)? {
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
        self.cache().remove_task(contact_id, task_id)?;
        self.events().contacts_changed();
        Ok(())
    }

    /// Writes need HighLevel; while offline they are refused at once, before anything is sent.
    fn ensure_online(&self) -> Result<(), SyncError> {
        let connectivity = self.connectivity().current();
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
        self.cache()
            .upsert_contacts(std::slice::from_ref(contact), None, Timestamp::now())?;
        self.cache().refresh_businesses()?;
        self.events().contacts_changed();
        Ok(())
    }

    /// HighLevel's task answers sometimes omit fields; what was sent fills the gaps.
    fn store_task(&self, contact_id: &str, mut task: Task) -> Result<Task, SyncError> {
        if task.contact_id.is_none() {
            task.contact_id = Some(contact_id.to_owned());
        }
        self.cache().put_task(contact_id, &task)?;
        self.events().contacts_changed();
        Ok(task)
    }
}
