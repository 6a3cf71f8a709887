//! HighLevel's agency OAuth endpoints (`oauth.json`), which take the agency's (Company)
//! OAuth token only: `GET /oauth/installedLocations`, the locations the app is installed
//! in, and `POST /oauth/locationToken`, one location's access token. A location token
//! comes without a refresh token: the agency simply asks for another.

use reqwest::{RequestBuilder, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use url::Url;

use super::token::{expires_at, network, refusal, GrantError};
use super::{http_client, parse_base, under};
use crate::accounts::error::AccountsError;
use crate::accounts::secrets::OAuthTokens;
use crate::highlevel::{Credentials, Error, Redactor};

/// The `Version` both endpoints require.
const API_VERSION: &str = "2021-07-28";
/// Locations asked for per page (the spec's default is 20 and it sets no maximum).
const PAGE: usize = 100;

/// A location the agency's app is installed in, as the user picks among them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct InstalledLocation {
    #[serde(alias = "_id")]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
}

#[derive(Deserialize)]
struct InstalledPage {
    #[serde(default)]
    locations: Vec<InstalledLocation>,
    count: Option<f64>,
}

/// The body of a location token; not `Debug`, it holds a secret.
#[derive(Deserialize)]
struct LocationTokenResponse {
    access_token: String,
    expires_in: Option<i64>,
}

pub(crate) struct AgencyApi {
    http: reqwest::Client,
    installed: Url,
    location_token: Url,
}

impl AgencyApi {
    pub fn new(base_url: &str) -> Result<Self, AccountsError> {
        let url = parse_base(base_url)?;
        Ok(Self {
            http: http_client()?,
            installed: under(url.clone(), base_url, "installedLocations")?,
            location_token: under(url, base_url, "locationToken")?,
        })
    }

    /// Every location the app is installed in, page by page.
    pub async fn installed_locations(
        &self,
        agency: &dyn Credentials,
        company_id: &str,
        app_id: &str,
    ) -> Result<Vec<InstalledLocation>, AccountsError> {
        let mut found: Vec<InstalledLocation> = Vec::new();
        loop {
            let skip = found.len().to_string();
            let limit = PAGE.to_string();
            let query = [
                ("companyId", company_id),
                ("appId", app_id),
                ("isInstalled", "true"),
                ("skip", skip.as_str()),
                ("limit", limit.as_str()),
            ];
            let page: InstalledPage = self
                .fetch(agency, "GET /oauth/installedLocations", |http, bearer| {
                    http.get(self.installed.clone())
                        .query(&query)
                        .bearer_auth(bearer)
                })
                .await?;
            let total = page.count.map(|count| count as usize);
            let short = page.locations.len() < PAGE;
            found.extend(page.locations);
            if short || total.is_some_and(|total| found.len() >= total) {
                return Ok(found);
            }
        }
    }

    /// A fresh access token for one of the agency's locations.
    pub async fn location_token(
        &self,
        agency: &dyn Credentials,
        company_id: &str,
        location_id: &str,
    ) -> Result<OAuthTokens, AccountsError> {
        let form = [("companyId", company_id), ("locationId", location_id)];
        let decoded: LocationTokenResponse = self
            .fetch(agency, "POST /oauth/locationToken", |http, bearer| {
                http.post(self.location_token.clone())
                    .form(&form)
                    .bearer_auth(bearer)
            })
            .await?;
        Ok(OAuthTokens {
            access: SecretString::from(decoded.access_token),
            refresh: SecretString::from(String::new()),
            expires_at: expires_at(decoded.expires_in),
        })
    }

    /// Sends with the agency's token and reads the answer (`what` names the endpoint); a 401
    /// renews the token (single-flight, in its credentials) and sends once more. These
    /// requests only read or mint tokens, so repeating one is safe.
    async fn fetch<T: DeserializeOwned>(
        &self,
        agency: &dyn Credentials,
        what: &str,
        request: impl Fn(&reqwest::Client, &str) -> RequestBuilder,
    ) -> Result<T, AccountsError> {
        let bearer = agency.bearer().await?;
        let body = match self.send(&request, &bearer).await {
            Err(Refusal::Unauthorized(_)) if agency.renew(&bearer).await? => {
                let renewed = agency.bearer().await?;
                self.send(&request, &renewed).await?
            }
            sent => sent?,
        };
        serde_json::from_slice(&body).map_err(|error| {
            AccountsError::Api(Error::Protocol {
                message: format!("{what}: {error}"),
            })
        })
    }

    async fn send(
        &self,
        request: &impl Fn(&reqwest::Client, &str) -> RequestBuilder,
        bearer: &SecretString,
    ) -> Result<Vec<u8>, Refusal> {
        let response = request(&self.http, bearer.expose_secret())
            .header("Version", API_VERSION)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|error| Refusal::Other(GrantError::Failed(network(&error))))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|error| Refusal::Other(GrantError::Failed(network(&error))))?;
        if status.is_success() {
            return Ok(body.to_vec());
        }
        let redactor = Redactor::new([bearer]);
        match (status, refusal(status, &body, &redactor)) {
            (StatusCode::UNAUTHORIZED, GrantError::Refused { message }) => {
                Err(Refusal::Unauthorized(message))
            }
            (_, error) => Err(Refusal::Other(error)),
        }
    }
}

enum Refusal {
    /// 401: the agency token expired or is not an agency OAuth token.
    Unauthorized(crate::highlevel::ServerText),
    Other(GrantError),
}

impl From<Refusal> for AccountsError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Unauthorized(message) => AccountsError::Authorization {
                message: format!(
                    "HighLevel refused the agency token ({message}); agency endpoints take an \
                     agency OAuth token, not a Private Integration Token"
                ),
            },
            Refusal::Other(GrantError::Refused { message }) => AccountsError::Authorization {
                message: format!("HighLevel refused the agency request: {message}"),
            },
            Refusal::Other(GrantError::Failed(error)) => AccountsError::Api(error),
        }
    }
}

/// HighLevel's client ids are the app's id, a dash and a suffix; installedLocations wants
/// the app's id.
pub(crate) fn app_id(client_id: &str) -> &str {
    client_id.split_once('-').map_or(client_id, |(app, _)| app)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_id_is_the_client_id_up_to_its_first_dash() {
        assert_eq!(
            app_id("6578278e879ad2646715ba9c-lq1k2x"),
            "6578278e879ad2646715ba9c"
        );
        assert_eq!(app_id("plain"), "plain");
    }

    #[test]
    fn installed_locations_read_highlevel_ids() {
        let page: InstalledPage = serde_json::from_str(
            r#"{"locations":[{"_id":"l1","name":"North","address":"1 Main St","isInstalled":true}],"count":1}"#,
        )
        .unwrap();
        assert_eq!(page.locations[0].id, "l1");
        assert_eq!(page.count, Some(1.0));
    }
}
