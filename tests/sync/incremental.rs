//! The cost model at work: a sync spends requests on what changed, counted by the sandbox.

use std::collections::BTreeMap;
use std::time::Duration;

use contact_desk::cache::ChangeKind;
use contact_desk::highlevel::ContactFields;
use contact_desk::sync::{Resource, SyncScope};

use super::{config, live, task_due_christmas_eve, world, world_of, Access, World};

const SEARCH: &str = "POST /contacts/search";
const TASK_SEARCH: &str = "POST /locations/:locationId/tasks/search";

/// Requests the sandbox served while `run` ran, by endpoint.
async fn counted<T>(
    w: &World,
    run: impl std::future::Future<Output = T>,
) -> (T, BTreeMap<String, u64>) {
    let before = w.sandbox.stats();
    let result = run.await;
    let after = w.sandbox.stats();
    let spent = after
        .by_endpoint
        .iter()
        .map(|(endpoint, count)| (endpoint.clone(), count - before.of(endpoint)))
        .filter(|(_, count)| *count > 0)
        .collect();
    (result, spent)
}

/// Changes the newest cached contact in HighLevel; returns its id.
async fn edit_newest(w: &World, changes: ContactFields) -> String {
    let id = w.newest_cached_id();
    let api = w.syncer.client().interactive();
    api.contacts().update(&id, &changes).await.unwrap();
    id
}

fn of(spent: &BTreeMap<String, u64>, endpoint: &str) -> u64 {
    spent.get(endpoint).copied().unwrap_or_default()
}

#[tokio::test]
async fn a_first_mirror_reads_contacts_and_tasks_in_bulk() {
    let w = world(1_200).await;
    let (report, spent) = counted(&w, w.syncer.run(SyncScope::Standard)).await;
    let report = report.unwrap();
    assert_eq!(live(&w.syncer), 1_200);
    assert_eq!(
        report.tasks_refreshed, 1_200,
        "every contact's task list is known"
    );
    // 1,200 contacts at 500 a page; no contact read one by one.
    assert_eq!(of(&spent, SEARCH), 3, "{spent:?}");
    assert_eq!(of(&spent, "GET /contacts/"), 0, "{spent:?}");
    assert_eq!(of(&spent, "GET /contacts/:contactId/tasks"), 0, "{spent:?}");
    assert_eq!(of(&spent, "GET /contacts/:contactId/appointments"), 0);
    // What the cache holds matches HighLevel, contact by contact.
    let api = w.syncer.client().interactive();
    let ids = w.syncer.cache().live_contact_ids().unwrap();
    for id in ids.iter().step_by(97) {
        let mut cached: Vec<String> = w
            .syncer
            .cache()
            .stored_tasks(id)
            .unwrap()
            .into_iter()
            .map(|task| format!("{}:{}", task.id, task.completed))
            .collect();
        let mut served: Vec<String> = api
            .tasks(id)
            .list()
            .await
            .unwrap()
            .into_iter()
            .map(|task| format!("{}:{}", task.id, task.completed))
            .collect();
        cached.sort();
        served.sort();
        assert_eq!(cached, served, "{id}");
    }
    assert!(report.appointments > 0, "appointments come by calendar");
}

#[tokio::test]
async fn a_sync_with_nothing_changed_costs_one_search_and_the_watch() {
    let w = world(300).await;
    w.syncer.run(SyncScope::Standard).await.unwrap();
    let open = w.syncer.cache().open_task_count().unwrap();
    let (report, spent) = counted(&w, w.syncer.run(SyncScope::Standard)).await;
    let report = report.unwrap();
    assert_eq!(of(&spent, SEARCH), 1, "{spent:?}");
    // Every open task watched, at most one request per 100 of them.
    assert_eq!(report.open_tasks_watched, open);
    let watch = of(&spent, TASK_SEARCH);
    assert!(
        watch >= 1 && watch <= u64::from(open.div_ceil(100)),
        "{watch} for {open}"
    );
    assert_eq!(report.tasks_refreshed, 0, "no task list changed");
    assert_eq!(report.changes, 0);
}

