//! The location × business roll-up reads the figures every write keeps (migration 008);
//! after any sequence of writes they must equal the report's scan of the cache itself.

use contact_desk::cache::{Cache, ChangeEvent, ChangeKind, Details};
use contact_desk::locations::{AllLocations, Location, LocationCache};
use contact_desk::reports::{self, BusinessRollup, ReportFilter};
use jiff::Timestamp;
use serde_json::json;

use super::{contact, now};

const IDS: usize = 12;

/// The roll-up of every location for `filter`, `cache`'s location first, and its scan.
fn both(
    all: &AllLocations,
    cache: &Cache,
    filter: &ReportFilter,
    at: Timestamp,
) -> (Vec<BusinessRollup>, Vec<BusinessRollup>) {
    let by_location = reports::rollup_by_location(all, filter, at).unwrap();
    let scan = reports::rollup(cache, filter, at).unwrap();
    let first = &by_location.locations[0];
    let mut kept = first.rows.clone();
    kept.push(first.totals.clone());
    let mut scanned = scan.rows;
    scanned.push(scan.totals);
    (kept, scanned)
}

fn one_location(dir: &std::path::Path) -> (Cache, AllLocations) {
    let cache_path = dir.join("cache.sqlite");
    let cache = Cache::open(&cache_path).unwrap();
    let all = AllLocations::open(vec![LocationCache {
        location: Location {
            profile_id: "p".into(),
            name: "Here".into(),
            location_id: "loc".into(),
        },
        cache_path,
    }])
    .unwrap();
    (cache, all)
}

/// A time within three days of `now()`, to the hour: some today before now, some after.
fn near_now(rng: &mut fastrand::Rng) -> Timestamp {
    let hours = rng.i64(-72..72);
    Timestamp::from_millisecond(now().as_millisecond() + hours * 3_600_000 + 1_000).unwrap()
}

fn random_contact(rng: &mut fastrand::Rng) -> contact_desk::highlevel::Contact {
    let id = format!("c{}", rng.usize(..IDS));
    let business = [Some("b1"), Some("b2"), Some("b3"), None][rng.usize(..4)];
    let tags: Vec<&str> = ["vip", "lead", "cold"]
        .into_iter()
        .filter(|_| rng.bool())
        .collect();
    let mut value = json!({"id": id, "firstName": id, "businessId": business, "tags": tags,
        "companyName": format!("Company {}", business.unwrap_or("none"))});
    if rng.bool() {
        value["email"] = json!(["", "a@x.io"][rng.usize(..2)]);
    }
    if rng.bool() {
        value["phone"] = json!("+15550001");
    }
    if rng.bool() {
        value["assignedTo"] = json!(["u1", "u2", ""][rng.usize(..3)]);
    }
    if rng.bool() {
        value["dateAdded"] = json!(near_now(rng).to_string());
    }
    if rng.bool() {
        value["lastActivity"] = json!(near_now(rng).to_string());
    }
    contact(value)
}

fn random_task(rng: &mut fastrand::Rng, id: &str) -> contact_desk::highlevel::Task {
    let due = rng.bool().then(|| near_now(rng).to_string());
    serde_json::from_value(json!({"id": id, "title": id, "dueDate": due, "completed": rng.bool()}))
        .unwrap()
}

fn random_details(rng: &mut fastrand::Rng, contact_id: &str) -> Details {
    let tasks = (0..rng.usize(..4))
        .map(|n| random_task(rng, &format!("{contact_id}-t{n}")))
        .collect();
    let notes = (0..rng.usize(..3))
        .map(|n| {
            serde_json::from_value(json!({"id": format!("{contact_id}-n{n}"), "body": "hi"}))
                .unwrap()
        })
        .collect();
    let appointments = (0..rng.usize(..3))
        .map(|n| {
            let start = near_now(rng).strftime("%Y-%m-%d %H:%M:%S").to_string();
            let start = rng.bool().then_some(start);
            serde_json::from_value(json!({"id": format!("{contact_id}-a{n}"), "startTime": start}))
                .unwrap()
        })
        .collect();
    Details {
        tasks,
        notes,
        appointments,
        synced_at: None,
    }
}

