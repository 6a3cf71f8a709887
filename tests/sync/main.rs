//! The sync engine against the sandbox and a real SQLite cache: listing, details,
//! resuming, change events, bad responses, and going offline.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Shared support: the sandbox process adds profiles through it (unused here).
mod agency;
#[path = "../support/agency.rs"]
mod agency_support;
#[allow(dead_code)]
#[path = "../support/cli.rs"]
mod cli;
mod hostile;
mod incremental;
mod merge;
mod names;
mod writes;
// Shared support: this binary lists every contact, not the first one.
#[allow(dead_code)]
#[path = "../support/listing.rs"]
mod listing;
#[allow(dead_code)]
#[path = "../support/sandbox.rs"]
mod sandbox;
#[path = "../support/sandbox_client.rs"]
mod sandbox_client;

use std::sync::{Arc, Mutex};

use contact_desk::cache::{Cache, ChangeEvent, ChangeKind, ContactFilter, ContactSort};
use contact_desk::highlevel::{NewTask, RateBudget};
use contact_desk::sandbox::{FaultKind, Sandbox, SandboxConfig};
use contact_desk::sync::{
    Connectivity, ConnectivityMonitor, SyncEvents, SyncProgress, SyncScope, Syncer,
};
use listing::every_contact;
use sandbox_client::sandbox_client_with;

#[derive(Default)]
struct Recorder {
    progress: Mutex<Vec<SyncProgress>>,
    changes: Mutex<Vec<(ChangeEvent, bool)>>,
    connectivity: Mutex<Vec<Connectivity>>,
    pages: Mutex<u32>,
}

impl SyncEvents for Recorder {
    fn progress(&self, progress: &SyncProgress) {
        self.progress.lock().unwrap().push(progress.clone());
    }
    fn contacts_changed(&self) {
        *self.pages.lock().unwrap() += 1;
    }
    fn changes(&self, events: &[ChangeEvent], watched: bool) {
        self.changes
            .lock()
            .unwrap()
            .extend(events.iter().cloned().map(|e| (e, watched)));
    }
    fn connectivity(&self, connectivity: &Connectivity) {
        self.connectivity.lock().unwrap().push(connectivity.clone());
    }
}

struct World {
    sandbox: Sandbox,
    syncer: Arc<Syncer>,
    events: Arc<Recorder>,
    _dir: tempfile::TempDir,
}

impl World {
    /// The id of the newest contact in the cache.
    fn newest_cached_id(&self) -> String {
        let now = jiff::Timestamp::now();
        let filter = ContactFilter::default();
        let page = self
            .syncer
            .cache()
            .list_contacts(&filter, ContactSort::Newest, 0, 1, now);
        page.unwrap().rows[0].id.clone()
    }
}

fn task_due_christmas_eve(title: &str) -> NewTask {
    NewTask {
        title: title.into(),
        body: None,
        due_date: "2026-12-24T10:00:00Z".parse().unwrap(),
        completed: false,
        assigned_to: None,
    }
}

/// Loose limits: these tests are about correctness, not pacing.
fn loose_budget() -> RateBudget {
    RateBudget::new(10_000, std::time::Duration::from_secs(10))
}

/// The sandbox for `world`: seed 21 with `contacts` in 8 businesses, loose limits (these
/// tests are about correctness, not pacing).
fn config(contacts: u32) -> SandboxConfig {
    let mut config = SandboxConfig::seeded(21);
    config.contacts = contacts;
    config.businesses = 8;
    config.rate_limit.max = 10_000;
    config
}

async fn world(contacts: u32) -> World {
    world_of(config(contacts), Access::Full).await
}

/// Which of the sandbox's tokens the engine syncs with.
#[derive(Clone, Copy, PartialEq)]
enum Access {
    Full,
    /// `contacts.readonly` only: no task search, no calendars.
    ContactsReadOnly,
}

async fn world_of(config: SandboxConfig, access: Access) -> World {
    let readonly = config.readonly_token.clone();
    let sandbox = Sandbox::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cache = Arc::new(Cache::open(&dir.path().join("cache.sqlite")).unwrap());
    let token = match access {
        Access::Full => None,
        Access::ContactsReadOnly => readonly,
    };
    let client = sandbox_client_with(&sandbox, token, loose_budget(), |config| {
        config.retry_min_delay = std::time::Duration::from_millis(5);
        config.retry_max_delay = std::time::Duration::from_millis(20);
        config.max_retries = 1;
    });
    let events = Arc::new(Recorder::default());
    let syncer = Syncer::new(
        client,
        cache,
        events.clone(),
        Arc::new(ConnectivityMonitor::default()),
    );
    World {
        sandbox,
        syncer,
        events,
        _dir: dir,
    }
}

fn live(syncer: &Syncer) -> u32 {
    syncer.cache().live_contact_count().unwrap()
}

