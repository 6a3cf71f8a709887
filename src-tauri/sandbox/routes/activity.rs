//! What a contact's workspace shows beside the tasks, read-only: notes and appointments,
//! each as one whole list.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::envelope;
use crate::locks::lock;
use crate::sandbox::error::ApiError;
use crate::sandbox::state::Shared;

/// `GET /contacts/:contactId/notes`
pub(super) async fn notes(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
) -> Result<Response, ApiError> {
    let store = lock(&shared.store);
    Ok(envelope(StatusCode::OK, "notes", store.notes(&contact_id)?))
}

/// `GET /contacts/:contactId/notes/:id`
pub(super) async fn note(
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

/// `GET /contacts/:contactId/appointments`: `{events: […]}`, times without a zone.
pub(super) async fn appointments(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
) -> Result<Response, ApiError> {
    let store = lock(&shared.store);
    Ok(envelope(
        StatusCode::OK,
        "events",
        store.appointments(&contact_id)?,
    ))
}
