//! A profile: everything about one connected sub-account except its secrets, which live
//! in the keychain under the profile's id.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::error::AccountsError;

/// Private Integration Tokens should be replaced at least this often (HighLevel's advice).
pub const ROTATION_DAYS: u32 = 90;

/// One HighLevel sub-account the app can talk to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// Short, random and never reused: the keychain entries and the cache are filed under it.
    pub id: String,
    pub name: String,
    /// A label the user picks ("Production", "Staging", …).
    pub environment: String,
    pub base_url: String,
    pub location_id: String,
    pub auth: AuthKind,
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub added_at: Timestamp,
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub rotated_at: Option<Timestamp>,
    pub write_access: WriteAccess,
    pub status: ProfileStatus,
    /// The agency this location was connected through or grouped into; `None` for a
    /// profile on its own (and every profile written before agencies existed).
    #[serde(default)]
    pub agency: Option<AgencyRef>,
}

/// Which agency a profile belongs to. An agency is a group of profiles, each still one
/// location with its own cache, synced together and read together ("All locations").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AgencyRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum AuthKind {
    PrivateToken,
    /// The user's own Marketplace app; its secret is in the keychain.
    OAuth {
        client_id: String,
        authorize_url: String,
    },
    /// A location token issued by the agency's OAuth app (`POST /oauth/locationToken`),
    /// renewed through the agency's token, which lives with the agency.
    AgencyOAuth,
}

/// Whether the token may write, learned from the first write (HighLevel offers no way to ask).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(tag = "access", rename_all_fields = "camelCase")]
pub enum WriteAccess {
    Unknown,
    Granted,
    Missing { reason: String },
}

impl WriteAccess {
    pub(crate) fn missing_write_scope() -> Self {
        Self::Missing {
            reason: "the token lacks contacts.write".to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(tag = "state", rename_all_fields = "camelCase")]
pub enum ProfileStatus {
    Connected,
    /// The credentials stopped working; only the user can fix it (rotate or reconnect).
    ReconnectRequired {
        reason: String,
    },
}

/// A profile as lists show it: with the active mark and what can be said about its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    pub profile: Profile,
    pub active: bool,
    /// `••••a1b2`: the most anything outside the keychain learns about a token.
    pub token_hint: Option<String>,
    pub token_age_days: u32,
    /// A Private Integration Token older than [`ROTATION_DAYS`].
    pub needs_rotation: bool,
}

impl Profile {
    /// Days since the token was added or last rotated.
    pub fn token_age_days(&self, now: Timestamp) -> u32 {
        let since = self.rotated_at.unwrap_or(self.added_at);
        let days = now.duration_since(since).as_hours() / 24;
        u32::try_from(days.max(0)).unwrap_or(u32::MAX)
    }

    /// OAuth tokens renew themselves; only a Private Integration Token needs the reminder.
    pub fn needs_rotation(&self, now: Timestamp) -> bool {
        self.auth == AuthKind::PrivateToken && self.token_age_days(now) >= ROTATION_DAYS
    }

    pub fn is_oauth(&self) -> bool {
        matches!(self.auth, AuthKind::OAuth { .. } | AuthKind::AgencyOAuth)
    }

    /// Whether `reference` (an id, or a name in any case) names this profile.
    pub(crate) fn answers_to(&self, reference: &str) -> bool {
        self.id == reference || self.name.eq_ignore_ascii_case(reference.trim())
    }
}

/// Shows the last four characters of a secret, and nothing at all of a short one.
pub fn masked_hint(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 12 {
        return "••••".to_owned();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("••••{tail}")
}

/// An id that is short enough to type and random enough never to collide in one book.
pub(crate) fn new_profile_id(taken: impl Fn(&str) -> bool) -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    loop {
        let id: String = (0..8)
            .map(|_| char::from(ALPHABET[fastrand::usize(..ALPHABET.len())]))
            .collect();
        if !taken(&id) {
            return id;
        }
    }
}

/// The settings a new profile starts from, checked before anything is contacted or stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProfile {
    pub name: String,
    pub environment: String,
    pub base_url: String,
    pub location_id: String,
}

