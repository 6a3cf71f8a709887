//! `GET /locations/:locationId/customFields?model=`: the location's custom fields
//! (`{customFields: [CustomFieldSchema]}`); every seeded field is a contact's.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::envelope;
use crate::locks::lock;
use crate::sandbox::body;
use crate::sandbox::error::ApiError;
use crate::sandbox::input::CustomFieldDefinition;
use crate::sandbox::state::Shared;

pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(location_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    shared.check_location(Some(&location_id))?;
    let params = body::query_params(query.as_deref());
    let contacts_wanted = match params.get("model").map(String::as_str) {
        None | Some("contact" | "all") => true,
        Some("opportunity") => false,
        Some(_) => {
            let message = "model must be one of the following values: contact, opportunity, all";
            return Err(ApiError::validation(vec![message.to_owned()]));
        }
    };
    let store = lock(&shared.store);
    let fields: Vec<Value> = store
        .custom_fields()
        .iter()
        .filter(|_| contacts_wanted)
        .enumerate()
        .map(|(position, field)| schema(field, position, &location_id))
        .collect();
    Ok(envelope(StatusCode::OK, "customFields", fields))
}

fn schema(field: &CustomFieldDefinition, position: usize, location_id: &str) -> Value {
    json!({
        "id": field.id,
        "name": field.name,
        "fieldKey": field.key,
        "placeholder": "",
        "dataType": field.data_type,
        "position": position * 50,
        "picklistOptions": field.picklist_options,
        "locationId": location_id,
        "model": "contact",
    })
}
