//! Every screen through axe-core in the real window, in the light and the dark theme, at
//! the minimum window size: no serious or critical violation. Each screen is also saved
//! as a PNG under `artifacts/screens/`, to look at after a run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use serde_json::Value;

use crate::harness::App;
use crate::sandbox::SandboxProcess;
use crate::workspace::js;

/// The smallest window the app supports (tauri.conf.json's minWidth × minHeight).
const MIN_WINDOW: (u32, u32) = (960, 600);

/// axe-core's own build, from package.json's devDependencies.
fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).expect("axe-core is installed (make test runs npm ci)")
}

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/screens");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The serious and critical violations axe finds on the page as it is now. axe runs in
/// the page and is polled for its answer: one long asynchronous WebDriver script was seen
/// to drop WebKitWebDriver's connection on this machine.
async fn violations(app: &App, axe: &str) -> Vec<Value> {
    let start = format!(
        "{axe}; window.__axe = null; axe.run(document, {{ resultTypes: ['violations'] }})\
         .then(r => {{ window.__axe = r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')\
         .map(v => ({{ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')) }})); }})\
         .catch(e => {{ window.__axe = String(e); }}); return 1;"
    );
    js(app, &start).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match js(app, "return window.__axe;").await {
            Value::Null => {}
            Value::Array(found) => return found,
            other => panic!("axe failed: {other}"),
        }
        assert!(Instant::now() < deadline, "axe never answered");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Checks the screen as it is, saving it as `name`; returns what failed, for one report.
async fn check(app: &App, axe: &str, theme: &str, name: &str) -> Option<String> {
    let png = app.client.screenshot().await.unwrap();
    std::fs::write(artifacts().join(format!("{name}-{theme}.png")), png).unwrap();
    let found = violations(app, axe).await;
    (!found.is_empty()).then(|| format!("{name} ({theme}): {found:#?}"))
}

async fn open_section(app: &App, section: &str) {
    app.click(&format!("button[data-section='{section}']"))
        .await;
    app.find(&format!(
        "button[data-section='{section}'][aria-current='page']"
    ))
    .await;
}

/// Every section, a contact's workspace and an open business, in one theme.
async fn every_screen(sandbox: &SandboxProcess, dark: bool) -> Vec<String> {
    let theme = if dark { "dark" } else { "light" };
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    let app = App::launch_in(dir, dark).await;
    crate::onboarding::wait_for_active_account(&app, "Sandbox").await;
    let timeouts = TimeoutConfiguration::new(None, None, Some(Duration::from_secs(30)));
    app.client.update_timeouts(timeouts).await.unwrap();
    app.client
        .set_window_size(MIN_WINDOW.0, MIN_WINDOW.1)
        .await
        .unwrap();
    let scheme = js(
        &app,
        "return matchMedia('(prefers-color-scheme: dark)').matches;",
    )
    .await;
    assert_eq!(
        scheme,
        Value::Bool(dark),
        "the window is in the {theme} theme"
    );
    let axe = axe_source();
    let mut failures = Vec::new();

    app.find("[data-contact-id]").await.click().await.unwrap();
    app.find("[data-testid='workspace']").await;
    failures.extend(check(&app, &axe, theme, "workspace").await);
    for section in [
        "tasks",
        "businesses",
        "duplicates",
        "reports",
        "activity",
        "explorer",
    ] {
        open_section(&app, section).await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        failures.extend(check(&app, &axe, theme, section).await);
    }
    open_section(&app, "settings").await;
    for tab in ["accounts", "sync", "about"] {
        app.click(&format!("#settings-tab-{tab}")).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        failures.extend(check(&app, &axe, theme, &format!("settings-{tab}")).await);
    }
    app.close().await;
    failures
}

#[tokio::test]
async fn every_screen_passes_axe_in_both_themes_at_the_minimum_size() {
    let sandbox = SandboxProcess::start(&[]);
    let mut failures = every_screen(&sandbox, false).await;
    failures.extend(every_screen(&sandbox, true).await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
