//! Every location of an agency synced at once (`Session::sync_locations`, what
//! `sync --all` runs): each into its own cache, within its own location's rate limit. In
//! the app: the other locations sync in the background, showing one reopens nothing, and
//! their events reach the UI as notifications and a word that their contacts changed.

use std::sync::{Arc, Mutex};

use contact_desk::accounts::{Accounts, Profile};
use contact_desk::app::AppState;
use contact_desk::cache::{Cache, ChangeEvent, ChangeKind, ContactFilter, ContactSort};
use contact_desk::highlevel::NewTask;
use contact_desk::jobs::{BulkAction, JobState};
use contact_desk::locations::Location;
use contact_desk::sandbox::{Sandbox, SandboxConfig};
use contact_desk::session::{cache_path, Session};
use contact_desk::sync::{SyncEvents, SyncScope};

use crate::agency_support::grouped_agency;
use crate::cli::{add_profile, run, succeeded};
use crate::sandbox::SandboxProcess;

struct Quiet;

impl SyncEvents for Quiet {}

fn cached_contacts(data: &std::path::Path, profile: &Profile) -> u32 {
    Cache::open(&cache_path(data, &profile.id))
        .unwrap()
        .live_contact_count()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_location_syncs_into_its_own_cache_without_a_429() {
    let mut config = SandboxConfig::seeded(53);
    config.contacts = 30;
    config.locations = 3;
    // A tight limit: each location's paced budget keeps to it.
    config.rate_limit = "10/1s".parse().unwrap();
    let sandbox = Sandbox::start(config).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let accounts = grouped_agency(&sandbox, data.path(), "Agency").await;
    let profiles = accounts.all_locations().unwrap();
    assert_eq!(profiles.len(), 3);

    let quiet = |_: &Profile| -> Arc<dyn SyncEvents> { Arc::new(Quiet) };
    let reports = Session::sync_locations(&accounts, &profiles, SyncScope::Standard, quiet).await;
    for (profile, report) in profiles.iter().zip(&reports) {
        let report = report.as_ref().unwrap();
        assert_eq!(report.contacts_listed, 30, "{}", profile.name);
        assert_eq!(cached_contacts(data.path(), profile), 30);
        assert!(sandbox.location_request_count(&profile.location_id) > 0);
    }
    assert_eq!(sandbox.rate_limited_count(), 0);

    // One location removed: its cache goes, the others stay and sync on.
    let removed = accounts.remove(&profiles[1].id).unwrap();
    assert!(!accounts.profile_data_dir(&removed.id).exists());
    let left = accounts.all_locations().unwrap();
    assert_eq!(left.len(), 2);
    let again = Session::sync_locations(&accounts, &left, SyncScope::Contacts, quiet).await;
    assert!(again.iter().all(Result::is_ok));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_location_failing_stops_none_of_the_others() {
    let mut config = SandboxConfig::seeded(54);
    config.contacts = 10;
    config.locations = 2;
    let sandbox = Sandbox::start(config).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let accounts = grouped_agency(&sandbox, data.path(), "Agency").await;
    let mut profiles = accounts.all_locations().unwrap();
    // A location whose profile was removed meanwhile.
    profiles[0].id = "gone0000".into();
    let quiet = |_: &Profile| -> Arc<dyn SyncEvents> { Arc::new(Quiet) };
    let reports = Session::sync_locations(&accounts, &profiles, SyncScope::Standard, quiet).await;
    assert!(reports[0].is_err());
    assert_eq!(reports[1].as_ref().unwrap().contacts_listed, 10);
    sandbox.shutdown().await;
}

/// The command line end to end (run inside `scripts/desktop-session.sh`: the tokens go to
/// the real keychain): `sandbox --locations 3`, a profile per location grouped into an
/// agency, `sync --all`, and one location removed with its cache.
#[test]
fn sync_all_from_the_cli_syncs_each_location_and_a_removed_one_takes_its_cache() {
    let sandbox = SandboxProcess::start(&["--locations", "3", "--contacts", "15", "--seed", "61"]);
    let data = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for n in 1..=3 {
        let line = &sandbox.printed[&format!("location_{n}")];
        let mut parts = line.splitn(3, ' ');
        let (id, token, name) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        succeeded(&add_profile(
            data.path(),
            name,
            id,
            sandbox.base_url(),
            token,
        ));
        names.push(name.to_owned());
    }
    let mut group = vec!["profile", "agency-group", "Agency"];
    group.extend(names.iter().map(String::as_str));
    succeeded(&run(data.path(), &group, ""));

    let synced = succeeded(&run(data.path(), &["sync", "--all"], ""));
    for name in &names {
        assert!(
            synced.contains(&format!("{name}: synced: 15 contacts listed")),
            "{synced}"
        );
    }
    assert!(synced.contains("3 locations synced."), "{synced}");

    let listed = succeeded(&run(data.path(), &["profile", "list", "--json"], ""));
    let views: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    let second = views[1]["profile"]["id"].as_str().unwrap().to_owned();
    let cache = data.path().join("profiles").join(&second);
    assert!(cache.join("cache.sqlite").exists());
    succeeded(&run(
        data.path(),
        &["profile", "remove", &names[1], "--yes"],
        "",
    ));
    assert!(!cache.exists(), "the removed location's cache went with it");
    let synced = succeeded(&run(data.path(), &["sync", "--all"], ""));
    assert!(synced.contains("2 locations synced."), "{synced}");
    assert!(!synced.contains(&names[1]), "{synced}");
    succeeded(&run(
        data.path(),
        &["profile", "agency-remove", "Agency", "--yes"],
        "",
    ));
}

struct NoJobs;

impl contact_desk::jobs::JobEvents for NoJobs {}

/// How many contacts the profile's cache holds once a sync has put them there (it waits
/// for the background scheduler, up to a minute).
async fn cached_once_synced(data: &std::path::Path, profile: &Profile, expected: u32) -> u32 {
    let path = cache_path(data, &profile.id);
    for _ in 0..600 {
        if path.exists() && cached_contacts(data, profile) == expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    cached_contacts(data, profile)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_syncs_the_agencys_other_locations_in_the_background() {
    let mut config = SandboxConfig::seeded(55);
    config.contacts = 12;
    config.locations = 3;
    let sandbox = Sandbox::start(config).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let accounts = Arc::new(grouped_agency(&sandbox, data.path(), "Agency").await);
    let profiles = accounts.all_locations().unwrap();
    let app = AppState::new(
        accounts.clone(),
        data.path().to_owned(),
        Arc::new(Quiet),
        Arc::new(NoJobs),
    );
    app.open_profile(&profiles[0].id).await.unwrap();
    for profile in &profiles {
        assert_eq!(
            cached_once_synced(data.path(), profile, 12).await,
            12,
            "{}",
            profile.name
        );
    }
    // A background location removed: its sync stops and its cache goes.
    app.remove_profile(&profiles[2].id).await.unwrap();
    assert!(!accounts.profile_data_dir(&profiles[2].id).exists());
    assert_eq!(app.session().await.unwrap().info().id, profiles[0].id);
    sandbox.shutdown().await;
}

/// What the window hears, of what the app routes to it.
#[derive(Default)]
struct Window {
    /// The activity feed's changes: the shown location's only.
    changes: Mutex<Vec<ChangeEvent>>,
    /// Desktop notifications: (location, change).
    notified: Mutex<Vec<(String, ChangeEvent)>>,
    /// Background locations whose contacts changed.
    locations_changed: Mutex<Vec<String>>,
}

impl SyncEvents for Window {
    fn changes(&self, events: &[ChangeEvent], _watched: bool) {
        self.changes.lock().unwrap().extend_from_slice(events);
    }
    fn notify_watched(&self, location: &str, events: &[ChangeEvent]) {
        let mut notified = self.notified.lock().unwrap();
        notified.extend(events.iter().map(|e| (location.to_owned(), e.clone())));
    }
    fn location_contacts_changed(&self, profile_id: &str) {
        self.locations_changed
            .lock()
            .unwrap()
            .push(profile_id.to_owned());
    }
}

/// Waits up to a minute for `done` (a background scheduler's sync to get there).
async fn eventually(what: &str, done: impl Fn() -> bool) {
    for _ in 0..600 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("still not so after a minute: {what}");
}

/// The sandbox's agency of `locations` token profiles, 12 contacts each, and the app over it.
async fn agency_app(
    seed: u64,
    locations: u32,
    window: Arc<dyn SyncEvents>,
) -> (Sandbox, tempfile::TempDir, Arc<Accounts>, AppState) {
    let mut config = SandboxConfig::seeded(seed);
    config.contacts = 12;
    config.locations = locations;
    let sandbox = Sandbox::start(config).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let accounts = Arc::new(grouped_agency(&sandbox, data.path(), "Agency").await);
    let app = AppState::new(
        accounts.clone(),
        data.path().to_owned(),
        window,
        Arc::new(NoJobs),
    );
    (sandbox, data, accounts, app)
}

fn cache_of(open: &[(Location, Arc<Cache>)], profile: &Profile) -> Arc<Cache> {
    let found = open.iter().find(|(l, _)| l.profile_id == profile.id);
    found.expect("the location is open").1.clone()
}

fn names(open: &[(Location, Arc<Cache>)]) -> Vec<String> {
    open.iter()
        .map(|(location, _)| location.name.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn showing_another_location_of_the_agency_reopens_nothing_and_its_jobs_follow() {
    let (sandbox, data, accounts, app) = agency_app(56, 3, Arc::new(Quiet)).await;
    let profiles = accounts.all_locations().unwrap();
    let first = app.open_profile(&profiles[0].id).await.unwrap();
    let open = app.open_locations().await;
    let mut sorted: Vec<String> = profiles.iter().map(|p| p.name.clone()).collect();
    sorted.sort();
    assert_eq!(names(&open), sorted);
    assert!(Arc::ptr_eq(
        &cache_of(&open, &profiles[0]),
        first.syncer().cache()
    ));

    // Shown by name: the session syncing it in the background, not a new one.
    let second = app.open_profile(&profiles[1].name).await.unwrap();
    assert!(Arc::ptr_eq(
        second.syncer().cache(),
        &cache_of(&open, &profiles[1])
    ));
    assert_eq!(accounts.active().unwrap().unwrap().id, profiles[1].id);
    let after = app.open_locations().await;
    assert_eq!(names(&after), sorted);
    // The one shown before syncs on in the background, its session kept.
    assert!(Arc::ptr_eq(
        &cache_of(&after, &profiles[0]),
        first.syncer().cache()
    ));

    // The jobs worker moved to it: a bulk job on the newly shown location runs to its end.
    assert_eq!(cached_once_synced(data.path(), &profiles[1], 12).await, 12);
    let ids = app
        .matching_ids(ContactFilter::default(), ContactSort::Newest)
        .await
        .unwrap();
    let tags = vec!["followed".to_owned()];
    let job = app
        .start_bulk(ids[..2].to_vec(), BulkAction::AddTags { tags })
        .await
        .unwrap();
    for _ in 0..600 {
        let jobs = app.list_jobs().await.unwrap();
        if jobs
            .iter()
            .any(|j| j.id == job.id && j.state == JobState::Done)
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let jobs = app.list_jobs().await.unwrap();
    let ran = jobs.iter().find(|j| j.id == job.id).unwrap();
    assert_eq!(ran.state, JobState::Done, "{ran:?}");

    // And back: the first session again.
    let again = app.open_profile(&profiles[0].id).await.unwrap();
    assert!(Arc::ptr_eq(&again, &first));
    assert_eq!(app.open_locations().await.len(), 3);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_background_locations_watched_task_change_notifies_with_its_name() {
    let window = Arc::new(Window::default());
    let (sandbox, _data, accounts, app) = agency_app(57, 2, window.clone()).await;
    let profiles = accounts.all_locations().unwrap();
    app.open_profile(&profiles[0].id).await.unwrap();
    let background = cache_of(&app.open_locations().await, &profiles[1]);
    // Its first sync over: what it saw then is no change.
    eventually("the background location synced once", || {
        background
            .state::<jiff::Timestamp>("last_sync")
            .unwrap()
            .is_some()
    })
    .await;
    assert!(window
        .locations_changed
        .lock()
        .unwrap()
        .contains(&profiles[1].id));

    let contact = background
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
    background.set_watched(&contact.id, true).unwrap();
    let api = accounts.client(&profiles[1].id).unwrap().interactive();
    let task = NewTask {
        title: "Call back".into(),
        body: None,
        due_date: "2026-12-24T10:00:00Z".parse().unwrap(),
        completed: false,
        assigned_to: None,
    };
    let created = api.tasks(&contact.id).create(&task).await.unwrap();
    app.sync_now().await.unwrap();

    let notified_of_it = || {
        let notified = window.notified.lock().unwrap();
        notified.iter().any(|(location, event)| {
            event.task_id == created.id && event.kind == ChangeKind::TaskAdded && {
                assert_eq!(*location, profiles[1].name);
                true
            }
        })
    };
    eventually("the watched task change was notified", notified_of_it).await;
    // The activity feed is the shown location's.
    let in_feed = (window.changes.lock().unwrap().iter()).any(|e| e.task_id == created.id);
    assert!(!in_feed);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_location_grouped_into_the_shown_agency_syncs_at_once() {
    let (sandbox, data, accounts, app) = agency_app(58, 3, Arc::new(Quiet)).await;
    let profiles = accounts.all_locations().unwrap();
    accounts
        .group_into_agency("Elsewhere", &[profiles[2].id.clone()])
        .unwrap();
    let shown = app.open_profile(&profiles[0].id).await.unwrap();
    assert_eq!(app.open_locations().await.len(), 2);
    let before = sandbox.location_request_count(&profiles[2].location_id);

    app.group_into_agency("Agency".into(), vec![profiles[2].id.clone()])
        .await
        .unwrap();
    assert_eq!(app.open_locations().await.len(), 3);
    assert_eq!(cached_once_synced(data.path(), &profiles[2], 12).await, 12);
    assert!(sandbox.location_request_count(&profiles[2].location_id) > before);
    assert!(
        Arc::ptr_eq(&app.session().await.unwrap(), &shown),
        "nothing reopened"
    );

    // Grouped out again: it stops syncing with the agency.
    app.group_into_agency("Elsewhere".into(), vec![profiles[1].id.clone()])
        .await
        .unwrap();
    let open = app.open_locations().await;
    assert!(open.iter().all(|(l, _)| l.profile_id != profiles[1].id));
    assert_eq!(open.len(), 2);
    sandbox.shutdown().await;
}
