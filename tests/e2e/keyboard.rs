//! The keyboard alone, through the real window: skip to the content, open a contact from
//! search, tag it, add a task and a note, and visit every section, with the focused element
//! on screen and visibly marked after every key (page/focus.js).

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::App;
use crate::raw::raw_get;
use crate::sandbox::SandboxProcess;
use crate::workspace::js;

const FOCUS: &str = include_str!("page/focus.js");
const BIDI: &str = include_str!("page/bidi.js");

const TAB: &str = "\u{E004}";
const ESCAPE: &str = "\u{E00C}";
const ENTER: &str = "\u{E007}";
const ARROW_DOWN: &str = "\u{E015}";
/// WebDriver's Control key: pressed on first use, released on the second.
const CONTROL: &str = "\u{E009}";

/// The Tab presses from the contact list to "+ Task" (the issue counted 13).
const TABS_TO_ADD_TASK: usize = 8;

/// Sends `keys` to whatever has focus, as a person typing would.
async fn press(app: &App, keys: &str) {
    let focused = app.client.active_element().await.unwrap();
    focused.send_keys(keys).await.unwrap();
}

/// Fails unless the focus is on screen and visibly marked; `step` names what was done.
/// Polls briefly: a step's rendering (and the window becoming active) may lag its key.
async fn assert_focus_visible(app: &App, step: &str) {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        match js(app, FOCUS).await {
            Value::Null => return,
            problem if Instant::now() > deadline => panic!("after {step}: {problem}"),
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// The contact's name ends in U+202E: wherever it shows, it must not reorder what follows.
async fn assert_isolated(app: &App, screen: &str) {
    let found = js(app, BIDI).await;
    assert_eq!(found, Value::Array(Vec::new()), "{screen}");
}

async fn focused_matches(app: &App, css: &str) -> bool {
    let script = format!("return !!document.activeElement?.matches({css:?});");
    js(app, &script).await == Value::Bool(true)
}

/// Presses Tab until `css` has focus, checking the focus at each stop; returns the presses.
async fn tab_to(app: &App, css: &str, most: usize) -> usize {
    for presses in 1..=most {
        press(app, TAB).await;
        assert_focus_visible(app, &format!("Tab #{presses} towards {css}")).await;
        if focused_matches(app, css).await {
            return presses;
        }
    }
    panic!("{most} Tab presses never reached {css}");
}

async fn wait_until(app: &App, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while js(app, script).await != Value::Bool(true) {
        assert!(
            Instant::now() < deadline,
            "{what} never happened\n{}",
            app.screen_text().await
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_contact_is_found_tagged_and_given_a_task_and_a_note_by_keyboard_alone() {
    let sandbox = SandboxProcess::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    let app = App::launch_with(dir).await;
    crate::onboarding::wait_for_active_account(&app, "Sandbox").await;
    app.find("[data-contact-id]").await;

    // The first Tab stop skips the sidebar and header.
    js(&app, "document.activeElement?.blur(); return 1;").await;
    press(&app, TAB).await;
    assert!(
        focused_matches(&app, ".skip-link").await,
        "Tab #1 is the skip link"
    );
    assert_focus_visible(&app, "Tab to the skip link").await;
    press(&app, ENTER).await;
    assert!(
        focused_matches(&app, "main").await,
        "the skip link moves to the content"
    );
    assert_focus_visible(&app, "the skip link").await;

    // `/` searches; ↓ enters the list; Enter opens the match.
    press(&app, "/").await;
    assert!(focused_matches(&app, "[data-testid='contact-search']").await);
    press(&app, "Override").await;
    wait_until(
        &app,
        "const rows = document.querySelectorAll('[data-contact-id]'); return rows.length === 1 && rows[0].textContent.includes('Override');",
        "the search narrowing to the one contact named Override",
    )
    .await;
    press(&app, ARROW_DOWN).await;
    assert_focus_visible(&app, "↓ into the list").await;
    press(&app, ENTER).await;
    wait_until(
        &app,
        "return (document.querySelector(\"[data-testid='contact-name']\")?.textContent ?? '').includes('Override');",
        "the workspace opening the contact",
    )
    .await;
    let contact_id = js(
        &app,
        "return document.querySelector(\"[data-testid='workspace']\").dataset.contactId;",
    )
    .await
    .as_str()
    .unwrap()
    .to_owned();

    assert_isolated(&app, "the list and the workspace").await;

    // Tag it from the tag field.
    tab_to(&app, "[data-testid='tag-input']", TABS_TO_ADD_TASK).await;
    press(&app, &format!("keyboard-tag{ENTER}")).await;
    wait_until(
        &app,
        "return [...document.querySelectorAll(\"[data-testid='tags'] .tag\")].some(t => t.textContent.includes('keyboard-tag'));",
        "the tag showing",
    )
    .await;
    assert_focus_visible(&app, "adding a tag").await;

    // From the list, "+ Task" is at most TABS_TO_ADD_TASK presses away.
    press(&app, "/").await;
    press(&app, ARROW_DOWN).await;
    let presses = tab_to(&app, "[data-testid='add-task']", TABS_TO_ADD_TASK).await;
    assert!(
        presses <= TABS_TO_ADD_TASK,
        "{presses} Tab presses to + Task"
    );
    press(&app, ENTER).await;
    app.find("dialog[open]").await;
    assert_focus_visible(&app, "opening the task form").await;
    press(&app, &format!("Send the keyboard quote{ENTER}")).await;
    wait_until(
        &app,
        "return !document.querySelector('dialog[open]') && document.querySelector(\"[data-testid='tasks']\").textContent.includes('Send the keyboard quote');",
        "the task being added",
    )
    .await;
    assert!(
        focused_matches(&app, "[data-testid='add-task']").await,
        "focus returns to + Task when its form closes"
    );
    assert_focus_visible(&app, "saving the task").await;

    // A note: its button, the text, Ctrl+Enter.
    tab_to(&app, "[data-testid='add-note']", 40).await;
    press(&app, ENTER).await;
    wait_until(
        &app,
        "return document.activeElement?.dataset.testid === 'note-body';",
        "the note's text taking the focus",
    )
    .await;
    press(&app, "Asked for the quote by keyboard").await;
    press(&app, &format!("{CONTROL}{ENTER}{CONTROL}")).await;
    wait_until(
        &app,
        "return document.querySelector(\"[data-testid='workspace']\").textContent.includes('Asked for the quote by keyboard') && !document.querySelector(\"[data-testid='note-body']\");",
        "the note being saved",
    )
    .await;

    // The palette finds it too, isolated there as well; Escape gives the focus back.
    press(&app, &format!("{CONTROL}k{CONTROL}")).await;
    press(&app, "Override").await;
    wait_until(
        &app,
        "return [...document.querySelectorAll('#palette-listbox [role=option]')].some(o => o.textContent.includes('Override'));",
        "the palette finding the contact",
    )
    .await;
    assert_isolated(&app, "the palette").await;
    press(&app, ESCAPE).await;
    assert_focus_visible(&app, "closing the palette").await;

    // Every section by its shortcut: the focus moves into it, visibly.
    for (index, section) in [
        "contacts",
        "tasks",
        "businesses",
        "duplicates",
        "reports",
        "activity",
        "explorer",
        "settings",
    ]
    .iter()
    .enumerate()
    {
        press(&app, &format!("{CONTROL}{}{CONTROL}", index + 1)).await;
        app.find(&format!("main[data-section='{section}']")).await;
        wait_until(
            &app,
            "return document.activeElement?.id === 'content';",
            &format!("the focus moving into {section}"),
        )
        .await;
        assert_focus_visible(&app, &format!("Ctrl+{} ({section})", index + 1)).await;
    }

    // What the keyboard did reached HighLevel.
    let http = reqwest::Client::new();
    let url = format!("{}/contacts/{contact_id}", sandbox.base_url());
    let contact = raw_get(&http, &url, sandbox.token(), &[]).await;
    assert!(
        contact["contact"]["tags"]
            .to_string()
            .contains("keyboard-tag"),
        "{contact}"
    );
    let tasks = raw_get(&http, &format!("{url}/tasks"), sandbox.token(), &[]).await;
    assert!(
        tasks.to_string().contains("Send the keyboard quote"),
        "{tasks}"
    );
    let notes = raw_get(&http, &format!("{url}/notes"), sandbox.token(), &[]).await;
    assert!(
        notes
            .to_string()
            .contains("Asked for the quote by keyboard"),
        "{notes}"
    );
    app.close().await;
}
