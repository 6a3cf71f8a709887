//! `GET /calendars/` and `GET /calendars/events`: the location's calendars, and one
//! calendar's, user's or group's events in a window of epoch milliseconds.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{envelope, location_list, location_query};
use crate::locks::lock;
use crate::sandbox::error::ApiError;
use crate::sandbox::state::Shared;
use crate::sandbox::store::{EventOwner, Store};

/// `GET /calendars/?locationId=`
pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    location_list(&shared, query.as_deref(), "calendars", Store::calendars)
}

/// `GET /calendars/events?locationId=&calendarId|userId|groupId=&startTime=&endTime=`
pub(super) async fn events(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = location_query(&shared, query.as_deref())?;
    let mut errors = Vec::new();
    let owner = owner(&params, &mut errors);
    let start = millis(&params, "startTime", &mut errors);
    let end = millis(&params, "endTime", &mut errors);
    let (Some(owner), Some(start), Some(end), true) = (owner, start, end, errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let store = lock(&shared.store);
    Ok(envelope(
        StatusCode::OK,
        "events",
        store.events(&owner, start, end),
    ))
}

/// Exactly one of `calendarId`, `userId` and `groupId`.
fn owner(params: &HashMap<String, String>, errors: &mut Vec<String>) -> Option<EventOwner> {
    let given = |name: &str| params.get(name).filter(|id| !id.is_empty()).cloned();
    match (given("calendarId"), given("userId"), given("groupId")) {
        (Some(id), None, None) => Some(EventOwner::Calendar(id)),
        (None, Some(id), None) => Some(EventOwner::User(id)),
        (None, None, Some(id)) => Some(EventOwner::Group(id)),
        _ => {
            errors.push("Either of calendarId, userId or groupId is required".to_owned());
            None
        }
    }
}

/// Epoch milliseconds, sent as a string of digits.
fn millis(params: &HashMap<String, String>, name: &str, errors: &mut Vec<String>) -> Option<i64> {
    let parsed = params.get(name).and_then(|text| text.trim().parse().ok());
    if parsed.is_none() {
        errors.push(format!("{name} must be a number string"));
    }
    parsed
}
