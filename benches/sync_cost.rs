//! What syncing costs in requests, counted by the sandbox; BENCHMARKS.md describes the
//! method and records the numbers.
//!
//!   cargo bench --bench sync_cost              10k and 100k contacts, then the floor run
//!   cargo bench --bench sync_cost -- 10k       one size (10k or 100k)
//!   cargo bench --bench sync_cost -- floor     the first mirror of 10k at the real limit
//!
//! The request counts do not depend on the machine; only the floor run is timed.
//! `BENCH_DAY_SYNCS` caps the simulated day (default all 96 syncs) and
//! `BENCH_FLOOR_SECONDS` the floor run (default 900 s), for engines too slow to finish.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/sandbox_client.rs"]
mod sandbox_client;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contact_desk::cache::{Cache, ChangeEvent, ChangeKind};
use contact_desk::highlevel::RateBudget;
use contact_desk::sandbox::{
    ChurnChange, ChurnKind, RateLimit, Sandbox, SandboxConfig, SandboxStats,
};
use contact_desk::sync::{ConnectivityMonitor, SyncEvents, SyncReport, SyncScope, Syncer};
use sandbox_client::sandbox_client;

/// A schedule of one sync every 15 minutes.
const SYNCS_PER_DAY: u32 = 96;
/// Changes a day, per 100 contacts.
const DAILY_CHURN_PERCENT: u32 = 1;
const TASKS_PER_CONTACT: u32 = 3;
/// Changes made at once before the freshness syncs: a few dozen of each task kind.
const FRESHNESS_CHANGES: usize = 400;
/// Syncs after those changes: what the first shows is fresh within one sync interval.
const FRESHNESS_SYNCS: usize = 4;
/// A limit no run reaches, so that counting runs at the machine's speed.
const UNLIMITED: RateLimit = RateLimit {
    max: 1_000_000,
    interval: Duration::from_secs(10),
};

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let runs = |name: &str| wanted.is_empty() || wanted.iter().any(|w| w == name);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for (name, contacts) in [("10k", 10_000), ("100k", 100_000)] {
        if runs(name) {
            runtime.block_on(costs(contacts)).print();
        }
    }
    if runs("floor") {
        runtime.block_on(first_mirror_at_the_real_limit(10_000));
    }
}

/// The one call into the sync engine: the run the app's scheduler makes every interval.
async fn scheduled_sync(syncer: &Syncer) -> SyncReport {
    syncer.run(SyncScope::Standard).await.expect("a sync run")
}

// ---------------------------------------------------------------- setting up

/// A sandbox of `contacts` with three tasks each, limited by `rate_limit`, and a syncer for
/// it whose budget follows the same limit.
struct Bench {
    sandbox: Sandbox,
    syncer: Arc<Syncer>,
    alerts: Arc<Alerts>,
    _dir: tempfile::TempDir,
}

impl Bench {
    async fn start(contacts: u32, rate_limit: RateLimit) -> Self {
        let mut config = SandboxConfig::seeded(12);
        config.contacts = contacts;
        config.businesses = contacts / 20;
        config.tasks_per_contact = Some(TASKS_PER_CONTACT);
        config.rate_limit = rate_limit;
        // HighLevel's 200,000 a day: the engine plans by the daily limit it is told.
        config.daily_limit = 200_000;
        let sandbox = Sandbox::start(config).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let cache = Arc::new(Cache::open(&dir.path().join("cache.sqlite")).unwrap());
        let budget = RateBudget::new(rate_limit.max, rate_limit.interval);
        let client = sandbox_client(&sandbox, budget, |_| {});
        let alerts = Arc::new(Alerts::default());
        let syncer = Syncer::new(
            client,
            cache,
            alerts.clone(),
            Arc::new(ConnectivityMonitor::default()),
        );
        Self {
            sandbox,
            syncer,
            alerts,
            _dir: dir,
        }
    }

    /// The requests the sandbox received while `work` ran, per endpoint.
    async fn requests<T>(&self, work: impl std::future::Future<Output = T>) -> (Requests, T) {
        let before = self.sandbox.stats();
        let output = work.await;
        (Requests::since(&before, &self.sandbox.stats()), output)
    }
}

