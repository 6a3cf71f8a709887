//! Settings › Accounts and the header's account menu, against a sandbox process.

use fantoccini::Locator;

use crate::harness::App;
use crate::onboarding::{connect_with_token, page_contents, wait_for_active_account};
use crate::sandbox::SandboxProcess;

pub(crate) async fn choose_in_account_menu(app: &App, label: &str) {
    app.click("[data-testid='active-account']").await;
    app.client
        .wait()
        .for_element(Locator::XPath(&format!(
            "//*[@role='menu']//button[contains(., '{label}')]"
        )))
        .await
        .unwrap_or_else(|error| panic!("no {label} in the account menu: {error}"))
        .click()
        .await
        .unwrap();
}

#[tokio::test]
async fn the_header_menu_switches_to_the_demo_and_back() {
    let sandbox = SandboxProcess::start(&[]);
    let app = App::launch_first_run().await;
    connect_with_token(&app, &sandbox, "Sandbox Agency").await;

    choose_in_account_menu(&app, "Demo workspace").await;
    wait_for_active_account(&app, "Demo workspace").await;

    choose_in_account_menu(&app, "Sandbox Agency").await;
    wait_for_active_account(&app, "Sandbox Agency").await;
    assert!(!page_contents(&app).await.contains(sandbox.token()));
    app.close().await;
}

#[tokio::test]
async fn a_rejected_rotation_keeps_the_dialog_and_removal_asks_first() {
    let sandbox = SandboxProcess::start(&[]);
    let app = App::launch_first_run().await;
    connect_with_token(&app, &sandbox, "Sandbox Agency").await;
    app.click("button[data-section='settings']").await;
    app.click("#settings-tab-accounts").await;
    app.content_with("[data-testid='account-row']", "Sandbox Agency")
        .await;

    // A wrong token: HighLevel (the sandbox) says 401, the dialog stays with the field empty.
    app.client
        .find(Locator::XPath(
            "//*[@data-testid='account-row']//button[normalize-space(.)='Rotate token']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let dialog = app.find("[data-testid='rotate-token']").await;
    let input = dialog
        .find(Locator::Css("input[type='password']"))
        .await
        .unwrap();
    input.send_keys("pit-not-a-real-token").await.unwrap();
    app.client
        .find(Locator::XPath(
            "//button[normalize-space(.)='Check and rotate']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let alert = app
        .text_when("[data-testid='rotate-token'] [role='alert']", |text| {
            !text.is_empty()
        })
        .await;
    assert!(alert.contains("rejected the token"), "alert: {alert}");
    assert_eq!(input.prop("value").await.unwrap().as_deref(), Some(""));
    app.client
        .find(Locator::XPath(
            "//dialog//button[normalize-space(.)='Cancel']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // Remove: a confirmation that says what goes; then the demo opens.
    app.click("[data-testid='account-row'] button[aria-label='Remove Sandbox Agency']")
        .await;
    let confirmation = app
        .text_when("[data-testid='remove-confirmation']", |text| {
            !text.is_empty()
        })
        .await;
    assert!(confirmation.contains("keychain"), "{confirmation}");
    assert!(confirmation.contains("cached"), "{confirmation}");
    app.click("[data-testid='confirm-remove']").await;
    wait_for_active_account(&app, "Demo workspace").await;
    // The list re-reads the profiles once the removal is done.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let rows = app
            .client
            .find_all(Locator::Css("[data-testid='account-row']"))
            .await
            .unwrap();
        if rows.is_empty() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the removed account is still listed\n{}",
            app.screen_text().await
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.close().await;
}
