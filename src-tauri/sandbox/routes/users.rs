//! `GET /users/?locationId=`: the location's users (`{users: [UserSchema]}`).

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::response::Response;

use super::location_list;
use crate::sandbox::error::ApiError;
use crate::sandbox::state::Shared;
use crate::sandbox::store::Store;

pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    location_list(&shared, query.as_deref(), "users", Store::users)
}
