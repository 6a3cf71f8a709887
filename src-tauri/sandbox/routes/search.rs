//! `POST /contacts/search`: a read sent as a POST, answered `{contacts, total}` with each
//! contact's `searchAfter`.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::Value;

use crate::locks::lock;
use crate::sandbox::body::JsonObject;
use crate::sandbox::dates;
use crate::sandbox::error::ApiError;
use crate::sandbox::model::ContactDetail;
use crate::sandbox::search::SearchRequest;
use crate::sandbox::state::Shared;

#[derive(Serialize)]
struct Results<'a> {
    contacts: Vec<Hit<'a>>,
    total: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Hit<'a> {
    #[serde(flatten)]
    contact: ContactDetail<'a>,
    search_after: Vec<Value>,
}

pub(super) async fn contacts(
    State(shared): State<Arc<Shared>>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let request = SearchRequest::read(&body)?;
    shared.check_location(Some(&request.location_id))?;
    let mut store = lock(&shared.store);
    let found = store.search(&request, dates::now_ms());
    let contacts = found
        .contacts
        .into_iter()
        .map(|(contact, search_after)| Hit {
            contact: contact.detail(),
            search_after,
        })
        .collect();
    let results = Results {
        contacts,
        total: found.total,
    };
    Ok(Json(results).into_response())
}
