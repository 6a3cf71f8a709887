//! What a sandbox serves and how it misbehaves.

use std::str::FromStr;
use std::time::Duration;

use fastrand::Rng;

use super::churn::Churn;
use super::dates;
use super::faults::FaultKind;
use super::ids;

/// Everything [`super::Sandbox::start`] needs. Start from [`SandboxConfig::demo`] and change
/// what a test or benchmark cares about.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// 0 picks a free port.
    pub port: u16,
    /// Every scope: `contacts.readonly contacts.write locations/tasks.readonly
    /// calendars.readonly calendars/events.readonly users.readonly
    /// locations/customFields.readonly businesses.readonly`.
    pub token: String,
    /// A second token with only `contacts.readonly`: its writes, task searches, calendar
    /// reads and the users, custom fields and businesses lists get HighLevel's 401 scope
    /// answer.
    pub readonly_token: Option<String>,
    pub location_id: String,
    pub seed: u64,
    pub contacts: u32,
    pub businesses: u32,
    /// Every contact gets exactly this many tasks instead of the seed's 0 to 6, so that
    /// benchmarks know how many there are.
    pub tasks_per_contact: Option<u32>,
    /// Anchors every seeded date (overdue tasks, upcoming appointments, `dateAdded`…).
    pub today: jiff::civil::Date,
    /// Added to every API response.
    pub latency: Duration,
    /// How long a contact's creation, change or deletion takes to show in
    /// `POST /contacts/search` (HighLevel's search index lags its writes by seconds).
    pub search_lag: Duration,
    pub rate_limit: RateLimit,
    pub daily_limit: u32,
    /// Chance (0.0..=1.0) that an API request fails with one of `fault_kinds`.
    pub fault_rate: f64,
    pub fault_kinds: Vec<FaultKind>,
    pub oauth: OAuthApp,
    /// Changes made in the background, as people working in HighLevel make them.
    pub churn: Option<Churn>,
    /// How many locations (sub-accounts) the agency has. The first is the one the fields
    /// above name; each other is seeded like it from its own seed (see
    /// [`SandboxConfig::location`]), with its own data, tokens and rate limit.
    pub locations: u32,
    /// The agency's own Private Integration Token: the agency OAuth endpoints refuse it.
    pub agency_token: String,
}

/// HighLevel's burst limit: `max` requests per sliding `interval`, per location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub interval: Duration,
}

/// The Marketplace app the sandbox's OAuth endpoints know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthApp {
    pub client_id: String,
    pub client_secret: String,
    pub access_token_ttl: Duration,
}

/// Mixed into the seed so that credentials do not follow the same random stream as the data.
const CREDENTIALS_SALT: u64 = 0x5eed_c4ed_0000_0001;

impl SandboxConfig {
    /// The demo: seed 7, 250 contacts in 12 businesses, dated around today, the
    /// real 100 / 10 s limit, no latency and no faults.
    pub fn demo() -> Self {
        Self::seeded(7)
    }

    /// [`SandboxConfig::demo`] with another seed; the token, read-only token, location and
    /// OAuth app are derived from the seed too, so the same seed gives the same credentials.
    pub fn seeded(seed: u64) -> Self {
        let mut rng = Rng::with_seed(seed ^ CREDENTIALS_SALT);
        Self {
            port: 0,
            token: ids::sandbox_secret(&mut rng, "token"),
            readonly_token: Some(ids::sandbox_secret(&mut rng, "readonly")),
            location_id: ids::record_id(&mut rng),
            seed,
            contacts: 250,
            businesses: 12,
            tasks_per_contact: None,
            today: dates::today_utc(),
            latency: Duration::ZERO,
            search_lag: Duration::ZERO,
            rate_limit: RateLimit::default(),
            daily_limit: 200_000,
            fault_rate: 0.0,
            fault_kinds: FaultKind::ALL.to_vec(),
            oauth: OAuthApp {
                client_id: format!("{}-sandbox", ids::hex(&mut rng, 24)),
                client_secret: ids::sandbox_secret(&mut rng, "secret"),
                access_token_ttl: Duration::from_secs(86_399),
            },
            churn: None,
            locations: 1,
            agency_token: ids::sandbox_secret(&mut rng, "agency"),
        }
    }

