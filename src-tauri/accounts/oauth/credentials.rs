//! [`OAuthCredentials`]: the client's [`Credentials`] for an OAuth profile. It refreshes
//! single-flight (one refresh at a time, shared by every caller of the profile) because
//! each refresh kills the refresh token it spends: two parallel refreshes would leave
//! one caller holding a dead token, and the profile disconnected.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Mutex;

use super::token::{GrantError, TokenEndpoint};
use crate::accounts::book::BookFile;
use crate::accounts::profile::ProfileStatus;
use crate::accounts::secrets::{self, OAuthTokens};
use crate::highlevel::{BoxFuture, Credentials, Error, ServerText};
use crate::vault::SecretStore;

/// Refresh ahead of expiry, so a request never leaves with a token about to die.
const REFRESH_MARGIN: SignedDuration = SignedDuration::from_mins(5);

pub struct OAuthCredentials {
    holder: Holder,
    store: Arc<dyn SecretStore>,
    book: Arc<BookFile>,
    endpoint: TokenEndpoint,
    /// Held across a refresh: that is what makes it single-flight.
    state: Mutex<State>,
}

/// Whose token pair this is: a profile's (a location's own OAuth) or an agency's.
#[derive(Debug, Clone)]
pub(crate) enum Holder {
    Profile(String),
    Agency(String),
}

impl Holder {
    /// The keychain entry of the pair, and whose it is (for messages).
    fn secret(&self) -> (String, &str) {
        match self {
            Holder::Profile(id) => (secrets::oauth_name(id), id),
            Holder::Agency(id) => (secrets::agency_oauth_name(id), id),
        }
    }
}

struct State {
    tokens: OAuthTokens,
    /// Set once HighLevel refused the refresh token: asking again cannot succeed.
    dead: Option<ServerText>,
}

impl OAuthCredentials {
    pub(crate) fn new(
        holder: Holder,
        tokens: OAuthTokens,
        store: Arc<dyn SecretStore>,
        book: Arc<BookFile>,
        endpoint: TokenEndpoint,
    ) -> Self {
        Self {
            holder,
            store,
            book,
            endpoint,
            state: Mutex::new(State { tokens, dead: None }),
        }
    }

    /// Spends the refresh token and keeps the new pair, persisted to the keychain first.
    async fn refresh(&self, state: &mut State) -> Result<(), Error> {
        if let Some(reason) = &state.dead {
            return Err(reconnect_error(reason));
        }
        let adopted = self.adopt_stored_pair(state);
        if adopted
            && !state
                .tokens
                .expires_within(REFRESH_MARGIN, Timestamp::now())
        {
            return Ok(());
        }
        let grant = match self.endpoint.refresh(&state.tokens.refresh).await {
            Ok(grant) => grant,
            Err(GrantError::Refused { message }) => {
                self.require_reconnect(&message);
                let error = reconnect_error(&message);
                state.dead = Some(message);
                return Err(error);
            }
            Err(GrantError::Failed(error)) => return Err(error),
        };
        let persisted =
            secrets::write_oauth_at(&*self.store, &self.holder.secret().0, &grant.tokens);
        // The old refresh token is dead now, so the new pair is kept in memory even if the
        // keychain refused it; this request still fails, and the next refresh retries.
        state.tokens = grant.tokens;
        persisted.map_err(|error| {
            tracing::warn!(holder = ?self.holder, %error, "the renewed OAuth tokens could not be saved");
            Error::Unauthorized {
                message: "the renewed OAuth tokens could not be saved in the keychain".into(),
            }
        })
    }

    /// Another process (the app beside a cron sync) may have refreshed first: then ours is
    /// spent and its newer pair is in the keychain. Takes it if so.
    fn adopt_stored_pair(&self, state: &mut State) -> bool {
        let (name, owner) = self.holder.secret();
        let Ok(stored) = secrets::read_oauth_at(&*self.store, &name, owner) else {
            return false;
        };
        let renewed_elsewhere =
            stored.refresh.expose_secret() != state.tokens.refresh.expose_secret();
        if renewed_elsewhere {
            state.tokens = stored;
        }
        renewed_elsewhere
    }

    /// Marks the profile in profiles.json, so every process (and the UI) sees it; an
    /// agency's refusal reaches its locations through their next location token request.
    fn require_reconnect(&self, message: &ServerText) {
        let Holder::Profile(profile_id) = &self.holder else {
            return;
        };
        let reason = format!("HighLevel refused the OAuth refresh token ({message})");
        let marked = self.book.update(|book| {
            book.find_mut(profile_id)?.status = ProfileStatus::ReconnectRequired { reason };
            Ok(())
        });
        if let Err(error) = marked {
            tracing::warn!(profile = %profile_id, %error, "could not mark the profile for reconnection");
        }
    }
}

fn reconnect_error(reason: &ServerText) -> Error {
    Error::Unauthorized {
        message: reason.map(|reason| {
            format!("the OAuth refresh token was refused ({reason}); reconnect the profile")
        }),
    }
}

impl Credentials for OAuthCredentials {
    fn bearer(&self) -> BoxFuture<'_, Result<SecretString, Error>> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            if state
                .tokens
                .expires_within(REFRESH_MARGIN, Timestamp::now())
            {
                self.refresh(&mut state).await?;
            }
            Ok(state.tokens.access.clone())
        })
    }

    fn renew<'a>(&'a self, refused: &'a SecretString) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async move {
            let mut state = self.state.lock().await;
            // Someone refreshed while this request was out: just try the new token.
            if state.tokens.access.expose_secret() != refused.expose_secret() {
                return Ok(true);
            }
            self.refresh(&mut state).await?;
            Ok(true)
        })
    }
}
