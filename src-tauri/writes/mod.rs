//! Writes to HighLevel that the cache follows: each goes to HighLevel first and lands in
//! the cache only when HighLevel agreed. Callers pass the `Api` handle (normally
//! `client().interactive()`), so a caller that wants each write's request record can
//! observe its own handle. What a write must pass before it is sent is in `checks`.

mod bulk;
mod checks;
mod notes;

use jiff::Timestamp;

pub use checks::{
    check_contact, check_new_note, check_new_task, check_note_changes, check_operation, check_tags,
    check_task_changes,
};

use crate::highlevel::{
    Api, Contact, ContactFields, Error, FollowersChange, NewTask, TagChange, Task, TaskChanges,
    Upserted,
};
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

    /// Stores what `POST /contacts/upsert` made or matched.
    pub async fn upsert_contact(
        &self,
        api: &Api,
        fields: &ContactFields,
    ) -> Result<Upserted, SyncError> {
        self.ensure_online()?;
        let upserted = api.contacts().upsert(fields).await;
        let upserted = self.checked(upserted)?;
        self.store_contact(&upserted.contact)?;
        Ok(upserted)
    }

    /// Adds or removes tags (`POST` / `DELETE /contacts/:id/tags`) without re-sending the
    /// others; the cached contact gets HighLevel's new list.
    pub async fn change_tags(
        &self,
        api: &Api,
        contact_id: &str,
        change: TagChange,
        tags: &[String],
    ) -> Result<Vec<String>, SyncError> {
        self.ensure_online()?;
        let of_contact = api.tags(contact_id);
        let changed = match change {
            TagChange::Add => of_contact.add(tags).await,
            TagChange::Remove => of_contact.remove(tags).await,
        };
        let all = self.checked(changed)?;
        self.patch_contact(contact_id, |contact| contact.tags = all.clone())?;
        Ok(all)
    }

    /// Adds (`add`) or removes followers; the cached contact keeps HighLevel's new list.
    pub async fn change_followers(
        &self,
        api: &Api,
        contact_id: &str,
        followers: &[String],
        add: bool,
    ) -> Result<FollowersChange, SyncError> {
        self.ensure_online()?;
        let of_contact = api.followers(contact_id);
        let changed = match add {
            true => of_contact.add(followers).await,
            false => of_contact.remove(followers).await,
        };
        let change = self.checked(changed)?;
        let list = serde_json::json!(change.followers);
        self.patch_contact(contact_id, |contact| {
            contact.extra.insert("followers".into(), list.clone());
        })?;
        Ok(change)
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
        self.store_contacts(std::slice::from_ref(contact))
    }

    fn store_contacts(&self, contacts: &[Contact]) -> Result<(), SyncError> {
        self.cache()
            .upsert_contacts(contacts, None, Timestamp::now())?;
        self.cache().refresh_businesses()?;
        self.events().contacts_changed();
        Ok(())
    }

    /// Applies a change HighLevel confirmed to the cached contact, if it is cached.
    fn patch_contact(
        &self,
        contact_id: &str,
        change: impl FnMut(&mut Contact),
    ) -> Result<(), SyncError> {
        self.patch_contacts(&[contact_id.to_owned()], change)
    }

    /// [`Self::patch_contact`] for many contacts in one cache write.
    fn patch_contacts(
        &self,
        contact_ids: &[String],
        mut change: impl FnMut(&mut Contact),
    ) -> Result<(), SyncError> {
        let mut patched = Vec::with_capacity(contact_ids.len());
        for id in contact_ids {
            if let Some(mut cached) = self.cache().contact(id)?.filter(|c| !c.deleted) {
                change(&mut cached.contact);
                patched.push(cached.contact);
            }
        }
        if patched.is_empty() {
            return Ok(());
        }
        self.store_contacts(&patched)
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
