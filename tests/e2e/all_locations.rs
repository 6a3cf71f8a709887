//! "All locations" through the window, against `contact-desk sandbox --locations 3`: an
//! agency of three locations connected, each synced, then listed, searched, filtered,
//! opened, reported on as one, written to in a chosen location, and one location removed
//! with its cache.

use std::collections::BTreeSet;
use std::time::Duration;

use fantoccini::Locator;
use serde::Deserialize;

use crate::agency::{location_rows, sign_in_by_pasting, tick_locations};
use crate::cli::{add_profile, run, succeeded};
use crate::harness::App;
use crate::sandbox::SandboxProcess;

const PER_LOCATION: usize = 30;
const ESCAPE: &str = "\u{E00C}";
const SYNC: Duration = Duration::from_secs(180);

/// A row of the contact list as the window shows it.
#[derive(Debug, Deserialize)]
struct ListRow {
    id: String,
    name: String,
    location: String,
}

#[tokio::test]
async fn three_locations_read_as_one_and_one_goes_with_its_cache() {
    let contacts = PER_LOCATION.to_string();
    let sandbox = SandboxProcess::start(&["--locations", "3", "--contacts", &contacts]);
    let app = App::launch().await;
    connect_three(&app, &sandbox).await;

    // The switcher's "All locations": the list counts every location once each has synced.
    app.click("[data-testid='active-account']").await;
    app.click("[data-testid='all-locations']").await;
    app.content_with("[data-testid='scope-label']", "All locations")
        .await;
    app.click("button[data-section='contacts']").await;
    let every = (3 * PER_LOCATION).to_string();
    app.text_within("[data-testid='contact-count']", SYNC, |text| text == every)
        .await;
    let rows = list_rows(&app).await;
    let names: Vec<&str> = rows.iter().map(|row| row.name.as_str()).collect();
    let mut by_name = names.clone();
    by_name.sort_by_key(|name| name.to_lowercase());
    assert_eq!(names, by_name, "the merged list is by name");
    let locations: BTreeSet<&str> = rows.iter().map(|row| row.location.as_str()).collect();
    assert_eq!(
        locations.len(),
        3,
        "every row names its location: {locations:?}"
    );

    search_across(&app, &rows).await;
    filter_to_one(&app).await;
    open_in_another_location(&app, &rows).await;
    report_across(&app, &every).await;
    create_in_another_location(&app).await;
    remove_one(&app).await;
    app.close().await;
}

/// Connects the sandbox's agency with all three locations (the first then opens).
async fn connect_three(app: &App, sandbox: &SandboxProcess) {
    app.click("button[data-section='settings']").await;
    app.click("#settings-tab-accounts").await;
    app.click("[data-testid='connect-agency-button']").await;
    sign_in_by_pasting(app, sandbox).await;
    tick_locations(app, 3).await;
    app.click("[data-testid='connect-agency-submit']").await;
    assert_eq!(location_rows(app, 3).await, 3);
}

/// A first name that two locations share (a plain word, not one of the sandbox's
/// formula-like names) finds contacts in both.
async fn search_across(app: &App, rows: &[ListRow]) {
    let first_name = |row: &ListRow| row.name.split(' ').next().unwrap_or_default().to_owned();
    let shared = rows
        .iter()
        .find_map(|row| {
            let name = first_name(row);
            let elsewhere = rows
                .iter()
                .any(|other| other.location != row.location && first_name(other) == name);
            let plain = name.chars().count() >= 3 && name.chars().all(char::is_alphabetic);
            (elsewhere && plain).then_some(name)
        })
        .expect("the seeded locations share a first name");
    app.type_into("[data-testid='contact-search']", &shared)
        .await;
    // The search also reads emails and companies: the count narrows, and the contacts
    // named so come from both locations.
    let every = (3 * PER_LOCATION).to_string();
    app.text_when("[data-testid='contact-count']", |text| text != every)
        .await;
    let named = |found: &[ListRow]| -> BTreeSet<String> {
        let word = shared.to_lowercase();
        found
            .iter()
            .filter(|row| row.name.to_lowercase().contains(&word))
            .map(|row| row.location.clone())
            .collect()
    };
    let found = rows_when(app, |found| named(found).len() >= 2).await;
    let locations = named(&found);
    assert!(locations.len() >= 2, "{shared} found in {locations:?}");
    // Escape empties the search, as a person clears it.
    app.type_into("[data-testid='contact-search']", ESCAPE)
        .await;
    app.text_when("[data-testid='contact-count']", |text| text == every)
        .await;
}

