//! The gate in front of every API route: the request counted, latency, then the bearer
//! token (401), the rate limit (429, the request is not processed), the `Version` header
//! (400), the route's scope (401), a `locationId` query parameter naming another location
//! (403), and faults. Every response leaves with the `X-RateLimit-*` headers and a `traceId`.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::body;
use super::dates;
use super::error::ApiError;
use super::faults;
use super::rate_limit::Quota;
use super::state::Shared;
use crate::locks::lock;

/// The only API version HighLevel's v2 Contacts API answers to.
const API_VERSION: &str = "2021-07-28";
/// The Calendars API documents its own; the contacts' one is taken there too.
const CALENDARS_VERSIONS: [&str; 2] = ["2021-04-15", API_VERSION];

const CONTACTS_READONLY: &str = "contacts.readonly";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Every scope the sandbox serves.
    Full,
    /// `contacts.readonly`
    ReadOnly,
}

impl Access {
    fn grants(self, scope: &str) -> bool {
        self == Access::Full || scope == CONTACTS_READONLY
    }
}

pub(crate) async fn api(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let template = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    lock(&shared.stats).count(request.method().as_str(), template);
    if !shared.latency.is_zero() {
        tokio::time::sleep(shared.latency).await;
    }
    let (quota, mut response) = admit(&shared, request, next).await;
    let headers = response.headers_mut();
    quota.write_headers(headers);
    headers.insert(HeaderName::from_static("traceid"), trace_id());
    response
}

async fn admit(shared: &Shared, request: Request, next: Next) -> (Quota, Response) {
    let now = Instant::now();
    let day = dates::today_utc();
    let Some(access) = authenticate(shared, request.headers(), now) else {
        let quota = lock(&shared.limiter).peek(now, day);
        return (quota, ApiError::invalid_jwt().into_response());
    };
    let admitted = lock(&shared.limiter).admit(now, day);
    match admitted {
        Ok(quota) => (quota, serve(shared, access, request, next).await),
        Err(quota) => (quota, ApiError::too_many_requests().into_response()),
    }
}

/// Runs the route, unless the request is malformed, out of scope or drawn to fail. A write's
/// fault comes after the route ran: the write took effect though the client saw a failure.
async fn serve(shared: &Shared, access: Access, request: Request, next: Next) -> Response {
    let template = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("", MatchedPath::as_str);
    if let Err(error) = check_version(request.headers(), template) {
        return error.into_response();
    }
    let write = is_write(request.method());
    if !access.grants(scope(request.method(), template)) {
        return ApiError::scope().into_response();
    }
    let params = body::query_params(request.uri().query());
    if let Some(location_id) = params.get("locationId") {
        if let Err(error) = shared.check_location(Some(location_id)) {
            return error.into_response();
        }
    }
    let fault = lock(&shared.faults).next_fault();
    let Some(kind) = fault else {
        return next.run(request).await;
    };
    let handled = match write {
        true => Some(next.run(request).await),
        false => None,
    };
    faults::respond(kind, handled, &shared.shutdown).await
}

fn authenticate(shared: &Shared, headers: &HeaderMap, now: Instant) -> Option<Access> {
    let token = bearer(headers)?;
    if token == shared.token {
        return Some(Access::Full);
    }
    if shared.readonly_token.as_deref() == Some(token) {
        return Some(Access::ReadOnly);
    }
    lock(&shared.oauth)
        .accepts(token, now, &shared.location_id)
        .then_some(Access::Full)
}

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

fn check_version(headers: &HeaderMap, template: &str) -> Result<(), ApiError> {
    let served: &[&str] = match template.starts_with("/calendars") {
        true => &CALENDARS_VERSIONS,
        false => &[API_VERSION],
    };
    match headers.get("version").map(HeaderValue::as_bytes) {
        None => Err(ApiError::missing_version()),
        Some(version) if served.iter().any(|v| v.as_bytes() == version) => Ok(()),
        Some(_) => Err(ApiError::invalid_version()),
    }
}

/// The scope HighLevel checks for a route (axum's template); the searches are POSTs that
/// only read.
fn scope(method: &Method, template: &str) -> &'static str {
    match template {
        "/contacts/search" => CONTACTS_READONLY,
        "/locations/{location_id}/tasks/search" => "locations/tasks.readonly",
        "/calendars/" | "/calendars" => "calendars.readonly",
        "/calendars/events" => "calendars/events.readonly",
        "/users/" | "/users" => "users.readonly",
        "/locations/{location_id}/customFields" => "locations/customFields.readonly",
        "/businesses/" | "/businesses" => "businesses.readonly",
        _ if is_write(method) => "contacts.write",
        _ => CONTACTS_READONLY,
    }
}

fn is_write(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// A random id per response, as HighLevel sends one, for clients to log.
fn trace_id() -> HeaderValue {
    let id = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
    HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn bearer_tokens_are_read_whatever_the_scheme_case() {
        assert_eq!(
            bearer(&headers(&[("authorization", "Bearer abc")])),
            Some("abc")
        );
        assert_eq!(
            bearer(&headers(&[("authorization", "bearer  abc ")])),
            Some("abc")
        );
        assert_eq!(bearer(&headers(&[("authorization", "Basic abc")])), None);
        assert_eq!(bearer(&headers(&[])), None);
    }

    #[test]
    fn contacts_take_only_2021_07_28_and_calendars_their_2021_04_15_too() {
        let v2021_07_28 = headers(&[("version", "2021-07-28")]);
        let v2021_04_15 = headers(&[("version", "2021-04-15")]);
        assert_eq!(check_version(&v2021_07_28, "/contacts/search"), Ok(()));
        assert_eq!(
            check_version(&v2021_04_15, "/contacts/"),
            Err(ApiError::invalid_version())
        );
        assert_eq!(check_version(&v2021_04_15, "/calendars/events"), Ok(()));
        assert_eq!(check_version(&v2021_07_28, "/calendars/"), Ok(()));
        assert_eq!(
            check_version(&headers(&[]), "/calendars/"),
            Err(ApiError::missing_version())
        );
    }

    #[test]
    fn the_searches_read_and_the_new_resources_need_their_own_scopes() {
        let read_only = |method, template| Access::ReadOnly.grants(scope(&method, template));
        assert!(read_only(Method::POST, "/contacts/search"));
        assert!(read_only(Method::GET, "/contacts/{contact_id}/tasks"));
        assert!(!read_only(Method::POST, "/contacts/{contact_id}/tasks"));
        assert!(!read_only(
            Method::POST,
            "/locations/{location_id}/tasks/search"
        ));
        assert!(!read_only(Method::GET, "/calendars/"));
        assert!(!read_only(Method::GET, "/calendars/events"));
        assert!(Access::Full.grants(scope(&Method::GET, "/calendars/events")));
        for names in [
            "/users/",
            "/locations/{location_id}/customFields",
            "/businesses/",
        ] {
            assert!(!read_only(Method::GET, names), "{names}");
            assert!(Access::Full.grants(scope(&Method::GET, names)));
        }
    }
}
