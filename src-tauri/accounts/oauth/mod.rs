//! OAuth 2.0 with the user's own Marketplace app: the location chooser in the system
//! browser, a loopback redirect listener, the code exchange, and credentials that
//! refresh themselves.

mod authorize;
mod credentials;
mod listener;
mod token;

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

pub use authorize::{DEFAULT_AUTHORIZE_URL, SCOPES};
pub use credentials::OAuthCredentials;
pub use listener::{redirect_uri, RedirectListener};
pub(crate) use token::{Grant, TokenEndpoint};

use super::error::AccountsError;

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

/// Runs the browser step and the code exchange: `open` receives the chooser's address
/// (the caller launches the browser; tests follow it themselves).
pub(crate) async fn authorize(
    app: &OAuthApp,
    base_url: &str,
    step: BrowserStep,
    open: impl FnOnce(&Url) + Send,
) -> Result<Grant, AccountsError> {
    let endpoint = TokenEndpoint::new(base_url, &app.client_id, app.client_secret.clone())?;
    let listener = RedirectListener::bind(step.redirect_port).await?;
    let state = authorize::new_state()?;
    let url = authorize::choose_location_url(
        &app.authorize_url,
        &app.client_id,
        listener.redirect_uri(),
        &state,
    )?;
    open(&url);
    let redirect_uri = listener.redirect_uri().to_owned();
    let code = listener.wait_for_code(&state, step.timeout).await?;
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

/// Whether a grant's scope includes writing (unknown when HighLevel does not say).
pub(crate) fn grants_write(scope: Option<&str>) -> Option<bool> {
    scope.map(|scope| scope.split_whitespace().any(|s| s == "contacts.write"))
}
