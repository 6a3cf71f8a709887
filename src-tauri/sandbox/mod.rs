//! A faithful local HighLevel Contacts API: the same paths, status codes and bodies
//! (quirks included), bearer-token and OAuth auth, the `Version` header, location access,
//! rate limits with the real headers and 429s, deterministic seeded data, and latency and
//! faults on demand. It is the demo, the end-to-end fixture and the sync bench.
//! It listens on 127.0.0.1 only.

mod body;
mod churn;
mod config;
mod dates;
mod enrollments;
mod error;
mod faults;
mod ids;
mod input;
mod lag;
mod model;
mod oauth;
mod phone;
mod pipeline;
mod rate_limit;
mod routes;
mod search;
mod seed;
mod state;
mod stats;
mod store;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fastrand::Rng;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use churn::{Churn, ChurnChange, ChurnKind};
pub use config::{OAuthApp, RateLimit, SandboxConfig};
pub use enrollments::{CAMPAIGN_IDS, WORKFLOW_IDS};
pub use faults::FaultKind;
pub use stats::SandboxStats;

use crate::locks::lock;
use churn::Churner;
use faults::FaultPlan;
use oauth::OAuth;
use rate_limit::RateLimiter;
use seed::SeedSpec;
use state::Shared;
use store::Store;

/// A running sandbox. Stop it with [`Sandbox::shutdown`].
pub struct Sandbox {
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

/// Mixed into the seed for ids and company of things not seeded as data.
const RUNTIME_SALT: u64 = 0x0e11_5eed_0000_0004;

/// How long shutdown waits for open requests to finish before it stops serving anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

impl Sandbox {
    /// Seeds the data and starts serving on `127.0.0.1:{config.port}`.
    pub async fn start(config: SandboxConfig) -> io::Result<Sandbox> {
        config.check().map_err(invalid_input)?;
        let today_ms = dates::start_of_day_ms(config.today).map_err(invalid_input)?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .await
            .map_err(|error| {
                let context = format!("cannot listen on 127.0.0.1:{}: {error}", config.port);
                io::Error::new(error.kind(), context)
            })?;
        let address = listener.local_addr()?;
        let spec = SeedSpec {
            seed: config.seed,
            contacts: config.contacts as usize,
            businesses: config.businesses as usize,
            tasks_per_contact: config.tasks_per_contact.map(|tasks| tasks as usize),
            today_ms,
            location_id: config.location_id.clone(),
        };
        // Seeding 100,000 contacts takes seconds: keep it off the async workers.
        let seeded = tokio::task::spawn_blocking(move || seed::generate(&spec))
            .await
            .map_err(io::Error::other)?;
        let churn = config.churn;
        let shared = Arc::new(shared_state(config, address, seeded));
        if let Some(churn) = churn {
            tokio::spawn(churn::run_in_background(shared.clone(), churn));
        }
        let app = routes::router(shared.clone());
        let stop = shared.shutdown.clone();
        let server = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(stop.cancelled_owned())
                .await;
            if let Err(error) = served {
                tracing::warn!(%error, "the sandbox stopped serving");
            }
        });
        tracing::info!(%address, "sandbox listening");
        Ok(Sandbox { shared, server })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    pub fn token(&self) -> &str {
        &self.shared.token
    }

    pub fn location_id(&self) -> &str {
        &self.shared.location_id
    }

    /// The next `count` API requests that get past auth, the rate limit and the header checks
    /// fail with `kind`, whatever the fault rate.
    pub fn inject_faults(&self, kind: FaultKind, count: u32) {
        lock(&self.shared.faults).inject(kind, count);
    }

    /// API requests received, including those answered 401 or 429.
    pub fn request_count(&self) -> u64 {
        lock(&self.shared.stats).total
    }

    /// API requests received per endpoint (what `GET /__sandbox/stats` answers).
    pub fn stats(&self) -> SandboxStats {
        lock(&self.shared.stats).clone()
    }

    /// The most authenticated API requests that arrived within one rate-limit interval,
    /// rejected ones included: a client that paces itself keeps this at or under the limit.
    pub fn max_requests_in_window(&self) -> u32 {
        lock(&self.shared.limiter).max_in_window()
    }

    /// 429 responses sent.
    pub fn rate_limited_count(&self) -> u64 {
        lock(&self.shared.limiter).rejected()
    }

    /// Makes `count` changes at once, mixed as the background churn mixes them, and says
    /// what each changed, so a client can be checked for having seen each.
    pub fn churn(&self, count: usize) -> Vec<ChurnChange> {
        self.shared.churn(count)
    }

    /// Changes churn has made, in the background and through [`Sandbox::churn`].
    pub fn churned(&self) -> u64 {
        lock(&self.shared.churner).applied()
    }

    /// `POST /oauth/token` calls, successful or not.
    pub fn token_grants(&self) -> u64 {
        lock(&self.shared.oauth).grants()
    }

    /// Stops accepting connections, ends hanging requests and waits briefly for the rest.
    pub async fn shutdown(self) {
        self.shared.shutdown.cancel();
        let abort = self.server.abort_handle();
        if tokio::time::timeout(SHUTDOWN_GRACE, self.server)
            .await
            .is_err()
        {
            abort.abort();
        }
    }
}

fn shared_state(config: SandboxConfig, address: SocketAddr, seeded: seed::Seeded) -> Shared {
    let mut runtime = Rng::with_seed(config.seed ^ RUNTIME_SALT);
    let company_id = ids::record_id(&mut runtime);
    let user_id = seeded
        .users
        .first()
        .map(|user| user.id.clone())
        .unwrap_or_default();
    let churner = Churner::new(config.seed, user_id.clone());
    let store = Store::new(
        config.location_id.clone(),
        seeded,
        runtime,
        config.search_lag,
    );
    Shared {
        base_url: format!("http://{address}"),
        location_id: config.location_id,
        company_id,
        user_id,
        token: config.token,
        readonly_token: config.readonly_token,
        latency: config.latency,
        store: Mutex::new(store),
        churner: Mutex::new(churner),
        oauth: Mutex::new(OAuth::new(config.oauth, config.seed)),
        limiter: Mutex::new(RateLimiter::new(
            config.rate_limit,
            config.daily_limit,
            dates::today_utc(),
        )),
        faults: Mutex::new(FaultPlan::new(
            config.seed,
            config.fault_rate,
            config.fault_kinds,
        )),
        stats: Mutex::default(),
        shutdown: CancellationToken::new(),
    }
}

fn invalid_input(error: impl ToString) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, error.to_string())
}
