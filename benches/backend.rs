//! Backend benchmarks; BENCHMARKS.md describes the method and records the numbers.
//!
//!   cargo bench --bench backend -- cache     reads from a cache of 100,000 contacts
//!   cargo bench --bench backend -- reports   roll-up and CSV of 100,000 contacts
//!   cargo bench --bench backend -- sync      listing, deep sync pace, clicks during a sync
//!   cargo bench --bench backend -- locations "All locations" over 20 caches, 1,000,000 contacts
//!
//! Wall-clock numbers on a shared 2-core machine are noisy: each figure is a percentile
//! over many repetitions, and the sync figures are ratios measured in the same run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/clicks.rs"]
mod clicking;
#[path = "../tests/support/sandbox_client.rs"]
mod sandbox_client;

use std::sync::Arc;
use std::time::{Duration, Instant};

use contact_desk::cache::{Cache, ContactFilter, ContactSort, Details, NamePosition};
use contact_desk::highlevel::{Contact, RateBudget};
use contact_desk::locations::{AllLocations, ListPosition, Location, LocationCache};
use contact_desk::reports::{self, CsvOptions, ReportFilter};
use contact_desk::sandbox::{Sandbox, SandboxConfig};
use contact_desk::sync::{ConnectivityMonitor, SyncEvents, SyncScope, Syncer};
use sandbox_client::sandbox_client;
use serde_json::json;

fn main() {
    let suites: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let wanted = |name: &str| suites.is_empty() || suites.iter().any(|s| s == name);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    println!(
        "machine: {} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::env::consts::ARCH
    );
    if wanted("cache") || wanted("reports") {
        // BENCH_CACHE keeps the 100,000-contact cache between runs (it takes a minute to build).
        let dir = tempfile::tempdir().unwrap();
        let path = std::env::var_os("BENCH_CACHE")
            .map_or_else(|| dir.path().join("cache.sqlite"), Into::into);
        let cache = match path.exists() {
            true => Cache::open(&path).unwrap(),
            false => build_cache(&path, 100_000, 5_000, 3),
        };
        if wanted("cache") {
            cache_reads(&cache);
        }
        if wanted("reports") {
            report_runs(&cache);
        }
    }
    if wanted("sync") {
        runtime.block_on(sync_runs());
    }
    if wanted("locations") {
        all_locations_runs();
    }
}

// ---------------------------------------------------------------- data

const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Katherine",
    "Linus",
    "Margaret",
    "Dennis",
    "Frances",
    "Tim",
    "Radia",
    "Ken",
    "Hedy",
    "John",
    "Sophie",
    "Yukihiro",
    "Anita",
    "Guido",
    "Niklaus",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Johnson",
    "Torvalds",
    "Hamilton",
    "Ritchie",
    "Allen",
    "Berners-Lee",
    "Perlman",
    "Thompson",
    "Lamarr",
    "McCarthy",
    "Wilson",
    "Matsumoto",
    "Borg",
    "van Rossum",
    "Wirth",
];
const TAGS: &[&str] = &[
    "vip",
    "lead",
    "newsletter",
    "churn-risk",
    "referral",
    "event:summit",
    "trial",
    "upsell",
    "partner",
    "cold",
];

/// A cache shaped like a busy agency's: `contacts` in `businesses`, `tasks_each` tasks
/// per contact (a third overdue, a third completed), a note and an appointment each.
fn build_cache(path: &std::path::Path, contacts: u32, businesses: u32, tasks_each: u32) -> Cache {
    let cache = Cache::open(path).unwrap();
    fill_cache(&cache, contacts, businesses, tasks_each);
    cache
}

