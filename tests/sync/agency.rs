//! Every location of an agency synced at once (`Session::sync_locations`, what
//! `sync --all` runs): each into its own cache, within its own location's rate limit.

use std::sync::Arc;

use contact_desk::accounts::Profile;
use contact_desk::app::AppState;
use contact_desk::cache::Cache;
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
