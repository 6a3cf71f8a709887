//! [`LocationCredentials`]: the credentials of a location connected through an agency's
//! OAuth app. Its access token comes from `POST /oauth/locationToken` with the agency's
//! token; it is renewed single-flight (one request at a time per location, shared by every
//! client of the profile) and kept in the keychain, so another process or the next start
//! uses it instead of asking again.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use super::agency_api::AgencyApi;
use crate::accounts::error::AccountsError;
use crate::accounts::secrets::{self, OAuthTokens};
use crate::highlevel::{BoxFuture, Credentials, Error, Redactor};
use crate::vault::SecretStore;

/// Renew ahead of expiry, so a request never leaves with a token about to die.
const RENEW_MARGIN: SignedDuration = SignedDuration::from_mins(5);

pub struct LocationCredentials {
    profile_id: String,
    company_id: String,
    location_id: String,
    /// The agency's own credentials, shared by all its locations (they refresh once).
    agency: Arc<dyn Credentials>,
    api: AgencyApi,
    store: Arc<dyn SecretStore>,
    /// Held across a renewal: that is what makes it single-flight.
    token: Mutex<OAuthTokens>,
}

/// Which location of which agency, and where its token is kept.
pub(crate) struct LocationGrant<'a> {
    pub profile_id: &'a str,
    pub company_id: &'a str,
    pub location_id: &'a str,
    pub base_url: &'a str,
}

impl LocationCredentials {
    pub(crate) fn new(
        grant: &LocationGrant<'_>,
        token: OAuthTokens,
        agency: Arc<dyn Credentials>,
        store: Arc<dyn SecretStore>,
    ) -> Result<Self, AccountsError> {
        Ok(Self {
            profile_id: grant.profile_id.to_owned(),
            company_id: grant.company_id.to_owned(),
            location_id: grant.location_id.to_owned(),
            agency,
            api: AgencyApi::new(grant.base_url)?,
            store,
            token: Mutex::new(token),
        })
    }

    /// Asks the agency for a new token and keeps it, in memory and in the keychain (a
    /// keychain that refuses costs only a request at the next start).
    async fn renew_token(&self, current: &mut OAuthTokens) -> Result<(), Error> {
        let fresh = self
            .api
            .location_token(&*self.agency, &self.company_id, &self.location_id)
            .await
            .map_err(|error| match error {
                AccountsError::Api(error) => error,
                // Our own words (the agency's refusal), holding no secret.
                other => Error::Unauthorized {
                    message: Redactor::new(std::iter::empty()).text(&other.to_string()),
                },
            })?;
        if let Err(error) = secrets::write_oauth(&*self.store, &self.profile_id, &fresh) {
            tracing::warn!(profile = %self.profile_id, %error, "the location token could not be saved");
        }
        *current = fresh;
        Ok(())
    }
}

impl Credentials for LocationCredentials {
    fn bearer(&self) -> BoxFuture<'_, Result<SecretString, Error>> {
        Box::pin(async move {
            let mut token = self.token.lock().await;
            if token.expires_within(RENEW_MARGIN, Timestamp::now()) {
                self.renew_token(&mut token).await?;
            }
            Ok(token.access.clone())
        })
    }

    fn renew<'a>(&'a self, refused: &'a SecretString) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            let mut token = self.token.lock().await;
            // Someone renewed while this request was out: just try the new token.
            if token.access.expose_secret() != refused.expose_secret() {
                return Ok(true);
            }
            self.renew_token(&mut token).await?;
            Ok(true)
        })
    }
}