impl NewProfile {
    pub(crate) fn check(&self) -> Result<(), AccountsError> {
        if self.name.trim().is_empty() {
            return Err(AccountsError::invalid("the profile name must not be empty"));
        }
        if self.environment.trim().is_empty() {
            return Err(AccountsError::invalid("the environment must not be empty"));
        }
        check_base_url(&self.base_url)
    }

    /// The profile these settings become once HighLevel accepted them: added now.
    pub(crate) fn into_profile(
        self,
        id: String,
        auth: AuthKind,
        write_access: WriteAccess,
    ) -> Profile {
        Profile {
            id,
            name: self.name.trim().to_owned(),
            environment: self.environment.trim().to_owned(),
            base_url: self.base_url,
            location_id: self.location_id,
            auth,
            added_at: Timestamp::now(),
            rotated_at: None,
            write_access,
            status: ProfileStatus::Connected,
            agency: None,
        }
    }
}

pub(crate) fn check_base_url(base_url: &str) -> Result<(), AccountsError> {
    match url::Url::parse(base_url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Ok(()),
        _ => Err(AccountsError::invalid(format!(
            "{base_url:?} is not an http(s) address"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    fn profile(auth: AuthKind, added_days_ago: i64, now: Timestamp) -> Profile {
        Profile {
            id: "abcd2345".into(),
            name: "Production".into(),
            environment: "Production".into(),
            base_url: "https://services.leadconnectorhq.com".into(),
            location_id: "loc".into(),
            auth,
            added_at: now - SignedDuration::from_hours(24 * added_days_ago),
            rotated_at: None,
            write_access: WriteAccess::Unknown,
            status: ProfileStatus::Connected,
            agency: None,
        }
    }

    #[test]
    fn profiles_written_before_agencies_still_load() {
        let json = r#"{"id":"abcd2345","name":"P","environment":"E","baseUrl":"http://x","locationId":"l","auth":{"kind":"PrivateToken"},"addedAt":"2026-01-01T00:00:00Z","rotatedAt":null,"writeAccess":{"access":"Unknown"},"status":{"state":"Connected"}}"#;
        let profile: Profile = serde_json::from_str(json).unwrap();
        assert_eq!(profile.agency, None);
    }

    #[test]
    fn hints_show_only_the_last_four_characters() {
        assert_eq!(masked_hint("pit-0123456789abcdefa1b2"), "••••a1b2");
        assert_eq!(masked_hint("short-token"), "••••");
        assert_eq!(masked_hint(""), "••••");
    }

    #[test]
    fn private_tokens_are_due_for_rotation_after_ninety_days() {
        let now = Timestamp::now();
        assert!(!profile(AuthKind::PrivateToken, 89, now).needs_rotation(now));
        let old = profile(AuthKind::PrivateToken, 90, now);
        assert_eq!(old.token_age_days(now), 90);
        assert!(old.needs_rotation(now));

        let mut rotated = profile(AuthKind::PrivateToken, 200, now);
        rotated.rotated_at = Some(now - SignedDuration::from_hours(24 * 3));
        assert_eq!(rotated.token_age_days(now), 3);
        assert!(!rotated.needs_rotation(now));

        let oauth = AuthKind::OAuth {
            client_id: "client".into(),
            authorize_url: "https://marketplace.leadconnectorhq.com".into(),
        };
        assert!(!profile(oauth, 400, now).needs_rotation(now));
    }

    #[test]
    fn profiles_answer_to_their_id_and_name_in_any_case() {
        let p = profile(AuthKind::PrivateToken, 0, Timestamp::now());
        assert!(p.answers_to("abcd2345"));
        assert!(p.answers_to("production"));
        assert!(!p.answers_to("staging"));
    }

    #[test]
    fn ids_are_short_and_avoid_taken_ones() {
        let id = new_profile_id(|candidate| candidate.starts_with('a'));
        assert_eq!(id.len(), 8);
        assert!(!id.starts_with('a'));
    }
}
