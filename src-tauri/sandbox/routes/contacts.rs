//! One contact: read, create, update (tags replaced), delete, and add tags.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::Value;

use super::{envelope, succeeded};
use crate::locks::lock;
use crate::sandbox::body::{Checker, JsonObject};
use crate::sandbox::dates;
use crate::sandbox::error::ApiError;
use crate::sandbox::input::ContactFields;
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
    let mut check = Checker::new(&body);
    check.allow_only(&["tags"]);
    if check.value("tags").is_none() {
        check.reject("tags must be an array".into());
    }
    let tags = check.text_list("tags");
    if tags.as_ref().is_some_and(Vec::is_empty) {
        check.reject("tags should not be empty".into());
    }
    check.finish()?;
    let mut store = lock(&shared.store);
    let tags = store.add_tags(&contact_id, tags.unwrap_or_default(), dates::now_ms())?;
    Ok(envelope(StatusCode::CREATED, "tags", tags))
}
