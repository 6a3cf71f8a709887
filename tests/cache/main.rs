//! The cache against real SQLite files: upserts, the filtered list, search, listings,
//! details with their counts and change events, the request log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use contact_desk::cache::{
    Cache, ChangeEvent, ChangeKind, ContactFilter, ContactSort, Details, LogFilter,
};
use contact_desk::highlevel::{Contact, Lane, Note, RequestRecord, Task};
use jiff::Timestamp;
use serde_json::json;

fn now() -> Timestamp {
    "2026-11-27T12:00:00Z".parse().unwrap()
}

fn open() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(&dir.path().join("profiles/p1/cache.sqlite")).unwrap();
    (dir, cache)
}

fn contact(id: &str, first: &str, added: &str, extra: serde_json::Value) -> Contact {
    let mut value = json!({"id": id, "firstName": first, "lastName": "Tester", "dateAdded": added});
    value
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    serde_json::from_value(value).unwrap()
}

fn task(id: &str, due: &str, completed: bool) -> Task {
    serde_json::from_value(
        json!({"id": id, "title": format!("Task {id}"), "dueDate": due, "completed": completed}),
    )
    .unwrap()
}

fn seed(cache: &Cache) {
    let contacts = [
        contact(
            "c1",
            "Ada",
            "2026-11-01T09:00:00Z",
            json!({"email": "ada@lovelace.dev", "phone": "+447700900123",
            "companyName": "Analytical Engines", "businessId": "b1", "tags": ["vip", "lead"], "assignedTo": "u1",
            "unknownField": {"kept": true}}),
        ),
        contact(
            "c2",
            "Grace",
            "2026-10-01T09:00:00Z",
            json!({"email": "grace@navy.mil", "companyName": "Analytical Engines",
            "businessId": "b1", "tags": ["lead"], "assignedTo": "u2"}),
        ),
        contact(
            "c3",
            "Alan",
            "2026-09-01T09:00:00Z",
            json!({"companyName": "Bletchley", "businessId": "b2", "tags": []}),
        ),
        contact(
            "c4",
            "Edsger",
            "2026-08-01T09:00:00Z",
            json!({"companyName": "Analytical Engine Co", "businessId": "b1"}),
        ),
        contact(
            "c5",
            "Barbara",
            "2026-07-01T09:00:00Z",
            json!({"phone": "+15551234567"}),
        ),
    ];
    cache.upsert_contacts(&contacts, None, now()).unwrap();
    cache.refresh_businesses().unwrap();
}

fn ids(cache: &Cache, filter: &ContactFilter, sort: ContactSort) -> Vec<String> {
    let page = cache.list_contacts(filter, sort, 0, 100, now()).unwrap();
    assert_eq!(page.total, Some(u32::try_from(page.rows.len()).unwrap()));
    assert!(!page.capped);
    page.rows.into_iter().map(|row| row.id).collect()
}

#[test]
fn a_contact_round_trips_with_fields_the_model_does_not_name() {
    let (_dir, cache) = open();
    seed(&cache);
    let cached = cache.contact("c1").unwrap().unwrap();
    assert_eq!(cached.contact.email.as_deref(), Some("ada@lovelace.dev"));
    assert_eq!(cached.contact.extra["unknownField"], json!({"kept": true}));
    assert_eq!(cached.synced_at, now());
    assert!(cached.details_synced_at.is_none() && !cached.deleted);
    assert!(cache.contact("nope").unwrap().is_none());
    assert_eq!(cache.integrity_check().unwrap(), "ok");
}

#[test]
fn the_list_sorts_and_filters() {
    let (_dir, cache) = open();
    seed(&cache);
    let all = ContactFilter::default();
    assert_eq!(
        ids(&cache, &all, ContactSort::Newest),
        ["c1", "c2", "c3", "c4", "c5"]
    );
    assert_eq!(
        ids(&cache, &all, ContactSort::Name),
        ["c1", "c3", "c5", "c4", "c2"]
    );
    let tagged = ContactFilter {
        tag: Some("lead".into()),
        ..all.clone()
    };
    assert_eq!(ids(&cache, &tagged, ContactSort::Newest), ["c1", "c2"]);
    let business = ContactFilter {
        business_id: Some("b1".into()),
        ..all.clone()
    };
    assert_eq!(
        ids(&cache, &business, ContactSort::Newest),
        ["c1", "c2", "c4"]
    );
    let loose = ContactFilter {
        without_business: true,
        ..all.clone()
    };
    assert_eq!(ids(&cache, &loose, ContactSort::Newest), ["c5"]);
    let owner = ContactFilter {
        owner: Some("u2".into()),
        ..all.clone()
    };
    assert_eq!(ids(&cache, &owner, ContactSort::Newest), ["c2"]);
    let added = ContactFilter {
        added_from: Some("2026-08-01".into()),
        added_to: Some("2026-10-01".into()),
        ..all.clone()
    };
    assert_eq!(ids(&cache, &added, ContactSort::Newest), ["c2", "c3", "c4"]);
    let window = cache
        .list_contacts(&all, ContactSort::Newest, 3, 10, now())
        .unwrap();
    // Only the first window counts the matches.
    assert_eq!(
        (window.total, window.offset, window.rows.len()),
        (None, 3, 2)
    );
}

