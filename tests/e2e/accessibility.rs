//! Every screen and dialog through axe-core in the real window, in the light and the dark
//! theme, at the minimum window size: no serious or critical violation. At that size and at
//! 1280×800 and 1920×1080, no action is off screen, no column header is clipped and no user
//! text with a bidi control escapes its isolate (page/layout.js, page/bidi.js measure the
//! element boxes and styles). Each look is saved as a PNG under `artifacts/screens/`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use serde_json::Value;

use crate::harness::App;
use crate::sandbox::SandboxProcess;
use crate::workspace::js;

/// The smallest window the app supports (tauri.conf.json's minWidth × minHeight), then a
/// common laptop and a common desktop.
const SIZES: [(u32, u32); 3] = [(960, 600), (1280, 800), (1920, 1080)];

const LAYOUT: &str = include_str!("page/layout.js");
const BIDI: &str = include_str!("page/bidi.js");

const ESCAPE: &str = "\u{E00C}";
/// WebDriver's Control key: pressed on first use, released on the second.
const CONTROL: &str = "\u{E009}";

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

/// What one of the page scripts found, as sentences.
async fn page_problems(app: &App, script: &str) -> Vec<String> {
    match js(app, script).await {
        Value::Array(found) => found
            .into_iter()
            .map(|problem| problem.as_str().unwrap_or_default().to_owned())
            .collect(),
        other => panic!("the page script answered {other}"),
    }
}

/// One look at the screen as it is: saved as a PNG, its layout and bidi isolation checked,
/// and axe run when `axe` is given. Returns what failed, each line naming the look.
async fn look(app: &App, axe: Option<&str>, theme: &str, name: &str) -> Vec<String> {
    let (width, height) = app.client.get_window_size().await.unwrap();
    let label = format!("{name} ({theme}, {width}×{height})");
    let png = app.client.screenshot().await.unwrap();
    let file = format!("{name}-{theme}-{width}x{height}.png");
    std::fs::write(artifacts().join(file), png).unwrap();
    let mut failures: Vec<String> = page_problems(app, LAYOUT).await;
    failures.extend(page_problems(app, BIDI).await);
    if let Some(axe) = axe {
        let found = violations(app, axe).await;
        if !found.is_empty() {
            failures.push(format!("axe: {found:#?}"));
        }
    }
    failures
        .into_iter()
        .map(|failure| format!("{label}: {failure}"))
        .collect()
}

