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

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::Serialize;

use super::error::ApiError;
use super::oauth::Grantee;
use super::pipeline;
use super::state::{Agency, Shared};
use super::stats::SandboxStats;
use super::store::Store;
use crate::locks::lock;

/// The whole sandbox: OAuth (the agency's endpoints among them) at the top, and every
/// other request served by the location its bearer token belongs to (the first location
/// when it names none, so a missing or unknown token gets that location's 401).
pub(crate) fn router(agency: Arc<Agency>) -> Router {
    let locations = Arc::new(LocationRouters {
        routers: agency
            .locations
            .iter()
            .cloned()
            .map(location_router)
            .collect(),
        agency: agency.clone(),
    });
    let oauth = Router::new()
        .route("/oauth/chooselocation", get(oauth::choose_location))
        .route("/oauth/token", post(oauth::token))
        .route("/oauth/installedLocations", get(oauth::installed_locations))
        .route("/oauth/locationToken", post(oauth::location_token))
        .with_state(agency);
    Router::new()
        .fallback(dispatch)
        .with_state(locations)
        .merge(oauth)
}

struct LocationRouters {
    agency: Arc<Agency>,
    routers: Vec<Router>,
}

async fn dispatch(State(locations): State<Arc<LocationRouters>>, request: Request) -> Response {
    let index = location_index(&locations.agency, request.headers());
    let Some(router) = locations.routers.get(index).cloned() else {
        return no_route(request.method().clone(), request.uri().clone())
            .await
            .into_response();
    };
    match tower::ServiceExt::oneshot(router, request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The location a bearer token speaks for: a location's own token, or an OAuth token issued
/// for it; 0 for anything else.
fn location_index(agency: &Agency, headers: &HeaderMap) -> usize {
    let Some(token) = pipeline::bearer(headers) else {
        return 0;
    };
    let granted = match lock(&agency.oauth).grantee(token, std::time::Instant::now()) {
        Some(Grantee::Location(location_id)) => Some(location_id),
        _ => None,
    };
    agency
        .locations
        .iter()
        .position(|shared| {
            shared.token == token
                || shared.readonly_token.as_deref() == Some(token)
                || granted.as_deref() == Some(shared.location_id.as_str())
        })
        .unwrap_or(0)
}

/// One location's API behind the pipeline, with its own `/__sandbox/…` controls.
fn location_router(shared: Arc<Shared>) -> Router {
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
    let controls = Router::new()
        .route("/__sandbox/stats", get(stats))
        .route("/__sandbox/churn", post(admin::churn));
    api.merge(controls).with_state(shared)
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
