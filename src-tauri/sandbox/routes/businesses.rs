//! `GET /businesses/?locationId=&limit=&skip=`: the location's businesses
//! (`{businesses: [BusinessDto]}`), `limit` (default 100) and `skip` as number strings.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::listing::number_string;
use super::{envelope, location_query};
use crate::locks::lock;
use crate::sandbox::error::ApiError;
use crate::sandbox::state::Shared;

const DEFAULT_LIMIT: usize = 100;

pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = location_query(&shared, query.as_deref())?;
    let mut errors = Vec::new();
    let limit = number_string(&params, "limit", DEFAULT_LIMIT, &mut errors);
    let skip = number_string(&params, "skip", 0, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let store = lock(&shared.store);
    Ok(envelope(
        StatusCode::OK,
        "businesses",
        store.businesses(skip, limit),
    ))
}
