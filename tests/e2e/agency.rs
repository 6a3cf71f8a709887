//! Settings › Accounts with an agency, against `contact-desk sandbox --locations 3`:
//! connected through the pasted-redirect fallback, two locations picked, the third added
//! later, then the agency removed.

use fantoccini::Locator;

use crate::harness::App;
use crate::onboarding::page_contents;
use crate::sandbox::SandboxProcess;

const LOCATION_ROWS: &str = "[data-testid='agency-group'] [data-testid='account-row']";

#[tokio::test]
async fn an_agency_connects_through_the_window_grows_and_goes() {
    let sandbox = SandboxProcess::start(&["--locations", "3"]);
    let secret = sandbox.printed["client_secret"].clone();
    let app = App::launch().await;
    app.click("button[data-section='settings']").await;
    app.click("#settings-tab-accounts").await;
    app.click("[data-testid='connect-agency-button']").await;

    sign_in_by_pasting(&app, &sandbox).await;
    let first_two = tick_locations(&app, 2).await;
    app.click("[data-testid='connect-agency-submit']").await;
    assert_eq!(location_rows(&app, 2).await, 2);
    let grouped = page_contents(&app).await;
    assert!(grouped.contains("Acme Agency"), "{grouped}");
    assert!(
        !grouped.contains(&secret),
        "the client secret reached the window"
    );

    // Later: the two already in are shown fixed; the third is the one left to add.
    click_button(&app, "Add locations").await;
    for location in &first_two {
        let fixed = format!("input[data-location-id='{location}']:disabled");
        app.find(&fixed).await;
    }
    let included = app
        .client
        .find_all(Locator::Css(
            "[data-testid='connect-agency'] input[data-location-id]:disabled",
        ))
        .await
        .unwrap();
    assert_eq!(included.len(), 2);
    app.click("[data-testid='select-all-locations']").await;
    app.click("[data-testid='connect-agency-submit']").await;
    assert_eq!(location_rows(&app, 3).await, 3);

    app.click("button[aria-label='Remove agency Acme Agency']")
        .await;
    app.click("[data-testid='remove-agency-typed']").await;
    assert!(app
        .find("[data-testid='confirm-remove-agency']")
        .await
        .attr("disabled")
        .await
        .unwrap()
        .is_some());
    app.type_into("[data-testid='remove-agency-typed']", "Acme Agency")
        .await;
    app.click("[data-testid='confirm-remove-agency']").await;
    assert_eq!(location_rows(&app, 0).await, 0);
    app.close().await;
}

/// Fills the agency app's form for the pasted-redirect flow, follows the chooser the app
/// shows (as the browser would), and pastes where it landed.
pub async fn sign_in_by_pasting(app: &App, sandbox: &SandboxProcess) {
    let form = "[data-testid='connect-agency']";
    app.type_into(&format!("{form} input[name='agency-name']"), "Acme Agency")
        .await;
    let client_id = &sandbox.printed["client_id"];
    app.type_into(&format!("{form} input[name='client-id']"), client_id)
        .await;
    let secret = &sandbox.printed["client_secret"];
    app.type_into(&format!("{form} input[name='client-secret']"), secret)
        .await;
    app.click("[data-testid='agency-paste-mode']").await;
    let redirect = "https://example.com/oauth/callback";
    app.type_into(&format!("{form} input[name='redirect-uri']"), redirect)
        .await;
    app.click(&format!("{form} details summary")).await;
    for field in ["base-url", "authorize-url"] {
        let input = app.find(&format!("{form} input[name='{field}']")).await;
        input.clear().await.unwrap();
        input.send_keys(sandbox.base_url()).await.unwrap();
    }
    app.click("[data-testid='connect-agency-submit']").await;

    let chooser = app
        .text_when("[data-testid='chooser-url']", |text| {
            text.starts_with("http")
        })
        .await;
    let landed = follow_chooser(&chooser).await;
    assert!(landed.starts_with(redirect), "{landed}");
    app.type_into("[data-testid='agency-pasted']", &landed)
        .await;
    app.click("[data-testid='connect-agency-submit']").await;
}

/// Where the sandbox's chooser sends the browser: the registered redirect with the code.
async fn follow_chooser(chooser: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = client.get(chooser).send().await.unwrap();
    assert_eq!(answer.status(), 302, "the chooser redirects");
    answer.headers()["location"].to_str().unwrap().to_owned()
}

/// Ticks the first `count` locations offered; returns their ids.
pub async fn tick_locations(app: &App, count: usize) -> Vec<String> {
    let offered = "[data-testid='connect-agency'] input[data-location-id]";
    app.find(offered).await;
    let boxes = app.client.find_all(Locator::Css(offered)).await.unwrap();
    assert_eq!(boxes.len(), 3, "the sandbox agency has three locations");
    let mut ids = Vec::new();
    for checkbox in boxes.iter().take(count) {
        checkbox.click().await.unwrap();
        ids.push(checkbox.attr("data-location-id").await.unwrap().unwrap());
    }
    ids
}

async fn click_button(app: &App, label: &str) {
    let xpath = format!("//button[normalize-space(.)='{label}']");
    app.wait_for(Locator::XPath(&xpath), std::time::Duration::from_secs(20))
        .await
        .click()
        .await
        .unwrap();
}

/// Waits until the agency groups list `expected` location rows, and returns how many.
pub async fn location_rows(app: &App, expected: usize) -> usize {
    let mut rows = 0;
    for _ in 0..100 {
        rows = app
            .client
            .find_all(Locator::Css(LOCATION_ROWS))
            .await
            .unwrap()
            .len();
        if rows == expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    rows
}
