//! Every overdue figure (the report's totals and rows, its trend, the business list and a
//! business's contacts) counts the same tasks: due before the report's instant and not
//! completed by it.

use contact_desk::cache::{Cache, ChangeEvent, ChangeKind, Details};
use contact_desk::reports::{self, ReportFilter, NO_BUSINESS};
use jiff::Timestamp;
use serde_json::json;

use super::{contact, now};

fn task(id: &str, due: Option<&str>, completed: bool) -> contact_desk::highlevel::Task {
    serde_json::from_value(json!({"id": id, "title": id, "dueDate": due, "completed": completed}))
        .unwrap()
}

fn completed(task_id: &str, at: &str) -> ChangeEvent {
    ChangeEvent {
        key: format!("done-{task_id}"),
        at: at.parse().unwrap(),
        contact_id: "k1".into(),
        contact_name: String::new(),
        task_id: task_id.into(),
        kind: ChangeKind::TaskCompleted,
        title: task_id.into(),
        detail: None,
    }
}

/// Now is 2026-11-27T12:00Z. Overdue now: tA, tF, tG (b1: three tasks of two contacts), tH
/// (b2), tI (no business). Around the boundary: tB falls due exactly now, tC later today,
/// tD was overdue until a sync saw it completed this morning.
fn boundary_cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(&dir.path().join("cache.sqlite")).unwrap();
    let people = [
        ("k1", Some("b1")),
        ("k2", Some("b1")),
        ("k3", Some("b1")),
        ("k4", Some("b2")),
        ("k5", None),
    ];
    let contacts: Vec<_> = people
        .iter()
        .map(|(id, business)| {
            contact(json!({"id": id, "firstName": id, "businessId": business, "dateAdded": "2026-10-01T00:00:00Z"}))
        })
        .collect();
    cache.upsert_contacts(&contacts, None, now()).unwrap();
    cache.refresh_businesses().unwrap();
    let store = |id: &str, tasks: Vec<_>, events: &[ChangeEvent]| {
        let details = Details {
            tasks,
            ..Details::default()
        };
        cache.store_details(id, &details, events, now()).unwrap();
    };
    store(
        "k1",
        vec![
            task("tA", Some("2026-11-27T11:59:59Z"), false),
            task("tB", Some("2026-11-27T12:00:00Z"), false),
            task("tC", Some("2026-11-27T18:00:00Z"), false),
            task("tD", Some("2026-11-26T09:00:00Z"), true),
            task("tE", Some("2026-11-01T09:00:00Z"), true),
        ],
        &[completed("tD", "2026-11-27T08:00:00Z")],
    );
    store(
        "k2",
        vec![
            task("tF", Some("2026-11-20T09:00:00Z"), false),
            task("tG", Some("2026-11-25T09:00:00Z"), false),
        ],
        &[],
    );
    store("k3", Vec::new(), &[]);
    store(
        "k4",
        vec![task("tH", Some("2026-11-26T23:59:59Z"), false)],
        &[],
    );
    store(
        "k5",
        vec![
            task("tI", Some("2026-11-10T09:00:00Z"), false),
            task("tJ", None, false),
        ],
        &[],
    );
    (dir, cache)
}

fn overdue_by_business(rollup: &reports::Rollup) -> Vec<(String, u32)> {
    rollup
        .rows
        .iter()
        .map(|row| (row.name.clone(), row.overdue_tasks))
        .collect()
}

#[test]
fn totals_trend_rows_and_the_business_list_count_the_same_overdue_tasks() {
    let (_dir, cache) = boundary_cache();
    let rollup = reports::rollup(&cache, &ReportFilter::default(), now()).unwrap();
    assert_eq!((rollup.as_of, rollup.generated_at), (now(), now()));
    assert_eq!(rollup.totals.overdue_tasks, 5);
    assert_eq!(
        rollup.overdue_trend.last().unwrap().overdue,
        rollup.totals.overdue_tasks
    );
    assert_eq!(
        rollup.rows.iter().map(|row| row.overdue_tasks).sum::<u32>(),
        5
    );
    // At the end of yesterday tD was still open and tA not yet due.
    let yesterday = rollup
        .overdue_trend
        .iter()
        .find(|point| point.date == "2026-11-26")
        .unwrap();
    assert_eq!(yesterday.overdue, 5);

    let list = reports::businesses(&cache, None, now()).unwrap();
    let listed: Vec<_> = list
        .iter()
        .map(|b| (b.id.as_str(), b.open_tasks, b.overdue_tasks))
        .collect();
    assert_eq!(listed, [("b1", 5, 3), ("b2", 1, 1)]);
    let loose = rollup
        .rows
        .iter()
        .find(|row| row.name == NO_BUSINESS)
        .unwrap();
    assert_eq!(
        list.iter().map(|b| b.overdue_tasks).sum::<u32>() + loose.overdue_tasks,
        rollup.totals.overdue_tasks
    );
    for business in &list {
        let row = rollup
            .rows
            .iter()
            .find(|row| row.business_id.as_deref() == Some(business.id.as_str()))
            .unwrap();
        assert_eq!(
            (row.open_tasks, row.overdue_tasks),
            (business.open_tasks, business.overdue_tasks)
        );
    }

    // A business's contacts flag who has an overdue task: two contacts hold b1's three.
    let b1 = reports::business_contacts(&cache, "b1", now()).unwrap();
    assert_eq!(b1.iter().filter(|contact| contact.overdue).count(), 2);
}

#[test]
fn a_past_period_counts_as_of_its_end() {
    let (_dir, cache) = boundary_cache();
    let filter = ReportFilter {
        from: Some("2026-11-01".into()),
        to: Some("2026-11-26".into()),
        ..ReportFilter::default()
    };
    let rollup = reports::rollup(&cache, &filter, now()).unwrap();
    assert_eq!(
        rollup.as_of,
        "2026-11-27T00:00:00Z".parse::<Timestamp>().unwrap()
    );
    // tD was open at the period's end, though completed since; tA–tC fall due after it.
    assert_eq!(rollup.totals.overdue_tasks, 5);
    assert_eq!(rollup.overdue_trend.last().unwrap().overdue, 5);
    assert_eq!(
        overdue_by_business(&rollup),
        [
            ("b1".to_owned(), 3),
            ("b2".to_owned(), 1),
            (NO_BUSINESS.to_owned(), 1)
        ]
    );
    let b1 = &rollup.rows[0];
    assert_eq!((b1.open_tasks, b1.completed_tasks), (3, 1));
}
