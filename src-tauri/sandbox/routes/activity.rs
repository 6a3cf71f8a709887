//! A contact's appointments, read-only, as one whole list.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::envelope;
use crate::locks::lock;
use crate::sandbox::error::ApiError;
use crate::sandbox::state::Shared;

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