#[tokio::test]
async fn edits_in_highlevel_arrive_with_the_next_sync() {
    let w = world(200).await;
    w.syncer.run(SyncScope::Standard).await.unwrap();
    let id = edit_newest(
        &w,
        ContactFields {
            company_name: Some("Renamed Ltd".into()),
            ..ContactFields::default()
        },
    )
    .await;
    let (report, spent) = counted(&w, w.syncer.run(SyncScope::Standard)).await;
    let report = report.unwrap();
    let cached = w.syncer.cache().contact(&id).unwrap().unwrap();
    assert_eq!(cached.contact.company_name.as_deref(), Some("Renamed Ltd"));
    assert_eq!(of(&spent, SEARCH), 1, "{spent:?}");
    assert_eq!(
        report.tasks_refreshed, 1,
        "the changed contact's tasks are read again"
    );
}

#[tokio::test]
async fn an_edit_inside_the_search_lag_is_caught_by_the_overlap() {
    let mut config = config(50);
    config.search_lag = Duration::from_millis(400);
    let w = world_of(config, Access::Full).await;
    w.syncer.run(SyncScope::Contacts).await.unwrap();
    let id = edit_newest(
        &w,
        ContactFields {
            city: Some("Lagtown".into()),
            ..ContactFields::default()
        },
    )
    .await;
    // Still in the lag: the search serves the old version.
    w.syncer.run(SyncScope::Contacts).await.unwrap();
    let stale = w.syncer.cache().contact(&id).unwrap().unwrap();
    assert_ne!(stale.contact.city.as_deref(), Some("Lagtown"));
    tokio::time::sleep(Duration::from_millis(500)).await;
    w.syncer.run(SyncScope::Contacts).await.unwrap();
    let fresh = w.syncer.cache().contact(&id).unwrap().unwrap();
    assert_eq!(fresh.contact.city.as_deref(), Some("Lagtown"));
}

#[tokio::test]
async fn a_mirror_past_ten_thousand_contacts_follows_the_cursor() {
    let w = world(10_600).await;
    let (report, spent) = counted(&w, w.syncer.run(SyncScope::Contacts)).await;
    report.unwrap();
    assert_eq!(live(&w.syncer), 10_600);
    assert_eq!(of(&spent, SEARCH), 22, "{spent:?}");
}

