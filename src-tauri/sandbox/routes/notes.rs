//! A contact's notes: the whole list (no paging), one note, and their writes.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{envelope, succeeded};
use crate::locks::lock;
use crate::sandbox::body::JsonObject;
use crate::sandbox::dates;
use crate::sandbox::error::ApiError;
use crate::sandbox::input::NoteFields;
use crate::sandbox::state::Shared;

/// `GET /contacts/:contactId/notes`
pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
) -> Result<Response, ApiError> {
    let store = lock(&shared.store);
    Ok(envelope(StatusCode::OK, "notes", store.notes(&contact_id)?))
}

/// `GET /contacts/:contactId/notes/:id`
pub(super) async fn show(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, note_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let store = lock(&shared.store);
    Ok(envelope(
        StatusCode::OK,
        "note",
        store.note(&contact_id, &note_id)?,
    ))
}

/// `POST /contacts/:contactId/notes`: 201.
pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let fields = NoteFields::for_create(&body)?;
    let mut store = lock(&shared.store);
    let note = store.create_note(&contact_id, fields, dates::now_ms())?;
    Ok(envelope(StatusCode::CREATED, "note", note))
}

/// `PUT /contacts/:contactId/notes/:id`
pub(super) async fn update(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, note_id)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let fields = NoteFields::for_update(&body)?;
    let mut store = lock(&shared.store);
    let note = store.update_note(&contact_id, &note_id, fields)?;
    Ok(envelope(StatusCode::OK, "note", note))
}

/// `DELETE /contacts/:contactId/notes/:id`
pub(super) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, note_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    lock(&shared.store).delete_note(&contact_id, &note_id)?;
    Ok(succeeded())
}
