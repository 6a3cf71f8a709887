//! Reports: roll-ups from a real cache, golden CSV files, and the CSV safety property.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod aggregates;
mod agreement;
mod maintained;
#[path = "../support/raw.rs"]
mod raw;
#[path = "../support/sandbox_client.rs"]
mod sandbox_client;

use contact_desk::cache::{Cache, Details};
use contact_desk::highlevel::Contact;
use contact_desk::reports::{self, neutralise, CsvOptions, ReportFilter};
use jiff::Timestamp;
use proptest::prelude::*;
use serde_json::json;

fn now() -> Timestamp {
    "2026-11-27T12:00:00Z".parse().unwrap()
}

fn contact(value: serde_json::Value) -> Contact {
    serde_json::from_value(value).unwrap()
}

/// Two businesses and a loose contact, with hostile strings where exports must cope.
fn small_cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(&dir.path().join("cache.sqlite")).unwrap();
    let contacts = [
        contact(
            json!({"id": "c1", "firstName": "=HYPERLINK(\"http://evil.example\",\"x\")", "email": "a@x.io",
            "phone": "+15550001", "companyName": "Acme, Inc.", "businessId": "b1", "tags": ["vip", "+SUM(A1)"],
            "assignedTo": "u1", "dateAdded": "2026-11-20T10:00:00Z", "lastActivity": "2026-11-25T10:00:00Z"}),
        ),
        contact(
            json!({"id": "c2", "firstName": "Zoë", "lastName": "\"Quoted\"", "companyName": "Acme, Inc.",
            "businessId": "b1", "tags": ["vip"], "assignedTo": "u2", "dateAdded": "2026-01-05T10:00:00Z"}),
        ),
        contact(
            json!({"id": "c3", "firstName": "Björk", "companyName": "@Reykjavik\r\nLabs", "businessId": "b2",
            "dateAdded": "2026-06-01T10:00:00Z"}),
        ),
        contact(
            json!({"id": "c4", "firstName": "Loose", "email": "loose@x.io", "dateAdded": "2026-11-26T10:00:00Z"}),
        ),
    ];
    cache.upsert_contacts(&contacts, None, now()).unwrap();
    cache.refresh_businesses().unwrap();
    let details = Details {
        tasks: vec![
            serde_json::from_value(json!({"id": "t1", "title": "-1 call", "dueDate": "2026-11-20T09:00:00Z", "completed": false})).unwrap(),
            serde_json::from_value(json!({"id": "t2", "title": "done", "dueDate": "2026-11-10T09:00:00Z", "completed": true})).unwrap(),
            serde_json::from_value(json!({"id": "t3", "title": "later", "dueDate": "2026-12-10T09:00:00Z", "completed": false})).unwrap(),
        ],
        notes: vec![serde_json::from_value(json!({"id": "n1", "body": "hi", "dateAdded": "2026-11-21T09:00:00Z"})).unwrap()],
        appointments: vec![
            serde_json::from_value(json!({"id": "a1", "startTime": "2026-11-30 10:00:00"})).unwrap(),
            serde_json::from_value(json!({"id": "a2", "startTime": "2026-11-02 10:00:00"})).unwrap(),
        ],
        synced_at: None,
    };
    cache.store_details("c1", &details, &[], now()).unwrap();
    cache
        .store_details("c3", &Details::default(), &[], now())
        .unwrap();
    (dir, cache)
}

