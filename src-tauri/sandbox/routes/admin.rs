//! The sandbox's own controls, on paths HighLevel does not use (`/__sandbox/…`) and outside
//! the API pipeline: they need no token, spend no rate limit and are not counted as API
//! requests. The sandbox listens on 127.0.0.1 only, so only this machine reaches them.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::envelope;
use crate::sandbox::body;
use crate::sandbox::error::ApiError;
use crate::sandbox::state::Shared;

/// The most changes one request may ask for.
const MAX_CHANGES: usize = 100_000;

/// `POST /__sandbox/churn?changes=N`: makes N changes now, `{changes: [{kind, contactId,
/// taskId?, noteId?}]}`, for benchmarks that run the sandbox in another process.
pub(super) async fn churn(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = body::query_params(query.as_deref());
    let count = params
        .get("changes")
        .and_then(|changes| changes.parse::<usize>().ok())
        .filter(|changes| (1..=MAX_CHANGES).contains(changes))
        .ok_or_else(|| {
            ApiError::validation(vec![format!(
                "changes must be a whole number from 1 to {MAX_CHANGES}"
            )])
        })?;
    let changes = shared.churn(count);
    Ok(envelope(StatusCode::OK, "changes", changes))
}
