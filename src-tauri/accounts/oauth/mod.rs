//! OAuth 2.0 with the user's own Marketplace app: the location chooser in the system
//! browser, a loopback redirect listener, the code exchange, and credentials that
//! refresh themselves.

mod agency_api;
mod authorize;
mod credentials;
mod listener;
mod location;
mod paste;
mod token;

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

pub use agency_api::InstalledLocation;
pub(crate) use agency_api::{app_id, AgencyApi};
pub use authorize::{AGENCY_SCOPES, DEFAULT_AUTHORIZE_URL, SCOPES};
pub(crate) use credentials::Holder;
pub use credentials::OAuthCredentials;
pub use listener::{redirect_uri, RedirectListener};
pub use location::LocationCredentials;
pub(crate) use location::LocationGrant;
pub use paste::code_from_pasted;
pub(crate) use token::{Grant, TokenEndpoint};

use super::error::AccountsError;
use crate::highlevel::BoxFuture;

/// A fixed port, so the redirect URL can be registered in the Marketplace app once.
pub const DEFAULT_REDIRECT_PORT: u16 = 47_615;

/// How long the listener waits for the user to finish in the browser.
pub const DEFAULT_AUTHORIZATION_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The user's Marketplace app.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    pub client_id: String,
    pub client_secret: SecretString,
    /// Where the location chooser lives: the Marketplace, or the sandbox's base URL.
    pub authorize_url: String,
}

/// How the browser step runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrowserStep {
    /// 0 picks any free port (tests); real apps need the registered one.
    pub redirect_port: u16,
    pub timeout: Duration,
}

impl Default for BrowserStep {
    fn default() -> Self {
        Self {
            redirect_port: DEFAULT_REDIRECT_PORT,
            timeout: DEFAULT_AUTHORIZATION_TIMEOUT,
        }
    }
}

/// How the browser's answer comes back.
pub enum Redirect {
    /// The loopback listener catches it (`http://127.0.0.1:PORT/callback` registered).
    Loopback(BrowserStep),
    /// Any registered redirect, e.g. https: `pasted` resolves to what the user pasted (the
    /// address the browser landed on, or the code), read once the chooser has opened.
    Pasted {
        redirect_uri: String,
        pasted: BoxFuture<'static, Result<String, AccountsError>>,
    },
}

impl From<BrowserStep> for Redirect {
    fn from(step: BrowserStep) -> Self {
        Redirect::Loopback(step)
    }
}

/// Runs the browser step and the code exchange: `open` receives the chooser's address
/// (the caller launches the browser; tests follow it themselves). `scopes` are asked for.
pub(crate) async fn authorize(
    app: &OAuthApp,
    endpoint: &TokenEndpoint,
    scopes: &str,
    redirect: Redirect,
    open: impl FnOnce(&Url) + Send,
) -> Result<Grant, AccountsError> {
    let state = authorize::new_state()?;
    let chooser = |redirect_uri: &str| {
        authorize::choose_location_url(
            &app.authorize_url,
            &app.client_id,
            redirect_uri,
            scopes,
            &state,
        )
    };
    let (code, redirect_uri) = match redirect {
        Redirect::Loopback(step) => {
            let listener = RedirectListener::bind(step.redirect_port).await?;
            open(&chooser(listener.redirect_uri())?);
            let redirect_uri = listener.redirect_uri().to_owned();
            (
                listener.wait_for_code(&state, step.timeout).await?,
                redirect_uri,
            )
        }
        Redirect::Pasted {
            redirect_uri,
            pasted,
        } => {
            open(&chooser(&redirect_uri)?);
            (code_from_pasted(&pasted.await?, &state)?, redirect_uri)
        }
    };
    let grant = endpoint.exchange_code(&code, &redirect_uri).await?;
    check_scope(grant.scope.as_deref())?;
    Ok(grant)
}

/// A grant without `contacts.readonly` would fail on the first read; say so now.
fn check_scope(scope: Option<&str>) -> Result<(), AccountsError> {
    match scope {
        Some(scope) if !scope.split_whitespace().any(|s| s == "contacts.readonly") => {
            Err(AccountsError::MissingScope {
                scope: crate::highlevel::Scope::ContactsReadonly,
            })
        }
        _ => Ok(()),
    }
}

/// HighLevel's OAuth endpoint `/oauth/{endpoint}` below `url` (`given` as the user wrote
/// it, for the message).
fn under(mut url: Url, given: &str, endpoint: &str) -> Result<Url, AccountsError> {
    url.path_segments_mut()
        .map_err(|()| AccountsError::invalid(format!("{given:?} cannot be a base URL")))?
        .pop_if_empty()
        .extend(["oauth", endpoint]);
    Ok(url)
}

/// The API's address as given, or why it is none.
fn parse_base(base_url: &str) -> Result<Url, AccountsError> {
    Url::parse(base_url)
        .map_err(|error| AccountsError::invalid(format!("{base_url:?} is not an address: {error}")))
}

/// The HTTP client of the OAuth endpoints (the API's client has its own pipeline).
fn http_client() -> Result<reqwest::Client, AccountsError> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("contact-desk/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|error| {
            AccountsError::Api(crate::highlevel::Error::Network {
                message: format!("the HTTP client could not start: {error}"),
            })
        })
}

/// Whether a grant's scope includes writing (unknown when HighLevel does not say).
pub(crate) fn grants_write(scope: Option<&str>) -> Option<bool> {
    scope.map(|scope| scope.split_whitespace().any(|s| s == "contacts.write"))
}
