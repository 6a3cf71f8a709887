//! One contact: read, create, update (tags replaced), delete, and add or remove tags.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{envelope, succeeded};
use crate::locks::lock;
use crate::sandbox::body::{query_params, Checker, JsonObject};
use crate::sandbox::dates;
use crate::sandbox::error::ApiError;
use crate::sandbox::input::{self, ContactFields};
use crate::sandbox::model::{Contact, ContactDetail};
use crate::sandbox::state::Shared;
use crate::sandbox::store::Store;

/// `POST /contacts/upsert`'s answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Upserted<'a> {
    new: bool,
    contact: ContactDetail<'a>,
}

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
    let mut store = lock(&shared.store);
    let fields = fields_to_create(&shared, &store, &body)?;
    let contact = store.create_contact(fields, dates::now_ms())?;
    Ok(envelope(StatusCode::CREATED, "contact", contact.detail()))
}

/// A create's body (`CreateContactDto`, its `locationId` this location's), as upsert too
/// takes it.
fn fields_to_create(
    shared: &Shared,
    store: &Store,
    body: &Map<String, Value>,
) -> Result<ContactFields, ApiError> {
    shared.check_location(body.get("locationId").and_then(Value::as_str))?;
    ContactFields::for_create(body, store.custom_fields())
}

/// `GET /contacts/search/duplicate?locationId&email&number`: `{contact}`, null when none.
pub(super) async fn duplicate(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = query_params(query.as_deref());
    shared.check_location(params.get("locationId").map(String::as_str))?;
    let store = lock(&shared.store);
    let email = params.get("email").map(String::as_str);
    let number = params.get("number").map(String::as_str);
    let found = store.duplicate_of(email, number).map(Contact::detail);
    Ok(envelope(StatusCode::OK, "contact", found))
}

/// `POST /contacts/upsert`: 200 with `{new, contact}`.
pub(super) async fn upsert(
    State(shared): State<Arc<Shared>>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let mut store = lock(&shared.store);
    let fields = fields_to_create(&shared, &store, &body)?;
    let email = body.get("email").and_then(Value::as_str);
    let phone = body.get("phone").and_then(Value::as_str);
    let (new, contact) = store.upsert_contact(fields, email, phone, dates::now_ms())?;
    let answer = Upserted {
        new,
        contact: contact.detail(),
    };
    Ok(Json(answer).into_response())
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
