//! First run: connecting a HighLevel account from the onboarding dialog, with a token.

use std::time::Duration;

use fantoccini::Locator;

use crate::harness::{click_in, App};
use crate::sandbox::SandboxProcess;

/// Connects the sandbox's location through the onboarding dialog (the first-run state),
/// the way a person would: the token choice, the form, Advanced for the base URL.
pub async fn connect_with_token(app: &App, sandbox: &SandboxProcess, name: &str) {
    app.click("[data-testid='onboarding'] [data-choice='token']")
        .await;
    let form = app.find("[data-testid='add-account']").await;
    let field = |label: &'static str| {
        let form = form.clone();
        async move {
            form.find(Locator::XPath(&format!(
                ".//input[@id = //label[normalize-space(.) = '{label}']/@for] | .//label[normalize-space(text()) = '{label}']/input"
            )))
            .await
            .unwrap_or_else(|error| panic!("no {label} field: {error}"))
        }
    };
    field("Account name").await.send_keys(name).await.unwrap();
    field("Location id")
        .await
        .send_keys(sandbox.location_id())
        .await
        .unwrap();
    let token = field("Private Integration Token").await;
    assert_eq!(
        token.attr("type").await.unwrap().as_deref(),
        Some("password")
    );
    token.send_keys(sandbox.token()).await.unwrap();
    click_in(&form, "summary").await;
    let base_url = field("API base URL").await;
    base_url.clear().await.unwrap();
    base_url.send_keys(sandbox.base_url()).await.unwrap();
    app.click("[data-testid='add-account-submit']").await;
    // Rust checks the token, stores it and switches; `sessionChanged` updates the header.
    wait_for_active_account(app, name).await;
}

/// Waits until the header's account button names `name`.
pub async fn wait_for_active_account(app: &App, name: &str) {
    app.content_with("[data-testid='active-account']", name)
        .await;
}

/// Everything the page holds, to search for what must never be there: its HTML, the
/// values of its fields (which the HTML does not show), and its storage.
pub async fn page_contents(app: &App) -> String {
    const SCRIPT: &str =
        "const fields = [...document.querySelectorAll('input, textarea')].map(e => e.value);
        return [document.documentElement.outerHTML, ...fields,
                JSON.stringify(localStorage), JSON.stringify(sessionStorage)].join('\\n');";
    app.client
        .execute(SCRIPT, vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn onboarding_connects_a_token_account_and_the_header_shows_it() {
    let sandbox = SandboxProcess::start(&[]);
    let app = App::launch_first_run().await;
    // No profile yet: the demo workspace is open and onboarding offers the ways in.
    wait_for_active_account(&app, "Demo workspace").await;

    connect_with_token(&app, &sandbox, "Sandbox Agency").await;

    // Onboarding is done and stays away; the token is nowhere in the page.
    app.find_within("main#content", Duration::from_secs(10))
        .await;
    let html = page_contents(&app).await;
    assert!(!html.contains("data-testid=\"onboarding\""));
    assert!(!html.contains(sandbox.token()), "the token reached the DOM");

    // Settings › Accounts lists it with a masked hint, and still no token.
    app.click("button[data-section='settings']").await;
    app.click("#settings-tab-accounts").await;
    let row = app
        .content_with("[data-testid='account-row']", "Sandbox Agency")
        .await;
    assert!(row.contains("Active"), "row: {row}");
    assert!(row.contains(sandbox.location_id()), "row: {row}");
    let hint = app
        .find("[data-testid='token-hint']")
        .await
        .text()
        .await
        .unwrap();
    let last_four = &sandbox.token()[sandbox.token().len() - 4..];
    assert!(hint.ends_with(last_four), "hint: {hint}");
    assert!(!page_contents(&app).await.contains(sandbox.token()));
    app.close().await;
}

#[tokio::test]
async fn onboarding_dismissed_stays_dismissed_after_a_reload() {
    let app = App::launch_first_run().await;
    app.click("[data-testid='onboarding'] [data-choice='demo']")
        .await;
    wait_for_active_account(&app, "Demo workspace").await;
    // The page writes the dismissal to localStorage, which WebKit hands to its storage
    // process asynchronously; a reload before that lands would read the old value (test
    // plumbing, not a timing assert: the dialog must be gone first, then a moment).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !app
        .client
        .find_all(Locator::Css("[data-testid='onboarding']"))
        .await
        .unwrap()
        .is_empty()
    {
        assert!(std::time::Instant::now() < deadline, "onboarding stayed up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.client.refresh().await.unwrap();
    wait_for_active_account(&app, "Demo workspace").await;
    // Give onboarding the time it would need to show up again; it must not.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let shown = app
        .client
        .find_all(Locator::Css("[data-testid='onboarding']"))
        .await
        .unwrap();
    assert!(shown.is_empty(), "onboarding came back after a dismissal");
    app.close().await;
}
