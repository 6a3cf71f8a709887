//! One contact: read, create, update (tags replaced), delete, and add or remove tags.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{envelope, succeeded};
use crate::locks::lock;
use crate::sandbox::body::{Checker, JsonObject};
use crate::sandbox::dates;
use crate::sandbox::error::ApiError;
use crate::sandbox::input::{self, ContactFields};
use crate::sandbox::model::ContactDetail;
use crate::sandbox::state::Shared;

/// `PUT /contacts/:id`'s answer.
#[derive(Serialize)]
struct Updated<'a> {
    succeded: bool,
    contact: ContactDetail<'a>,
}

/// `GET /contacts/:contactId`
pub(super) async fn show(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
) -> Result<Response, ApiError> {
    let store = lock(&shared.store);
    let contact = store.contact(&contact_id)?;
    Ok(envelope(StatusCode::OK, "contact", contact.detail()))
}

/// `POST /contacts/`: 201, or 400 when the email or phone is already a contact's.
pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    shared.check_location(body.get("locationId").and_then(Value::as_str))?;
    let mut store = lock(&shared.store);
    let fields = ContactFields::for_create(&body, store.custom_fields())?;
    let contact = store.create_contact(fields, dates::now_ms())?;
    Ok(envelope(StatusCode::CREATED, "contact", contact.detail()))
}

/// `PUT /contacts/:contactId`
pub(super) async fn update(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let mut store = lock(&shared.store);
    let fields = ContactFields::for_update(&body, store.custom_fields())?;
    let contact = store.update_contact(&contact_id, fields, dates::now_ms())?;
    let updated = Updated {
        succeded: true,
        contact: contact.detail(),
    };
    Ok(Json(updated).into_response())
}

/// `DELETE /contacts/:contactId`: its tasks, notes and appointments go with it.
pub(super) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
) -> Result<Response, ApiError> {
    lock(&shared.store).delete_contact(&contact_id, dates::now_ms())?;
    Ok(succeeded())
}

/// `POST /contacts/:contactId/tags`: 201 with all of the contact's tags.
pub(super) async fn add_tags(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let added = tags_body(&body)?;
    let change = |tags: &mut Vec<String>| input::add_tags(tags, added);
    change_tags(&shared, &contact_id, StatusCode::CREATED, change)
}

/// `DELETE /contacts/:contactId/tags`: 200 with the tags the contact keeps (naming one it
/// lacks is no error).
pub(super) async fn remove_tags(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let removed = tags_body(&body)?;
    let change = |tags: &mut Vec<String>| tags.retain(|tag| !removed.contains(tag));
    change_tags(&shared, &contact_id, StatusCode::OK, change)
}

fn change_tags(
    shared: &Shared,
    contact_id: &str,
    status: StatusCode,
    change: impl FnOnce(&mut Vec<String>),
) -> Result<Response, ApiError> {
    let mut store = lock(&shared.store);
    let tags = store.change_tags(contact_id, dates::now_ms(), change)?;
    Ok(envelope(status, "tags", tags))
}

/// `TagsDTO`: `tags`, a non-empty list of strings, and nothing else.
fn tags_body(body: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let mut check = Checker::new(body);
    check.allow_only(&["tags"]);
    if check.value("tags").is_none() {
        check.reject("tags must be an array".into());
    }
    let tags = check.text_list("tags");
    if tags.as_ref().is_some_and(Vec::is_empty) {
        check.reject("tags should not be empty".into());
    }
    check.finish()?;
    Ok(tags.unwrap_or_default())
}