/// Writes `build_cache`'s contacts and details into `cache`, as a sync would.
fn fill_cache(cache: &Cache, contacts: u32, businesses: u32, tasks_each: u32) -> Duration {
    let started = Instant::now();
    let mut rng = fastrand::Rng::with_seed(42);
    let now = jiff::Timestamp::now();
    let now_ms = now.as_millisecond();
    let mut batch = Vec::with_capacity(1_000);
    for n in 0..contacts {
        let first = FIRST[rng.usize(..FIRST.len())];
        let last = LAST[rng.usize(..LAST.len())];
        let business = n % (businesses + businesses / 10);
        let mut value = json!({
            "id": format!("c{n:07}"),
            "firstName": first,
            "lastName": last,
            "email": format!("{}.{}{n}@example.com", first.to_lowercase(), last.to_lowercase().replace(' ', "")),
            "phone": format!("+1555{:07}", rng.u32(..10_000_000)),
            "companyName": format!("Company {business}"),
            "assignedTo": format!("user{}", rng.u32(..8)),
            "tags": [TAGS[rng.usize(..TAGS.len())], TAGS[rng.usize(..TAGS.len())]],
            "dateAdded": jiff::Timestamp::from_millisecond(now_ms - rng.i64(0..63_072_000_000)).unwrap().to_string(),
        });
        if business < businesses {
            value["businessId"] = json!(format!("b{business:05}"));
        }
        batch.push(serde_json::from_value::<Contact>(value).unwrap());
        if batch.len() == 1_000 {
            cache.upsert_contacts(&batch, None, now).unwrap();
            batch.clear();
        }
    }
    cache.upsert_contacts(&batch, None, now).unwrap();
    cache.refresh_businesses().unwrap();
    for n in 0..contacts {
        let id = format!("c{n:07}");
        let tasks = (0..tasks_each)
            .map(|t| {
                let due = now_ms + rng.i64(-30..30) * 86_400_000;
                serde_json::from_value(json!({"id": format!("{id}-t{t}"), "title": "Follow up",
                    "dueDate": jiff::Timestamp::from_millisecond(due).unwrap().to_string(), "completed": t == 2}))
                .unwrap()
            })
            .collect();
        let details = Details {
            tasks,
            notes: vec![serde_json::from_value(
                json!({"id": format!("{id}-n"), "body": "Called, left a message.",
                "dateAdded": now.to_string()}),
            )
            .unwrap()],
            appointments: vec![serde_json::from_value(
                json!({"id": format!("{id}-a"), "title": "Review",
                "startTime": "2026-12-01 10:00:00", "appointmentStatus": "confirmed"}),
            )
            .unwrap()],
            synced_at: None,
        };
        cache.store_details(&id, &details, &[], now).unwrap();
    }
    println!(
        "built a cache of {contacts} contacts, {businesses} businesses, {} tasks in {:.1} s",
        contacts * tasks_each,
        started.elapsed().as_secs_f64()
    );
    started.elapsed()
}

// ---------------------------------------------------------------- measuring

struct Timings(Vec<Duration>);

impl Timings {
    fn run(repeats: usize, mut work: impl FnMut(usize)) -> Self {
        let mut timings = Vec::with_capacity(repeats);
        for n in 0..repeats {
            let started = Instant::now();
            work(n);
            timings.push(started.elapsed());
        }
        timings.sort();
        Self(timings)
    }

    fn percentile(&self, p: f64) -> Duration {
        let index = ((self.0.len() as f64 - 1.0) * p).round() as usize;
        self.0[index]
    }

