//! A contact's notes, written in HighLevel and then in the cache.

use crate::highlevel::{Api, Note, NoteFields};
use crate::sync::{SyncError, Syncer};

impl Syncer {
    pub async fn create_note(
        &self,
        api: &Api,
        contact_id: &str,
        note: &NoteFields,
    ) -> Result<Note, SyncError> {
        self.ensure_online()?;
        let created = api.notes(contact_id).create(note).await;
        self.store_note(contact_id, self.checked(created)?)
    }

    pub async fn update_note(
        &self,
        api: &Api,
        contact_id: &str,
        note_id: &str,
        changes: &NoteFields,
    ) -> Result<Note, SyncError> {
        self.ensure_online()?;
        let updated = api.notes(contact_id).update(note_id, changes).await;
        self.store_note(contact_id, self.checked(updated)?)
    }

    pub async fn delete_note(
        &self,
        api: &Api,
        contact_id: &str,
        note_id: &str,
    ) -> Result<(), SyncError> {
        self.ensure_online()?;
        let deleted = api.notes(contact_id).delete(note_id).await;
        self.checked(deleted)?;
        self.cache().remove_note(contact_id, note_id)?;
        self.events().contacts_changed();
        Ok(())
    }

    /// HighLevel's note answers may leave out the contact; the one written to fills it.
    fn store_note(&self, contact_id: &str, mut note: Note) -> Result<Note, SyncError> {
        if note.contact_id.is_none() {
            note.contact_id = Some(contact_id.to_owned());
        }
        self.cache().put_note(contact_id, &note)?;
        self.events().contacts_changed();
        Ok(note)
    }
}