/// The location filter narrows the list to one location's contacts, then widens again.
async fn filter_to_one(app: &App) {
    let filter = app.find("[data-testid='location-filter']").await;
    let options = filter.find_all(Locator::Css("option")).await.unwrap();
    assert_eq!(options.len(), 4, "All locations and the three");
    let one = options[2].text().await.unwrap();
    filter.select_by_label(&one).await.unwrap();
    let count = PER_LOCATION.to_string();
    app.text_when("[data-testid='contact-count']", |text| text == count)
        .await;
    rows_when(app, |rows| {
        !rows.is_empty() && rows.iter().all(|row| row.location == one)
    })
    .await;
    filter.select_by_label("All locations").await.unwrap();
    let every = (3 * PER_LOCATION).to_string();
    app.text_when("[data-testid='contact-count']", |text| text == every)
        .await;
}

/// A contact of a location other than the one shown opens there; the workspace says
/// where it lives, and the window still spans every location.
async fn open_in_another_location(app: &App, rows: &[ListRow]) {
    let shown = app
        .find("[data-testid='active-account']")
        .await
        .attr("title")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(shown.starts_with("All locations"), "{shown}");
    for row in rows.iter().take(3) {
        let css = format!(
            "[data-testid='contact-list'] [data-contact-id='{}']",
            row.id
        );
        app.click(&css).await;
        app.content_with("[data-testid='contact-name']", &row.name)
            .await;
        app.content_with("[data-testid='contact-location']", &row.location)
            .await;
    }
    app.content_with("[data-testid='scope-label']", "All locations")
        .await;
}

/// A new contact goes to the location picked in its form (which the window then shows),
/// and the list across locations counts it.
async fn create_in_another_location(app: &App) {
    app.click("button[data-section='contacts']").await;
    app.click("[data-testid='new-contact']").await;
    let choice = app.find("[data-testid='contact-location-choice']").await;
    let last = choice
        .find(Locator::Css("option:last-child"))
        .await
        .unwrap();
    let location = last.text().await.unwrap();
    choice.select_by_label(&location).await.unwrap();
    app.type_into("[data-testid='contact-first-name']", "Zoe Across")
        .await;
    app.click("[data-testid='contact-save']").await;
    app.content_with("[data-testid='contact-name']", "Zoe Across")
        .await;
    app.content_with("[data-testid='contact-location']", &location)
        .await;
    let more = (3 * PER_LOCATION + 1).to_string();
    app.text_when("[data-testid='contact-count']", |text| text == more)
        .await;
}

/// Tasks, businesses and the report read every location.
async fn report_across(app: &App, every: &str) {
    app.click("button[data-section='tasks']").await;
    let located = distinct_texts(app, "[data-testid='inbox-location']", 2).await;
    assert!(located.len() >= 2, "inbox locations: {located:?}");

    app.click("button[data-section='businesses']").await;
    let located = distinct_texts(app, "[data-testid='business-location']", 3).await;
    assert_eq!(located.len(), 3, "business locations: {located:?}");

    app.click("button[data-section='reports']").await;
    let groups = "[data-testid='location-rollup'] tbody[data-location]";
    app.find(groups).await;
    let groups = app.client.find_all(Locator::Css(groups)).await.unwrap();
    assert_eq!(groups.len(), 3);
    // The totals row's first figure is its contacts.
    let contacts = app
        .text_when("[data-testid='location-rollup'] tfoot td", |text| {
            !text.is_empty()
        })
        .await;
    assert_eq!(contacts, every);
}