    fn report(&self, what: &str, goal: Option<Duration>) {
        let p95 = self.percentile(0.95);
        let verdict = goal.map_or(String::new(), |goal| {
            format!(
                " (goal ≤ {} ms: {})",
                goal.as_millis(),
                if p95 <= goal { "met" } else { "MISSED" }
            )
        });
        println!(
            "{what}: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over {} runs{verdict}",
            ms(self.percentile(0.5)),
            ms(p95),
            ms(*self.0.last().unwrap()),
            self.0.len()
        );
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

// ---------------------------------------------------------------- suites

/// Common and rare words, whole and partial, as people search.
const SEARCH_TERMS: [&str; 10] = [
    "lovelace",
    "grace hop",
    "555123",
    "company 42",
    "churn",
    "ada",
    "van ross",
    "@example.com",
    "edsger dij",
    "user3",
];

fn cache_reads(cache: &Cache) {
    let now = jiff::Timestamp::now();
    let mut rng = fastrand::Rng::with_seed(7);
    Timings::run(2_000, |_| {
        let id = format!("c{:07}", rng.u32(..100_000));
        let contact = cache.contact(&id).unwrap().unwrap();
        let details = cache.details(&id).unwrap();
        assert!(!contact.deleted && details.tasks.len() == 3);
    })
    .report(
        "open a cached workspace (contact + tasks + notes + appointments)",
        Some(Duration::from_millis(5)),
    );

    let terms = SEARCH_TERMS;
    Timings::run(500, |n| {
        let filter = ContactFilter {
            search: Some(terms[n % terms.len()].to_owned()),
            ..ContactFilter::default()
        };
        cache
            .list_contacts(&filter, ContactSort::Name, 0, 100, now)
            .unwrap();
    })
    .report(
        "search (first 100 matches by name, with the total)",
        Some(Duration::from_millis(20)),
    );
    for term in terms {
        let filter = ContactFilter {
            search: Some(term.to_owned()),
            ..ContactFilter::default()
        };
        let mut total = 0;
        let timings = Timings::run(20, |_| {
            total = cache
                .list_contacts(&filter, ContactSort::Name, 0, 100, now)
                .unwrap()
                .total
                .unwrap_or_default();
        });
        println!(
            "  {term:>14}: p50 {:.2} ms, {total} matches",
            ms(timings.percentile(0.5))
        );
    }

    Timings::run(500, |n| {
        let sort = if n % 2 == 0 {
            ContactSort::Newest
        } else {
            ContactSort::Name
        };
        let offset = rng.u32(..99_900);
        cache
            .list_contacts(&ContactFilter::default(), sort, offset, 100, now)
            .unwrap();
    })
    .report(
        "a page of 100 rows of the contact list at a random offset, with the total",
        Some(Duration::from_millis(10)),
    );
}

fn report_runs(cache: &Cache) {
    let now = jiff::Timestamp::now();
    let filter = ReportFilter::default();
    Timings::run(15, |_| {
        let rollup = reports::rollup(cache, &filter, now).unwrap();
        assert!(rollup.rows.len() > 5_000);
    })
    .report(
        "full roll-up of 5,000 businesses (+ the loose contacts)",
        Some(Duration::from_millis(200)),
    );
    let rollup = reports::rollup(cache, &filter, now).unwrap();
    Timings::run(15, |_| {
        let mut out = Vec::with_capacity(1 << 20);
        reports::write_rollup_csv(
            &reports::rollup(cache, &filter, now).unwrap(),
            &mut out,
            CsvOptions::default(),
        )
        .unwrap();
        assert!(out.len() > 100_000);
    })
    .report("roll-up + its CSV export", Some(Duration::from_millis(500)));
    println!(
        "  (the roll-up has {} rows; {} contacts without details)",
        rollup.rows.len(),
        rollup.completeness.unsynced
    );
}

struct Quiet;

impl SyncEvents for Quiet {}

const LATENCY: Duration = Duration::from_millis(50);

async fn sync_runs() {
    let mut config = SandboxConfig::seeded(5);
    config.contacts = 10_000;
    config.businesses = 500;
    config.latency = LATENCY;
    let sandbox = Sandbox::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cache = Arc::new(Cache::open(&dir.path().join("cache.sqlite")).unwrap());
    let client = sandbox_client(&sandbox, RateBudget::highlevel_default(), |_| {});
    let syncer = Syncer::new(
        client,
        cache.clone(),
        Arc::new(Quiet),
        Arc::new(ConnectivityMonitor::default()),
    );

    // 1. Listing 10,000 contacts, 100 per page.
    let started = Instant::now();
    let report = syncer.run(SyncScope::Contacts).await.unwrap();
    let took = started.elapsed();
    let pages = report.requests;
    let latency_floor = LATENCY * pages;
    let rate_floor = Duration::from_millis(100) * pages.saturating_sub(1);
    println!(
        "listing {} contacts in {pages} pages: {:.2} s; floors: latency {:.2} s (pages × 50 ms), rate limit {:.2} s (background paced at 100 per 10 s); {:.2}× the higher floor",
        report.contacts_listed, took.as_secs_f64(), latency_floor.as_secs_f64(), rate_floor.as_secs_f64(),
        took.as_secs_f64() / latency_floor.max(rate_floor).as_secs_f64()
    );

    // 2. Clicks while idle: open 20 contacts one after another, a second apart.
    let ids: Vec<String> = cache
        .list_contacts(
            &ContactFilter::default(),
            ContactSort::Name,
            0,
            200,
            jiff::Timestamp::now(),
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect();
    let idle = clicks(&syncer, &ids[..20]).await;
    idle.report("workspace load (4 calls in parallel), idle client", None);

    // 3. Deep sync for 60 s, with the same clicks in its middle.
    let before_requests = sandbox.request_count();
    let before_limited = sandbox.rate_limited_count();
    let deep = {
        let syncer = syncer.clone();
        tokio::spawn(async move { syncer.run(SyncScope::Deep).await })
    };
    let window_start = Instant::now();
    tokio::time::sleep(Duration::from_secs(20)).await;
    let busy = clicks(&syncer, &ids[20..40]).await;
    tokio::time::sleep(Duration::from_secs(60).saturating_sub(window_start.elapsed())).await;
    let elapsed = window_start.elapsed();
    let requests = sandbox.request_count() - before_requests;
    syncer.cancel();
    deep.await.unwrap().unwrap();
    busy.report(
        "workspace load (4 calls in parallel) during a deep sync",
        None,
    );
    let ratio = ms(busy.percentile(0.95)) / ms(idle.percentile(0.95));
    println!(
        "  p95 during a deep sync / p95 idle: {ratio:.2}× (goal ≤ 1.5×: {})",
        if ratio <= 1.5 { "met" } else { "MISSED" }
    );
    let per_second = requests as f64 / elapsed.as_secs_f64();
    let fraction = per_second / 10.0;
    println!(
        "deep sync pace: {requests} requests in {:.1} s = {per_second:.2} req/s = {:.1}% of 100 per 10 s (goal ≥ 90%: {}); 429s received: {} (goal 0); most requests the sandbox saw in any 10 s window: {}",
        elapsed.as_secs_f64(),
        fraction * 100.0,
        if fraction >= 0.9 { "met" } else { "MISSED" },
        sandbox.rate_limited_count() - before_limited,
        sandbox.max_requests_in_window()
    );
    sandbox.shutdown().await;
}

async fn clicks(syncer: &Syncer, ids: &[String]) -> Timings {
    Timings(clicking::clicks(syncer, ids).await)
}

// ---------------------------------------------------------------- all locations

const LOCATIONS: u32 = 20;
const PER_LOCATION: u32 = 50_000;

/// 20 caches of 50,000 contacts (250 businesses, 150,000 tasks each): one built, then
/// copied, so the build takes a minute instead of twenty (BENCH_LOCATIONS keeps them).
fn location_caches() -> (tempfile::TempDir, Vec<LocationCache>) {
    let dir = tempfile::tempdir().unwrap();
    let root =
        std::env::var_os("BENCH_LOCATIONS").map_or_else(|| dir.path().to_owned(), Into::into);
    let path_of = |n: u32| root.join(format!("location-{n:02}.sqlite"));
    if !path_of(0).exists() {
        // Dropped, so its write-ahead log is checkpointed into the file copied below.
        drop(build_cache(&path_of(0), PER_LOCATION, 250, 3));
    }
    for n in 1..LOCATIONS {
        if !path_of(n).exists() {
            std::fs::copy(path_of(0), path_of(n)).unwrap();
        }
    }
    let sources = (0..LOCATIONS)
        .map(|n| LocationCache {
            location: Location {
                profile_id: format!("p{n:02}"),
                name: format!("Location {n:02}"),
                location_id: format!("loc{n:02}"),
            },
            cache_path: path_of(n),
        })
        .collect();
    (dir, sources)
}

/// What keeping the roll-up's figures (migration 008's triggers) costs the writes of a
/// sync: the same 5,000 contacts and their details written into a fresh cache with the
/// triggers and into one whose triggers were dropped, three times each, alternating.
fn write_cost() {
    let dir = tempfile::tempdir().unwrap();
    let mut kept = Vec::new();
    let mut bare = Vec::new();
    for round in 0..6 {
        let path = dir.path().join(format!("writes-{round}.sqlite"));
        let cache = Cache::open(&path).unwrap();
        if round % 2 == 1 {
            let raw = rusqlite::Connection::open(&path).unwrap();
            let triggers: Vec<String> = raw
                .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rollup_%'")
                .unwrap()
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            for trigger in triggers {
                raw.execute(&format!("DROP TRIGGER {trigger}"), []).unwrap();
            }
        }
        let took = fill_cache(&cache, 5_000, 25, 3);
        match round % 2 {
            0 => kept.push(took),
            _ => bare.push(took),
        }
    }
    let median = |runs: &mut Vec<Duration>| {
        runs.sort();
        ms(runs[runs.len() / 2])
    };
    println!(
        "  writing 5,000 contacts with their details: {:.0} ms with the kept figures, {:.0} ms without (medians of 3)",
        median(&mut kept),
        median(&mut bare)
    );
}

/// The machine's load average (1, 5 and 15 minutes), where the system tells it.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_owned(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

fn all_locations_runs() {
    println!("load average before: {}", load_average());
    let (_dir, sources) = location_caches();
    let one = Cache::open(&sources[0].cache_path).unwrap();
    let started = Instant::now();
    let all = AllLocations::open(sources).unwrap();
    println!(
        "opened {LOCATIONS} caches of {PER_LOCATION} contacts in {:.2} s (each checked and migrated)",
        started.elapsed().as_secs_f64()
    );
    let now = jiff::Timestamp::now();
    let filter = ReportFilter::default();
    // The first read of each freshly opened cache also parses its schema: timed apart.
    let started = Instant::now();
    reports::rollup_by_location(&all, &filter, now).unwrap();
    println!(
        "  the first roll-up after opening: {:.2} ms",
        ms(started.elapsed())
    );
    Timings::run(10, |_| {
        let rollup = reports::rollup_by_location(&all, &filter, now).unwrap();
        assert_eq!(rollup.totals.contacts, LOCATIONS * PER_LOCATION);
    })
    .report(
        "location × business roll-up, 1,000,000 contacts in 20 locations",
        Some(Duration::from_millis(1_000)),
    );
    // The way it was read before migration 008, in the same run: the machine's load is
    // shared. Each location's own roll-up (its scan), side by side; and one location's.
    let scanned = Timings::run(5, |_| {
        let rollups = all
            .each(|_, cache| reports::rollup(cache, &filter, now))
            .unwrap();
        assert_eq!(rollups.len(), LOCATIONS as usize);
    });
    scanned.report(
        "  the same from each location's scan (every location's own roll-up)",
        None,
    );
    Timings::run(10, |_| {
        reports::rollup(&one, &filter, now).unwrap();
    })
    .report("  one location's roll-up (50,000 contacts, scanned)", None);
    let kept = reports::rollup_by_location(&all, &filter, now).unwrap();
    let own = reports::rollup(&one, &filter, now).unwrap();
    assert_eq!(
        (&kept.locations[0].rows, &kept.locations[0].totals),
        (&own.rows, &own.totals),
        "the kept figures are the scan's"
    );
    let rollup = reports::rollup_by_location(&all, &filter, now).unwrap();
    Timings::run(10, |_| {
        let mut out = Vec::with_capacity(1 << 20);
        reports::write_by_location_csv(&rollup, &mut out, CsvOptions::default()).unwrap();
    })
    .report("  its CSV (written into memory)", None);

    let terms = SEARCH_TERMS;
    Timings::run(200, |n| {
        all.search(terms[n % terms.len()], 100, now).unwrap();
    })
    .report(
        "search across 20 locations (first 100 matches by name, with the total)",
        Some(Duration::from_millis(50)),
    );
    Timings::run(200, |n| {
        let filter = ContactFilter {
            search: Some(terms[n % terms.len()].to_owned()),
            ..ContactFilter::default()
        };
        one.list_contacts(&filter, ContactSort::Name, 0, 100, now)
            .unwrap();
    })
    .report("  one location's search", None);

    let mut rng = fastrand::Rng::with_seed(11);
    let contact_filter = ContactFilter::default();
    Timings::run(500, |_| {
        let name = format!(
            "{} {}",
            FIRST[rng.usize(..FIRST.len())],
            LAST[rng.usize(..LAST.len())]
        );
        let after = ListPosition {
            profile_id: format!("p{:02}", rng.u32(..LOCATIONS)),
            name: NamePosition {
                sort_name: name.to_lowercase(),
                id: format!("c{:07}", rng.u32(..PER_LOCATION)),
            },
        };
        let page = all
            .page_by_name(&contact_filter, Some(&after), 100, now)
            .unwrap();
        assert_eq!(page.len(), 100);
    })
    .report(
        "a page of 100 rows of the list across 20 locations, from a random position",
        Some(Duration::from_millis(20)),
    );
    Timings::run(20, |_| {
        assert_eq!(
            all.count(&contact_filter, now).unwrap(),
            LOCATIONS * PER_LOCATION
        );
    })
    .report(
        "  the list's total across 20 locations (once per filter)",
        None,
    );
    write_cost();
    println!("load average after: {}", load_average());
}