#[test]
fn search_finds_substrings_of_names_emails_phones_companies_and_tags() {
    let (_dir, cache) = open();
    seed(&cache);
    let search = |text: &str| {
        let filter = ContactFilter {
            search: Some(text.into()),
            ..ContactFilter::default()
        };
        ids(&cache, &filter, ContactSort::Newest)
    };
    assert_eq!(search("lovelace"), ["c1"]);
    assert_eq!(search("navy.mil"), ["c2"]);
    assert_eq!(search("1234567"), ["c5"]);
    assert_eq!(search("bletch"), ["c3"]);
    assert_eq!(search("analytical engine"), ["c1", "c2", "c4"]);
    // A short word is searched together with the word before it.
    assert_eq!(search("ada te"), ["c1"]);
    assert_eq!(search("vip"), ["c1"]);
    assert_eq!(search("ALAN tester"), ["c3"]);
    // Under three characters: names that start with it.
    assert_eq!(search("ed"), ["c4"]);
    // Quotes and FTS syntax are searched for, not interpreted.
    assert!(search("\"OR\" NEAR(").is_empty());
}

#[test]
fn a_search_matching_more_than_the_cap_says_so() {
    let (_dir, cache) = open();
    let many: Vec<Contact> = (0..1_005)
        .map(|n| {
            contact(
                &format!("m{n:04}"),
                "Mass",
                "2026-01-01T00:00:00Z",
                json!({"email": format!("m{n}@shared.example")}),
            )
        })
        .collect();
    cache.upsert_contacts(&many, None, now()).unwrap();
    // The first 100 rows of a search, by name.
    let search = |text: &str| {
        let filter = ContactFilter {
            search: Some(text.into()),
            ..ContactFilter::default()
        };
        cache.list_contacts(&filter, ContactSort::Name, 0, 100, now())
    };
    let page = search("shared.example").unwrap();
    assert_eq!(
        (page.total, page.capped, page.rows.len()),
        (Some(1_000), true, 100)
    );
    let page = search("m1004@shared").unwrap();
    assert_eq!((page.total, page.capped), (Some(1), false));

    // Without a search every contact counts, and the last page is there to scroll to.
    let everyone = ContactFilter::default();
    let page = cache
        .list_contacts(&everyone, ContactSort::Name, 0, 100, now())
        .unwrap();
    assert_eq!((page.total, page.capped), (Some(1_005), false));
    let last = cache
        .list_contacts(&everyone, ContactSort::Name, 1_000, 100, now())
        .unwrap();
    assert_eq!((last.total, last.rows.len()), (None, 5));

    // Other filters narrow a capped search, which still says it is capped; the count
    // and the rows agree.
    let tagged: Vec<Contact> = many[..3]
        .iter()
        .map(|c| Contact {
            tags: vec!["vip".into()],
            ..c.clone()
        })
        .collect();
    cache.upsert_contacts(&tagged, None, now()).unwrap();
    let vip_search = ContactFilter {
        search: Some("shared.example".into()),
        tag: Some("vip".into()),
        ..ContactFilter::default()
    };
    let page = cache
        .list_contacts(&vip_search, ContactSort::Name, 0, 100, now())
        .unwrap();
    assert!(page.capped);
    assert_eq!(page.total, Some(u32::try_from(page.rows.len()).unwrap()));

    // "All locations" reads the first positions, the total and the cap in one query:
    // they are the list's, whatever the filter (none left but the cap among them).
    let nobody = ContactFilter {
        tag: Some("no such tag".into()),
        ..vip_search.clone()
    };
    let shared = ContactFilter {
        search: Some("shared.example".into()),
        ..ContactFilter::default()
    };
    for filter in [&shared, &vip_search, &nobody, &everyone] {
        for limit in [0, 100] {
            let page = cache
                .list_contacts(filter, ContactSort::Name, 0, limit, now())
                .unwrap();
            let first = cache.first_positions_by_name(filter, limit, now()).unwrap();
            let listed: Vec<&str> = page.rows.iter().map(|row| row.id.as_str()).collect();
            let positioned: Vec<&str> = first.positions.iter().map(|p| p.id.as_str()).collect();
            assert_eq!(
                (first.total, first.capped, positioned),
                (page.total.unwrap(), page.capped, listed),
                "{filter:?}, {limit}"
            );
        }
    }
}

