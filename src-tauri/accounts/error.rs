//! What can go wrong with a profile, classified so the CLI and the UI can say what to do.
//! No variant ever carries a secret: messages come from HighLevel with the token redacted,
//! or are written here.

use crate::highlevel::{self, Scope, ServerText};
use crate::vault::VaultError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountsError {
    #[error("no profile is named or has the id {reference:?}")]
    UnknownProfile { reference: String },
    #[error("no profile is active; add one with `contact-desk profile add`")]
    NoActiveProfile,
    #[error("{message}")]
    InvalidInput { message: String },
    /// HTTP 401 on the validation call: the token itself is wrong, expired or revoked.
    #[error("HighLevel rejected the token: it is wrong, expired or revoked ({message})")]
    TokenRejected { message: ServerText },
    /// HTTP 403 "The token does not have access to this location.".
    #[error("The token does not have access to location {location_id}: check the location id")]
    WrongLocation { location_id: String },
    /// The address answered, but not as HighLevel's API does (an HTML page, say).
    #[error("{base_url} does not look like HighLevel's API (it answered with {answer}); check the address")]
    NotHighLevel {
        base_url: String,
        answer: ServerText,
    },
    #[error("the token lacks the {} scope", scope.as_str())]
    MissingScope { scope: Scope },
    /// The OAuth refresh token is dead (or the profile was marked so earlier).
    #[error("profile {profile_id} must be reconnected: {reason}")]
    ReconnectRequired { profile_id: String, reason: String },
    /// The browser half of OAuth failed: denied, a timeout, or a code HighLevel refused.
    #[error("OAuth authorization failed: {message}")]
    Authorization { message: String },
    /// The keychain has no secret for a profile that needs one (deleted outside the app).
    #[error("the keychain holds no {what} for profile {profile_id}; add or reconnect it again")]
    SecretMissing {
        profile_id: String,
        what: &'static str,
    },
    #[error("the keychain is unavailable: {0}")]
    Keychain(#[from] VaultError),
    /// profiles.json or a profile's data directory could not be read or written.
    #[error("{message}")]
    Storage { message: String },
    #[error(transparent)]
    Api(#[from] highlevel::Error),
}

impl AccountsError {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidInput {
            message: message.into(),
        }
    }

    pub(crate) fn storage(context: &str, error: impl std::fmt::Display) -> Self {
        Self::Storage {
            message: format!("{context}: {error}"),
        }
    }
}
