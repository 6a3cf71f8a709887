//! `/contacts/:contactId/notes…`: a contact's notes, read and written.

use jiff::Timestamp;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call, OfContact};
use super::decode::{self, Succeeded};
use super::{time, Error};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: String,
    pub title: Option<String>,
    pub body: Option<String>,
    /// The HighLevel user who wrote it.
    pub user_id: Option<String>,
    #[serde(default, deserialize_with = "time::timestamp")]
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub date_added: Option<Timestamp>,
    pub contact_id: Option<String>,
    pub color: Option<String>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = bool))]
    pub pinned: bool,
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

/// A note to write (`NotesDTO`, `UpdateNoteDTO`): a create requires `body`, an update
/// changes the fields given.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NoteFields {
    pub body: Option<String>,
    pub title: Option<String>,
    /// The HighLevel user it is written as.
    pub user_id: Option<String>,
    pub color: Option<String>,
    pub pinned: Option<bool>,
}

#[derive(Deserialize)]
struct NoteList {
    #[serde(default, deserialize_with = "decode::or_default")]
    notes: Vec<Note>,
}

#[derive(Deserialize)]
struct NoteEnvelope {
    note: Note,
}

impl Api {
    pub fn notes(&self, contact_id: &str) -> OfContact<Note> {
        self.of_contact(contact_id)
    }
}

impl OfContact<Note> {
    /// `GET /contacts/:contactId/notes`
    pub async fn list(&self) -> Result<Vec<Note>, Error> {
        let call = Call::get("/contacts/:contactId/notes", vec![&self.contact_id]);
        Ok(self.api.send::<NoteList>(call).await?.notes)
    }

    /// `GET /contacts/:contactId/notes/:id`
    pub async fn get(&self, note_id: &str) -> Result<Note, Error> {
        let call = Call::get(
            "/contacts/:contactId/notes/:id",
            vec![&self.contact_id, note_id],
        );
        Ok(self.api.send::<NoteEnvelope>(call).await?.note)
    }
}

impl OfContact<Note> {
    /// `POST /contacts/:contactId/notes`: 201 with the note (never retried).
    pub async fn create(&self, note: &NoteFields) -> Result<Note, Error> {
        let template = "/contacts/:contactId/notes";
        let call = Call::write(Method::POST, template, vec![&self.contact_id]).body(note)?;
        Ok(self.api.send::<NoteEnvelope>(call).await?.note)
    }

    /// `PUT /contacts/:contactId/notes/:id`
    pub async fn update(&self, note_id: &str, changes: &NoteFields) -> Result<Note, Error> {
        let template = "/contacts/:contactId/notes/:id";
        let call =
            Call::write(Method::PUT, template, vec![&self.contact_id, note_id]).body(changes)?;
        Ok(self.api.send::<NoteEnvelope>(call).await?.note)
    }

    /// `DELETE /contacts/:contactId/notes/:id`
    pub async fn delete(&self, note_id: &str) -> Result<(), Error> {
        let template = "/contacts/:contactId/notes/:id";
        let call = Call::write(Method::DELETE, template, vec![&self.contact_id, note_id]);
        self.api
            .send::<Succeeded>(call)
            .await?
            .check("note deletion")
    }
}