#[test]
fn a_complete_listing_hides_contacts_it_did_not_see_and_names_businesses() {
    let (_dir, cache) = open();
    seed(&cache);
    let started: Timestamp = "2026-11-27T13:00:00Z".parse().unwrap();
    let later: Timestamp = "2026-11-27T13:05:00Z".parse().unwrap();
    let page = [
        contact(
            "c1",
            "Ada",
            "2026-11-01T09:00:00Z",
            json!({"companyName": "Analytical Engines", "businessId": "b1"}),
        ),
        contact(
            "c2",
            "Grace",
            "2026-10-01T09:00:00Z",
            json!({"companyName": "Analytical Engines", "businessId": "b1"}),
        ),
    ];
    cache
        .store_listing_page(&page, 7, "listing", &json!({"cursor": "c2"}), later)
        .unwrap();
    assert_eq!(
        cache.state::<serde_json::Value>("listing").unwrap(),
        Some(json!({"cursor": "c2"}))
    );
    // c6 was created by the user while the listing ran: it must survive.
    let created = contact("c6", "Margaret", "2026-11-27T13:01:00Z", json!({}));
    cache.upsert_contacts(&[created], None, later).unwrap();

    let hidden = cache.finish_listing(7, started, None, "listing").unwrap();
    assert_eq!(hidden, 3);
    assert_eq!(
        ids(&cache, &ContactFilter::default(), ContactSort::Newest),
        ["c6", "c1", "c2"]
    );
    assert!(cache.contact("c3").unwrap().unwrap().deleted);
    assert!(cache
        .state::<serde_json::Value>("listing")
        .unwrap()
        .is_none());
    let businesses = cache.businesses(None).unwrap();
    assert_eq!(businesses.len(), 1);
    assert_eq!(
        (businesses[0].name.as_str(), businesses[0].contacts),
        ("Analytical Engines", 2)
    );
}

#[test]
fn businesses_take_their_most_common_company_name() {
    let (_dir, cache) = open();
    seed(&cache);
    let businesses = cache.businesses(None).unwrap();
    let names: Vec<_> = businesses
        .iter()
        .map(|b| (b.id.as_str(), b.name.as_str(), b.contacts))
        .collect();
    assert_eq!(
        names,
        [("b1", "Analytical Engines", 3), ("b2", "Bletchley", 1)]
    );
    assert_eq!(cache.businesses(Some("bletch")).unwrap().len(), 1);
}

fn event(key: &str, kind: ChangeKind) -> ChangeEvent {
    ChangeEvent {
        key: key.into(),
        at: now(),
        contact_id: "c1".into(),
        contact_name: String::new(),
        task_id: "t1".into(),
        kind,
        title: "Task t1".into(),
        detail: None,
    }
}