#[test]
fn the_rollup_groups_filters_and_names_what_it_does_not_know() {
    let (_dir, cache) = small_cache();
    let rollup = reports::rollup(&cache, &ReportFilter::default(), now()).unwrap();
    let names: Vec<_> = rollup
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.contacts))
        .collect();
    assert_eq!(
        names,
        [
            ("Acme, Inc.", 2),
            ("@Reykjavik\r\nLabs", 1),
            ("No business", 1)
        ]
    );
    let acme = &rollup.rows[0];
    assert_eq!(
        (acme.open_tasks, acme.completed_tasks, acme.overdue_tasks),
        (2, 1, 1)
    );
    assert_eq!(
        (
            acme.notes,
            acme.upcoming_appointments,
            acme.past_appointments
        ),
        (1, 1, 1)
    );
    assert_eq!(
        (acme.with_email, acme.with_phone, acme.unsynced_contacts),
        (1, 1, 1)
    );
    assert_eq!(acme.owners, ["u1", "u2"]);
    assert_eq!(acme.top_tags[0].tag, "vip");
    assert_eq!(acme.top_tags[0].contacts, 2);
    assert_eq!(rollup.totals.contacts, 4);
    assert_eq!(rollup.completeness.unsynced, 2);
    let missing: Vec<_> = rollup
        .completeness
        .unsynced_examples
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(missing, ["c4", "c2"]);
    assert_eq!(rollup.overdue_trend.len(), 30);
    assert_eq!(rollup.overdue_trend.last().unwrap().date, "2026-11-27");
    // Before t1 fell due nothing was overdue; since then one task is.
    let on = |date: &str| {
        rollup
            .overdue_trend
            .iter()
            .find(|p| p.date == date)
            .unwrap()
            .overdue
    };
    assert_eq!(
        (on("2026-11-19"), on("2026-11-20"), on("2026-11-27")),
        (0, 1, 1)
    );

    let period = ReportFilter {
        from: Some("2026-11-01".into()),
        to: Some("2026-11-30".into()),
        ..ReportFilter::default()
    };
    let rollup = reports::rollup(&cache, &period, now()).unwrap();
    let acme = &rollup.rows[0];
    assert_eq!(
        (acme.new_contacts, acme.open_tasks, acme.completed_tasks),
        (1, 1, 1)
    );
    let tagged = ReportFilter {
        tag: Some("+SUM(A1)".into()),
        ..ReportFilter::default()
    };
    assert_eq!(
        reports::rollup(&cache, &tagged, now())
            .unwrap()
            .totals
            .contacts,
        1
    );
    let owned = ReportFilter {
        owner: Some("u2".into()),
        ..ReportFilter::default()
    };
    assert_eq!(
        reports::rollup(&cache, &owned, now()).unwrap().rows[0].open_tasks,
        0
    );
    let backwards = ReportFilter {
        from: Some("2026-11-30".into()),
        to: Some("2026-11-01".into()),
        ..ReportFilter::default()
    };
    assert!(reports::rollup(&cache, &backwards, now()).is_err());
    let nonsense = ReportFilter {
        from: Some("yesterday".into()),
        ..ReportFilter::default()
    };
    assert!(reports::rollup(&cache, &nonsense, now()).is_err());
}

fn golden(name: &str, actual: &[u8]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reports/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it):\n{}",
        String::from_utf8_lossy(actual)
    );
}

#[test]
fn rollup_csv_matches_the_golden_file() {
    let (_dir, cache) = small_cache();
    let rollup = reports::rollup(&cache, &ReportFilter::default(), now()).unwrap();
    let mut plain = Vec::new();
    reports::write_rollup_csv(&rollup, &mut plain, CsvOptions::default()).unwrap();
    golden("rollup.csv", &plain);
    let mut excel = Vec::new();
    reports::write_rollup_csv(
        &rollup,
        &mut excel,
        CsvOptions {
            bom: true,
            include_ids: true,
        },
    )
    .unwrap();
    golden("rollup-bom-ids.csv", &excel);
    assert!(excel.starts_with("\u{feff}".as_bytes()));
}

/// Business b1's contacts as CSV, with the default options.
fn business_b1_csv(cache: &Cache) -> Vec<u8> {
    let rows = reports::business_contacts(cache, "b1", now()).unwrap();
    let mut out = Vec::new();
    let names = cache.names().unwrap();
    reports::write_business_csv(&rows, &names, &mut out, CsvOptions::default()).unwrap();
    out
}

#[test]
fn business_csv_matches_the_golden_file_and_leaves_out_ids() {
    let (_dir, cache) = small_cache();
    let out = business_b1_csv(&cache);
    golden("business-b1.csv", &out);
    let text = String::from_utf8(out).unwrap();
    assert!(
        !text.contains("c1") && !text.contains("u1") && !text.contains("b1"),
        "{text}"
    );
}

#[test]
fn hostile_cells_read_back_as_inert_text() {
    let (_dir, cache) = small_cache();
    let out = business_b1_csv(&cache);
    let mut reader = csv::Reader::from_reader(out.as_slice());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "live formula cell {cell:?}"
            );
        }
    }
}

