//! Bulk actions through the real window against a sandbox in another process: a range
//! picked with shift-click, everyone picked with "select all", 200 contacts tagged and
//! given a task each, the app killed (SIGKILL) half-way through the tasks, a request
//! perhaps in flight, and started again on the same data:
//! the job finishes, and the sandbox saw no contact tagged, or given the task,
//! by two requests.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::harness::App;
use crate::sandbox::SandboxProcess;

const CONTACTS: usize = 200;

/// The part of `GET /__sandbox/stats` this test reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stats {
    writes_by_contact: BTreeMap<String, BTreeMap<String, u64>>,
}

async fn stats(sandbox: &SandboxProcess) -> Stats {
    let url = format!("{}/__sandbox/stats", sandbox.base_url());
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

async fn js(app: &App, script: &str) -> serde_json::Value {
    app.client.execute(script, vec![]).await.unwrap()
}

/// Clicks row `index`'s checkbox, with Shift held when `shift`.
async fn pick(app: &App, index: usize, shift: bool) {
    let script = format!(
        "document.querySelector('#contact-row-{index} [data-testid=pick]')
           .dispatchEvent(new MouseEvent('click', {{ bubbles: true, shiftKey: {shift} }}));"
    );
    js(app, &script).await;
}

/// Opens the bulk action `kind` for the selection, fills it with `fill`, previews, runs.
async fn run_bulk(app: &App, kind: &str, field: &str, value: &str) {
    app.click(&format!("[data-testid='bulk-{kind}']")).await;
    app.type_into(&format!("[data-testid='{field}']"), value)
        .await;
    app.click("[data-testid='bulk-preview-button']").await;
    app.content_with("[data-testid='bulk-preview']", "will change")
        .await;
    app.click("[data-testid='bulk-run']").await;
    app.text_when("[data-testid='selection-count']", |text| {
        text == "None selected"
    })
    .await;
}

/// Waits until every job the list shows has `state`, and there are `count` of them.
async fn wait_for_jobs(app: &App, count: usize, state: &str, limit: Duration) {
    let script = format!(
        "return [...document.querySelectorAll('[data-testid=job]')]
           .filter(job => job.dataset.jobState === '{state}').length;"
    );
    let deadline = Instant::now() + limit;
    while js(app, &script).await.as_u64() != Some(count as u64) {
        assert!(
            Instant::now() < deadline,
            "the jobs never reached {state}\n{}",
            app.screen_text().await
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
async fn bulk_jobs_survive_a_kill_without_sending_anything_twice() {
    // 100 requests per 10 s and 60 ms each: 200 task creates take at least 20 s, so the
    // test can stop the app half-way by watching the progress, not a clock.
    let contacts = CONTACTS.to_string();
    let sandbox = SandboxProcess::start(&["--contacts", &contacts, "--latency-ms", "60"]);
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    let app = App::launch_with(dir).await;
    crate::onboarding::wait_for_active_account(&app, "Sandbox").await;
    app.text_within(
        "[data-testid='contact-count']",
        Duration::from_secs(90),
        |text| text.trim() == contacts,
    )
    .await;

    // A range: the first row, then shift-click the fifth.
    app.find("#contact-row-4 [data-testid='pick']").await;
    pick(&app, 0, false).await;
    pick(&app, 4, true).await;
    app.text_when("[data-testid='selection-count']", |text| {
        text == "5 selected"
    })
    .await;
    let checked = js(
        &app,
        "return document.querySelectorAll('[role=option][aria-checked=true]').length;",
    )
    .await;
    assert_eq!(checked.as_u64(), Some(5));

    // Everyone, from the cache: more than the rows on screen.
    app.click("[data-testid='select-all']").await;
    app.text_when("[data-testid='selection-count']", |text| {
        text == "200 selected"
    })
    .await;
    run_bulk(&app, "AddTags", "bulk-tags", "e2e-bulk").await;

    app.click("[data-testid='select-all']").await;
    app.text_when("[data-testid='selection-count']", |text| {
        text == "200 selected"
    })
    .await;
    run_bulk(&app, "AddTask", "task-title", "E2E follow-up").await;

    // Half-way through the tasks, the app goes away.
    app.text_within(
        "[data-testid='job']:first-child [data-testid='job-progress']",
        Duration::from_secs(90),
        |text| {
            let done = text.split(' ').next().unwrap_or_default();
            done.parse::<u32>()
                .is_ok_and(|done| (60..180).contains(&done))
        },
    )
    .await;
    let app = app.kill_and_restart().await;
    crate::onboarding::wait_for_active_account(&app, "Sandbox").await;
    wait_for_jobs(&app, 2, "Done", Duration::from_secs(120)).await;

    let stats = stats(&sandbox).await;
    for endpoint in [
        "POST /contacts/bulk/tags/update/:kind",
        "POST /contacts/:contactId/tasks",
    ] {
        let written = &stats.writes_by_contact[endpoint];
        assert_eq!(written.len(), CONTACTS, "{endpoint}: every contact, once");
        assert_eq!(
            written.values().max(),
            Some(&1),
            "{endpoint}: a contact written twice"
        );
    }
    app.close().await;
}
