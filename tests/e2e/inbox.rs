//! The task inbox against a sandbox in another process, through the real window: the
//! seeded overdue tasks show, two are selected and completed by keyboard alone, and the
//! sandbox holds them completed.

use std::time::{Duration, Instant};

use crate::harness::App;
use crate::raw::raw_get;
use crate::reports::{open_section, SYNC_WAIT};
use crate::sandbox::SandboxProcess;
use crate::workspace::{js, launch_on_sandbox};

/// Whether the sandbox holds the task completed.
async fn completed_in_sandbox(sandbox: &SandboxProcess, contact_id: &str, task_id: &str) -> bool {
    let url = format!(
        "{}/contacts/{contact_id}/tasks/{task_id}",
        sandbox.base_url()
    );
    let answer = raw_get(&reqwest::Client::new(), &url, sandbox.token(), &[]).await;
    answer["task"]["completed"] == serde_json::Value::Bool(true)
}

/// The selected rows as (task, contact) ids.
async fn selected(app: &App) -> Vec<(String, String)> {
    let script = "return [...document.querySelectorAll('[data-inbox-task]')]
        .filter(e => { const box = e.querySelector('input'); return box.checked && !box.disabled; })
        .map(e => [e.dataset.inboxTask, e.dataset.inboxContact]);";
    serde_json::from_value(js(app, script).await).unwrap()
}

#[tokio::test]
async fn overdue_tasks_show_and_two_are_completed_by_keyboard() {
    let (sandbox, app) = launch_on_sandbox().await;
    open_section(&app, "tasks").await;

    // A quarter of the seeded tasks are overdue: they show once the first sync has them.
    app.text_within("[data-testid='inbox-count-Overdue']", SYNC_WAIT, |count| {
        count
            .replace([',', '.', '\u{a0}', ' '], "")
            .parse::<u32>()
            .unwrap_or(0)
            >= 2
    })
    .await;
    let first = app
        .find("[data-group='Overdue'] [data-inbox-task] [data-testid='inbox-select']")
        .await;

    // x selects the row with focus, j moves down, x selects that one too, c completes.
    first.send_keys("x").await.unwrap();
    let focused = app.client.active_element().await.unwrap();
    focused.send_keys("jx").await.unwrap();
    let chosen = selected(&app).await;
    assert_eq!(chosen.len(), 2, "{chosen:?}");
    app.find("[data-testid='inbox-selected']").await;
    let focused = app.client.active_element().await.unwrap();
    focused.send_keys("c").await.unwrap();

    // Both leave the open groups once HighLevel has them completed.
    let deadline = Instant::now() + Duration::from_secs(30);
    for (task_id, _) in &chosen {
        let open = format!(
            "return !!document.querySelector(\"[data-group='Overdue'] [data-inbox-task='{task_id}']\");"
        );
        while js(&app, &open).await == serde_json::Value::Bool(true) {
            assert!(
                Instant::now() < deadline,
                "{task_id} is still overdue\n{}",
                app.screen_text().await
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    for (task_id, contact_id) in &chosen {
        assert!(
            completed_in_sandbox(&sandbox, contact_id, task_id).await,
            "{task_id}"
        );
    }
    app.close().await;
}
