//! `GET /users/?locationId=`: the location's users (`{users: [UserSchema]}`).

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::envelope;
use crate::locks::lock;
use crate::sandbox::body;
use crate::sandbox::error::ApiError;
use crate::sandbox::state::Shared;

pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = body::query_params(query.as_deref());
    shared.check_location(params.get("locationId").map(String::as_str))?;
    let store = lock(&shared.store);
    Ok(envelope(StatusCode::OK, "users", store.users()))
}