#[derive(Clone, Copy)]
enum Screen {
    Workspace,
    Section(&'static str),
    /// Activity's request log with the newest request open in its panel.
    Requests,
    /// The busiest business open beside the list.
    Business,
    Settings(&'static str),
}

impl Screen {
    const ALL: [Screen; 13] = [
        Screen::Workspace,
        Screen::Section("tasks"),
        Screen::Section("businesses"),
        Screen::Business,
        Screen::Section("duplicates"),
        Screen::Section("reports"),
        Screen::Section("activity"),
        Screen::Requests,
        Screen::Section("explorer"),
        Screen::Settings("accounts"),
        Screen::Settings("sync"),
        Screen::Settings("about"),
        // Back where it started: the list and workspace after every other screen.
        Screen::Section("contacts"),
    ];

    fn name(self) -> String {
        match self {
            Screen::Workspace => "workspace".to_owned(),
            Screen::Section(section) => section.to_owned(),
            Screen::Requests => "activity-requests".to_owned(),
            Screen::Business => "business".to_owned(),
            Screen::Settings(tab) => format!("settings-{tab}"),
        }
    }

    async fn show(self, app: &App) {
        match self {
            Screen::Workspace => {
                open_section(app, "contacts").await;
                app.find("[data-contact-id]").await.click().await.unwrap();
                app.find("[data-testid='workspace']").await;
            }
            Screen::Section(section) => {
                open_section(app, section).await;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Screen::Business => {
                open_section(app, "businesses").await;
                app.click("[data-testid='business-list'] li button").await;
                app.find("[data-testid='business-view']").await;
            }
            Screen::Requests => {
                open_section(app, "activity").await;
                app.click("#activity-tab-requests").await;
                app.find("[data-testid='request-log'] tbody tr button")
                    .await;
                // The row's button toggles its panel, which may be open from the last visit.
                js(app, "if (!document.querySelector(\"[data-testid='request-detail']\")) document.querySelector(\"[data-testid='request-log'] tbody tr button\").click(); return 1;").await;
                app.find("[data-testid='request-detail']").await;
            }
            Screen::Settings(tab) => {
                open_section(app, "settings").await;
                app.click(&format!("#settings-tab-{tab}")).await;
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
}

async fn open_section(app: &App, section: &str) {
    app.click(&format!("button[data-section='{section}']"))
        .await;
    app.find(&format!(
        "button[data-section='{section}'][aria-current='page']"
    ))
    .await;
}

#[derive(Clone, Copy)]
enum Dialog {
    NewContact,
    Palette,
    NewTask,
    DeleteContact,
    BulkTags,
    Merge,
    AddAccount,
    ConnectAgency,
}

impl Dialog {
    const ALL: [Dialog; 8] = [
        Dialog::NewContact,
        Dialog::Palette,
        Dialog::NewTask,
        Dialog::DeleteContact,
        Dialog::BulkTags,
        Dialog::Merge,
        Dialog::AddAccount,
        Dialog::ConnectAgency,
    ];

    fn name(self) -> &'static str {
        match self {
            Dialog::NewContact => "dialog-new-contact",
            Dialog::Palette => "dialog-palette",
            Dialog::NewTask => "dialog-new-task",
            Dialog::DeleteContact => "dialog-delete-contact",
            Dialog::BulkTags => "dialog-bulk-tags",
            Dialog::Merge => "dialog-merge",
            Dialog::AddAccount => "dialog-add-account",
            Dialog::ConnectAgency => "dialog-connect-agency",
        }
    }

    /// Opens the dialog from where a person would, and waits for it.
    async fn open(self, app: &App) {
        match self {
            Dialog::NewContact => {
                open_section(app, "contacts").await;
                app.click("[data-testid='new-contact']").await;
            }
            Dialog::Palette => {
                let focused = app.client.active_element().await.unwrap();
                focused
                    .send_keys(&format!("{CONTROL}k{CONTROL}"))
                    .await
                    .unwrap();
            }
            Dialog::NewTask => {
                Screen::Workspace.show(app).await;
                app.click("[data-testid='add-task']").await;
            }
            Dialog::DeleteContact => {
                Screen::Workspace.show(app).await;
                app.click("button[aria-label='Delete contact']").await;
            }
            Dialog::BulkTags => {
                open_section(app, "contacts").await;
                js(app, "document.querySelectorAll('[data-testid=pick]')[1].click(); document.querySelectorAll('[data-testid=pick]')[2].click(); return 1;").await;
                app.click("[data-testid='bulk-AddTags']").await;
            }
            Dialog::Merge => {
                open_section(app, "duplicates").await;
                app.click("[data-testid='merge-pair']").await;
            }
            Dialog::AddAccount => {
                Screen::Settings("accounts").show(app).await;
                app.click("[data-testid='add-account-button']").await;
            }
            Dialog::ConnectAgency => {
                Screen::Settings("accounts").show(app).await;
                app.click("[data-testid='connect-agency-button']").await;
            }
        }
        app.find("dialog[open]").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    /// Escape closes every dialog without changing anything.
    async fn close(self, app: &App) {
        let focused = app.client.active_element().await.unwrap();
        focused.send_keys(ESCAPE).await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while js(app, "return !!document.querySelector('dialog[open]');").await == Value::Bool(true)
        {
            assert!(
                Instant::now() < deadline,
                "Escape left {} open",
                self.name()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if let Dialog::BulkTags = self {
            let focused = app.client.active_element().await.unwrap();
            focused.send_keys(ESCAPE).await.unwrap();
        }
    }
}

/// Every screen and dialog in one theme, with axe at the minimum size; in the light
/// theme also every screen at the larger sizes (layout does not depend on the theme).
async fn every_screen(sandbox: &SandboxProcess, dark: bool) -> Vec<String> {
    let theme = if dark { "dark" } else { "light" };
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    let app = App::launch_in(dir, dark).await;
    crate::onboarding::wait_for_active_account(&app, "Sandbox").await;
    let timeouts = TimeoutConfiguration::new(None, None, Some(Duration::from_secs(30)));
    app.client.update_timeouts(timeouts).await.unwrap();
    let (width, height) = SIZES[0];
    app.client.set_window_size(width, height).await.unwrap();
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

    for screen in Screen::ALL {
        screen.show(&app).await;
        failures.extend(look(&app, Some(&axe), theme, &screen.name()).await);
    }
    for dialog in Dialog::ALL {
        dialog.open(&app).await;
        failures.extend(look(&app, Some(&axe), theme, dialog.name()).await);
        dialog.close(&app).await;
    }
    if !dark {
        for (width, height) in &SIZES[1..] {
            app.client.set_window_size(*width, *height).await.unwrap();
            for screen in Screen::ALL {
                screen.show(&app).await;
                failures.extend(look(&app, None, theme, &screen.name()).await);
            }
        }
    }
    app.close().await;
    failures
}

#[tokio::test]
async fn every_screen_and_dialog_passes_axe_and_holds_its_layout_at_every_size() {
    let sandbox = SandboxProcess::start(&[]);
    let mut failures = every_screen(&sandbox, false).await;
    failures.extend(every_screen(&sandbox, true).await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// "All locations" of an agency's three locations: the switcher open, then the list, a
/// workspace naming its location, the inbox, businesses, a business, the location ×
/// business report and the new-contact form, through the same looks in one theme.
async fn all_locations_screens(sandbox: &SandboxProcess, dark: bool) -> Vec<String> {
    const SCREENS: [Screen; 6] = [
        Screen::Section("contacts"),
        Screen::Workspace,
        Screen::Section("tasks"),
        Screen::Section("businesses"),
        Screen::Business,
        Screen::Section("reports"),
    ];
    let theme = if dark { "dark" } else { "light" };
    let dir = tempfile::tempdir().unwrap();
    crate::all_locations::add_agency(sandbox, dir.path(), "Acme Agency");
    let app = App::launch_in(dir, dark).await;
    let (width, height) = SIZES[0];
    app.client.set_window_size(width, height).await.unwrap();
    let axe = axe_source();
    let mut failures = Vec::new();

    app.click("[data-testid='active-account']").await;
    app.find("[data-testid='all-locations']").await;
    failures.extend(look(&app, Some(&axe), theme, "all-switcher").await);
    app.click("[data-testid='all-locations']").await;
    app.content_with("[data-testid='scope-label']", "All locations")
        .await;
    app.text_within(
        "[data-testid='contact-count']",
        Duration::from_secs(180),
        |text| text == "120",
    )
    .await;
    for screen in SCREENS {
        screen.show(&app).await;
        let name = format!("all-{}", screen.name());
        failures.extend(look(&app, Some(&axe), theme, &name).await);
    }
    // The new-contact form asks in which location.
    Dialog::NewContact.open(&app).await;
    app.find("[data-testid='contact-location-choice']").await;
    let name = format!("all-{}", Dialog::NewContact.name());
    failures.extend(look(&app, Some(&axe), theme, &name).await);
    Dialog::NewContact.close(&app).await;
    if !dark {
        for (width, height) in &SIZES[1..] {
            app.client.set_window_size(*width, *height).await.unwrap();
            for screen in SCREENS {
                screen.show(&app).await;
                let name = format!("all-{}", screen.name());
                failures.extend(look(&app, None, theme, &name).await);
            }
        }
    }
    app.close().await;
    failures
}

#[tokio::test]
async fn all_locations_screens_pass_axe_and_hold_their_layout() {
    let sandbox = SandboxProcess::start(&["--locations", "3", "--contacts", "40"]);
    let mut failures = all_locations_screens(&sandbox, false).await;
    failures.extend(all_locations_screens(&sandbox, true).await);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
