//! What every request of one sandbox shares. Locks are plain mutexes held only between
//! awaits: no handler waits for anything while it holds one.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::churn::Churner;
use super::error::ApiError;
use super::faults::FaultPlan;
use super::oauth::OAuth;
use super::rate_limit::RateLimiter;
use super::stats::SandboxStats;
use super::store::Store;

pub(crate) struct Shared {
    /// `http://127.0.0.1:PORT`, for the absolute `nextPageUrl`.
    pub base_url: String,
    pub location_id: String,
    /// The user who "installed" the OAuth app.
    pub user_id: String,
    pub token: String,
    pub readonly_token: Option<String>,
    pub latency: Duration,
    pub store: Mutex<Store>,
    /// Locked before `store` when both are.
    pub churner: Mutex<Churner>,
    /// One for every location of the sandbox: the agency's grants and each location's.
    pub oauth: Arc<Mutex<OAuth>>,
    pub limiter: Mutex<RateLimiter>,
    pub faults: Mutex<FaultPlan>,
    /// API requests received, admitted or not, per endpoint.
    pub stats: Mutex<SandboxStats>,
    /// Cancelled by shutdown; ends hanging (timed-out) requests too.
    pub shutdown: CancellationToken,
}

impl Shared {
    /// 403 unless `location_id` names this sandbox's location; a missing one is refused
    /// the same way, as HighLevel refuses it.
    pub(crate) fn check_location(&self, location_id: Option<&str>) -> Result<(), ApiError> {
        match location_id == Some(self.location_id.as_str()) {
            true => Ok(()),
            false => Err(ApiError::location()),
        }
    }
}

/// The agency above the sandbox's locations: its OAuth app, its own Private Integration
/// Token (which HighLevel's agency OAuth endpoints refuse) and every location, first one
/// first (the one a single-location sandbox is).
pub(crate) struct Agency {
    pub company_id: String,
    /// The Marketplace app's id: the client id up to its first `-`.
    pub app_id: String,
    pub token: String,
    pub locations: Vec<Arc<Shared>>,
    /// Each location's name, as `GET /oauth/installedLocations` lists it.
    pub names: Vec<String>,
    pub oauth: Arc<Mutex<OAuth>>,
}

impl Agency {
    pub(crate) fn location(&self, location_id: &str) -> Option<&Arc<Shared>> {
        self.locations
            .iter()
            .find(|shared| shared.location_id == location_id)
    }

    /// The location a static token (a location's Private Integration Token) belongs to.
    pub(crate) fn location_of_token(&self, token: &str) -> Option<&Arc<Shared>> {
        self.locations
            .iter()
            .find(|shared| shared.token == token || shared.readonly_token.as_deref() == Some(token))
    }
}
