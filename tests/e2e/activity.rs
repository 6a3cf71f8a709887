//! Activity in the real window: the request log lists the demo sync's requests.

use crate::harness::{click_in, App};
use crate::reports::{open_section, SYNC_WAIT};

#[tokio::test]
async fn request_log_lists_the_sync_requests() {
    let app = App::launch().await;
    open_section(&app, "activity").await;
    app.click("button[role='tab'][data-tab='requests']").await;
    // The log refreshes by itself while it is on screen: the sync's requests appear.
    let row = app.find_within("tr[data-status='200']", SYNC_WAIT).await;
    let method = row
        .find(fantoccini::Locator::Css("td.method"))
        .await
        .unwrap();
    let method = method.text().await.unwrap();
    assert!(["GET", "POST"].contains(&method.as_str()), "{method}");
    let path = row.find(fantoccini::Locator::Css("td.path")).await.unwrap();
    let path = path.text().await.unwrap();
    // A sync reads contacts, tasks, calendars and notes.
    assert!(
        ["/contacts/", "/locations/", "/calendars/"]
            .iter()
            .any(|root| path.starts_with(root)),
        "{path}"
    );

    // Its detail panel shows the record, trace id included.
    click_in(&row, "td.time button").await;
    let detail = app
        .text_within(
            "[data-testid='request-detail']",
            std::time::Duration::from_secs(10),
            |t| t.contains("Trace id"),
        )
        .await;
    assert!(detail.contains("200"), "detail: {detail}");
    app.close().await;
}
