//! Duplicates through the real window, against a sandbox in another process: a new
//! contact with an existing email is offered the existing one, and a pair from the
//! Duplicates view is merged, its tasks and notes arriving on the survivor (checked by
//! asking the sandbox directly).

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::App;
use crate::raw::raw_get;
use crate::sandbox::SandboxProcess;
use crate::workspace::{field_value, launch_on_sandbox};

async fn js(app: &App, script: &str) -> Value {
    app.client.execute(script, vec![]).await.unwrap()
}

/// `GET path` on the sandbox, as any HighLevel client would.
async fn get(sandbox: &SandboxProcess, path: &str) -> Value {
    let url = format!("{}{path}", sandbox.base_url());
    let location = ("locationId", sandbox.location_id().to_owned());
    raw_get(&reqwest::Client::new(), &url, sandbox.token(), &[location]).await
}

/// The titles of a contact's tasks and the bodies of its notes, from the sandbox.
async fn tasks_and_notes(sandbox: &SandboxProcess, id: &str) -> (Vec<Value>, Vec<Value>) {
    let tasks = get(sandbox, &format!("/contacts/{id}/tasks")).await;
    let notes = get(sandbox, &format!("/contacts/{id}/notes")).await;
    let field = |list: &Value, key: &str, name: &str| -> Vec<Value> {
        let items = list[key].as_array().cloned().unwrap_or_default();
        items.iter().map(|item| item[name].clone()).collect()
    };
    (
        field(&tasks, "tasks", "title"),
        field(&notes, "notes", "body"),
    )
}

#[tokio::test]
async fn an_existing_email_is_offered_and_a_merged_pair_keeps_its_tasks_and_notes() {
    let (sandbox, app) = launch_on_sandbox().await;

    // A new contact with an email HighLevel already has: the existing contact is offered.
    let listed = get(&sandbox, "/contacts/").await;
    let existing = listed["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["email"].is_string())
        .unwrap()
        .clone();
    let email = existing["email"].as_str().unwrap();
    app.click("[data-testid='new-contact']").await;
    app.type_into("[data-testid='contact-first-name']", "Again")
        .await;
    app.type_into("[data-testid='contact-email']", email).await;
    app.click("[data-testid='contact-save']").await;
    app.content_with("[data-testid='existing-contact']", email)
        .await;
    let typed = field_value(&app, "[data-testid='contact-first-name']").await;
    assert_eq!(typed.as_deref(), Some("Again"));
    app.click("[data-testid='open-existing']").await;
    let opened = app
        .find("[data-testid='workspace']")
        .await
        .attr("data-contact-id")
        .await
        .unwrap();
    assert_eq!(opened.as_deref(), existing["id"].as_str());

    // The Duplicates view lists the seeded pairs once the first sync brought them in.
    app.click("button[data-section='duplicates']").await;
    app.find_within("[data-testid='duplicate-pair']", Duration::from_secs(60))
        .await;
    app.click("[data-testid='duplicate-pair'] [data-testid='merge-pair']")
        .await;
    app.find_within("[data-testid='merge-preview'] li", Duration::from_secs(20))
        .await;

    // Keep the side whose twin holds tasks and notes, so there is something to move.
    let sides = js(
        &app,
        "return [...document.querySelectorAll('input[name=survivor]')].map(i => i.value);",
    )
    .await;
    let sides: Vec<String> = serde_json::from_value(sides).unwrap();
    let mut survivor = checked_survivor(&app).await;
    let mut other = sides.iter().find(|id| **id != survivor).unwrap().clone();
    let (other_tasks, other_notes) = tasks_and_notes(&sandbox, &other).await;
    if other_tasks.is_empty() || other_notes.is_empty() {
        app.click(&format!("input[name=survivor][value='{other}']"))
            .await;
        std::mem::swap(&mut survivor, &mut other);
        wait_for_survivor(&app, &survivor).await;
    }
    let (moving_tasks, moving_notes) = tasks_and_notes(&sandbox, &other).await;
    assert!(!moving_tasks.is_empty() && !moving_notes.is_empty());
    let (kept_tasks, _) = tasks_and_notes(&sandbox, &survivor).await;
    let preview = app
        .content_with("[data-testid='merge-preview']", "Delete")
        .await;
    assert!(preview.contains("Add task to"), "{preview}");
    assert!(preview.contains("Add note to"), "{preview}");

    app.click("[data-testid='merge-confirm']").await;
    let deadline = Instant::now() + Duration::from_secs(60);
    while js(
        &app,
        "return !!document.querySelector(\"[data-testid='merge-preview']\");",
    )
    .await
        == Value::Bool(true)
    {
        assert!(
            Instant::now() < deadline,
            "the merge never finished\n{}",
            app.screen_text().await
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    let (tasks, notes) = tasks_and_notes(&sandbox, &survivor).await;
    assert_eq!(tasks.len(), kept_tasks.len() + moving_tasks.len());
    for title in &moving_tasks {
        assert!(tasks.contains(title), "{title} not on the survivor");
    }
    for body in &moving_notes {
        assert!(notes.contains(body), "{body} not on the survivor");
    }
    let gone = get(&sandbox, &format!("/contacts/{other}")).await;
    assert!(gone.get("contact").is_none(), "{gone}");
    app.close().await;
}

async fn checked_survivor(app: &App) -> String {
    let checked = js(
        app,
        "return document.querySelector('input[name=survivor]:checked').value;",
    )
    .await;
    checked.as_str().unwrap().to_owned()
}

/// Waits until the dialog planned again around `survivor`.
async fn wait_for_survivor(app: &App, survivor: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while checked_survivor(app).await != survivor {
        assert!(Instant::now() < deadline, "the survivor never changed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
