//! HighLevel's OAuth 2.0 for a Marketplace app, as a client sees it: the location chooser
//! that redirects back with a one-time code, `POST /oauth/token` (a Location or a Company
//! token), whose every refresh issues a new refresh token and kills the old one, and the
//! agency's endpoints (`oauth.json`): `GET /oauth/installedLocations` and
//! `POST /oauth/locationToken`, which take an agency OAuth token only.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::locks::lock;
use crate::sandbox::body;
use crate::sandbox::error::ApiError;
use crate::sandbox::oauth::{Grantee, OAuth};
use crate::sandbox::pipeline::bearer;
use crate::sandbox::state::Agency;

/// Both scopes the Contacts API knows; the sandbox grants them all.
const SCOPE: &str = "contacts.readonly contacts.write";

/// `GET /oauth/chooselocation`: stands in for the user picking the sandbox's location and
/// approving the app, and redirects straight back with a one-time code.
pub(crate) async fn choose_location(
    State(agency): State<Arc<Agency>>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = body::query_params(query.as_deref());
    let param = |name: &str| params.get(name).map(String::as_str);
    let mut oauth = lock(&agency.oauth);
    if param("response_type") != Some("code") {
        return chooser_error("response_type must be code");
    }
    if !oauth.knows_client(param("client_id")) {
        return chooser_error("Invalid client_id: no app with this client id is installed");
    }
    let Some(mut redirect) = param("redirect_uri").and_then(|uri| url::Url::parse(uri).ok()) else {
        return chooser_error("redirect_uri must be a valid URL");
    };
    let code = oauth.issue_code(param("redirect_uri").unwrap_or_default());
    redirect.query_pairs_mut().append_pair("code", &code);
    if let Some(state) = param("state") {
        redirect.query_pairs_mut().append_pair("state", state);
    }
    (
        StatusCode::FOUND,
        [(header::LOCATION, redirect.to_string())],
    )
        .into_response()
}

fn chooser_error(message: &str) -> Response {
    let body = json!({"statusCode": 400, "message": message, "error": "Bad Request"});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// `POST /oauth/token` with `grant_type` `authorization_code` or `refresh_token`, for a
/// `user_type` of `Location` (the first location: the chooser's pick) or `Company`. The body
/// is a form, as HighLevel documents; JSON is read too, as HighLevel's body parser does.
pub(crate) async fn token(
    State(agency): State<Arc<Agency>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<Value>, OAuthError> {
    let form = token_form(&headers, &bytes);
    let field = |name: &str| form.get(name).map(String::as_str);
    let mut oauth = lock(&agency.oauth);
    oauth.grants += 1;
    if !oauth.knows_client(field("client_id"))
        || field("client_secret") != Some(oauth.app.client_secret.as_str())
    {
        return Err(OAuthError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed: unknown client_id or wrong client_secret",
        ));
    }
    let first = agency
        .locations
        .first()
        .map(|shared| shared.location_id.clone());
    let asked = match field("user_type") {
        None | Some("Location") => Grantee::Location(first.unwrap_or_default()),
        Some("Company") => Grantee::Company,
        Some(_) => {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "user_type must be Location or Company",
            ))
        }
    };
    let grantee = redeem_grant(&mut oauth, &form, asked)?;
    let (access_token, refresh_token) = oauth.issue_tokens(Instant::now(), grantee.clone());
    let mut answer = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": oauth.app.access_token_ttl.as_secs(),
        "refresh_token": refresh_token,
        "scope": SCOPE,
        "companyId": agency.company_id,
        "userId": agency.locations.first().map(|shared| shared.user_id.clone()),
        "isBulkInstallation": false,
    });
    match grantee {
        Grantee::Location(location_id) => {
            answer["userType"] = json!("Location");
            answer["locationId"] = json!(location_id);
        }
        Grantee::Company => {
            answer["userType"] = json!("Company");
            answer["approvedLocations"] = json!(location_ids(&agency));
        }
    }
    Ok(Json(answer))
}

fn location_ids(agency: &Agency) -> Vec<&str> {
    agency
        .locations
        .iter()
        .map(|shared| shared.location_id.as_str())
        .collect()
}

/// An agency OAuth token, or the answer HighLevel gives anything else: 401 without a live
/// token or with a Private Integration Token (the agency's or a location's: the endpoints
/// are `Agency-Access-Only`), 403 for a location's OAuth token.
fn agency_bearer(agency: &Agency, headers: &HeaderMap) -> Result<(), ApiError> {
    let token = bearer(headers).ok_or_else(ApiError::invalid_jwt)?;
    if token == agency.token || agency.location_of_token(token).is_some() {
        return Err(ApiError::scope());
    }
    match lock(&agency.oauth).grantee(token, Instant::now()) {
        Some(Grantee::Company) => Ok(()),
        Some(Grantee::Location(_)) => Err(ApiError::agency_only()),
        None => Err(ApiError::invalid_jwt()),
    }
}

