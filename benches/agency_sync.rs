//! Twenty locations of one agency synced at once: the aggregate request rate against one
//! location's alone (HighLevel's limits are per location, so it should scale), the 429s,
//! and a click on one location while all twenty sync against the same click idle.
//! BENCHMARKS.md describes the method and records the numbers.
//! `cargo bench --bench agency_sync` (about three minutes).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/agency.rs"]
mod agency;
#[path = "../tests/support/clicks.rs"]
mod clicking;

use std::sync::Arc;
use std::time::{Duration, Instant};

use agency::grouped_agency;
use clicking::clicks;
use contact_desk::cache::{ContactFilter, ContactSort};
use contact_desk::sandbox::{Sandbox, SandboxConfig};
use contact_desk::session::Session;
use contact_desk::sync::{SyncEvents, SyncScope, Syncer};

const LOCATIONS: u32 = 20;
const CONTACTS: u32 = 300;
const LATENCY: Duration = Duration::from_millis(50);
/// How long each measured phase runs.
const WINDOW: Duration = Duration::from_secs(30);

struct Quiet;

impl SyncEvents for Quiet {}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(run());
}

async fn run() {
    let mut config = SandboxConfig::seeded(15);
    config.contacts = CONTACTS;
    config.businesses = 15;
    config.latency = LATENCY;
    config.locations = LOCATIONS;
    let sandbox = Sandbox::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sessions = connect_every_location(&sandbox, dir.path()).await;
    let syncers: Vec<Arc<Syncer>> = sessions.iter().map(|s| s.syncer().clone()).collect();

    // Every location's contacts mirrored first, so there are contacts to click.
    let mirrors = syncers.iter().map(|syncer| syncer.run(SyncScope::Contacts));
    for mirrored in futures_util::future::join_all(mirrors).await {
        mirrored.unwrap();
    }
    let ids = contact_ids(&syncers[0]);
    tokio::time::sleep(Duration::from_secs(10)).await;
    let limited_before = sandbox.rate_limited_count();

    // 1. Clicks on the first location, idle.
    let idle = Timings(clicks(&syncers[0], &ids[..20]).await);

    // 2. One location's deep sync alone.
    let alone = &sandbox.locations()[1].location_id;
    let before = sandbox.location_request_count(alone);
    let one = deep_for(&syncers[1..2], WINDOW).await;
    let one_rate = (sandbox.location_request_count(alone) - before) as f64 / one.as_secs_f64();
    tokio::time::sleep(Duration::from_secs(10)).await;

    // 3. All twenty at once, with the same clicks on the first location in the middle.
    let before = sandbox.request_count();
    let (all, busy) = deep_with_clicks(&syncers, &ids[20..40]).await;
    let all_rate = (sandbox.request_count() - before) as f64 / all.as_secs_f64();

    let limited = sandbox.rate_limited_count() - limited_before;
    println!(
        "one location's deep sync alone: {one_rate:.2} req/s; all {LOCATIONS} at once: {all_rate:.2} req/s = {:.1}× (goal ≥ 18×)",
        all_rate / one_rate
    );
    println!("429s received: {limited} (goal 0)");
    let (idle_p95, busy_p95) = (idle.percentile(0.95), busy.percentile(0.95));
    println!(
        "workspace load on one location (4 calls in parallel): p95 idle {:.1} ms, p95 while all {LOCATIONS} sync {:.1} ms = {:.2}× (goal ≤ 1.5×)",
        ms(idle_p95),
        ms(busy_p95),
        ms(busy_p95) / ms(idle_p95)
    );
    sandbox.shutdown().await;
}

/// A Private Integration Token profile per location, grouped into one agency, and a
/// session for each: its own client, so its own location's rate budget.
async fn connect_every_location(sandbox: &Sandbox, dir: &std::path::Path) -> Vec<Session> {
    let accounts = grouped_agency(sandbox, dir, "Bench agency").await;
    accounts
        .all_locations()
        .unwrap()
        .iter()
        .map(|profile| Session::open_profile(&accounts, &profile.id, Arc::new(Quiet)).unwrap())
        .collect()
}

fn contact_ids(syncer: &Syncer) -> Vec<String> {
    let now = jiff::Timestamp::now();
    let list = syncer
        .cache()
        .list_contacts(&ContactFilter::default(), ContactSort::Name, 0, 40, now)
        .unwrap();
    list.rows.into_iter().map(|row| row.id).collect()
}

/// Deep syncs of `syncers` at once (as `sync --all` runs them) for `window`, then
/// cancelled; the time they ran.
async fn deep_for(syncers: &[Arc<Syncer>], window: Duration) -> Duration {
    let all = syncers.to_vec();
    let runs = tokio::spawn(async move { Session::sync_all(&all, SyncScope::Deep).await });
    let started = Instant::now();
    tokio::time::sleep(window).await;
    let elapsed = started.elapsed();
    for syncer in syncers {
        syncer.cancel();
    }
    for report in runs.await.unwrap() {
        report.unwrap();
    }
    elapsed
}

async fn deep_with_clicks(syncers: &[Arc<Syncer>], ids: &[String]) -> (Duration, Timings) {
    let clicking = {
        let syncer = syncers[0].clone();
        let ids = ids.to_vec();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Timings(clicks(&syncer, &ids).await)
        })
    };
    let ran = deep_for(syncers, WINDOW).await;
    (ran, clicking.await.unwrap())
}

struct Timings(Vec<Duration>);

impl Timings {
    fn percentile(&self, p: f64) -> Duration {
        let index = ((self.0.len() as f64 - 1.0) * p).round() as usize;
        self.0[index]
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
