//! `/contacts/:contactId/notes…`: a contact's notes (read only here).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call, OfContact};
use super::{decode, time, Error};

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
