//! `POST /locations/:locationId/tasks/search`: the location's tasks across contacts,
//! `{contactId[], completed, assignedTo[], query, limit (25), skip, businessId}` → `{tasks}`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::envelope;
use crate::locks::lock;
use crate::sandbox::body::{Checker, JsonObject};
use crate::sandbox::error::ApiError;
use crate::sandbox::state::Shared;
use crate::sandbox::store::TaskQuery;

const DEFAULT_LIMIT: usize = 25;
const PROPERTIES: &[&str] = &[
    "contactId",
    "completed",
    "assignedTo",
    "query",
    "limit",
    "skip",
    "businessId",
];

pub(super) async fn search(
    State(shared): State<Arc<Shared>>,
    Path(location_id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    shared.check_location(Some(&location_id))?;
    let query = read(&body)?;
    let store = lock(&shared.store);
    let tasks: Vec<_> = store
        .search_tasks(&query)
        .into_iter()
        .map(|(task, contact)| task.found(contact))
        .collect();
    Ok(envelope(StatusCode::OK, "tasks", tasks))
}

fn read(body: &Map<String, Value>) -> Result<TaskQuery, ApiError> {
    let mut check = Checker::new(body);
    check.allow_only(PROPERTIES);
    let query = TaskQuery {
        contact_ids: check.text_list("contactId").unwrap_or_default(),
        completed: check.flag("completed"),
        assigned_to: check.text_list("assignedTo").unwrap_or_default(),
        query: check
            .optional_text("query")
            .map(|text| text.trim().to_lowercase())
            .filter(|text| !text.is_empty()),
        business_id: check.optional_text("businessId"),
        skip: number(&mut check, "skip").unwrap_or(0),
        limit: number(&mut check, "limit").unwrap_or(DEFAULT_LIMIT),
    };
    check.finish()?;
    Ok(query)
}

/// class-validator's `IsNumber` with a minimum of 0.
fn number(check: &mut Checker, key: &str) -> Option<usize> {
    let value = check.value(key)?;
    match value.as_u64() {
        Some(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
        None => {
            check.reject(format!(
                "{key} must be a number conforming to the specified constraints"
            ));
            None
        }
    }
}