/// One write of the kinds a sync and the user make, chosen at random.
fn random_write(rng: &mut fastrand::Rng, cache: &Cache, listing: &mut i64) {
    let id = format!("c{}", rng.usize(..IDS));
    let task_id = format!("{id}-t{}", rng.usize(..4));
    match rng.usize(..10) {
        0..=2 => {
            let contacts: Vec<_> = (0..rng.usize(1..4)).map(|_| random_contact(rng)).collect();
            cache.upsert_contacts(&contacts, None, now()).unwrap();
        }
        3 | 4 => {
            cache
                .store_details(&id, &random_details(rng, &id), &[], now())
                .unwrap();
        }
        5 => cache.put_task(&id, &random_task(rng, &task_id)).unwrap(),
        6 => cache.remove_task(&id, &task_id).unwrap(),
        7 => {
            let note = serde_json::from_value(json!({"id": format!("{id}-n0"), "body": "x"}));
            match rng.bool() {
                true => cache.put_note(&id, &note.unwrap()).unwrap(),
                false => cache.remove_note(&id, &format!("{id}-n0")).unwrap(),
            }
        }
        8 => cache.delete_contact(&id).unwrap(),
        _ => {
            // A complete listing that saw some contacts: the others are hidden.
            *listing += 1;
            let seen: Vec<_> = (0..rng.usize(..4)).map(|_| random_contact(rng)).collect();
            let started = Timestamp::from_millisecond(now().as_millisecond() + 1).unwrap();
            cache
                .store_listing_page(&seen, *listing, "listing", &0, now())
                .unwrap();
            cache
                .finish_listing(*listing, started, None, "listing")
                .unwrap();
        }
    }
    if rng.usize(..4) == 0 {
        cache.refresh_businesses().unwrap();
    }
}

#[test]
fn the_kept_figures_equal_a_scan_after_any_writes() {
    for seed in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        let (cache, all) = one_location(dir.path());
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut listing = 0;
        for step in 0..120 {
            random_write(&mut rng, &cache, &mut listing);
            let (kept, scanned) = both(&all, &cache, &ReportFilter::default(), now());
            assert_eq!(kept, scanned, "seed {seed}, step {step}");
        }
        // Later, more tasks are overdue and more appointments past; earlier, fewer.
        for hours in [-30, -1, 1, 30, 24 * 5] {
            let at = Timestamp::from_millisecond(now().as_millisecond() + hours * 3_600_000);
            let (kept, scanned) = both(&all, &cache, &ReportFilter::default(), at.unwrap());
            assert_eq!(kept, scanned, "seed {seed}, {hours} h from now");
        }
    }
}

#[test]
fn the_roll_up_by_location_reads_the_kept_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (cache, all) = one_location(dir.path());
    let mut rng = fastrand::Rng::with_seed(7);
    let contacts: Vec<_> = (0..IDS).map(|_| random_contact(&mut rng)).collect();
    cache.upsert_contacts(&contacts, None, now()).unwrap();
    let tamper = rusqlite::Connection::open(dir.path().join("cache.sqlite")).unwrap();
    tamper
        .execute("UPDATE rollup_figures SET notes = notes + 1", [])
        .unwrap();
    let (kept, scanned) = both(&all, &cache, &ReportFilter::default(), now());
    // One note more in each business the table holds; the contacts themselves have none.
    let businesses = u32::try_from(kept.len() - 1).unwrap();
    let notes = |rows: &[BusinessRollup]| rows.last().unwrap().notes;
    assert_eq!((notes(&kept), notes(&scanned)), (businesses, 0));
}

#[test]
fn a_completion_seen_after_the_reports_instant_and_a_filter_are_counted_by_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let (cache, all) = one_location(dir.path());
    let mut rng = fastrand::Rng::with_seed(99);
    let contacts: Vec<_> = (0..IDS).map(|_| random_contact(&mut rng)).collect();
    cache.upsert_contacts(&contacts, None, now()).unwrap();
    let task: contact_desk::highlevel::Task = serde_json::from_value(
        json!({"id": "tz", "title": "tz", "dueDate": "2026-11-20T00:00:00Z", "completed": true}),
    )
    .unwrap();
    let seen_later = ChangeEvent {
        key: "done-tz".into(),
        at: "2026-11-28T08:00:00Z".parse().unwrap(),
        contact_id: contacts[0].id.clone(),
        contact_name: String::new(),
        task_id: "tz".into(),
        kind: ChangeKind::TaskCompleted,
        title: "tz".into(),
        detail: None,
    };
    let details = Details {
        tasks: vec![task],
        ..Details::default()
    };
    cache
        .store_details(&contacts[0].id, &details, &[seen_later], now())
        .unwrap();
    let (kept, scanned) = both(&all, &cache, &ReportFilter::default(), now());
    assert_eq!(kept, scanned);
    assert_eq!(
        kept.last().unwrap().overdue_tasks,
        1,
        "open until the sync saw it"
    );
    let filter = ReportFilter {
        tag: Some("vip".into()),
        from: Some("2026-11-25".into()),
        ..ReportFilter::default()
    };
    let (kept, scanned) = both(&all, &cache, &filter, now());
    assert_eq!(kept, scanned);
}
