//! Where a profile's secrets are filed in the [`SecretStore`], and how the OAuth token
//! pair is written there (one JSON entry, so access and refresh token never disagree).

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::error::AccountsError;
use crate::vault::{ExposeSecret, SecretStore, SecretString};

pub(crate) fn token_name(profile_id: &str) -> String {
    format!("profile/{profile_id}/token")
}

pub(crate) fn oauth_name(profile_id: &str) -> String {
    format!("profile/{profile_id}/oauth")
}

pub(crate) fn client_secret_name(profile_id: &str) -> String {
    format!("profile/{profile_id}/client-secret")
}

/// Every entry a profile may own, for removal.
/// An agency OAuth app's token pair (the Company token that issues location tokens).
pub(crate) fn agency_oauth_name(agency_id: &str) -> String {
    format!("agency/{agency_id}/oauth")
}

pub(crate) fn agency_client_secret_name(agency_id: &str) -> String {
    format!("agency/{agency_id}/client-secret")
}

pub(crate) fn all_names(profile_id: &str) -> [String; 3] {
    [
        token_name(profile_id),
        oauth_name(profile_id),
        client_secret_name(profile_id),
    ]
}

/// An OAuth access token with the refresh token that replaces it. `Debug` redacts both.
#[derive(Debug, Clone)]
pub struct OAuthTokens {
    pub access: SecretString,
    pub refresh: SecretString,
    pub expires_at: Timestamp,
}

impl OAuthTokens {
    /// Whether the access token dies within `margin` of `now`.
    pub fn expires_within(&self, margin: SignedDuration, now: Timestamp) -> bool {
        self.expires_at.duration_since(now) <= margin
    }
}

/// The keychain form of [`OAuthTokens`].
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredTokens {
    access_token: String,
    refresh_token: String,
    expires_at: Timestamp,
}

pub(crate) fn read_token(
    store: &dyn SecretStore,
    profile_id: &str,
) -> Result<SecretString, AccountsError> {
    read_required(store, &token_name(profile_id), profile_id, "token")
}

pub(crate) fn read_client_secret(
    store: &dyn SecretStore,
    profile_id: &str,
) -> Result<SecretString, AccountsError> {
    let name = client_secret_name(profile_id);
    read_required(store, &name, profile_id, "OAuth client secret")
}

/// The secret stored as `name`; its absence names the profile and `what` was missing.
fn read_required(
    store: &dyn SecretStore,
    name: &str,
    profile_id: &str,
    what: &'static str,
) -> Result<SecretString, AccountsError> {
    store
        .get(name)?
        .ok_or_else(|| AccountsError::SecretMissing {
            profile_id: profile_id.to_owned(),
            what,
        })
}

pub(crate) fn read_oauth(
    store: &dyn SecretStore,
    profile_id: &str,
) -> Result<OAuthTokens, AccountsError> {
    read_oauth_at(store, &oauth_name(profile_id), profile_id)
}

/// The token pair stored under `name`, for the profile or agency `owner`.
pub(crate) fn read_oauth_at(
    store: &dyn SecretStore,
    name: &str,
    owner: &str,
) -> Result<OAuthTokens, AccountsError> {
    let missing = || AccountsError::SecretMissing {
        profile_id: owner.to_owned(),
        what: "OAuth token pair",
    };
    let stored = store.get_fresh(name)?.ok_or_else(missing)?;
    let stored: StoredTokens =
        serde_json::from_str(stored.expose_secret()).map_err(|_| missing())?;
    Ok(OAuthTokens {
        access: SecretString::from(stored.access_token),
        refresh: SecretString::from(stored.refresh_token),
        expires_at: stored.expires_at,
    })
}

pub(crate) fn write_oauth(
    store: &dyn SecretStore,
    profile_id: &str,
    tokens: &OAuthTokens,
) -> Result<(), AccountsError> {
    write_oauth_at(store, &oauth_name(profile_id), tokens)
}

pub(crate) fn write_oauth_at(
    store: &dyn SecretStore,
    name: &str,
    tokens: &OAuthTokens,
) -> Result<(), AccountsError> {
    let stored = StoredTokens {
        access_token: tokens.access.expose_secret().to_owned(),
        refresh_token: tokens.refresh.expose_secret().to_owned(),
        expires_at: tokens.expires_at,
    };
    let json = serde_json::to_string(&stored)
        .map_err(|error| AccountsError::storage("could not encode the token pair", error))?;
    store.set(name, &SecretString::from(json))?;
    Ok(())
}

/// Deletes every entry of a profile; entries that do not exist are fine.
pub(crate) fn delete_all(store: &dyn SecretStore, profile_id: &str) -> Result<(), AccountsError> {
    for name in all_names(profile_id) {
        store.delete(&name)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::MemoryStore;

    fn tokens_expiring(expires_at: Timestamp) -> OAuthTokens {
        OAuthTokens {
            access: SecretString::from("access-secret-1"),
            refresh: SecretString::from("refresh-secret-1"),
            expires_at,
        }
    }

    #[test]
    fn the_token_pair_round_trips_and_debug_redacts_it() {
        let store = MemoryStore::default();
        let tokens = tokens_expiring(Timestamp::now());
        write_oauth(&store, "p1", &tokens).unwrap();
        let read = read_oauth(&store, "p1").unwrap();
        assert_eq!(read.access.expose_secret(), "access-secret-1");
        assert_eq!(read.refresh.expose_secret(), "refresh-secret-1");
        assert_eq!(read.expires_at, tokens.expires_at);
        let debug = format!("{read:?}");
        assert!(!debug.contains("secret-1"), "{debug}");
    }

    #[test]
    fn expiry_margin_is_inclusive() {
        let now = Timestamp::now();
        let tokens = tokens_expiring(now + SignedDuration::from_mins(4));
        assert!(tokens.expires_within(SignedDuration::from_mins(5), now));
        assert!(!tokens.expires_within(SignedDuration::from_mins(3), now));
    }
}
