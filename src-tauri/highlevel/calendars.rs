//! `/calendars/…`: the location's calendars and their events in a time window, so
//! appointments are read per calendar instead of per contact. The Calendars API has its
//! own `Version`.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call};
use super::{decode, Appointment, Error, Scope};

/// The only version HighLevel's Calendars API documents.
pub const CALENDARS_VERSION: &str = "2021-04-15";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Calendar {
    pub id: String,
    pub name: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

/// Whose events to read: HighLevel takes exactly one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOwner {
    Calendar(String),
    User(String),
    Group(String),
}

/// `GET /calendars/events`: one owner's events starting within `[start, end]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventQuery {
    pub owner: EventOwner,
    pub start: Timestamp,
    pub end: Timestamp,
}

#[derive(Deserialize)]
struct CalendarList {
    #[serde(default, deserialize_with = "decode::records")]
    calendars: Vec<Calendar>,
}

#[derive(Deserialize)]
struct EventList {
    #[serde(default, deserialize_with = "decode::records")]
    events: Vec<Appointment>,
}

pub struct Calendars {
    api: Api,
}

impl Api {
    pub fn calendars(&self) -> Calendars {
        Calendars { api: self.clone() }
    }
}

impl EventOwner {
    fn parameter(&self) -> (&'static str, &str) {
        match self {
            EventOwner::Calendar(id) => ("calendarId", id),
            EventOwner::User(id) => ("userId", id),
            EventOwner::Group(id) => ("groupId", id),
        }
    }
}

impl Calendars {
    /// `GET /calendars/`
    pub async fn list(&self) -> Result<Vec<Calendar>, Error> {
        let call = self
            .call("/calendars/", Scope::CalendarsReadonly)
            .query("locationId", self.api.location_id());
        Ok(self.api.send::<CalendarList>(call).await?.calendars)
    }

    /// `GET /calendars/events` (times travel as epoch milliseconds).
    pub async fn events(&self, query: &EventQuery) -> Result<Vec<Appointment>, Error> {
        let (owner, id) = query.owner.parameter();
        let call = self
            .call("/calendars/events", Scope::CalendarsEventsReadonly)
            .query("locationId", self.api.location_id())
            .query(owner, id)
            .query("startTime", query.start.as_millisecond())
            .query("endTime", query.end.as_millisecond());
        Ok(self.api.send::<EventList>(call).await?.events)
    }

    fn call(&self, template: &'static str, scope: Scope) -> Call<'static> {
        Call::new(reqwest::Method::GET, template, vec![], scope).version(CALENDARS_VERSION)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn calendars_and_events_decode_what_the_live_api_varies() {
        let list: CalendarList = serde_json::from_value(json!({"calendars": [
            {"id": "k1", "name": "Demo", "slotDuration": 30},
            {"_id": "k2", "name": null},
        ]}))
        .unwrap();
        assert_eq!(list.calendars[0].extra["slotDuration"], 30);
        assert_eq!(
            (list.calendars[1].id.as_str(), &list.calendars[1].name),
            ("k2", &None)
        );
        let events: EventList = serde_json::from_value(json!({"events": [{
            "id": "e1", "calendarId": "k1", "contactId": "c1",
            "startTime": "2023-09-25T16:00:00+05:30", "users": null,
        }]}))
        .unwrap();
        let event = &events.events[0];
        assert_eq!(event.contact_id.as_deref(), Some("c1"));
        assert_eq!(event.start_time.map(|t| t.hour()), Some(16));
        let none: EventList = serde_json::from_value(json!({"events": null})).unwrap();
        assert!(none.events.is_empty());
    }
}
