//! `POST {base_url}/oauth/token`: trades an authorization code, or a refresh token, for a
//! new token pair. Each refresh kills the refresh token it spends.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use url::Url;

use super::{http_client, parse_base, under};
use crate::accounts::error::AccountsError;
use crate::accounts::secrets::OAuthTokens;
use crate::highlevel::{Error, Redactor, ServerText};

/// HighLevel's access tokens live about a day; assume that when the answer omits it.
const DEFAULT_LIFETIME_SECS: i64 = 86_399;

/// The token endpoint of one Marketplace app.
pub(crate) struct TokenEndpoint {
    http: reqwest::Client,
    url: Url,
    client_id: String,
    client_secret: SecretString,
    /// `Location` for a sub-account's own token, `Company` for an agency's.
    user_type: &'static str,
}

/// A successful answer: the pair, plus what HighLevel says it is for.
pub(crate) struct Grant {
    pub tokens: OAuthTokens,
    pub location_id: Option<String>,
    /// The agency: every token names it; an agency (Company) token names no location.
    pub company_id: Option<String>,
    pub scope: Option<String>,
}

#[derive(Debug)]
pub(crate) enum GrantError {
    /// HighLevel refused the code or refresh token (400/401): only the user can fix that.
    Refused { message: ServerText },
    /// The network or HighLevel failed; the grant may still be good.
    Failed(Error),
}

/// The body of a 200; not `Debug`, it holds secrets.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    refresh_token: String,
    expires_in: Option<i64>,
    scope: Option<String>,
    #[serde(rename = "locationId")]
    location_id: Option<String>,
    #[serde(rename = "companyId")]
    company_id: Option<String>,
}

impl TokenEndpoint {
    pub fn new(
        base_url: &str,
        client_id: &str,
        client_secret: SecretString,
    ) -> Result<Self, AccountsError> {
        let url = under(parse_base(base_url)?, base_url, "token")?;
        let http = http_client()?;
        Ok(Self {
            http,
            url,
            client_id: client_id.to_owned(),
            client_secret,
            user_type: "Location",
        })
    }

    /// The same endpoint asking for agency (Company) tokens.
    pub fn for_agency(self) -> Self {
        Self {
            user_type: "Company",
            ..self
        }
    }

    pub async fn exchange_code(
        &self,
        code: &SecretString,
        redirect_uri: &str,
    ) -> Result<Grant, GrantError> {
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code.expose_secret()),
            ("redirect_uri", redirect_uri),
        ];
        self.request(&form, code).await
    }

    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<Grant, GrantError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose_secret()),
        ];
        self.request(&form, refresh_token).await
    }

    /// Sends the grant once: a POST that may have spent a refresh token is never repeated.
    async fn request(
        &self,
        grant: &[(&str, &str)],
        spent: &SecretString,
    ) -> Result<Grant, GrantError> {
        let mut form = vec![
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose_secret()),
            ("user_type", self.user_type),
        ];
        form.extend_from_slice(grant);
        let sent = self
            .http
            .post(self.url.clone())
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form)
            .send()
            .await;
        let response = sent.map_err(|error| GrantError::Failed(network(&error)))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|error| GrantError::Failed(network(&error)))?;
        let redactor = Redactor::new([&self.client_secret, spent]);
        if !status.is_success() {
            return Err(refusal(status, &body, &redactor));
        }
        let decoded: TokenResponse = serde_json::from_slice(&body).map_err(|error| {
            GrantError::Failed(Error::Decode {
                message: redactor.text(&format!("the token endpoint's answer: {error}")),
                excerpt: "(not shown: it may hold tokens)".into(),
            })
        })?;
        Ok(grant_from(decoded))
    }
}

fn grant_from(response: TokenResponse) -> Grant {
    Grant {
        tokens: OAuthTokens {
            access: SecretString::from(response.access_token),
            refresh: SecretString::from(response.refresh_token),
            expires_at: expires_at(response.expires_in),
        },
        location_id: response.location_id.filter(|id| !id.is_empty()),
        company_id: response.company_id.filter(|id| !id.is_empty()),
        scope: response.scope,
    }
}

/// When a token that lives `expires_in` seconds (about a day when HighLevel omits it)
/// dies. An absurd lifetime counts as none: the token is then renewed before its first use.
pub(super) fn expires_at(expires_in: Option<i64>) -> Timestamp {
    let lifetime = expires_in.unwrap_or(DEFAULT_LIFETIME_SECS).max(0);
    let now = Timestamp::now();
    now.checked_add(SignedDuration::from_secs(lifetime))
        .unwrap_or(now)
}

/// 400/401/403/422 mean the grant itself was refused; anything else may pass on its own.
pub(super) fn refusal(status: StatusCode, body: &[u8], redactor: &Redactor) -> GrantError {
    let message = describe(status, body, redactor);
    match status.as_u16() {
        400 | 401 | 403 | 422 => GrantError::Refused { message },
        429 => GrantError::Failed(Error::RateLimited {
            retry_after: Duration::ZERO,
        }),
        code => GrantError::Failed(Error::Server {
            status: code,
            message,
        }),
    }
}

/// RFC 6749's `error` + `error_description`, or HighLevel's `message`, without any secret.
fn describe(status: StatusCode, body: &[u8], redactor: &Redactor) -> ServerText {
    let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let field = |name: &str| json.get(name).and_then(|value| value.as_str());
    let text = match (field("error"), field("error_description"), field("message")) {
        (Some(error), Some(description), _) => format!("{error}: {description}"),
        (_, _, Some(message)) => message.to_owned(),
        (Some(error), None, None) => error.to_owned(),
        _ => format!("HTTP {status}"),
    };
    redactor.text(&text)
}

pub(super) fn network(error: &reqwest::Error) -> Error {
    Error::network(error, "could not reach HighLevel's token endpoint")
}

impl From<GrantError> for AccountsError {
    /// At connect time a refused grant is a failed authorization.
    fn from(error: GrantError) -> Self {
        match error {
            GrantError::Refused { message } => AccountsError::Authorization {
                message: format!("HighLevel refused the authorization code: {message}"),
            },
            GrantError::Failed(error) => AccountsError::Api(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_never_echo_a_secret() {
        let secret = SecretString::from("refresh-abc");
        let body = br#"{"error":"invalid_grant","error_description":"refresh-abc is invalid"}"#;
        let redactor = Redactor::new([&secret]);
        let error = refusal(StatusCode::BAD_REQUEST, body, &redactor);
        assert!(
            matches!(&error, GrantError::Refused { message } if message.as_str() == "invalid_grant: [redacted] is invalid"),
            "{error:?}"
        );
        let server = refusal(StatusCode::BAD_GATEWAY, b"<html>", &redactor);
        assert!(matches!(
            server,
            GrantError::Failed(Error::Server { status: 502, .. })
        ));
    }
}
