//! A bulk tag of 1,000 contacts, and a task added to each of them, at HighLevel's real
//! rate limit (100 requests per 10 s), timed against the floor that limit sets; the
//! requests are counted by the sandbox. BENCHMARKS.md describes the method and records
//! the numbers. `cargo bench --bench bulk_tag` runs both (about two minutes: the tasks'
//! floor is 90 s).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mirrored.rs"]
mod mirrored;
#[path = "../tests/support/sandbox_client.rs"]
mod sandbox_client;

use std::sync::Arc;
use std::time::{Duration, Instant};

use contact_desk::cache::ContactRow;
use contact_desk::highlevel::{NewTask, RateBudget};
use contact_desk::jobs::{self, BulkAction, JobEvents, JobState};
use contact_desk::sandbox::{RateLimit, Sandbox, SandboxConfig};
use contact_desk::sync::Syncer;
use mirrored::{every_row, mirrored};

const CONTACTS: u32 = 1_000;
/// HighLevel's burst limit.
const LIMIT: RateLimit = RateLimit {
    max: 100,
    interval: Duration::from_secs(10),
};

struct Quiet;
impl JobEvents for Quiet {}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let bench = Bench::start().await;
        let tags = vec!["bench-bulk".to_owned()];
        bench
            .measure("bulk tag", BulkAction::AddTags { tags })
            .await;
        let task = NewTask {
            title: "Bench follow-up".into(),
            body: None,
            due_date: "2026-12-24T10:00:00Z".parse().unwrap(),
            completed: false,
            assigned_to: None,
        };
        bench
            .measure("a task each", BulkAction::AddTask { task })
            .await;
    });
}

/// A sandbox of 1,000 contacts at the real limit, mirrored into a fresh cache by a client
/// whose budget follows the same limit (as the app's does).
struct Bench {
    sandbox: Sandbox,
    syncer: Arc<Syncer>,
    rows: Vec<ContactRow>,
    _dir: tempfile::TempDir,
}

impl Bench {
    async fn start() -> Self {
        let mut config = SandboxConfig::seeded(5);
        config.contacts = CONTACTS;
        config.businesses = CONTACTS / 20;
        config.rate_limit = LIMIT;
        let sandbox = Sandbox::start(config).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let syncer = mirrored(&sandbox, RateBudget::highlevel_default(), dir.path()).await;
        let rows = every_row(&syncer);
        assert_eq!(rows.len(), CONTACTS as usize);
        // The mirror's requests leave the window before the timed part starts.
        tokio::time::sleep(LIMIT.interval).await;
        Self {
            sandbox,
            syncer,
            rows,
            _dir: dir,
        }
    }

    /// Runs `action` on every contact as the worker would, and prints its requests and
    /// time against the floor.
    async fn measure(&self, name: &str, action: BulkAction) {
        let job = jobs::plan_job(&action, &self.rows);
        let before = self.sandbox.stats();
        let started = Instant::now();
        let id = jobs::create(self.syncer.cache(), &job).unwrap();
        jobs::run_waiting(self.syncer.clone(), Arc::new(Quiet))
            .await
            .unwrap();
        let elapsed = started.elapsed();
        let summary = jobs::summary(self.syncer.cache(), id).unwrap().unwrap();
        assert_eq!(summary.state, JobState::Done);
        let after = self.sandbox.stats();
        let requests = after.total - before.total;
        let floor = floor(requests);
        let ratio = match floor.is_zero() {
            true => "floor 0 s".to_owned(),
            false => format!(
                "{:.2}x the floor of {:.1} s",
                elapsed.as_secs_f64() / floor.as_secs_f64(),
                floor.as_secs_f64()
            ),
        };
        println!(
            "{name} of {CONTACTS}: {requests} requests ({} items) in {:.1} s, {ratio}; {} rate limited",
            job.writes.len(),
            elapsed.as_secs_f64(),
            self.sandbox.rate_limited_count(),
        );
    }
}

/// The least time R requests can take at 100 per 10 s starting in an empty window: the
/// last window's requests go at once, so ⌈R / 100⌉ windows less one.
fn floor(requests: u64) -> Duration {
    let windows = requests.div_ceil(u64::from(LIMIT.max));
    LIMIT.interval * u32::try_from(windows.saturating_sub(1)).unwrap()
}
