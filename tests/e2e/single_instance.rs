//! One instance, deep links and the window's memory: a second launch with a
//! contactdesk:// link (as the system launches it, and as `contact-desk open`) hands the
//! link to the running window and exits; the window switches to the profile of the link's
//! location and opens the contact, or names a location no profile connects to. The
//! window's geometry and section survive a restart.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::accounts::choose_in_account_menu;
use crate::cli::{contact_desk, run};
use crate::harness::App;
use crate::onboarding::wait_for_active_account;
use crate::sandbox::SandboxProcess;

/// A second launch that has not handed over and exited by then never will.
const HAND_OVER: Duration = Duration::from_secs(30);

/// Runs `contact-desk args` beside the running app (same data directory, display and
/// D-Bus session) and returns its exit code once it ends.
async fn launch_again(data_dir: &Path, args: &[&str]) -> Option<i32> {
    let mut second = contact_desk(data_dir)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + HAND_OVER;
    loop {
        if let Some(status) = second.try_wait().unwrap() {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            panic!("the second launch {args:?} kept running: it opened its own window");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The ids of the first `count` contacts the list shows.
async fn listed_contact_ids(app: &App, count: usize) -> Vec<String> {
    let script = format!(
        "return [...document.querySelectorAll('[data-contact-id]')].slice(0, {count}).map(e => e.dataset.contactId);"
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ids: Vec<String> =
            serde_json::from_value(app.client.execute(&script, vec![]).await.unwrap()).unwrap();
        if ids.len() == count {
            return ids;
        }
        assert!(
            Instant::now() < deadline,
            "the list never showed {count} contacts"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn wait_for_open_contact(app: &App, id: &str) {
    app.find(&format!(
        "[data-testid='workspace'][data-contact-id='{id}']"
    ))
    .await;
}

#[tokio::test]
async fn a_link_from_a_second_launch_opens_its_contact_in_the_first_window() {
    // Another seed than the demo's, whose location it would share.
    let sandbox = SandboxProcess::start(&["--seed", "16"]);
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile_at(dir.path(), "Linked Agency", sandbox.base_url());
    let app = App::launch_with(dir).await;
    let ids = listed_contact_ids(&app, 2).await;
    let location = sandbox.location_id();

    // Another profile active: the link's location brings its own back.
    choose_in_account_menu(&app, "Demo workspace").await;
    wait_for_active_account(&app, "Demo workspace").await;
    let link = format!("contactdesk://contact/{location}/{}", ids[0]);
    assert_eq!(launch_again(app.data_dir.path(), &[&link]).await, Some(0));
    wait_for_active_account(&app, "Linked Agency").await;
    wait_for_open_contact(&app, &ids[0]).await;

    // The same from the command line, from another screen.
    app.click("button[data-section='activity']").await;
    let link = format!("contactdesk://contact/{location}/{}", ids[1]);
    assert_eq!(
        launch_again(app.data_dir.path(), &["open", &link]).await,
        Some(0)
    );
    wait_for_open_contact(&app, &ids[1]).await;

    // A location no profile connects to is named, and nothing else changes.
    let stranger = "contactdesk://contact/LOCnobodyHere42/abc123";
    assert_eq!(
        launch_again(app.data_dir.path(), &["open", stranger]).await,
        Some(0)
    );
    let toast = app
        .text_when("[data-testid='toast']", |text| {
            text.contains("No account for this link")
        })
        .await;
    assert!(toast.contains("LOCnobodyHere42"), "{toast}");
    wait_for_open_contact(&app, &ids[1]).await;
    app.close().await;
}

#[test]
fn open_refuses_what_is_not_a_contact_link_without_opening_a_window() {
    let dir = tempfile::tempdir().unwrap();
    for (link, says) in [
        ("https://example.com", "is not a Contact Desk link"),
        ("contactdesk://task/L1/T1", "names no contact"),
    ] {
        let output = run(dir.path(), &["open", link], "");
        assert_eq!(output.status.code(), Some(5), "{link}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{stderr}");
    }
    // A word that is no command stays a usage error, not a window.
    let typo = run(dir.path(), &["doctr"], "");
    assert_eq!(typo.status.code(), Some(2));
}

#[tokio::test]
async fn the_window_returns_with_its_geometry_and_section() {
    let app = App::launch().await;
    app.find("nav[aria-label='Sections']").await;
    app.client
        .set_window_rect(40, 30, 1100, 700)
        .await
        .expect("the window can be moved and resized");
    let before = app.client.get_window_rect().await.unwrap();
    app.click("button[data-section='activity']").await;
    wait_for_saved_width(app.data_dir.path(), before.2).await;

    let app = app.restart().await;
    app.find("main[data-section='activity']").await;
    let after = app.client.get_window_rect().await.unwrap();
    assert_eq!(after, before);
    app.close().await;
}

/// The geometry is written once the window stops changing; wait until the file has it.
async fn wait_for_saved_width(data_dir: &Path, width: u64) {
    let file = data_dir.join("window-state.json");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let saved = std::fs::read_to_string(&file).unwrap_or_default();
        let state: serde_json::Value = serde_json::from_str(&saved).unwrap_or_default();
        if state["main"]["width"].as_u64() == Some(width) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the window's width {width} was never saved: {saved}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
