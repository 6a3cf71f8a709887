//! Request bodies and query strings as HighLevel's NestJS stack reads them: JSON only with a
//! JSON content type, unknown properties refused, and each invalid property reported with
//! class-validator's wording, all of them at once in one 422.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use jiff::civil;
use serde_json::{Map, Value};

use super::dates;
use super::error::ApiError;

/// A handler's request body as [`json_object`] reads it.
pub(crate) struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let headers = request.headers().clone();
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        json_object(&headers, &bytes)
            .map(JsonObject)
            .map_err(IntoResponse::into_response)
    }
}

/// The body's top-level object. Without a JSON content type the body is not parsed at all,
/// so every required property is then missing, as on HighLevel.
pub(crate) fn json_object(
    headers: &HeaderMap,
    bytes: &Bytes,
) -> Result<Map<String, Value>, ApiError> {
    if !is_json(headers) || bytes.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::validation(vec![
            "an unknown value was passed to the validate function".into(),
        ])),
        Err(error) => Err(ApiError::bad_request(&format!(
            "Unexpected token in JSON at position {}",
            error.column().saturating_sub(1)
        ))),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
}

/// A query string's parameters; the last of repeated keys wins, as in Express.
pub(crate) fn query_params(raw: Option<&str>) -> HashMap<String, String> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// An update to an optional field: left alone (absent), cleared (`null`) or set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Patch<T> {
    Keep,
    Clear,
    Set(T),
}

impl<T> Patch<T> {
    pub(crate) fn apply(self, slot: &mut Option<T>) {
        match self {
            Patch::Keep => {}
            Patch::Clear => *slot = None,
            Patch::Set(value) => *slot = Some(value),
        }
    }

    fn and_then<U>(self, f: impl FnOnce(T) -> Patch<U>) -> Patch<U> {
        match self {
            Patch::Keep => Patch::Keep,
            Patch::Clear => Patch::Clear,
            Patch::Set(value) => f(value),
        }
    }
}

/// Reads properties off a body, collecting class-validator style messages for what is wrong.
/// Required readers return a placeholder when invalid: [`Checker::finish`] then fails, so
/// the placeholder is never used.
pub(crate) struct Checker<'a> {
    body: &'a Map<String, Value>,
    errors: Vec<String>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(body: &'a Map<String, Value>) -> Self {
        Self {
            body,
            errors: Vec::new(),
        }
    }

    /// NestJS's `forbidNonWhitelisted`: a property the DTO does not declare is an error.
    pub(crate) fn allow_only(&mut self, properties: &[&str]) {
        for key in self.body.keys() {
            if !properties.contains(&key.as_str()) {
                self.errors.push(format!("property {key} should not exist"));
            }
        }
    }

    pub(crate) fn reject(&mut self, message: String) {
        self.errors.push(message);
    }

    pub(crate) fn value(&self, key: &str) -> Option<&'a Value> {
        self.body.get(key).filter(|value| !value.is_null())
    }

    pub(crate) fn text(&mut self, key: &str) -> Patch<String> {
        match self.body.get(key) {
            None => Patch::Keep,
            Some(Value::Null) => Patch::Clear,
            Some(Value::String(text)) => Patch::Set(text.clone()),
            Some(_) => {
                self.errors.push(format!("{key} must be a string"));
                Patch::Keep
            }
        }
    }

    pub(crate) fn optional_text(&mut self, key: &str) -> Option<String> {
        match self.text(key) {
            Patch::Set(text) => Some(text),
            Patch::Keep | Patch::Clear => None,
        }
    }

    pub(crate) fn required_text(&mut self, key: &str) -> String {
        match self.value(key) {
            Some(Value::String(text)) => text.clone(),
            _ => {
                self.errors.push(format!("{key} must be a string"));
                String::new()
            }
        }
    }

    pub(crate) fn email(&mut self, key: &str) -> Patch<String> {
        self.text(key).and_then(|email| {
            let email = email.trim().to_owned();
            if looks_like_email(&email) {
                Patch::Set(email)
            } else {
                self.errors.push(format!("{key} must be an email"));
                Patch::Keep
            }
        })
    }

    pub(crate) fn flag(&mut self, key: &str) -> Option<bool> {
        match self.value(key) {
            None => None,
            Some(Value::Bool(flag)) => Some(*flag),
            Some(_) => {
                self.errors.push(format!("{key} must be a boolean value"));
                None
            }
        }
    }

    pub(crate) fn required_flag(&mut self, key: &str) -> bool {
        if self.value(key).is_none() {
            self.errors.push(format!("{key} must be a boolean value"));
        }
        self.flag(key).unwrap_or_default()
    }

    /// Epoch milliseconds from an ISO-8601 string.
    pub(crate) fn iso_date(&mut self, key: &str) -> Option<i64> {
        let text = self.value(key)?;
        let parsed = text.as_str().and_then(dates::parse_iso8601);
        if parsed.is_none() {
            self.errors
                .push(format!("{key} must be a valid ISO 8601 date string"));
        }
        parsed
    }

    pub(crate) fn required_iso_date(&mut self, key: &str) -> i64 {
        if self.value(key).is_none() {
            self.errors
                .push(format!("{key} must be a valid ISO 8601 date string"));
        }
        self.iso_date(key).unwrap_or_default()
    }

    pub(crate) fn birth_date(&mut self, key: &str) -> Patch<civil::Date> {
        self.text(key)
            .and_then(|text| match dates::parse_birth_date(&text) {
                Some(date) => Patch::Set(date),
                None => {
                    self.errors.push(format!("{key} must be a valid date"));
                    Patch::Keep
                }
            })
    }

    pub(crate) fn text_list(&mut self, key: &str) -> Option<Vec<String>> {
        let Value::Array(items) = self.value(key)? else {
            self.errors.push(format!("{key} must be an array"));
            return None;
        };
        let texts: Option<Vec<String>> = items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect();
        if texts.is_none() {
            self.errors
                .push(format!("each value in {key} must be a string"));
        }
        texts
    }

    pub(crate) fn object(&mut self, key: &str) -> Option<Map<String, Value>> {
        match self.value(key)? {
            Value::Object(object) => Some(object.clone()),
            _ => {
                self.errors.push(format!("{key} must be an object"));
                None
            }
        }
    }

    /// 422 with every message collected so far, or nothing wrong.
    pub(crate) fn finish(self) -> Result<(), ApiError> {
        match self.errors.is_empty() {
            true => Ok(()),
            false => Err(ApiError::validation(self.errors)),
        }
    }
}

