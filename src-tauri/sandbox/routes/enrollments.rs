//! A contact's followers, campaigns and workflows: added and removed, answered as
//! HighLevel answers (the followers after the change; `{succeded: true}` for the rest).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{envelope, succeeded};
use crate::locks::lock;
use crate::sandbox::body::{Checker, JsonObject};
use crate::sandbox::error::ApiError;
use crate::sandbox::state::Shared;

/// `POST /contacts/:contactId/followers`: 201.
pub(super) async fn add_followers(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    change_followers(&shared, &contact_id, &body, true)
}

/// `DELETE /contacts/:contactId/followers`
pub(super) async fn remove_followers(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    change_followers(&shared, &contact_id, &body, false)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FollowersChanged<'a> {
    followers: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    followers_added: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    followers_removed: Option<Vec<String>>,
}

fn change_followers(
    shared: &Shared,
    contact_id: &str,
    body: &Map<String, Value>,
    add: bool,
) -> Result<Response, ApiError> {
    let mut check = Checker::new(body);
    check.allow_only(&["followers"]);
    if check.value("followers").is_none() {
        check.reject("followers must be an array".into());
    }
    let ids = check.text_list("followers").unwrap_or_default();
    check.finish()?;
    let mut store = lock(&shared.store);
    let (followers, changed) = store.change_followers(contact_id, ids, add)?;
    let (status, answer) = match add {
        true => (
            StatusCode::CREATED,
            FollowersChanged {
                followers,
                followers_added: Some(changed),
                followers_removed: None,
            },
        ),
        false => (
            StatusCode::OK,
            FollowersChanged {
                followers,
                followers_added: None,
                followers_removed: Some(changed),
            },
        ),
    };
    Ok((status, Json(answer)).into_response())
}

/// `POST /contacts/:contactId/campaigns/:campaignId`: 201 (`AddContactToCampaignDto` is
/// empty, so any property is refused).
pub(super) async fn add_to_campaign(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, campaign_id)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let mut check = Checker::new(&body);
    check.allow_only(&[]);
    check.finish()?;
    lock(&shared.store).change_campaign(&contact_id, Some(&campaign_id), true)?;
    Ok(envelope(StatusCode::CREATED, "succeded", true))
}

/// `DELETE /contacts/:contactId/campaigns/:campaignId`
pub(super) async fn remove_from_campaign(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, campaign_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    lock(&shared.store).change_campaign(&contact_id, Some(&campaign_id), false)?;
    Ok(succeeded())
}

/// `DELETE /contacts/:contactId/campaigns/removeAll`
pub(super) async fn remove_from_every_campaign(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
) -> Result<Response, ApiError> {
    lock(&shared.store).change_campaign(&contact_id, None, false)?;
    Ok(succeeded())
}

/// `POST /contacts/:contactId/workflow/:workflowId`: 200, as the spec says.
pub(super) async fn add_to_workflow(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, workflow_id)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    change_workflow(&shared, &contact_id, &workflow_id, &body, true)
}

/// `DELETE /contacts/:contactId/workflow/:workflowId`
pub(super) async fn remove_from_workflow(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, workflow_id)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    change_workflow(&shared, &contact_id, &workflow_id, &body, false)
}

/// `CreateWorkflowDto`: an optional `eventStartTime`, ISO 8601.
fn change_workflow(
    shared: &Shared,
    contact_id: &str,
    workflow_id: &str,
    body: &Map<String, Value>,
    add: bool,
) -> Result<Response, ApiError> {
    let mut check = Checker::new(body);
    check.allow_only(&["eventStartTime"]);
    check.iso_date("eventStartTime");
    check.finish()?;
    lock(&shared.store).change_workflow(contact_id, workflow_id, add)?;
    Ok(succeeded())
}
