//! The roll-up of a synced sandbox, checked against counts made independently: raw HTTP
//! calls (not the app's client) and plain Rust arithmetic (not the cache's SQL).

use std::collections::HashMap;
use std::sync::Arc;

use contact_desk::cache::Cache;
use contact_desk::highlevel::RateBudget;
use contact_desk::reports::{self, ReportFilter};
use contact_desk::sandbox::{Sandbox, SandboxConfig};
use contact_desk::sync::{ConnectivityMonitor, SyncEvents, SyncScope, Syncer};
use serde_json::Value;

use crate::raw::raw_get;
use crate::sandbox_client::sandbox_client;

struct Quiet;

impl SyncEvents for Quiet {}

#[derive(Debug, Default, PartialEq)]
struct Expected {
    contacts: u32,
    with_email: u32,
    with_phone: u32,
    open: u32,
    completed: u32,
    overdue: u32,
    notes: u32,
    upcoming: u32,
    past: u32,
}

/// GETs `path` of the sandbox through reqwest directly.
async fn raw(
    http: &reqwest::Client,
    sandbox: &Sandbox,
    path: &str,
    query: &[(&str, String)],
) -> Value {
    let url = format!("{}{path}", sandbox.base_url());
    raw_get(http, &url, sandbox.token(), query).await
}

fn text(value: &Value, key: &str) -> Option<String> {
    value[key]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Counts per business from what the API serves, by hand.
async fn count_by_hand(
    sandbox: &Sandbox,
    now: jiff::Timestamp,
) -> HashMap<Option<String>, Expected> {
    let http = reqwest::Client::new();
    let mut contacts = Vec::new();
    let mut cursor: Option<(String, String)> = None;
    loop {
        let mut query = vec![
            ("locationId", sandbox.location_id().to_owned()),
            ("limit", "100".to_owned()),
        ];
        if let Some((after, id)) = &cursor {
            query.push(("startAfter", after.clone()));
            query.push(("startAfterId", id.clone()));
        }
        let page = raw(&http, sandbox, "/contacts/", &query).await;
        let rows = page["contacts"].as_array().unwrap().clone();
        contacts.extend(rows);
        match (
            &page["meta"]["startAfter"],
            page["meta"]["startAfterId"].as_str(),
        ) {
            (Value::Number(after), Some(id)) => cursor = Some((after.to_string(), id.to_owned())),
            _ => break,
        }
    }
    let now_wall = now.strftime("%Y-%m-%d %H:%M:%S").to_string();
    let mut groups: HashMap<Option<String>, Expected> = HashMap::new();
    for contact in &contacts {
        let id = contact["id"].as_str().unwrap();
        let group = groups.entry(text(contact, "businessId")).or_default();
        group.contacts += 1;
        group.with_email += u32::from(text(contact, "email").is_some());
        group.with_phone += u32::from(text(contact, "phone").is_some());
        let tasks = raw(&http, sandbox, &format!("/contacts/{id}/tasks"), &[]).await;
        for task in tasks["tasks"].as_array().unwrap() {
            let completed = task["completed"].as_bool().unwrap_or(false);
            let due: Option<jiff::Timestamp> =
                task["dueDate"].as_str().and_then(|d| d.parse().ok());
            if completed {
                group.completed += 1;
            } else {
                group.open += 1;
                group.overdue += u32::from(due.is_some_and(|due| due < now));
            }
        }
        let notes = raw(&http, sandbox, &format!("/contacts/{id}/notes"), &[]).await;
        group.notes += u32::try_from(notes["notes"].as_array().unwrap().len()).unwrap();
        let events = raw(&http, sandbox, &format!("/contacts/{id}/appointments"), &[]).await;
        for event in events["events"].as_array().unwrap() {
            // "2026-11-30 10:00:00" compares as text against the same shape.
            let start = event["startTime"]
                .as_str()
                .unwrap_or_default()
                .replace('T', " ");
            if start.as_str() >= now_wall.as_str() {
                group.upcoming += 1;
            } else {
                group.past += 1;
            }
        }
    }
    groups
}

#[tokio::test]
async fn the_rollup_matches_an_independent_count_of_the_sandbox() {
    let mut config = SandboxConfig::seeded(31);
    config.contacts = 180;
    config.businesses = 12;
    config.rate_limit.max = 100_000;
    let sandbox = Sandbox::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cache = Arc::new(Cache::open(&dir.path().join("cache.sqlite")).unwrap());
    let budget = RateBudget::new(100_000, std::time::Duration::from_secs(10));
    let client = sandbox_client(&sandbox, budget, |_| {});
    let syncer = Syncer::new(
        client,
        cache.clone(),
        Arc::new(Quiet),
        Arc::new(ConnectivityMonitor::default()),
    );
    syncer.run(SyncScope::Deep).await.unwrap();

    let now = jiff::Timestamp::now();
    let rollup = reports::rollup(&cache, &ReportFilter::default(), now).unwrap();
    let expected = count_by_hand(&sandbox, now).await;

    assert_eq!(rollup.completeness.unsynced, 0);
    assert_eq!(
        rollup.rows.len(),
        expected.len(),
        "one row per business plus the loose contacts"
    );
    for row in &rollup.rows {
        let want = &expected[&row.business_id];
        let got = Expected {
            contacts: row.contacts,
            with_email: row.with_email,
            with_phone: row.with_phone,
            open: row.open_tasks,
            completed: row.completed_tasks,
            overdue: row.overdue_tasks,
            notes: row.notes,
            upcoming: row.upcoming_appointments,
            past: row.past_appointments,
        };
        assert_eq!(&got, want, "business {:?} ({})", row.business_id, row.name);
    }
    let total: u32 = expected.values().map(|e| e.contacts).sum();
    assert_eq!(rollup.totals.contacts, total);
    assert_eq!(
        rollup.totals.overdue_tasks,
        expected.values().map(|e| e.overdue).sum::<u32>()
    );
    sandbox.shutdown().await;
}
