//! `GET /calendars/` and `GET /calendars/events`: seeded calendars, events by calendar, user
//! or group within a window of epoch milliseconds, and the Calendars API's own Version.

use reqwest::StatusCode;
use serde_json::Value;

use crate::{config, read, Api};

const CALENDARS_VERSION: &str = "2021-04-15";

impl Api {
    async fn calendar_get(&self, path: &str) -> (StatusCode, Value) {
        let token = Some(self.sandbox.token());
        read(self.get_as(path, token, Some(CALENDARS_VERSION)).await).await
    }

    async fn events(&self, owner: &str, start: i64, end: i64) -> (StatusCode, Value) {
        let path = format!(
            "/calendars/events?locationId={}{owner}&startTime={start}&endTime={end}",
            self.location()
        );
        self.calendar_get(&path).await
    }
}

/// The whole seeded range, and then some.
const START: i64 = 1_700_000_000_000;
const END: i64 = 1_800_000_000_000;

#[tokio::test]
async fn events_are_listed_by_calendar_user_and_group_within_the_window() {
    let api = Api::start(config()).await;
    let (status, list) = api
        .calendar_get(&format!("/calendars/?locationId={}", api.location()))
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let calendars = list["calendars"].as_array().unwrap();
    assert_eq!(calendars.len(), 4);

    let mut by_calendar = Vec::new();
    for calendar in calendars {
        let owner = format!("&calendarId={}", calendar["id"].as_str().unwrap());
        let (status, answer) = api.events(&owner, START, END).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let events = answer["events"].as_array().unwrap().clone();
        assert!(events.iter().all(|e| e["calendarId"] == calendar["id"]
            && e["groupId"] == calendar["groupId"]
            && e["contactId"].is_string()));
        by_calendar.extend(events);
    }
    assert!(!by_calendar.is_empty());

    let event = &by_calendar[0];
    let user = format!("&userId={}", event["assignedUserId"].as_str().unwrap());
    let (_, of_user) = api.events(&user, START, END).await;
    assert!(of_user["events"].as_array().unwrap().contains(event));
    let group = format!("&groupId={}", event["groupId"].as_str().unwrap());
    let (_, of_group) = api.events(&group, START, END).await;
    assert!(of_group["events"].as_array().unwrap().contains(event));

    let starts =
        jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%:z", event["startTime"].as_str().unwrap())
            .unwrap()
            .as_millisecond();
    let calendar = format!("&calendarId={}", event["calendarId"].as_str().unwrap());
    let (_, before) = api.events(&calendar, START, starts - 1).await;
    assert!(!before["events"].as_array().unwrap().contains(event));
    let (_, at) = api.events(&calendar, starts, starts).await;
    assert!(at["events"].as_array().unwrap().contains(event));
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn one_owner_and_both_times_are_required() {
    let api = Api::start(config()).await;
    for (query, message) in [
        (
            "&startTime=0&endTime=1",
            "Either of calendarId, userId or groupId is required",
        ),
        (
            "&calendarId=a&userId=b&startTime=0&endTime=1",
            "Either of calendarId, userId or groupId is required",
        ),
        (
            "&calendarId=a&endTime=1",
            "startTime must be a number string",
        ),
        (
            "&calendarId=a&startTime=0&endTime=soon",
            "endTime must be a number string",
        ),
    ] {
        let path = format!("/calendars/events?locationId={}{query}", api.location());
        let (status, answer) = api.calendar_get(&path).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(answer["message"], serde_json::json!([message]), "{query}");
    }
    api.sandbox.shutdown().await;
}