#[test]
fn details_are_stored_together_and_keep_the_list_counts_right() {
    let (_dir, cache) = open();
    seed(&cache);
    let note = |id: &str, added: &str, pinned: bool| -> Note {
        serde_json::from_value(json!({"id": id, "body": "b", "dateAdded": added, "pinned": pinned}))
            .unwrap()
    };
    let details = Details {
        tasks: vec![
            task("t1", "2026-11-20T09:00:00Z", false),
            task("t2", "2026-12-20T09:00:00Z", false),
            task("t3", "2026-10-20T09:00:00Z", true),
        ],
        notes: vec![note("n1", "2026-11-01T00:00:00Z", false), note("n2", "2026-10-01T00:00:00Z", true), note("n3", "2026-11-02T00:00:00Z", false)],
        appointments: vec![serde_json::from_value(json!({"id": "a1", "startTime": "2026-12-01 10:00:00", "appointmentStatus": "confirmed"})).unwrap()],
        synced_at: None,
    };
    let fresh = cache
        .store_details("c1", &details, &[event("k1", ChangeKind::TaskAdded)], now())
        .unwrap();
    assert_eq!(fresh.len(), 1);

    let stored = cache.details("c1").unwrap();
    let task_ids: Vec<_> = stored.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(task_ids, ["t1", "t2", "t3"]);
    let note_ids: Vec<_> = stored.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(note_ids, ["n2", "n3", "n1"]);
    assert_eq!(stored.appointments[0].id, "a1");
    assert_eq!(stored.synced_at, Some(now()));

    let overdue = ContactFilter {
        tasks: Some(contact_desk::cache::TaskFilter::Overdue),
        ..ContactFilter::default()
    };
    let rows = cache
        .list_contacts(&overdue, ContactSort::NextDue, 0, 10, now())
        .unwrap()
        .rows;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].open_tasks, rows[0].overdue, rows[0].details_synced),
        (2, true, true)
    );

    // Completing the overdue task locally moves the contact off the overdue list.
    cache
        .put_task("c1", &task("t1", "2026-11-20T09:00:00Z", true))
        .unwrap();
    assert!(cache
        .list_contacts(&overdue, ContactSort::NextDue, 0, 10, now())
        .unwrap()
        .rows
        .is_empty());
    cache.remove_task("c1", "t2").unwrap();
    let row = &cache
        .list_contacts(&ContactFilter::default(), ContactSort::Newest, 0, 1, now())
        .unwrap()
        .rows[0];
    assert_eq!((row.open_tasks, row.next_due), (0, None));

    // The same change seen by a second sync is not recorded again.
    let again = cache
        .store_details(
            "c1",
            &details,
            &[
                event("k1", ChangeKind::TaskAdded),
                event("k2", ChangeKind::TaskCompleted),
            ],
            now(),
        )
        .unwrap();
    assert_eq!(
        again.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
        ["k2"]
    );
    let events = cache.change_events(None, 10).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        (events[0].kind, events[0].contact_name.as_str()),
        (ChangeKind::TaskCompleted, "Ada Tester")
    );
}

#[test]
fn deep_sync_order_puts_watched_then_viewed_then_never_synced_first() {
    let (_dir, cache) = open();
    seed(&cache);
    cache
        .store_details("c1", &Details::default(), &[], now())
        .unwrap();
    cache.set_watched("c4", true).unwrap();
    cache.mark_viewed("c3", now()).unwrap();
    assert_eq!(
        cache.contacts_for_deep_sync(None, 10).unwrap(),
        ["c4", "c3", "c2", "c5", "c1"]
    );
}

#[test]
fn the_request_log_filters_and_keeps_a_bounded_history() {
    let (_dir, cache) = open();
    let record = |status: u16, error: Option<contact_desk::highlevel::ErrorClass>| RequestRecord {
        at: now(),
        method: "GET".into(),
        path: "/contacts/:contactId".into(),
        ids: vec![],
        lane: Lane::Background,
        status: Some(status),
        duration_ms: 12,
        attempts: 1,
        trace_id: Some("t".into()),
        error,
        error_message: error.map(|_| "boom".into()),
        headroom: None,
    };
    use contact_desk::highlevel::ErrorClass::*;
    cache.log_request(&record(200, None)).unwrap();
    cache.log_request(&record(429, Some(RateLimited))).unwrap();
    cache.log_request(&record(401, Some(Unauthorized))).unwrap();
    cache.log_request(&record(0, Some(Timeout))).unwrap();
    let count = |filter| cache.requests(filter, None, 100).unwrap().len();
    assert_eq!((count(LogFilter::All), count(LogFilter::Failures)), (4, 3));
    assert_eq!(
        (
            count(LogFilter::AuthErrors),
            count(LogFilter::Timeouts),
            count(LogFilter::RateLimits)
        ),
        (1, 1, 1)
    );
    let newest = cache.requests(LogFilter::All, None, 1).unwrap();
    assert_eq!(newest[0].record.error, Some(Timeout));
    assert_eq!(newest[0].record.lane, Lane::Background);
    let older = cache
        .requests(LogFilter::All, Some(newest[0].seq), 10)
        .unwrap();
    assert_eq!(older.len(), 3);
    for _ in 0..5_010 {
        cache.log_request(&record(200, None)).unwrap();
    }
    assert_eq!(count(LogFilter::All), 100);
    assert_eq!(
        cache.requests(LogFilter::All, None, 10_000).unwrap().len(),
        5_000
    );
}

#[test]
fn the_database_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    {
        let cache = Cache::open(&path).unwrap();
        seed(&cache);
    }
    let cache = Cache::open(&path).unwrap();
    assert_eq!(cache.live_contact_count().unwrap(), 5);
}
