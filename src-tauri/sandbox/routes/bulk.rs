//! `/contacts/bulk/…`: tags changed on many contacts at once, each contact answered on its
//! own, and contacts moved into or out of a business.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::locks::lock;
use crate::sandbox::body::{Checker, JsonObject};
use crate::sandbox::dates;
use crate::sandbox::error::ApiError;
use crate::sandbox::input;
use crate::sandbox::state::Shared;
use crate::sandbox::store::Store;

/// `POST /contacts/bulk/tags/update/:type` (`add` or `remove`): 201 with one response per
/// contact listed.
pub(super) async fn tags(
    State(shared): State<Arc<Shared>>,
    Path(kind): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let adding = match kind.as_str() {
        "add" => true,
        "remove" => false,
        _ => {
            return Err(ApiError::validation(vec![
                "type must be one of the following values: add, remove".into(),
            ]))
        }
    };
    shared.check_location(body.get("locationId").and_then(Value::as_str))?;
    let mut check = Checker::new(&body);
    check.allow_only(&["contacts", "tags", "locationId", "removeAllTags"]);
    let contacts = required_list(&mut check, "contacts");
    let tags = required_list(&mut check, "tags");
    let remove_all = check.flag("removeAllTags").unwrap_or_default();
    if remove_all && adding {
        check.reject("removeAllTags can only be used with remove".into());
    }
    check.finish()?;
    lock(&shared.stats).count_write("POST /contacts/bulk/tags/update/:kind", &contacts);
    let change = TagChange {
        adding,
        remove_all,
        tags,
    };
    let mut store = lock(&shared.store);
    let now = dates::now_ms();
    let responses: Vec<Value> = contacts
        .iter()
        .map(|id| change.apply(&mut store, id, now))
        .collect();
    let errors = responses.iter().filter(|r| r["type"] == "error").count();
    let answer = json!({"succeded": errors == 0, "errorCount": errors, "responses": responses});
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// One bulk tag change, applied contact by contact.
struct TagChange {
    adding: bool,
    remove_all: bool,
    tags: Vec<String>,
}

impl TagChange {
    /// The contact's response: its tags before and what changed, or an error of its own.
    fn apply(&self, store: &mut Store, id: &str, now: i64) -> Value {
        let mut old = Vec::new();
        let changed = store.change_tags(id, now, |current| {
            old = current.clone();
            match (self.adding, self.remove_all) {
                (true, _) => input::add_tags(current, self.tags.clone()),
                (false, true) => current.clear(),
                (false, false) => current.retain(|tag| !self.tags.contains(tag)),
            }
        });
        let Ok(new) = changed else {
            return json!({"contactId": id, "message": "contact not found", "type": "error"});
        };
        let added: Vec<&String> = new.iter().filter(|tag| !old.contains(tag)).collect();
        let removed: Vec<&String> = old.iter().filter(|tag| !new.contains(tag)).collect();
        json!({"contactId": id, "message": "Tags updated", "type": "success",
            "oldTags": old, "tagsAdded": added, "tagsRemoved": removed})
    }
}

/// `POST /contacts/bulk/business`: `{success, ids}`, the ids it moved.
pub(super) async fn business(
    State(shared): State<Arc<Shared>>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    shared.check_location(body.get("locationId").and_then(Value::as_str))?;
    let mut check = Checker::new(&body);
    check.allow_only(&["locationId", "ids", "businessId"]);
    let ids = required_list(&mut check, "ids");
    if ids.iter().any(|id| id.chars().count() > 50) {
        check.reject("each value in ids must be shorter than or equal to 50 characters".into());
    }
    if !body.contains_key("businessId") {
        check.reject("businessId must be a string".into());
    }
    let business_id = check.optional_text("businessId");
    check.finish()?;
    lock(&shared.stats).count_write("POST /contacts/bulk/business", &ids);
    let moved = lock(&shared.store).set_business(&ids, business_id.as_deref(), dates::now_ms());
    Ok(Json(json!({"success": true, "ids": moved})).into_response())
}

/// A list of strings the DTO requires.
fn required_list(check: &mut Checker, key: &str) -> Vec<String> {
    if check.value(key).is_none() {
        check.reject(format!("{key} must be an array"));
    }
    check.text_list(key).unwrap_or_default()
}
