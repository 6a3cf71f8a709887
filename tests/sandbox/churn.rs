//! Churn: HighLevel's data changing under a client, deterministically, through the same
//! writes the API makes, at the rate asked for.

use std::collections::HashSet;
use std::time::Duration;

use contact_desk::sandbox::{Churn, ChurnChange, ChurnKind, Sandbox};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{config, Api};

const KINDS: [ChurnKind; 8] = [
    ChurnKind::ContactEdited,
    ChurnKind::TaskCompleted,
    ChurnKind::TaskReopened,
    ChurnKind::TaskCreated,
    ChurnKind::TaskDeleted,
    ChurnKind::NoteAdded,
    ChurnKind::ContactCreated,
    ChurnKind::ContactDeleted,
];

async fn sandbox(seed: u64) -> Sandbox {
    let mut config = config();
    config.seed = seed;
    Sandbox::start(config).await.unwrap()
}

#[tokio::test]
async fn the_same_seed_makes_the_same_changes() {
    let (a, b, other) = (sandbox(7).await, sandbox(7).await, sandbox(8).await);
    let changes = a.churn(300);
    assert_eq!(changes.len(), 300);
    assert_eq!(changes, b.churn(300));
    assert_ne!(changes, other.churn(300));
    assert_eq!(a.churn(50), b.churn(50), "and so do the changes after them");
}

#[tokio::test]
async fn every_kind_of_change_occurs_in_a_few_hundred() {
    let sandbox = sandbox(7).await;
    let kinds: HashSet<ChurnKind> = sandbox.churn(400).iter().map(|c| c.kind).collect();
    assert_eq!(kinds, HashSet::from(KINDS));
    assert_eq!(sandbox.churned(), 400);
}

/// Each change, made one at a time, is what the API then answers.
#[tokio::test]
async fn each_change_is_what_the_api_then_serves() {
    let api = Api::start(config()).await;
    let started = jiff::Timestamp::now();
    let mut unseen: HashSet<ChurnKind> = HashSet::from(KINDS);
    while !unseen.is_empty() {
        let change = api.sandbox.churn(1).remove(0);
        check_served(&api, &change, started).await;
        unseen.remove(&change.kind);
    }
}

async fn check_served(api: &Api, change: &ChurnChange, started: jiff::Timestamp) {
    let contact = format!("/contacts/{}", change.contact_id);
    let task = format!(
        "{contact}/tasks/{}",
        change.task_id.as_deref().unwrap_or("-")
    );
    let (status, body) = match change.kind {
        ChurnKind::TaskCompleted
        | ChurnKind::TaskReopened
        | ChurnKind::TaskCreated
        | ChurnKind::TaskDeleted => api.get(&task).await,
        ChurnKind::NoteAdded => {
            let note = change.note_id.as_deref().unwrap_or("-");
            api.get(&format!("{contact}/notes/{note}")).await
        }
        _ => api.get(&contact).await,
    };
    let deleted = matches!(
        change.kind,
        ChurnKind::TaskDeleted | ChurnKind::ContactDeleted
    );
    let expected = if deleted {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    assert_eq!(status, expected, "{change:?}: {body}");
    match change.kind {
        ChurnKind::TaskCompleted => assert_eq!(body["task"]["completed"], true, "{body}"),
        ChurnKind::TaskReopened | ChurnKind::TaskCreated => {
            assert_eq!(body["task"]["completed"], false, "{body}")
        }
        ChurnKind::ContactEdited | ChurnKind::ContactCreated => {
            let updated: jiff::Timestamp = body["contact"]["dateUpdated"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(updated >= started, "dateUpdated did not move: {body}");
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_churn_route_makes_changes_without_counting_as_api_requests() {
    let api = Api::start(config()).await;
    let before = api.sandbox.request_count();
    let churn = |query: &str| {
        api.http
            .post(api.url(&format!("/__sandbox/churn{query}")))
            .send()
    };
    let response = churn("?changes=25").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let changes = body["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 25);
    assert!(changes
        .iter()
        .all(|change| change["kind"].is_string() && change["contactId"].is_string()));
    for query in ["?changes=0", "?changes=many", ""] {
        let response = churn(query).await.unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
    }
    assert_eq!(api.sandbox.churned(), 25);
    assert_eq!(api.sandbox.request_count(), before);
}

/// A minute of the sandbox's (paused, advanced) clock makes the minute's changes.
#[tokio::test(start_paused = true)]
async fn background_churn_keeps_its_rate() {
    let mut config = config();
    config.churn = Some(Churn { per_minute: 90 });
    let sandbox = Sandbox::start(config).await.unwrap();
    tokio::time::sleep(Duration::from_secs(61)).await;
    assert_eq!(sandbox.churned(), 90);
    tokio::time::sleep(Duration::from_secs(20)).await;
    assert_eq!(sandbox.churned(), 120);
    sandbox.shutdown().await;
}