#[tokio::test]
async fn completions_and_deletions_made_in_highlevel_raise_alerts_within_one_sync() {
    let w = world(150).await;
    w.syncer.run(SyncScope::Standard).await.unwrap();
    let api = w.syncer.client().interactive();
    let mut open: Vec<(String, String)> = Vec::new();
    for id in w.syncer.cache().live_contact_ids().unwrap() {
        for task in w.syncer.cache().stored_tasks(&id).unwrap() {
            if !task.completed {
                open.push((id.clone(), task.id));
            }
        }
    }
    let (completed, deleted) = (&open[0], &open[open.len() - 1]);
    api.tasks(&completed.0)
        .set_completed(&completed.1, true)
        .await
        .unwrap();
    api.tasks(&deleted.0).delete(&deleted.1).await.unwrap();
    let report = w.syncer.run(SyncScope::Standard).await.unwrap();
    assert_eq!(report.changes, 2, "{report:?}");
    let seen: Vec<(String, ChangeKind)> = w
        .events
        .changes
        .lock()
        .unwrap()
        .iter()
        .map(|(event, _)| (event.task_id.clone(), event.kind))
        .collect();
    assert!(
        seen.contains(&(completed.1.clone(), ChangeKind::TaskCompleted)),
        "{seen:?}"
    );
    assert!(
        seen.contains(&(deleted.1.clone(), ChangeKind::TaskRemoved)),
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_task_added_in_highlevel_is_seen_by_the_watch() {
    let w = world(40).await;
    w.syncer.run(SyncScope::Standard).await.unwrap();
    let id = w.newest_cached_id();
    let api = w.syncer.client().interactive();
    let created = api
        .tasks(&id)
        .create(&task_due_christmas_eve("Call back"))
        .await
        .unwrap();
    w.syncer.run(SyncScope::Standard).await.unwrap();
    let stored = w.syncer.cache().stored_tasks(&id).unwrap();
    assert!(stored.iter().any(|task| task.id == created.id));
    let kinds: Vec<ChangeKind> = w
        .events
        .changes
        .lock()
        .unwrap()
        .iter()
        .map(|(e, _)| e.kind)
        .collect();
    assert_eq!(kinds, [ChangeKind::TaskAdded]);
}

#[tokio::test]
async fn contacts_deleted_in_highlevel_go_at_the_next_sweep() {
    let w = world(30).await;
    w.syncer.run(SyncScope::Contacts).await.unwrap();
    let api = w.syncer.client().interactive();
    let victim = w.newest_cached_id();
    api.contacts().delete(&victim).await.unwrap();
    let report = w.syncer.run(SyncScope::Deep).await.unwrap();
    assert_eq!(report.contacts_hidden, 1);
    assert_eq!(live(&w.syncer), 29);
}

#[tokio::test]
async fn without_the_task_and_calendar_scopes_sync_reads_contact_by_contact() {
    let w = world_of(config(25), Access::ContactsReadOnly).await;
    let (report, spent) = counted(&w, w.syncer.run(SyncScope::Standard)).await;
    let report = report.unwrap();
    assert_eq!(report.details_fetched, 25, "{report:?}");
    assert_eq!(
        of(&spent, "GET /contacts/:contactId/tasks"),
        25,
        "{spent:?}"
    );
    let fallbacks: Vec<(Resource, String, Option<String>)> = w
        .syncer
        .fallbacks()
        .unwrap()
        .into_iter()
        .map(|fallback| (fallback.resource, fallback.reason, fallback.missing_scope))
        .collect();
    let lacking = |resource, scope: &str| {
        let reason = format!("the token lacks the {scope} scope");
        (resource, reason, Some(scope.to_owned()))
    };
    assert_eq!(
        fallbacks,
        [
            lacking(Resource::Tasks, "locations/tasks.readonly"),
            lacking(Resource::Appointments, "calendars.readonly"),
        ]
    );
    // The next sync goes straight to the per-contact path: no refused request again.
    let (_, spent) = counted(&w, w.syncer.run(SyncScope::Standard)).await;
    assert_eq!(of(&spent, TASK_SEARCH), 0, "{spent:?}");
    assert_eq!(of(&spent, "GET /calendars/"), 0, "{spent:?}");
}

#[tokio::test]
async fn background_sync_stops_at_the_days_last_fifth() {
    let mut config = config(400);
    config.daily_limit = 30;
    let w = world_of(config, Access::Full).await;
    let error = w.syncer.run(SyncScope::Deep).await.unwrap_err();
    assert!(error.to_string().contains("sync paused"), "{error}");
    // The sixth request left five of thirty: the reserve (a fifth) was reached.
    assert_eq!(w.sandbox.stats().total, 24);
    // A click still goes through.
    let id = w.newest_cached_id();
    assert!(w.syncer.refresh_workspace(&id).await.is_ok());
}

#[tokio::test]
async fn a_completed_task_deleted_in_highlevel_goes_with_the_daily_mirror() {
    let w = world(60).await;
    w.syncer.run(SyncScope::Standard).await.unwrap();
    let api = w.syncer.client().interactive();
    let (contact, task) = w
        .syncer
        .cache()
        .live_contact_ids()
        .unwrap()
        .into_iter()
        .find_map(|id| {
            let tasks = w.syncer.cache().stored_tasks(&id).unwrap();
            let done = tasks.into_iter().find(|task| task.completed)?;
            Some((id, done.id))
        })
        .unwrap();
    api.tasks(&contact).delete(&task).await.unwrap();
    // The watch reads open tasks only: within the day, the deletion goes unseen.
    w.syncer.run(SyncScope::Standard).await.unwrap();
    assert!(w
        .syncer
        .cache()
        .stored_tasks(&contact)
        .unwrap()
        .iter()
        .any(|t| t.id == task));
    // A day after the last mirror, the next sync takes it again.
    let day_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(25);
    w.syncer
        .cache()
        .set_state("tasks_mirrored", &day_ago)
        .unwrap();
    w.syncer.run(SyncScope::Standard).await.unwrap();
    assert!(!w
        .syncer
        .cache()
        .stored_tasks(&contact)
        .unwrap()
        .iter()
        .any(|t| t.id == task));
    let removed: Vec<String> = w
        .events
        .changes
        .lock()
        .unwrap()
        .iter()
        .filter(|(event, _)| event.kind == ChangeKind::TaskRemoved)
        .map(|(event, _)| event.task_id.clone())
        .collect();
    assert_eq!(removed, [task]);
}
