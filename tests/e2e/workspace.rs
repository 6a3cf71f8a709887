//! The workspace against a sandbox in another process, through the real window: search
//! and open a contact, its lists together, a task added and completed that is still
//! completed after a restart, a tag, a hostile name shown as text, and the offline path.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::harness::{click_in, App};
use crate::sandbox::SandboxProcess;

pub(crate) async fn js(app: &App, script: &str) -> serde_json::Value {
    app.client.execute(script, vec![]).await.unwrap()
}

/// Types into the contact search and opens the first match.
pub(crate) async fn search_and_open(app: &App, text: &str) {
    search_and_click(app, text, "[data-contact-id]", "").await;
}

/// Searches for `text` and opens the contact `id` among the matches: the list may still
/// show the rows from before the search applied, so the first row is not enough.
pub(crate) async fn search_and_open_contact(app: &App, text: &str, id: &str) {
    let row = format!("[data-contact-id='{id}']");
    search_and_click(app, text, &row, id).await;
}

/// Types `text` into the search, then clicks `row` until the workspace opens (on the
/// contact `id`, unless it is empty).
async fn search_and_click(app: &App, text: &str, row: &str, id: &str) {
    let search = app.find("[data-testid='contact-search']").await;
    search.clear().await.unwrap();
    search.send_keys(text).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    // The first sync may still be bringing contacts in: wait for a match to show.
    let present = format!("return !!document.querySelector({row:?});");
    while js(app, &present).await != serde_json::Value::Bool(true) {
        assert!(Instant::now() < deadline, "no contact matches {text:?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Rows re-render while the sync writes: click again until the workspace opens.
    let opened = "const w = document.querySelector(\"[data-testid='workspace']\"); return w ? w.dataset.contactId : null;";
    loop {
        if let Ok(found) = app.client.find(Locator::Css(row)).await {
            let _ = found.click().await;
        }
        if let serde_json::Value::String(open) = js(app, opened).await {
            if id.is_empty() || open == id {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the workspace never opened\n{}",
            app.screen_text().await
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// A sandbox in another process, and the app with it as the active profile "Sandbox".
pub(crate) async fn launch_on_sandbox() -> (SandboxProcess, App) {
    let sandbox = SandboxProcess::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    let app = App::launch_with(dir).await;
    crate::onboarding::wait_for_active_account(&app, "Sandbox").await;
    (sandbox, app)
}

/// What the field `css` finds holds.
pub(crate) async fn field_value(app: &App, css: &str) -> Option<String> {
    app.find(css).await.prop("value").await.unwrap()
}

/// The id of the contact the workspace shows.
pub(crate) async fn open_contact_id(app: &App) -> String {
    let script = "return document.querySelector('[data-testid=workspace]').dataset.contactId;";
    js(app, script).await.as_str().unwrap().to_owned()
}

/// Fills in and sends the new-task form of the open contact.
async fn add_task(app: &App, title: &str) {
    app.click("[data-testid='add-task']").await;
    app.type_into("[data-testid='task-title']", title).await;
    app.click("[data-testid='task-save']").await;
}

/// The task row whose title is `title`, once it is there.
async fn task_row(app: &App, title: &str) -> fantoccini::elements::Element {
    let xpath = format!(
        "//li[@data-task-id][.//span[@class and contains(@class,'title') and text()='{title}']]"
    );
    app.wait_for(Locator::XPath(&xpath), Duration::from_secs(20))
        .await
}

#[tokio::test]
async fn a_contact_works_from_search_to_restart_and_offline() {
    let (sandbox, app) = launch_on_sandbox().await;

    // A hostile name is found by its text and shown as text: no script runs, no element is made.
    let scripts_before = js(&app, "return document.scripts.length;").await;
    search_and_open(&app, "script").await;
    let name = app
        .content_with("[data-testid='contact-name']", "<script>")
        .await;
    assert!(name.contains("alert('x')"), "{name}");
    assert_eq!(
        js(&app, "return document.scripts.length;").await,
        scripts_before
    );
    assert!(js(
        &app,
        "return document.querySelector('#contact-name script, #contact-name img');"
    )
    .await
    .is_null());

    // Its tasks, notes and appointments are together on one screen.
    for section in ["tasks", "notes", "appointments", "tags"] {
        app.find(&format!(
            "[data-testid='workspace'] [data-testid='{section}']"
        ))
        .await;
    }
    let contact_id = open_contact_id(&app).await;

    // Add a task, then complete it.
    add_task(&app, "Send the e2e proposal").await;
    let row = task_row(&app, "Send the e2e proposal").await;
    click_in(&row, "[data-testid='task-check']").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    // Completed tasks leave the Pending view once HighLevel agrees.
    loop {
        let pending = js(&app, "return [...document.querySelectorAll('[data-task-id] .title')].map(e => e.textContent).includes('Send the e2e proposal');").await;
        if pending == serde_json::Value::Bool(false) {
            break;
        }
        assert!(Instant::now() < deadline, "the task never completed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Add a tag.
    let tag = app.find("[data-testid='tag-input']").await;
    tag.send_keys("e2e-tag\u{E007}").await.unwrap();
    app.content_with("[data-testid='tags']", "e2e-tag").await;

    // After a restart the task is still completed and the tag still there.
    let app = app.restart().await;
    crate::onboarding::wait_for_active_account(&app, "Sandbox").await;
    search_and_open(&app, "script").await;
    assert_eq!(
        js(
            &app,
            "return document.querySelector('[data-testid=workspace]').dataset.contactId;"
        )
        .await,
        serde_json::Value::String(contact_id.clone())
    );
    app.content_with("[data-testid='tags']", "e2e-tag").await;
    app.click("[data-testid='tasks'] [role='radio']:nth-child(2)")
        .await;
    let done = task_row(&app, "Send the e2e proposal").await;
    let checked = done
        .find(Locator::Css("[data-testid='task-check']"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(checked.as_deref(), Some("true"));

    // HighLevel goes away: the workspace stays readable, the header says offline, and a
    // write is refused with what was typed kept.
    drop(sandbox);
    app.click("[aria-label='Refresh from HighLevel']").await;
    app.find("[data-testid='offline-badge']").await;
    app.find("[data-testid='workspace']").await;
    app.content_with("[data-testid='contact-name']", "<script>")
        .await;
    add_task(&app, "Written offline").await;
    let error = app
        .content_with("[data-testid='task-error']", "offline")
        .await;
    assert!(error.contains("nothing was sent"), "{error}");
    let kept = field_value(&app, "[data-testid='task-title']").await;
    assert_eq!(kept.as_deref(), Some("Written offline"));
    app.close().await;
}
