//! Notes in the workspace against a sandbox in another process, through the real window:
//! one added, edited and deleted, each change held by the sandbox; a save that cannot
//! reach HighLevel keeps the text in the editor with the reason.

use std::time::{Duration, Instant};

use crate::harness::App;
use crate::raw::raw_get;
use crate::sandbox::SandboxProcess;
use crate::workspace::{field_value, js, launch_on_sandbox, open_contact_id, search_and_open};

/// The bodies of the contact's notes as the sandbox holds them.
async fn sandbox_notes(sandbox: &SandboxProcess, contact_id: &str) -> Vec<String> {
    let url = format!("{}/contacts/{contact_id}/notes", sandbox.base_url());
    let answer = raw_get(&reqwest::Client::new(), &url, sandbox.token(), &[]).await;
    let notes = answer["notes"].as_array().expect("a notes list");
    notes
        .iter()
        .map(|note| note["body"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The id of the note on screen whose text has `text` in it.
async fn note_id(app: &App, text: &str) -> String {
    app.content_with("[data-testid='notes'] .list", text).await;
    let script = format!(
        "return [...document.querySelectorAll('[data-note-id]')].find(e => e.textContent.includes({text:?})).dataset.noteId;"
    );
    js(app, &script).await.as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_note_is_added_edited_and_deleted_and_a_failed_save_keeps_the_text() {
    let (mut sandbox, app) = launch_on_sandbox().await;
    search_and_open(&app, "script").await;
    let contact_id = open_contact_id(&app).await;

    // Add.
    app.click("[data-testid='add-note']").await;
    app.type_into("[data-testid='note-body']", "Met at the e2e fair")
        .await;
    app.click("[data-testid='note-save']").await;
    let id = note_id(&app, "Met at the e2e fair").await;
    assert!(sandbox_notes(&sandbox, &contact_id)
        .await
        .contains(&"Met at the e2e fair".to_owned()));

    // Edit: the editor opens with the note's text.
    let note = format!("[data-note-id='{id}']");
    app.click(&format!("{note} [data-testid='edit-note']"))
        .await;
    let body = format!("{note} [data-testid='note-body']");
    assert_eq!(
        field_value(&app, &body).await.as_deref(),
        Some("Met at the e2e fair")
    );
    app.type_into(&body, ", booked a demo").await;
    app.click(&format!("{note} [data-testid='note-save']"))
        .await;
    app.content_with(
        &format!("{note} [data-testid='note-text']"),
        "booked a demo",
    )
    .await;
    let held = sandbox_notes(&sandbox, &contact_id).await;
    assert!(
        held.contains(&"Met at the e2e fair, booked a demo".to_owned()),
        "{held:?}"
    );
    assert!(!held.contains(&"Met at the e2e fair".to_owned()));

    // Delete, once confirmed.
    app.click(&format!("{note} [data-testid='delete-note']"))
        .await;
    app.click("dialog[open] .button.danger").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(
        &app,
        &format!("return !!document.querySelector(\"{note}\");"),
    )
    .await
        == serde_json::Value::Bool(true)
    {
        assert!(Instant::now() < deadline, "the note stayed on screen");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let held = sandbox_notes(&sandbox, &contact_id).await;
    assert!(
        !held.iter().any(|body| body.contains("e2e fair")),
        "{held:?}"
    );

    // HighLevel goes away: the save fails, says why, and the text stays.
    sandbox.stop();
    app.click("[data-testid='add-note']").await;
    app.type_into(
        "[data-testid='note-body']",
        "Written while HighLevel is away",
    )
    .await;
    app.click("[data-testid='note-save']").await;
    app.text_when("[data-testid='note-error']", |text| !text.is_empty())
        .await;
    let kept = field_value(&app, "[data-testid='note-body']").await;
    assert_eq!(kept.as_deref(), Some("Written while HighLevel is away"));
    app.close().await;
}
