//! The sandbox's HTTP surface: HighLevel's paths, with the API routes behind
//! [`super::pipeline`] and OAuth's outside it, as on HighLevel.

mod activity;
mod admin;
mod bulk;
mod businesses;
mod calendars;
mod contacts;
mod custom_fields;
mod enrollments;
mod listing;
mod notes;
mod oauth;
mod search;
mod task_search;
mod tasks;
mod users;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::Serialize;

use super::error::ApiError;
use super::pipeline;
use super::state::Shared;
use super::stats::SandboxStats;
use super::store::Store;
use crate::locks::lock;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/contacts/", get(listing::contacts).post(contacts::create))
        .route("/contacts", get(listing::contacts).post(contacts::create))
        .route("/contacts/search", post(search::contacts))
        .route("/contacts/search/duplicate", get(contacts::duplicate))
        .route("/contacts/upsert", post(contacts::upsert))
        .route("/contacts/bulk/tags/update/{kind}", post(bulk::tags))
        .route("/contacts/bulk/business", post(bulk::business))
        .route("/contacts/business/{business_id}", get(listing::business))
        .route(
            "/contacts/{contact_id}",
            get(contacts::show)
                .put(contacts::update)
                .delete(contacts::delete),
        )
        .route(
            "/contacts/{contact_id}/tags",
            post(contacts::add_tags).delete(contacts::remove_tags),
        )
        .route(
            "/contacts/{contact_id}/followers",
            post(enrollments::add_followers).delete(enrollments::remove_followers),
        )
        .route(
            "/contacts/{contact_id}/campaigns/removeAll",
            delete(enrollments::remove_from_every_campaign),
        )
        .route(
            "/contacts/{contact_id}/campaigns/{campaign_id}",
            post(enrollments::add_to_campaign).delete(enrollments::remove_from_campaign),
        )
        .route(
            "/contacts/{contact_id}/workflow/{workflow_id}",
            post(enrollments::add_to_workflow).delete(enrollments::remove_from_workflow),
        )
        .route(
            "/contacts/{contact_id}/tasks",
            get(tasks::list).post(tasks::create),
        )
        .route(
            "/contacts/{contact_id}/tasks/{task_id}",
            get(tasks::show).put(tasks::update).delete(tasks::delete),
        )
        .route(
            "/contacts/{contact_id}/tasks/{task_id}/completed",
            put(tasks::complete),
        )
        .route(
            "/contacts/{contact_id}/notes",
            get(notes::list).post(notes::create),
        )
        .route(
            "/contacts/{contact_id}/notes/{id}",
            get(notes::show).put(notes::update).delete(notes::delete),
        )
        .route(
            "/contacts/{contact_id}/appointments",
            get(activity::appointments),
        )
        .route(
            "/locations/{location_id}/tasks/search",
            post(task_search::search),
        )
        .route("/calendars/", get(calendars::list))
        .route("/calendars", get(calendars::list))
        .route("/calendars/events", get(calendars::events))
        .route("/users/", get(users::list))
        .route("/users", get(users::list))
        .route(
            "/locations/{location_id}/customFields",
            get(custom_fields::list),
        )
        .route("/businesses/", get(businesses::list))
        .route("/businesses", get(businesses::list))
        .method_not_allowed_fallback(no_route)
        .fallback(no_route)
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            pipeline::api,
        ));
    let oauth = Router::new()
        .route("/oauth/chooselocation", get(oauth::choose_location))
        .route("/oauth/token", post(oauth::token))
        .route("/__sandbox/stats", get(stats))
        .route("/__sandbox/churn", post(admin::churn));
    api.merge(oauth).with_state(shared)
}

/// `GET /__sandbox/stats`: requests per endpoint, outside auth and the rate limit.
async fn stats(State(shared): State<Arc<Shared>>) -> Json<SandboxStats> {
    Json(lock(&shared.stats).clone())
}

/// The query's parameters, once its `locationId` names this sandbox's location (403 else).
fn location_query(
    shared: &Shared,
    query: Option<&str>,
) -> Result<std::collections::HashMap<String, String>, ApiError> {
    let params = super::body::query_params(query);
    shared.check_location(params.get("locationId").map(String::as_str))?;
    Ok(params)
}

/// `GET …?locationId=`: one of the location's lists, under `key`.
fn location_list<T: Serialize>(
    shared: &Shared,
    query: Option<&str>,
    key: &'static str,
    list: impl for<'a> FnOnce(&'a Store) -> &'a [T],
) -> Result<Response, ApiError> {
    location_query(shared, query)?;
    let store = lock(&shared.store);
    Ok(envelope(StatusCode::OK, key, list(&store)))
}

/// NestJS answers an unknown path, or a known path with another method, with a 404.
async fn no_route(method: Method, uri: Uri) -> ApiError {
    ApiError::no_route(method.as_str(), uri.path())
}

/// `{"<key>": value}`: the envelope HighLevel wraps a record or a list in.
fn envelope<T: Serialize>(status: StatusCode, key: &'static str, value: T) -> Response {
    (status, Json(BTreeMap::from([(key, value)]))).into_response()
}

/// `{"succeded": true}`, misspelled as HighLevel spells it.
fn succeeded() -> Response {
    envelope(StatusCode::OK, "succeded", true)
}
