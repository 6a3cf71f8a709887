//! Reports in the real window: a filter, a drill-down into a business, and a CSV export
//! through the system's save dialog, read back with the csv crate.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::App;

/// The demo's first sync has to bring contacts in before a report has rows.
pub(crate) const SYNC_WAIT: Duration = Duration::from_secs(120);

pub(crate) async fn open_section(app: &App, section: &str) {
    app.click(&format!("button[data-section='{section}']"))
        .await;
    app.find(&format!("main[data-section='{section}']")).await;
}

/// A tag the sandbox puts on one of its newest contacts: a spreadsheet formula.
const FORMULA_TAG: &str = "=cmd|' /C calc'!A0";

const HEADER: [&str; 16] = [
    "Business",
    "Contacts",
    "With email",
    "With phone",
    "New contacts",
    "Open tasks",
    "Completed tasks",
    "Overdue tasks",
    "Notes",
    "Upcoming appointments",
    "Past appointments",
    "Last activity",
    "Owners",
    "Owner names",
    "Top tags",
    "Contacts without synced details",
];

#[tokio::test]
async fn reports_filter_drill_down_and_export_csv() {
    let app = App::launch().await;
    open_section(&app, "reports").await;
    app.find_within("tr[data-business-id]", SYNC_WAIT).await;

    // Filter by a tag, picked from the select the way a person would.
    let option = app
        .find_within(
            &format!(
                "select[name='tag'] option[value=\"{}\"]",
                css_escape(FORMULA_TAG)
            ),
            SYNC_WAIT,
        )
        .await;
    let label = option.text().await.unwrap();
    let tagged: u32 = label
        .rsplit_once('(')
        .and_then(|(_, count)| count.trim_end_matches(')').parse().ok())
        .unwrap_or_else(|| panic!("the option reads {label:?}"));
    // (Clicking the option selects it; fantoccini's select_by_value cannot quote this value.)
    option.click().await.unwrap();
    // The totals row counts exactly the contacts that carry the tag.
    app.text_within("[data-testid='totals-row'] td", SYNC_WAIT, |t| {
        t.trim() == tagged.to_string()
    })
    .await;

    // Export with a BOM (the default) through the real save dialog.
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("report.csv");
    app.click("[data-testid='export-toggle']").await;
    app.click("[data-testid='export-save']").await;
    save_in_dialog(&target.display().to_string()).await;
    let toast = app
        .text_within("[data-testid='toast']", Duration::from_secs(20), |t| {
            t.contains("report.csv")
        })
        .await;
    assert!(toast.contains("Report exported"), "toast: {toast}");

    let bytes = std::fs::read(&target).expect("the CSV was written where the dialog said");
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("the file starts with a byte order mark");
    let mut reader = csv::Reader::from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, HEADER);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(records.len() >= 2, "a business and the totals");
    assert_eq!(&records.last().unwrap()[1], tagged.to_string());
    for cell in records.iter().flat_map(|record| record.iter()) {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell a spreadsheet would run: {cell:?}"
        );
    }
    let column = HEADER.iter().position(|name| *name == "Top tags").unwrap();
    let top_tags: Vec<&str> = records.iter().map(|record| &record[column]).collect();
    assert!(
        top_tags
            .iter()
            .any(|cell| cell.starts_with(&format!("'{FORMULA_TAG}"))),
        "the formula tag, neutralised, among {top_tags:?}"
    );

    // Drill into a business: the business view opens.
    app.click("tr[data-business-id] th button.open").await;
    app.find("main[data-section='businesses']").await;
    app.close().await;
}

/// Types an absolute path into GTK's save dialog and accepts it.
async fn save_in_dialog(path: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let window = loop {
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^Save"])
            .output()
            .expect("xdotool runs");
        let ids = String::from_utf8_lossy(&found.stdout);
        if let Some(id) = ids.lines().next() {
            break id.to_owned();
        }
        assert!(Instant::now() < deadline, "no save dialog appeared");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // The dialog needs a moment to take keyboard focus after it maps.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let xdotool = |args: &[&str]| {
        let status = Command::new("xdotool").args(args).status().unwrap();
        assert!(status.success(), "xdotool {args:?}");
    };
    xdotool(&["windowfocus", "--sync", &window]);
    xdotool(&["key", "ctrl+a"]);
    xdotool(&["type", "--delay", "20", path]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(&["key", "Return"]);
}

/// Escapes a value for a double-quoted CSS attribute selector.
fn css_escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}