/// A JSON object literal as a request body, for tests.
#[cfg(test)]
pub(crate) fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(object) => object,
        other => panic!("not an object: {other}"),
    }
}

/// class-validator's `IsEmail`, near enough: one `@`, no spaces, a dotted domain whose last
/// label is at least two letters.
fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let top = labels.last().copied().unwrap_or_default();
    !local.is_empty()
        && !text.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && labels.len() >= 2
        && labels.iter().all(|label| !label.is_empty())
        && top.len() >= 2
        && top.chars().all(|c| c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn messages(error: ApiError) -> Value {
        let response = axum::response::IntoResponse::into_response(error);
        assert_eq!(response.status(), 422);
        let body = futures_util::FutureExt::now_or_never(axum::body::to_bytes(
            response.into_body(),
            usize::MAX,
        ))
        .unwrap()
        .unwrap();
        serde_json::from_slice::<Value>(&body).unwrap()["message"].clone()
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let body = object(json!({"title": 3, "dueDate": "soon", "extra": true}));
        let mut check = Checker::new(&body);
        check.allow_only(&["title", "dueDate", "completed"]);
        check.required_text("title");
        check.required_iso_date("dueDate");
        check.required_flag("completed");
        assert_eq!(
            messages(check.finish().unwrap_err()),
            json!([
                "property extra should not exist",
                "title must be a string",
                "dueDate must be a valid ISO 8601 date string",
                "completed must be a boolean value"
            ])
        );
    }

    #[test]
    fn null_clears_and_absence_keeps() {
        let body = object(json!({"city": null, "email": "Ann@Example.org"}));
        let mut check = Checker::new(&body);
        assert_eq!(check.text("city"), Patch::Clear);
        assert_eq!(check.text("state"), Patch::Keep);
        assert_eq!(check.email("email"), Patch::Set("Ann@Example.org".into()));
        assert!(check.finish().is_ok());
    }

    #[test]
    fn emails_need_a_dotted_domain() {
        for good in ["a@b.co", "first.last+tag@mail.example.com"] {
            assert!(looks_like_email(good), "{good}");
        }
        for bad in [
            "plain", "a@b", "a @b.com", "@b.com", "a@b.c", "a@@b.com", "a@b..com",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn lists_must_hold_strings() {
        let body = object(json!({"tags": "vip", "more": ["a", 1]}));
        let mut check = Checker::new(&body);
        assert_eq!(check.text_list("tags"), None);
        assert_eq!(check.text_list("more"), None);
        assert_eq!(
            messages(check.finish().unwrap_err()),
            json!([
                "tags must be an array",
                "each value in more must be a string"
            ])
        );
    }

    #[test]
    fn bodies_without_a_json_content_type_are_not_read() {
        let bytes = Bytes::from_static(br#"{"title":"x"}"#);
        let mut headers = HeaderMap::new();
        assert!(json_object(&headers, &bytes).unwrap().is_empty());
        headers.insert(
            header::CONTENT_TYPE,
            "application/json; charset=utf-8".parse().unwrap(),
        );
        assert_eq!(json_object(&headers, &bytes).unwrap()["title"], "x");
        let broken = Bytes::from_static(b"{\"title\":");
        assert!(json_object(&headers, &broken).is_err());
    }
}