/// What both agency endpoints check first: an agency token, the `Version` header, and the
/// agency's `companyId` with the `required` field beside it, whose value this is.
fn agency_request<'a>(
    agency: &Agency,
    headers: &HeaderMap,
    field: impl Fn(&str) -> Option<&'a str>,
    required: &str,
) -> Result<&'a str, ApiError> {
    agency_bearer(agency, headers)?;
    check_version(headers)?;
    let (Some(company_id), Some(value)) = (field("companyId"), field(required)) else {
        return Err(ApiError::validation(vec![
            "companyId should not be empty".into(),
            format!("{required} should not be empty"),
        ]));
    };
    if company_id != agency.company_id {
        return Err(ApiError::bad_request(
            "The company does not match the token",
        ));
    }
    Ok(value)
}

/// The `Version` header both agency endpoints require.
fn check_version(headers: &HeaderMap) -> Result<(), ApiError> {
    match headers.get("version").map(|value| value.as_bytes()) {
        None => Err(ApiError::missing_version()),
        Some(b"2021-07-28") => Ok(()),
        Some(_) => Err(ApiError::invalid_version()),
    }
}

/// `GET /oauth/installedLocations?companyId=&appId=[&skip&limit&query&isInstalled]`: the
/// agency's locations where the app is installed (every sandbox location is), paged by
/// `skip` and `limit` (strings, default 0 and 20), `{locations, count}`.
pub(crate) async fn installed_locations(
    State(agency): State<Arc<Agency>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = body::query_params(query.as_deref());
    let param = |name: &str| params.get(name).map(String::as_str);
    let app_id = agency_request(&agency, &headers, param, "appId")?;
    if app_id != agency.app_id {
        return Err(ApiError::bad_request("App not found"));
    }
    let number = |name: &str, default: usize| -> Result<usize, ApiError> {
        param(name).map_or(Ok(default), |text| {
            text.parse()
                .map_err(|_| ApiError::validation(vec![format!("{name} must be a number string")]))
        })
    };
    let (skip, limit) = (number("skip", 0)?, number("limit", 20)?);
    let wanted = param("query").map(str::to_lowercase).unwrap_or_default();
    let matching: Vec<Value> = agency
        .locations
        .iter()
        .zip(&agency.names)
        .filter(|(_, name)| name.to_lowercase().contains(&wanted))
        .filter(|_| param("isInstalled") != Some("false"))
        .map(|(shared, name)| {
            json!({
                "_id": shared.location_id,
                "name": name,
                "address": "1 Sandbox Street, Localhost",
                "isInstalled": true,
            })
        })
        .collect();
    let count = matching.len();
    let page: Vec<Value> = matching.into_iter().skip(skip).take(limit).collect();
    Ok(Json(json!({
        "locations": page,
        "count": count,
        "installToFutureLocations": false,
    })))
}

/// `POST /oauth/locationToken` (form `companyId`, `locationId`): a location's access token
/// for the agency, without a refresh token; the agency asks again when it expires.
pub(crate) async fn location_token(
    State(agency): State<Arc<Agency>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<Value>, ApiError> {
    let form = token_form(&headers, &bytes);
    let field = |name: &str| form.get(name).map(String::as_str);
    let location_id = agency_request(&agency, &headers, field, "locationId")?;
    let Some(location) = agency.location(location_id) else {
        return Err(ApiError::bad_request(
            "Location not found or the app is not installed",
        ));
    };
    let mut oauth = lock(&agency.oauth);
    oauth.location_tokens += 1;
    let grantee = Grantee::Location(location.location_id.clone());
    let access_token = oauth.issue_access(Instant::now(), grantee);
    Ok(Json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": oauth.app.access_token_ttl.as_secs(),
        "scope": SCOPE,
        "locationId": location.location_id,
        "userId": location.user_id,
        "appId": agency.app_id,
    })))
}

/// Spends the code or the refresh token the request presents: a code becomes what was
/// `asked` for, a refresh token stays what it was issued for.
fn redeem_grant(
    oauth: &mut OAuth,
    form: &HashMap<String, String>,
    asked: Grantee,
) -> Result<Grantee, OAuthError> {
    let field = |name: &str| form.get(name).map(String::as_str);
    let (grantee, what) = match field("grant_type") {
        Some("authorization_code") => {
            let code = field("code").unwrap_or_default();
            let redeemed = oauth.redeem_code(code, field("redirect_uri"));
            (redeemed.then_some(asked), "authorization code")
        }
        Some("refresh_token") => {
            let refresh = field("refresh_token").unwrap_or_default();
            (oauth.refresh_tokens.remove(refresh), "refresh token")
        }
        _ => {
            return Err(OAuthError::new(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            ))
        }
    };
    match grantee {
        Some(grantee) => Ok(grantee),
        None => Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            format!("Invalid grant: {what} is invalid"),
        )),
    }
}

fn token_form(headers: &HeaderMap, bytes: &Bytes) -> HashMap<String, String> {
    match body::json_object(headers, bytes) {
        Ok(object) if !object.is_empty() => object
            .into_iter()
            .filter_map(|(key, value)| match value {
                Value::String(text) => Some((key, text)),
                _ => None,
            })
            .collect(),
        _ => url::form_urlencoded::parse(bytes).into_owned().collect(),
    }
}

/// The token endpoint's errors follow RFC 6749 (`error`, `error_description`), not the
/// API's `statusCode`/`message` shape.
pub(crate) struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl OAuthError {
    fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "error_description": self.description});
        (self.status, Json(body)).into_response()
    }
}