/// Requests counted by the sandbox between two readings of its stats.
struct Requests(SandboxStats);

impl Requests {
    fn since(before: &SandboxStats, after: &SandboxStats) -> Self {
        let mut spent = after.clone();
        spent.total -= before.total;
        for (endpoint, count) in &mut spent.by_endpoint {
            *count -= before.of(endpoint);
        }
        spent.by_endpoint.retain(|_, count| *count > 0);
        Self(spent)
    }

    /// `30100 (GET /contacts/: 100, GET /contacts/:contactId/tasks: 10000, …)`
    fn describe(&self) -> String {
        let endpoints: Vec<String> = self
            .0
            .by_endpoint
            .iter()
            .map(|(endpoint, count)| format!("{endpoint}: {count}"))
            .collect();
        format!("{} ({})", self.0.total, endpoints.join(", "))
    }
}

/// The alerts a sync raised: the task changes it reported through [`SyncEvents::changes`].
#[derive(Default)]
struct Alerts(Mutex<Vec<ChangeEvent>>);

impl SyncEvents for Alerts {
    fn changes(&self, events: &[ChangeEvent], _watched: bool) {
        self.0.lock().unwrap().extend_from_slice(events);
    }
}

impl Alerts {
    fn take(&self) -> Vec<ChangeEvent> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

// ---------------------------------------------------------------- measuring

struct Costs {
    contacts: u32,
    first_mirror: Requests,
    first_mirror_time: Duration,
    unchanged: Requests,
    day: Day,
    freshness: Vec<Freshness>,
}

/// One simulated day of scheduled syncs.
struct Day {
    syncs: u32,
    changes: usize,
    requests: Requests,
    took: Duration,
}

/// How many changes of one kind the cache showed, and were alerted, after each of the
/// syncs that followed them.
struct Freshness {
    kind: ChurnKind,
    made: usize,
    cached: Vec<usize>,
    /// `None` for changes that raise no alert.
    alerted: Option<Vec<usize>>,
}

async fn costs(contacts: u32) -> Costs {
    let bench = Bench::start(contacts, UNLIMITED).await;
    let started = Instant::now();
    let (first_mirror, _) = bench.requests(scheduled_sync(&bench.syncer)).await;
    let first_mirror_time = started.elapsed();
    let (unchanged, _) = bench.requests(scheduled_sync(&bench.syncer)).await;
    let day = simulated_day(&bench, contacts).await;
    let freshness = freshness(&bench).await;
    bench.sandbox.shutdown().await;
    Costs {
        contacts,
        first_mirror,
        first_mirror_time,
        unchanged,
        day,
        freshness,
    }
}

/// Before each of the day's syncs, the sandbox makes that quarter hour's share of the day's
/// changes (the shares add up to exactly the day's).
async fn simulated_day(bench: &Bench, contacts: u32) -> Day {
    let daily_changes = (contacts * DAILY_CHURN_PERCENT / 100) as usize;
    let syncs = std::env::var("BENCH_DAY_SYNCS")
        .ok()
        .and_then(|syncs| syncs.parse().ok())
        .unwrap_or(SYNCS_PER_DAY)
        .min(SYNCS_PER_DAY);
    let share = |sync: u32| daily_changes * sync as usize / SYNCS_PER_DAY as usize;
    let mut changes = 0;
    let (started, before) = (Instant::now(), bench.sandbox.stats());
    for sync in 0..syncs {
        changes += bench.sandbox.churn(share(sync + 1) - share(sync)).len();
        scheduled_sync(&bench.syncer).await;
    }
    let requests = Requests::since(&before, &bench.sandbox.stats());
    bench.alerts.take();
    Day {
        syncs,
        changes,
        requests,
        took: started.elapsed(),
    }
}

/// Makes [`FRESHNESS_CHANGES`] changes, then syncs [`FRESHNESS_SYNCS`] times, checking
/// after each sync every change against the cache and the alerts raised since the changes.
/// Only the last change to a record counts (a task completed and then deleted shows as
/// deleted), and none to a contact deleted in the same batch.
async fn freshness(bench: &Bench) -> Vec<Freshness> {
    let churned_at = jiff::Timestamp::now();
    let changes = last_changes(bench.sandbox.churn(FRESHNESS_CHANGES));
    let mut rows: HashMap<ChurnKind, Freshness> = HashMap::new();
    for change in &changes {
        rows.entry(change.kind)
            .or_insert(Freshness {
                kind: change.kind,
                made: 0,
                cached: Vec::new(),
                alerted: alert_kind(change.kind).map(|_| Vec::new()),
            })
            .made += 1;
    }
    let mut alerts = Vec::new();
    for _ in 0..FRESHNESS_SYNCS {
        scheduled_sync(&bench.syncer).await;
        alerts.extend(bench.alerts.take());
        tally(
            &mut rows,
            &changes,
            bench.syncer.cache(),
            &alerts,
            churned_at,
        );
    }
    let mut rows: Vec<Freshness> = rows.into_values().collect();
    rows.sort_by_key(|row| format!("{:?}", row.kind));
    rows
}

/// Adds, to each kind's row, how many of its changes the cache and `alerts` show now.
fn tally(
    rows: &mut HashMap<ChurnKind, Freshness>,
    changes: &[ChurnChange],
    cache: &Cache,
    alerts: &[ChangeEvent],
    churned_at: jiff::Timestamp,
) {
    for row in rows.values_mut() {
        row.cached.push(0);
        if let Some(alerted) = &mut row.alerted {
            alerted.push(0);
        }
    }
    for change in changes {
        let row = rows.get_mut(&change.kind).expect("a row per kind");
        *row.cached.last_mut().unwrap() += usize::from(in_cache(cache, change, churned_at));
        if let (Some(alerted), Some(kind), Some(task_id)) =
            (&mut row.alerted, alert_kind(change.kind), &change.task_id)
        {
            let raised = alerts
                .iter()
                .any(|event| event.task_id == *task_id && event.kind == kind);
            *alerted.last_mut().unwrap() += usize::from(raised);
        }
    }
}

fn last_changes(changes: Vec<ChurnChange>) -> Vec<ChurnChange> {
    let deleted: HashSet<String> = changes
        .iter()
        .filter(|c| c.kind == ChurnKind::ContactDeleted)
        .map(|c| c.contact_id.clone())
        .collect();
    let mut last: HashMap<String, ChurnChange> = HashMap::new();
    for change in changes {
        let record = [&change.task_id, &change.note_id]
            .into_iter()
            .flatten()
            .next()
            .unwrap_or(&change.contact_id)
            .clone();
        let gone = deleted.contains(&change.contact_id);
        if !gone || change.kind == ChurnKind::ContactDeleted {
            last.insert(record, change);
        }
    }
    last.into_values().collect()
}

/// The alert a change should raise.
fn alert_kind(kind: ChurnKind) -> Option<ChangeKind> {
    match kind {
        ChurnKind::TaskCompleted => Some(ChangeKind::TaskCompleted),
        ChurnKind::TaskReopened => Some(ChangeKind::TaskReopened),
        ChurnKind::TaskCreated => Some(ChangeKind::TaskAdded),
        ChurnKind::TaskDeleted => Some(ChangeKind::TaskRemoved),
        _ => None,
    }
}

/// Whether the cache shows `change`.
fn in_cache(cache: &Cache, change: &ChurnChange, churned_at: jiff::Timestamp) -> bool {
    let contact = cache.contact(&change.contact_id).unwrap();
    let live = contact.as_ref().is_some_and(|c| !c.deleted);
    let tasks = || cache.details(&change.contact_id).unwrap().tasks;
    let task = || {
        tasks()
            .into_iter()
            .find(|task| Some(&task.id) == change.task_id.as_ref())
    };
    match change.kind {
        ChurnKind::ContactEdited => contact
            .and_then(|c| c.contact.date_updated)
            .is_some_and(|updated| updated.as_millisecond() >= churned_at.as_millisecond()),
        ChurnKind::ContactCreated => live,
        ChurnKind::ContactDeleted => !live,
        ChurnKind::TaskCompleted => task().is_some_and(|task| task.completed),
        ChurnKind::TaskReopened => task().is_some_and(|task| !task.completed),
        ChurnKind::TaskCreated => task().is_some(),
        ChurnKind::TaskDeleted => task().is_none(),
        ChurnKind::NoteAdded => cache
            .details(&change.contact_id)
            .unwrap()
            .notes
            .iter()
            .any(|note| Some(&note.id) == change.note_id.as_ref()),
    }
}

impl Costs {
    fn print(&self) {
        let day = &self.day;
        let per_day = match day.syncs {
            SYNCS_PER_DAY => day.requests.describe(),
            syncs => format!(
                "{} in the first {syncs} of {SYNCS_PER_DAY} syncs (capped)",
                day.requests.describe()
            ),
        };
        println!(
            "\n{} contacts, {TASKS_PER_CONTACT} tasks each ({} syncs a day, {DAILY_CHURN_PERCENT} % daily churn)",
            self.contacts, SYNCS_PER_DAY
        );
        println!("| What | Requests |");
        println!("|---|---|");
        println!(
            "| First mirror (took {:.0} s without a rate limit) | {} |",
            self.first_mirror_time.as_secs_f64(),
            self.first_mirror.describe()
        );
        println!(
            "| A sync with nothing changed | {} |",
            self.unchanged.describe()
        );
        println!(
            "| One day: {} changes, {} syncs (took {:.0} s) | {per_day} |",
            day.changes,
            day.syncs,
            day.took.as_secs_f64()
        );
        println!(
            "\nFreshness: {FRESHNESS_CHANGES} changes at once, then {FRESHNESS_SYNCS} syncs (counts after each)"
        );
        println!("| Change | Made | In the cache | Alerted |");
        println!("|---|---|---|---|");
        for row in &self.freshness {
            let alerted = row.alerted.as_deref().map_or("n/a".to_owned(), after_each);
            println!(
                "| {:?} | {} | {} | {alerted} |",
                row.kind,
                row.made,
                after_each(&row.cached)
            );
        }
    }
}

/// `0 / 30 / 77 / 77`: a count after each sync.
fn after_each(counts: &[usize]) -> String {
    let counts: Vec<String> = counts.iter().map(ToString::to_string).collect();
    counts.join(" / ")
}

/// The first mirror at HighLevel's real 100 / 10 s, against its floor: at most 10
/// requests a second, so `requests / 10` seconds. A run still going after
/// `BENCH_FLOOR_SECONDS` is stopped and its pace reported instead.
async fn first_mirror_at_the_real_limit(contacts: u32) {
    let cap = std::env::var("BENCH_FLOOR_SECONDS")
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .map_or(Duration::from_secs(900), Duration::from_secs);
    let bench = Bench::start(contacts, RateLimit::default()).await;
    let started = Instant::now();
    let run = {
        let syncer = bench.syncer.clone();
        tokio::spawn(async move { scheduled_sync(&syncer).await })
    };
    let finished = tokio::select! {
        report = run => Some(report.unwrap()),
        () = tokio::time::sleep(cap) => None,
    };
    let took = started.elapsed();
    if finished.is_none() {
        bench.syncer.cancel();
    }
    let requests = bench.sandbox.request_count();
    let floor = Duration::from_millis(100) * u32::try_from(requests).unwrap();
    match finished {
        Some(_) => println!(
            "\nfirst mirror of {contacts} at 100 / 10 s: {requests} requests in {:.1} s; floor {:.1} s; {:.2}× the floor; 429s: {}",
            took.as_secs_f64(),
            floor.as_secs_f64(),
            took.as_secs_f64() / floor.as_secs_f64(),
            bench.sandbox.rate_limited_count()
        ),
        None => println!(
            "\nfirst mirror of {contacts} at 100 / 10 s: stopped after {:.0} s with {requests} requests made ({:.2} a second, {:.0} % of the limit); 429s: {}",
            took.as_secs_f64(),
            requests as f64 / took.as_secs_f64(),
            requests as f64 / took.as_secs_f64() * 10.0,
            bench.sandbox.rate_limited_count()
        ),
    }
    bench.sandbox.shutdown().await;
}