#[tokio::test]
async fn a_standard_run_lists_everyone_and_fetches_their_tasks() {
    let w = world(120).await;
    let report = w.syncer.run(SyncScope::Standard).await.unwrap();
    assert_eq!(
        (
            report.contacts_listed,
            report.tasks_refreshed,
            report.details_failed
        ),
        (120, 120, 0)
    );
    assert_eq!(live(&w.syncer), 120);
    // What the cache holds matches what HighLevel serves, contact by contact.
    let api = w.syncer.client().interactive();
    let everyone = every_contact(&api).await;
    for contact in everyone.iter().take(15) {
        let cached = w.syncer.cached_workspace(&contact.id).unwrap().unwrap();
        assert_eq!(cached.contact.email, contact.email);
        let tasks = api.tasks(&contact.id).list().await.unwrap();
        assert_eq!(cached.details.tasks.len(), tasks.len());
        assert!(cached.freshness.details_synced_at.is_some());
    }
    let last = w.events.progress.lock().unwrap().last().cloned().unwrap();
    assert!(!last.running && last.last_finished.is_some() && last.last_error.is_none());
    // A second standard run finds nothing changed: no task list is fetched again.
    let again = w.syncer.run(SyncScope::Standard).await.unwrap();
    assert_eq!((again.details_fetched, again.tasks_refreshed), (0, 0));
}

#[tokio::test]
async fn a_cancelled_mirror_resumes_from_its_high_water_mark() {
    let w = world(2_600).await;
    let syncer = w.syncer.clone();
    let events = w.events.clone();
    let run = tokio::spawn(async move { syncer.run(SyncScope::Contacts).await });
    while *events.pages.lock().unwrap() < 2 {
        tokio::task::yield_now().await;
    }
    w.syncer.cancel();
    let report = run.await.unwrap().unwrap();
    assert!(report.cancelled);
    let partial = live(&w.syncer);
    assert!(
        (500..2_600).contains(&partial),
        "{partial} contacts after two pages"
    );
    let before = w.sandbox.request_count();
    let report = w.syncer.run(SyncScope::Contacts).await.unwrap();
    assert!(!report.cancelled);
    assert_eq!(live(&w.syncer), 2_600);
    let pages = w.sandbox.request_count() - before;
    assert!(
        pages < 6,
        "resumed after the stored pages instead of starting over ({pages} requests)"
    );
}

#[tokio::test]
async fn task_changes_made_elsewhere_become_one_event_each() {
    let w = world(12).await;
    w.syncer.run(SyncScope::Deep).await.unwrap();
    assert!(
        w.events.changes.lock().unwrap().is_empty(),
        "a first fetch is not a change"
    );
    let api = w.syncer.client().interactive();
    let contact = w
        .syncer
        .cache()
        .list_contacts(
            &ContactFilter::default(),
            ContactSort::Newest,
            0,
            1,
            jiff::Timestamp::now(),
        )
        .unwrap()
        .rows
        .remove(0);
    w.syncer.cache().set_watched(&contact.id, true).unwrap();
    let task = task_due_christmas_eve("Ring back");
    let created = api.tasks(&contact.id).create(&task).await.unwrap();
    w.syncer.run(SyncScope::Deep).await.unwrap();
    api.tasks(&contact.id)
        .set_completed(&created.id, true)
        .await
        .unwrap();
    w.syncer.run(SyncScope::Deep).await.unwrap();
    w.syncer.run(SyncScope::Deep).await.unwrap();

    let seen: Vec<_> = w
        .events
        .changes
        .lock()
        .unwrap()
        .iter()
        .map(|(e, watched)| (e.task_id.clone(), e.kind, *watched))
        .collect();
    assert_eq!(
        seen,
        [
            (created.id.clone(), ChangeKind::TaskAdded, true),
            (created.id.clone(), ChangeKind::TaskCompleted, true)
        ]
    );
    assert_eq!(
        w.syncer
            .cache()
            .change_events(Some(&contact.id), 10)
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_bad_response_leaves_the_cache_as_it_was() {
    let w = world(5).await;
    w.syncer.run(SyncScope::Deep).await.unwrap();
    let id = w.newest_cached_id();
    let before = w.syncer.cached_workspace(&id).unwrap().unwrap();
    for fault in [
        FaultKind::MalformedJson,
        FaultKind::HtmlErrorPage,
        FaultKind::ConnectionReset,
    ] {
        // Four parallel requests, each tried twice: every attempt fails.
        w.sandbox.inject_faults(fault, 8);
        assert!(w.syncer.refresh_workspace(&id).await.is_err(), "{fault:?}");
        let after = w.syncer.cached_workspace(&id).unwrap().unwrap();
        assert_eq!(after, before, "{fault:?} changed the cache");
    }
    assert_eq!(w.syncer.cache().integrity_check().unwrap(), "ok");
}

#[tokio::test]
async fn offline_reads_come_from_the_cache_and_writes_are_refused_unsent() {
    let w = world(8).await;
    w.syncer.run(SyncScope::Deep).await.unwrap();
    let id = w.newest_cached_id();
    w.sandbox.shutdown().await;

    assert!(w.syncer.refresh_workspace(&id).await.is_err());
    assert!(!w.syncer.connectivity().is_online());
    assert_eq!(
        w.events
            .connectivity
            .lock()
            .unwrap()
            .last()
            .map(|c| c.online),
        Some(false)
    );
    let cached = w.syncer.cached_workspace(&id).unwrap().unwrap();
    assert_eq!(cached.contact.id, id);

    let task = task_due_christmas_eve("Offline");
    let api = w.syncer.client().interactive();
    let error = w.syncer.create_task(&api, &id, &task).await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("offline") && message.contains("nothing was sent"),
        "{message}"
    );
    assert_eq!(
        w.syncer
            .cached_workspace(&id)
            .unwrap()
            .unwrap()
            .details
            .tasks
            .len(),
        cached.details.tasks.len()
    );
}
