//! HighLevel's OAuth 2.0 grants as the sandbox keeps them: one-time codes, access tokens
//! that expire, and refresh tokens that die on use, each for one location or for the
//! agency (Company). One set serves every location. The HTTP side is in `routes/oauth.rs`.

use std::collections::HashMap;
use std::time::Instant;

use fastrand::Rng;

use super::config::OAuthApp;
use super::ids;

/// Whom a token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Grantee {
    Location(String),
    /// The agency: only its own endpoints (installed locations, location tokens) take it.
    Company,
}

pub(crate) struct OAuth {
    pub(super) app: OAuthApp,
    /// One-time code → the redirect URI it was issued for.
    codes: HashMap<String, String>,
    pub(super) refresh_tokens: HashMap<String, Grantee>,
    /// Access token → when it stops working, and whom it speaks for.
    access_tokens: HashMap<String, (Instant, Grantee)>,
    rng: Rng,
    pub(super) grants: u64,
    /// `POST /oauth/locationToken` tokens issued.
    pub(super) location_tokens: u64,
}

/// Mixed into the seed so that codes and tokens do not follow the data's random stream.
const OAUTH_SALT: u64 = 0x0a07_5eed_0000_0003;

impl OAuth {
    pub(crate) fn new(app: OAuthApp, seed: u64) -> Self {
        Self {
            app,
            codes: HashMap::new(),
            refresh_tokens: HashMap::new(),
            access_tokens: HashMap::new(),
            rng: Rng::with_seed(seed ^ OAUTH_SALT),
            grants: 0,
            location_tokens: 0,
        }
    }

    /// `POST /oauth/token` calls, successful or not.
    pub(crate) fn grants(&self) -> u64 {
        self.grants
    }

    pub(crate) fn location_tokens(&self) -> u64 {
        self.location_tokens
    }

    /// Whom `token` speaks for, if this server issued it and it has not expired yet.
    pub(crate) fn grantee(&mut self, token: &str, now: Instant) -> Option<Grantee> {
        self.access_tokens.retain(|_, (expires, _)| *expires > now);
        self.access_tokens
            .get(token)
            .map(|(_, grantee)| grantee.clone())
    }

    /// Whether `token` is a live access token of `location_id`.
    pub(crate) fn accepts(&mut self, token: &str, now: Instant, location_id: &str) -> bool {
        self.grantee(token, now) == Some(Grantee::Location(location_id.to_owned()))
    }

    pub(super) fn knows_client(&self, client_id: Option<&str>) -> bool {
        client_id == Some(self.app.client_id.as_str())
    }

    pub(super) fn issue_code(&mut self, redirect_uri: &str) -> String {
        let code = ids::hex(&mut self.rng, 40);
        self.codes.insert(code.clone(), redirect_uri.to_owned());
        code
    }

    /// Spends a code; it must have been issued for the same redirect URI, if one is given.
    pub(super) fn redeem_code(&mut self, code: &str, redirect_uri: Option<&str>) -> bool {
        match self.codes.remove(code) {
            Some(issued_for) => redirect_uri.is_none_or(|uri| uri == issued_for),
            None => false,
        }
    }

    pub(super) fn issue_tokens(&mut self, now: Instant, grantee: Grantee) -> (String, String) {
        let access = self.issue_access(now, grantee.clone());
        let refresh = ids::sandbox_secret(&mut self.rng, "refresh");
        self.refresh_tokens.insert(refresh.clone(), grantee);
        (access, refresh)
    }

    /// An access token alone: what `POST /oauth/locationToken` hands out (no refresh token;
    /// the agency asks again).
    pub(super) fn issue_access(&mut self, now: Instant, grantee: Grantee) -> String {
        let access = ids::sandbox_secret(&mut self.rng, "oauth");
        self.access_tokens
            .insert(access.clone(), (now + self.app.access_token_ttl, grantee));
        access
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn oauth(ttl: Duration) -> OAuth {
        let app = OAuthApp {
            client_id: "client".into(),
            client_secret: "secret".into(),
            access_token_ttl: ttl,
        };
        OAuth::new(app, 1)
    }

    #[test]
    fn codes_are_single_use_and_bound_to_their_redirect() {
        let mut oauth = oauth(Duration::from_secs(60));
        let code = oauth.issue_code("http://127.0.0.1:9/callback");
        assert!(!oauth.redeem_code(&code, Some("http://127.0.0.1:9/other")));
        let code = oauth.issue_code("http://127.0.0.1:9/callback");
        assert!(oauth.redeem_code(&code, Some("http://127.0.0.1:9/callback")));
        assert!(!oauth.redeem_code(&code, None));
    }

    #[test]
    fn access_tokens_expire() {
        let mut oauth = oauth(Duration::from_secs(60));
        let now = Instant::now();
        let (access, refresh) = oauth.issue_tokens(now, Grantee::Location("a".into()));
        assert!(oauth.accepts(&access, now + Duration::from_secs(59), "a"));
        assert!(!oauth.accepts(&access, now + Duration::from_secs(59), "b"));
        assert!(!oauth.accepts(&access, now + Duration::from_secs(60), "a"));
        assert!(!oauth.accepts(&refresh, now, "a"));
        assert!(access.starts_with("sandbox-oauth-"));
        let agency = oauth.issue_access(now, Grantee::Company);
        assert_eq!(oauth.grantee(&agency, now), Some(Grantee::Company));
        assert!(!oauth.accepts(&agency, now, "a"));
    }
}
