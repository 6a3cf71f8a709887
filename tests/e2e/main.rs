//! End to end: the real app binary in a real WebKit window, driven like a person would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accessibility;
mod accounts;
mod activity;
mod agency;
mod all_locations;
mod bulk;
#[path = "../support/cli.rs"]
mod cli;
#[path = "../support/driver.rs"]
mod driver;
mod duplicates;
mod explorer;
mod harness;
mod inbox;
mod keyboard;
mod names;
mod notes;
mod onboarding;
#[path = "../support/raw.rs"]
mod raw;
mod reports;
#[path = "../support/sandbox.rs"]
mod sandbox;
mod single_instance;
mod update;
mod workspace;

use harness::App;

#[tokio::test]
async fn about_shows_values_measured_by_rust() {
    let app = App::launch().await;
    app.find("nav[aria-label='Sections']").await;
    app.click("button[data-section='settings']").await;
    // Settings opens on Accounts; About & diagnostics is its third tab.
    app.click("#settings-tab-about").await;

    let version = measured(&app, "app-version").await;
    assert_eq!(
        version,
        format!("Contact Desk {}", env!("CARGO_PKG_VERSION"))
    );

    // The harness gives each launch its own data directory; the app must report that one.
    let data_dir = measured(&app, "data-dir").await;
    assert_eq!(data_dir, app.data_dir.path().display().to_string());

    let keychain = measured(&app, "keychain").await;
    assert!(
        keychain.starts_with("Reachable"),
        "keychain row: {keychain}"
    );

    let webview = measured(&app, "webview-version").await;
    assert!(
        webview.starts_with("WebKitGTK 2."),
        "webview row: {webview}"
    );

    onboarding::wait_for_active_account(&app, "Demo workspace").await;
    app.close().await;
}

#[tokio::test]
async fn keyboard_moves_between_sections() {
    let app = App::launch().await;
    let contacts = app.find("button[data-section='contacts']").await;
    contacts.click().await.unwrap();
    // Arrow keys in the sidebar move the selection (and focus) to the next section.
    contacts.send_keys(ARROW_DOWN).await.unwrap();
    app.find("main[data-section='tasks']").await;
    // Ctrl+8 jumps to Settings from anywhere.
    let focused = app.client.active_element().await.unwrap();
    focused
        .send_keys(&format!("{CONTROL}8{CONTROL}"))
        .await
        .unwrap();
    app.find("main[data-section='settings']").await;
    app.close().await;
}

const ARROW_DOWN: &str = "\u{E015}";
/// WebDriver's Control key: pressed on first use, released on the second.
const CONTROL: &str = "\u{E009}";

/// The About row `testid` once Rust has filled it in (it reads "…" until then).
async fn measured(app: &App, testid: &str) -> String {
    let css = format!("[data-testid='{testid}']");
    app.text_when(&css, |text| text != "…").await
}
