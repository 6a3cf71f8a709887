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
use state::{Agency, Shared};
use store::Store;

/// A running sandbox. Stop it with [`Sandbox::shutdown`].
pub struct Sandbox {
    /// The first location: what the single-location accessors below describe.
    shared: Arc<Shared>,
    agency: Arc<Agency>,
    server: JoinHandle<()>,
}

/// One location of a running sandbox, as a test or the CLI needs to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxLocation {
    pub location_id: String,
    pub name: String,
    pub token: String,
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
        let oauth = Arc::new(Mutex::new(OAuth::new(config.oauth.clone(), config.seed)));
        let company_id = ids::record_id(&mut Rng::with_seed(config.seed ^ RUNTIME_SALT));
        let shutdown = CancellationToken::new();
        let mut locations = Vec::new();
        for index in 0..config.locations {
            let location = config.location(index);
            let seeded = seed_location(&location, today_ms).await?;
            let churn = location.churn;
            let parts = SharedParts {
                address,
                oauth: oauth.clone(),
                shutdown: shutdown.clone(),
            };
            let shared = Arc::new(shared_state(location, parts, seeded));
            if let Some(churn) = churn {
                tokio::spawn(churn::run_in_background(shared.clone(), churn));
            }
            locations.push(shared);
        }
        let agency = Arc::new(Agency {
            app_id: app_id(&config.oauth.client_id),
            names: (1..=config.locations)
                .map(|n| format!("Sandbox location {n}"))
                .collect(),
            company_id,
            token: config.agency_token,
            locations,
            oauth,
        });
        let shared = agency.locations[0].clone();
        let app = routes::router(agency.clone());
        let stop = shutdown;
        let server = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(stop.cancelled_owned())
                .await;
            if let Err(error) = served {
                tracing::warn!(%error, "the sandbox stopped serving");
            }
        });
        tracing::info!(%address, locations = agency.locations.len(), "sandbox listening");
        Ok(Sandbox {
            shared,
            agency,
            server,
        })
    }

    /// Every location of the agency, the first (this sandbox's own) first.
    pub fn locations(&self) -> Vec<SandboxLocation> {
        self.agency
            .locations
            .iter()
            .zip(&self.agency.names)
            .map(|(shared, name)| SandboxLocation {
                location_id: shared.location_id.clone(),
                name: name.clone(),
                token: shared.token.clone(),
            })
            .collect()
    }

    /// The agency's own Private Integration Token (refused by the agency OAuth endpoints).
    pub fn agency_token(&self) -> &str {
        &self.agency.token
    }

    /// The agency (company) id HighLevel's OAuth answers name.
    pub fn company_id(&self) -> &str {
        &self.agency.company_id
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

    /// API requests received by every location, including those answered 401 or 429.
    pub fn request_count(&self) -> u64 {
        self.agency
            .locations
            .iter()
            .map(|shared| lock(&shared.stats).total)
            .sum()
    }

    /// API requests location `location_id` received (0 for a location it does not have).
    pub fn location_request_count(&self, location_id: &str) -> u64 {
        self.agency
            .location(location_id)
            .map_or(0, |shared| lock(&shared.stats).total)
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

    /// 429 responses sent, by every location.
    pub fn rate_limited_count(&self) -> u64 {
        self.agency
            .locations
            .iter()
            .map(|shared| lock(&shared.limiter).rejected())
            .sum()
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

    /// Location tokens `POST /oauth/locationToken` issued.
    pub fn location_token_grants(&self) -> u64 {
        lock(&self.agency.oauth).location_tokens()
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

/// What every location of one sandbox shares.
struct SharedParts {
    address: SocketAddr,
    oauth: Arc<Mutex<OAuth>>,
    shutdown: CancellationToken,
}

/// Seeding 100,000 contacts takes seconds: keep it off the async workers.
async fn seed_location(config: &SandboxConfig, today_ms: i64) -> io::Result<seed::Seeded> {
    let spec = SeedSpec {
        seed: config.seed,
        contacts: config.contacts as usize,
        businesses: config.businesses as usize,
        tasks_per_contact: config.tasks_per_contact.map(|tasks| tasks as usize),
        today_ms,
        location_id: config.location_id.clone(),
    };
    tokio::task::spawn_blocking(move || seed::generate(&spec))
        .await
        .map_err(io::Error::other)
}

/// HighLevel's client ids are the app's id, a dash and a suffix.
fn app_id(client_id: &str) -> String {
    client_id
        .split_once('-')
        .map_or(client_id, |(app, _)| app)
        .to_owned()
}

fn shared_state(config: SandboxConfig, parts: SharedParts, seeded: seed::Seeded) -> Shared {
    let mut runtime = Rng::with_seed(config.seed ^ RUNTIME_SALT);
    // The stream's first draw is the company id (the agency's, for the first location):
    // drawn here too, so the ids the store makes stay those it always made.
    ids::record_id(&mut runtime);
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
        base_url: format!("http://{}", parts.address),
        location_id: config.location_id,
        user_id,
        token: config.token,
        readonly_token: config.readonly_token,
        latency: config.latency,
        store: Mutex::new(store),
        churner: Mutex::new(churner),
        oauth: parts.oauth,
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
        shutdown: parts.shutdown,
    }
}

fn invalid_input(error: impl ToString) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, error.to_string())
}