proptest! {
    /// Any text survives a CSV round trip unchanged, but for the documented apostrophe
    /// in front of formula-like cells.
    #[test]
    fn any_cell_reads_back_unchanged_but_for_the_neutralising_prefix(cell in any::<String>()) {
        let mut out = Vec::new();
        {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record([neutralise(&cell)]).unwrap();
            writer.flush().unwrap();
        }
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(out.as_slice());
        let read = reader.records().next().unwrap().unwrap();
        let read = read.get(0).unwrap().to_owned();
        let formula_like = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
        if formula_like {
            prop_assert_eq!(read, format!("'{cell}"));
        } else {
            prop_assert_eq!(read, cell);
        }
    }
}

#[test]
fn top_tags_rank_by_contacts_then_name_and_keep_three() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(&dir.path().join("cache.sqlite")).unwrap();
    let tagged = |id: &str, business: Option<&str>, tags: &[&str]| {
        contact(
            json!({"id": id, "firstName": id, "businessId": business, "tags": tags,
            "dateAdded": "2026-11-01T10:00:00Z"}),
        )
    };
    let contacts = [
        tagged("c1", Some("b1"), &["d", "c", "b", "a"]),
        tagged("c2", Some("b1"), &["c", "b"]),
        tagged("c3", Some("b1"), &["c"]),
        tagged("c4", None, &["d", "a"]),
    ];
    cache.upsert_contacts(&contacts, None, now()).unwrap();
    let rollup = reports::rollup(&cache, &ReportFilter::default(), now()).unwrap();
    let tags = |row: &reports::BusinessRollup| -> Vec<(String, u32)> {
        row.top_tags
            .iter()
            .map(|t| (t.tag.clone(), t.contacts))
            .collect()
    };
    let pairs = |list: &[(&str, u32)]| -> Vec<(String, u32)> {
        list.iter().map(|(t, n)| ((*t).to_owned(), *n)).collect()
    };
    // b1: c ×3, b ×2, then a and d once each: the tie goes to a.
    assert_eq!(
        tags(&rollup.rows[0]),
        pairs(&[("c", 3), ("b", 2), ("a", 1)])
    );
    assert_eq!(tags(&rollup.rows[1]), pairs(&[("a", 1), ("d", 1)]));
    // Over everyone: c ×3, then a, b and d twice each: d is the one left out.
    assert_eq!(tags(&rollup.totals), pairs(&[("c", 3), ("a", 2), ("b", 2)]));
}

#[test]
fn exports_name_owners_and_businesses_and_keep_ids_in_their_own_columns() {
    let (_dir, cache) = small_cache();
    let users: Vec<contact_desk::highlevel::User> = serde_json::from_value(json!([
        {"id": "u1", "name": "Maya Okafor"},
        {"id": "u2", "name": "=cmd|' /C calc'!A0"},
    ]))
    .unwrap();
    cache.store_users(&users).unwrap();
    let businesses: Vec<contact_desk::highlevel::Business> =
        serde_json::from_value(json!([{"id": "b1", "name": "Acme Incorporated"}])).unwrap();
    cache.store_business_names(&businesses).unwrap();
    let rollup = reports::rollup(&cache, &ReportFilter::default(), now()).unwrap();
    let mut out = Vec::new();
    let with_ids = CsvOptions {
        bom: false,
        include_ids: true,
    };
    reports::write_rollup_csv(&rollup, &mut out, with_ids).unwrap();
    let text = String::from_utf8(out).unwrap();
    let acme = text.lines().nth(1).unwrap();
    assert!(acme.starts_with("Acme Incorporated,"), "{text}");
    // Sorted by name; a formula-like name neutralised.
    assert!(
        acme.contains(",2,'=cmd|' /C calc'!A0; Maya Okafor,"),
        "{acme}"
    );
    assert!(acme.ends_with(",b1,u1; u2"), "{acme}");

    let rows = reports::business_contacts(&cache, "b1", now()).unwrap();
    let mut out = Vec::new();
    reports::write_business_csv(&rows, &cache.names().unwrap(), &mut out, with_ids).unwrap();
    let text = String::from_utf8(out).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(header[4], "Owner");
    assert_eq!(&header[header.len() - 2..], ["Contact ID", "Owner ID"]);
    assert!(text.contains(",Maya Okafor,"), "{text}");
}
