//! `/contacts/:contactId/appointments`: a contact's calendar events.

use jiff::civil::DateTime;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call, OfContact};
use super::{decode, time, Error};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    pub id: String,
    pub calendar_id: Option<String>,
    pub title: Option<String>,
    pub status: Option<String>,
    /// booked, confirmed, cancelled, showed, noshow, …
    pub appointment_status: Option<String>,
    pub assigned_user_id: Option<String>,
    pub notes: Option<String>,
    /// The location's wall clock: HighLevel sends these without a zone.
    #[serde(default, deserialize_with = "time::civil")]
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub start_time: Option<DateTime>,
    #[serde(default, deserialize_with = "time::civil")]
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub end_time: Option<DateTime>,
    pub address: Option<String>,
    pub location_id: Option<String>,
    pub contact_id: Option<String>,
    pub group_id: Option<String>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<String>))]
    pub users: Vec<String>,
    #[serde(default, deserialize_with = "time::timestamp")]
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub date_added: Option<Timestamp>,
    #[serde(default, deserialize_with = "time::timestamp")]
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub date_updated: Option<Timestamp>,
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

#[derive(Deserialize)]
struct EventList {
    #[serde(default, deserialize_with = "decode::or_default")]
    events: Vec<Appointment>,
}

impl Api {
    pub fn appointments(&self, contact_id: &str) -> OfContact<Appointment> {
        self.of_contact(contact_id)
    }
}

impl OfContact<Appointment> {
    /// `GET /contacts/:contactId/appointments` (answers `{"events": […]}`).
    pub async fn list(&self) -> Result<Vec<Appointment>, Error> {
        let call = Call::get("/contacts/:contactId/appointments", vec![&self.contact_id]);
        Ok(self.api.send::<EventList>(call).await?.events)
    }
}
