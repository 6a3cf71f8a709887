//! HighLevel's error responses, body for body: `message` is a string except on 422, where
//! class-validator sends an array of messages.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    status: StatusCode,
    body: Value,
}

impl ApiError {
    fn new(status: StatusCode, message: &str) -> Self {
        Self {
            status,
            body: json!({ "statusCode": status.as_u16(), "message": message }),
        }
    }

    /// NestJS adds the reason phrase as `error` on 404 and 422.
    fn with_reason(status: StatusCode, message: Value) -> Self {
        let reason = status.canonical_reason().unwrap_or_default();
        Self {
            status,
            body: json!({ "statusCode": status.as_u16(), "message": message, "error": reason }),
        }
    }

    /// A missing, unknown or expired token.
    pub(crate) fn invalid_jwt() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Invalid JWT")
    }

    /// A write with a token that lacks `contacts.write`.
    pub(crate) fn scope() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "The token is not authorized for this scope.",
        )
    }

    pub(crate) fn missing_version() -> Self {
        Self::new(StatusCode::BAD_REQUEST, "Version header was not found")
    }

    pub(crate) fn invalid_version() -> Self {
        Self::new(StatusCode::BAD_REQUEST, "Invalid version")
    }

    /// A missing `locationId`, or one other than the token's.
    pub(crate) fn location() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "The token does not have access to this location.",
        )
    }

    /// A location's token on an agency-only endpoint.
    pub(crate) fn agency_only() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "This authClass type is not allowed to access this scope. Use an Agency token.",
        )
    }

    /// `what` is the record's name as HighLevel writes it: "Contact", "Task", "Note".
    pub(crate) fn not_found(what: &str) -> Self {
        Self::with_reason(StatusCode::NOT_FOUND, json!(format!("{what} not found")))
    }

    /// A path no route serves, worded as NestJS words it.
    pub(crate) fn no_route(method: &str, path: &str) -> Self {
        Self::with_reason(
            StatusCode::NOT_FOUND,
            json!(format!("Cannot {method} {path}")),
        )
    }

    pub(crate) fn validation(messages: Vec<String>) -> Self {
        Self::with_reason(StatusCode::UNPROCESSABLE_ENTITY, json!(messages))
    }

    pub(crate) fn bad_request(message: &str) -> Self {
        Self::with_reason(StatusCode::BAD_REQUEST, json!(message))
    }

    /// Creating (or updating into) a second contact with the same email or phone.
    pub(crate) fn duplicate_contact(contact_name: &str, contact_id: &str, field: &str) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            body: json!({
                "statusCode": 400,
                "message": "This location does not allow duplicated contacts.",
                "meta": {
                    "contactName": contact_name,
                    "contactId": contact_id,
                    "matchingField": field,
                },
            }),
        }
    }

    pub(crate) fn too_many_requests() -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests")
    }

    pub(crate) fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_messages_are_an_array_and_others_a_string() {
        let error = ApiError::validation(vec!["title must be a string".into()]);
        assert_eq!(
            error.body,
            json!({"statusCode": 422, "message": ["title must be a string"], "error": "Unprocessable Entity"})
        );
        assert_eq!(
            ApiError::not_found("Task").body,
            json!({"statusCode": 404, "message": "Task not found", "error": "Not Found"})
        );
        assert_eq!(ApiError::location().status, StatusCode::FORBIDDEN);
    }
}
