//! HighLevel's OAuth 2.0 for a Marketplace app, as a client sees it: the location chooser
//! that redirects back with a one-time code, and `POST /oauth/token`, whose every refresh
//! issues a new refresh token and kills the old one.

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
use crate::sandbox::oauth::OAuth;
use crate::sandbox::state::Shared;

/// Both scopes the Contacts API knows; the sandbox grants them all.
const SCOPE: &str = "contacts.readonly contacts.write";

/// `GET /oauth/chooselocation`: stands in for the user picking the sandbox's location and
/// approving the app, and redirects straight back with a one-time code.
pub(crate) async fn choose_location(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = body::query_params(query.as_deref());
    let param = |name: &str| params.get(name).map(String::as_str);
    let mut oauth = lock(&shared.oauth);
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

/// `POST /oauth/token` with `grant_type` `authorization_code` or `refresh_token`. The body is
/// a form, as HighLevel documents; JSON is read too, as HighLevel's body parser does.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Json<Value>, OAuthError> {
    let form = token_form(&headers, &bytes);
    let field = |name: &str| form.get(name).map(String::as_str);
    let mut oauth = lock(&shared.oauth);
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
    if field("user_type").is_some_and(|user_type| user_type != "Location") {
        return Err(OAuthError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The sandbox issues Location tokens only",
        ));
    }
    redeem_grant(&mut oauth, &form)?;
    let (access_token, refresh_token) = oauth.issue_tokens(Instant::now());
    Ok(Json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": oauth.app.access_token_ttl.as_secs(),
        "refresh_token": refresh_token,
        "scope": SCOPE,
        "userType": "Location",
        "locationId": shared.location_id,
        "companyId": shared.company_id,
        "userId": shared.user_id,
        "isBulkInstallation": false,
    })))
}

/// Spends the code or the refresh token the request presents.
fn redeem_grant(oauth: &mut OAuth, form: &HashMap<String, String>) -> Result<(), OAuthError> {
    let field = |name: &str| form.get(name).map(String::as_str);
    let (valid, what) = match field("grant_type") {
        Some("authorization_code") => {
            let code = field("code").unwrap_or_default();
            (
                oauth.redeem_code(code, field("redirect_uri")),
                "authorization code",
            )
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
    match valid {
        true => Ok(()),
        false => Err(OAuthError::new(
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