/// Removing one location from Settings › Accounts deletes its cache; the window then
/// spans the two left.
async fn remove_one(app: &App) {
    app.click("button[data-section='contacts']").await;
    let filter = app.find("[data-testid='location-filter']").await;
    let option = filter
        .find(Locator::Css("option:nth-child(2)"))
        .await
        .unwrap();
    let (profile, name) = (
        option.attr("value").await.unwrap().unwrap(),
        option.text().await.unwrap(),
    );
    let cache = app.data_dir.path().join("profiles").join(&profile);
    assert!(cache.join("cache.sqlite").exists());

    app.click("button[data-section='settings']").await;
    app.click("#settings-tab-accounts").await;
    app.click(&format!("button[aria-label='Remove {name}']"))
        .await;
    app.click("[data-testid='confirm-remove']").await;
    assert_eq!(location_rows(app, 2).await, 2);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while cache.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "{} stays",
            cache.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    app.click("button[data-section='contacts']").await;
    // The two left, with the contact created in the last of them.
    let two = (2 * PER_LOCATION + 1).to_string();
    app.text_within("[data-testid='contact-count']", SYNC, |text| text == two)
        .await;
    let rows = list_rows(app).await;
    assert!(
        rows.iter().all(|row| row.location != name),
        "{name} still listed"
    );
}

/// Adds a profile per location of an agency sandbox (`--locations N`), each named as
/// its location and with its own token, and groups them into the agency `agency`.
pub fn add_agency(sandbox: &SandboxProcess, data_dir: &std::path::Path, agency: &str) {
    let mut names = Vec::new();
    for n in 1.. {
        let Some(line) = sandbox.printed.get(&format!("location_{n}")) else {
            break;
        };
        let mut parts = line.splitn(3, ' ');
        let (Some(id), Some(token), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            panic!("location_{n} reads {line}");
        };
        succeeded(&add_profile(data_dir, name, id, sandbox.base_url(), token));
        names.push(name.to_owned());
    }
    let mut args = vec!["profile", "agency-group", agency];
    args.extend(names.iter().map(String::as_str));
    succeeded(&run(data_dir, &args, ""));
}

/// The rows the list has drawn, with each row's location.
async fn list_rows(app: &App) -> Vec<ListRow> {
    const SCRIPT: &str = "return [...document.querySelectorAll(
        '[data-testid=contact-list] [data-contact-id]')].map((row) => ({
          id: row.dataset.contactId,
          name: row.querySelector('.name').textContent.trim(),
          location: row.querySelector('[data-testid=row-location]')?.textContent.trim() ?? '',
        }));";
    let rows = app.client.execute(SCRIPT, vec![]).await.unwrap();
    serde_json::from_value(rows).unwrap()
}

/// Waits until the drawn rows satisfy `done`, and returns them.
async fn rows_when(app: &App, done: impl Fn(&[ListRow]) -> bool) -> Vec<ListRow> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let rows = list_rows(app).await;
        if done(&rows) {
            return rows;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the list never settled: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The distinct texts of the elements `css` finds, once there are at least `least`.
async fn distinct_texts(app: &App, css: &str, least: usize) -> BTreeSet<String> {
    const SCRIPT: &str = "return [...document.querySelectorAll(arguments[0])]
        .map((element) => element.textContent.trim());";
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let texts = app.client.execute(SCRIPT, vec![css.into()]).await.unwrap();
        let texts: BTreeSet<String> = serde_json::from_value(texts).unwrap();
        if texts.len() >= least || std::time::Instant::now() >= deadline {
            return texts;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
