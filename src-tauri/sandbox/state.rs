//! What every request of one sandbox shares. Locks are plain mutexes held only between
//! awaits: no handler waits for anything while it holds one.

use std::sync::Mutex;
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
    /// The agency the location belongs to, as OAuth grants report it.
    pub company_id: String,
    /// The user who "installed" the OAuth app.
    pub user_id: String,
    pub token: String,
    pub readonly_token: Option<String>,
    pub latency: Duration,
    pub store: Mutex<Store>,
    /// Locked before `store` when both are.
    pub churner: Mutex<Churner>,
    pub oauth: Mutex<OAuth>,
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
