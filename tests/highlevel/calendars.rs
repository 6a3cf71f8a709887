//! The Calendars API through the client: its own `Version`, epoch milliseconds on the wire,
//! and against the sandbox every seeded appointment found through its calendar.

use contact_desk::highlevel::{
    Appointment, ContactSearch, EventOwner, EventQuery, CALENDARS_VERSION,
};
use serde_json::json;

use crate::sandbox::{client, sandbox};
use crate::support::{json_reply, query, Harness, LOCATION, TOKEN};

#[tokio::test]
async fn events_are_asked_for_with_the_calendars_version_and_millisecond_bounds() {
    let mut h = Harness::new().await;
    let mock = h
        .server
        .mock("GET", "/calendars/events")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_header("version", CALENDARS_VERSION)
        .match_query(query(&[
            ("locationId", LOCATION),
            ("userId", "u1"),
            ("startTime", "1700000000000"),
            ("endTime", "1700086400000"),
        ]));
    let events = json!({"events": [{"id": "e1", "calendarId": "k1", "contactId": "c1",
                                    "startTime": "2023-11-14T22:13:20+00:00"}]});
    let mock = json_reply(mock, 200, events).create_async().await;
    let query = EventQuery {
        owner: EventOwner::User("u1".into()),
        start: jiff::Timestamp::from_millisecond(1_700_000_000_000).unwrap(),
        end: jiff::Timestamp::from_millisecond(1_700_086_400_000).unwrap(),
    };
    let calendars = h.client.background().calendars();
    let events = calendars.events(&query).await.unwrap();
    mock.assert_async().await;
    assert_eq!(events[0].contact_id.as_deref(), Some("c1"));
    assert_eq!(h.last_record().path, "/calendars/events");
}

#[tokio::test]
async fn every_seeded_appointment_is_found_through_its_calendar() {
    let sandbox = sandbox(40).await;
    let api = client(&sandbox).background();
    let contacts = api
        .contacts()
        .search(&ContactSearch::new(100))
        .await
        .unwrap();
    let mut per_contact = Vec::new();
    for contact in contacts.contacts {
        per_contact.extend(api.appointments(&contact.id).list().await.unwrap());
    }
    let mut by_calendar = Vec::new();
    for calendar in api.calendars().list().await.unwrap() {
        let query = EventQuery {
            owner: EventOwner::Calendar(calendar.id.clone()),
            start: jiff::Timestamp::UNIX_EPOCH,
            end: jiff::Timestamp::MAX,
        };
        by_calendar.extend(api.calendars().events(&query).await.unwrap());
    }
    let ids = |list: &[Appointment]| {
        let mut ids: Vec<(String, Option<String>)> = list
            .iter()
            .map(|a| (a.id.clone(), a.contact_id.clone()))
            .collect();
        ids.sort();
        ids
    };
    assert!(!per_contact.is_empty());
    assert_eq!(ids(&by_calendar), ids(&per_contact));
    sandbox.shutdown().await;
}