    /// Location `index` of the agency: the first is this config; the others take their
    /// token, read-only token, location id and data from seed + index, everything else
    /// from this config.
    pub fn location(&self, index: u32) -> SandboxConfig {
        if index == 0 {
            return self.clone();
        }
        let derived = Self::seeded(self.seed.wrapping_add(u64::from(index)));
        SandboxConfig {
            token: derived.token,
            readonly_token: derived.readonly_token,
            location_id: derived.location_id,
            seed: derived.seed,
            ..self.clone()
        }
    }

    /// Rejects settings the sandbox cannot honour, before anything binds.
    pub(crate) fn check(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.fault_rate) {
            return Err(format!(
                "fault rate {} is not between 0 and 1",
                self.fault_rate
            ));
        }
        if self.rate_limit.max == 0 || self.rate_limit.interval.is_zero() {
            return Err("the rate limit must allow at least one request per interval".into());
        }
        if self.locations == 0 {
            return Err("the agency needs at least one location".into());
        }
        if self.token.is_empty() || self.location_id.is_empty() {
            return Err("the token and the location id must not be empty".into());
        }
        Ok(())
    }
}

impl Default for RateLimit {
    fn default() -> Self {
        Self {
            max: 100,
            interval: Duration::from_secs(10),
        }
    }
}

impl FromStr for RateLimit {
    type Err = String;

    /// `100/10s` or `5/500ms`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || {
            format!("invalid rate limit {text:?}: expected <max>/<n>s or <max>/<n>ms, e.g. 100/10s")
        };
        let (max, interval) = text.split_once('/').ok_or_else(invalid)?;
        let max: u32 = max.trim().parse().map_err(|_| invalid())?;
        let interval = interval.trim();
        let interval = match interval.strip_suffix("ms") {
            Some(ms) => Duration::from_millis(ms.parse().map_err(|_| invalid())?),
            None => {
                let seconds = interval.strip_suffix('s').ok_or_else(invalid)?;
                Duration::from_secs(seconds.parse().map_err(|_| invalid())?)
            }
        };
        if max == 0 || interval.is_zero() {
            return Err(format!(
                "invalid rate limit {text:?}: the maximum and the interval must be positive"
            ));
        }
        Ok(Self { max, interval })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits_parse_seconds_and_milliseconds() {
        assert_eq!("100/10s".parse(), Ok(RateLimit::default()));
        assert_eq!(
            " 5 / 250ms ".parse(),
            Ok(RateLimit {
                max: 5,
                interval: Duration::from_millis(250)
            })
        );
    }

    #[test]
    fn bad_rate_limits_say_what_is_expected() {
        for text in [
            "100", "100/10", "x/10s", "100/10m", "0/1s", "5/0ms", "-1/1s",
        ] {
            let error = text.parse::<RateLimit>().unwrap_err();
            assert!(error.contains(&format!("{text:?}")), "{error}");
        }
        assert!("100/10"
            .parse::<RateLimit>()
            .unwrap_err()
            .contains("expected <max>/<n>s or <max>/<n>ms"));
    }

    #[test]
    fn credentials_follow_the_seed_and_look_nothing_like_real_tokens() {
        let a = SandboxConfig::seeded(42);
        let b = SandboxConfig::seeded(42);
        assert_eq!((&a.token, &a.location_id), (&b.token, &b.location_id));
        assert_eq!(a.oauth, b.oauth);
        assert_ne!(a.token, SandboxConfig::seeded(43).token);
        assert!(a.token.starts_with("sandbox-"));
        assert_ne!(Some(&a.token), a.readonly_token.as_ref());
        assert_eq!(a.location_id.len(), 20);
    }

    #[test]
    fn every_location_has_its_own_credentials_and_data() {
        let agency = SandboxConfig::seeded(42);
        assert_eq!(agency.location(0).token, agency.token);
        let second = agency.location(1);
        assert_ne!(second.token, agency.token);
        assert_ne!(second.location_id, agency.location_id);
        assert_ne!(second.seed, agency.seed);
        assert_eq!(second.contacts, agency.contacts);
        assert_eq!(second.oauth, agency.oauth);
    }

    #[test]
    fn impossible_settings_are_refused() {
        let mut config = SandboxConfig::demo();
        assert_eq!(config.check(), Ok(()));
        config.fault_rate = 1.5;
        assert!(config.check().unwrap_err().contains("fault rate"));
    }
}
