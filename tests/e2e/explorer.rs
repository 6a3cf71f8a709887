//! The API explorer in the real window: one real read against the demo's sandbox.

use std::time::{Duration, Instant};

use crate::harness::App;
use crate::reports::{open_section, SYNC_WAIT};

#[tokio::test]
async fn explorer_gets_a_sample_contact() {
    let app = App::launch().await;
    open_section(&app, "explorer").await;
    app.click("button[data-endpoint='getContact']").await;

    // "Use a sample contact" needs a cached contact: retry while the demo's first sync runs.
    let input = app.find("input[name='contactId']").await;
    let sample = app
        .find("[data-testid='endpoint-form'] button.sample")
        .await;
    let deadline = Instant::now() + SYNC_WAIT;
    let contact_id = loop {
        sample.click().await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let value = input.prop("value").await.unwrap().unwrap_or_default();
        if !value.is_empty() {
            break value;
        }
        assert!(Instant::now() < deadline, "no contact was ever cached");
        tokio::time::sleep(Duration::from_secs(1)).await;
    };

    app.click("[data-testid='send']").await;
    let status = app
        .text_within(
            "[data-testid='result-status']",
            Duration::from_secs(30),
            |t| !t.is_empty(),
        )
        .await;
    assert_eq!(status, "200");
    let json = app
        .find("[data-testid='result-json']")
        .await
        .text()
        .await
        .unwrap();
    let contact: serde_json::Value = serde_json::from_str(&json).expect("the response is JSON");
    assert_eq!(contact["id"], contact_id.as_str());
    let mapping = app
        .find("[data-testid='workspace-mapping']")
        .await
        .text()
        .await
        .unwrap();
    assert!(mapping.contains("Contact header"), "mapping: {mapping}");
    app.close().await;
}
