use super::*;
use crate::highlevel::Contact;

/// Three locations' caches (one never synced) under a temporary directory.
fn three_locations(dir: &std::path::Path) -> Vec<LocationCache> {
    let people: [&[(&str, &str)]; 2] = [
        &[
            ("a1", "Ada Lovelace"),
            ("a2", "Grace Hopper"),
            ("a3", "Zed Ada"),
        ],
        &[
            ("b1", "Alan Turing"),
            ("b2", "Ada Byron"),
            ("b3", "Hedy Lamarr"),
        ],
    ];
    let mut sources: Vec<LocationCache> = ["North", "South", "West"]
        .iter()
        .map(|name| LocationCache {
            location: Location {
                profile_id: name.to_lowercase(),
                name: (*name).to_owned(),
                location_id: format!("loc-{name}"),
            },
            cache_path: dir.join(name).join("cache.sqlite"),
        })
        .collect();
    for (source, people) in sources.iter_mut().zip(people) {
        let contacts: Vec<Contact> = people
            .iter()
            .map(|(id, name)| {
                let (first, last) = name.split_once(' ').unwrap();
                serde_json::from_value(
                    serde_json::json!({"id": id, "firstName": first, "lastName": last}),
                )
                .unwrap()
            })
            .collect();
        let cache = Cache::open(&source.cache_path).unwrap();
        cache
            .upsert_contacts(&contacts, None, Timestamp::now())
            .unwrap();
    }
    sources
}

fn names(rows: &[LocatedRow]) -> Vec<String> {
    rows.iter()
        .map(|row| format!("{} ({})", row.contact.name, row.location))
        .collect()
}

#[test]
fn a_location_never_synced_is_listed_apart_and_gets_no_cache() {
    let dir = tempfile::tempdir().unwrap();
    let sources = three_locations(dir.path());
    let all = AllLocations::open(sources).unwrap();
    let open: Vec<&str> = all.locations().map(|l| l.name.as_str()).collect();
    assert_eq!(open, ["North", "South"]);
    assert_eq!(all.unsynced()[0].name, "West");
    assert!(!dir.path().join("West").exists());
}

#[test]
fn search_finds_matches_in_every_location_by_name_with_their_location() {
    let dir = tempfile::tempdir().unwrap();
    let all = AllLocations::open(three_locations(dir.path())).unwrap();
    let found = all.search("ada", 10, Timestamp::now()).unwrap();
    assert_eq!(
        names(&found.rows),
        [
            "Ada Byron (South)",
            "Ada Lovelace (North)",
            "Zed Ada (North)"
        ]
    );
    assert_eq!((found.total, found.capped), (3, false));
    let first = all.search("ada", 1, Timestamp::now()).unwrap();
    assert_eq!(names(&first.rows), ["Ada Byron (South)"]);
    assert_eq!(first.total, 3);
}

#[test]
fn pages_by_name_walk_every_location_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let all = AllLocations::open(three_locations(dir.path())).unwrap();
    let now = Timestamp::now();
    let filter = ContactFilter::default();
    let mut seen = Vec::new();
    let mut after: Option<ListPosition> = None;
    loop {
        let page = all.page_by_name(&filter, after.as_ref(), 4, now).unwrap();
        let Some(last) = page.last() else { break };
        after = Some(ListPosition::of(last));
        seen.extend(names(&page));
    }
    assert_eq!(
        seen,
        [
            "Ada Byron (South)",
            "Ada Lovelace (North)",
            "Alan Turing (South)",
            "Grace Hopper (North)",
            "Hedy Lamarr (South)",
            "Zed Ada (North)"
        ]
    );
    assert_eq!(all.count(&filter, now).unwrap(), 6);
}

#[test]
fn a_contact_in_two_locations_is_listed_once_in_each() {
    let dir = tempfile::tempdir().unwrap();
    let sources = three_locations(dir.path());
    let twin: Contact =
        serde_json::from_value(serde_json::json!({"id": "twin", "firstName": "Ada"})).unwrap();
    for source in &sources[..2] {
        Cache::open(&source.cache_path)
            .unwrap()
            .upsert_contacts(std::slice::from_ref(&twin), None, Timestamp::now())
            .unwrap();
    }
    let all = AllLocations::open(sources).unwrap();
    let now = Timestamp::now();
    let filter = ContactFilter::default();
    let first = all.page_by_name(&filter, None, 1, now).unwrap();
    assert_eq!(names(&first), ["Ada (North)"]);
    let next = all
        .page_by_name(&filter, Some(&ListPosition::of(&first[0])), 1, now)
        .unwrap();
    assert_eq!(names(&next), ["Ada (South)"]);
}

#[test]
fn the_first_page_counts_every_location_and_a_subset_reads_only_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let all = AllLocations::open(three_locations(dir.path())).unwrap();
    let now = Timestamp::now();
    let filter = ContactFilter::default();
    let first = all.list_page(&filter, None, 2, now).unwrap();
    assert_eq!(
        names(&first.rows),
        ["Ada Byron (South)", "Ada Lovelace (North)"]
    );
    assert_eq!((first.total, first.capped), (Some(6), false));
    assert_eq!(first.next, Some(ListPosition::of(&first.rows[1])));
    let next = all.list_page(&filter, first.next.as_ref(), 2, now).unwrap();
    assert_eq!(
        names(&next.rows),
        ["Alan Turing (South)", "Grace Hopper (North)"]
    );
    assert_eq!(next.total, None);

    let north = all.only(&["north".to_owned()]);
    let page = north.list_page(&filter, None, 10, now).unwrap();
    assert_eq!(page.total, Some(3));
    assert!(page.rows.iter().all(|row| row.location == "North"));
}

#[test]
fn the_inbox_merges_each_group_in_its_own_order_and_counts_every_location() {
    let dir = tempfile::tempdir().unwrap();
    let sources = three_locations(dir.path());
    let now = Timestamp::now();
    let hours = |h: i64| {
        now.checked_add(jiff::SignedDuration::from_hours(h))
            .unwrap()
    };
    let task = |id: &str, due: Timestamp, completed: bool| -> crate::highlevel::Task {
        serde_json::from_value(serde_json::json!({
            "id": id, "title": id, "dueDate": due.to_string(), "completed": completed,
        }))
        .unwrap()
    };
    let north = Cache::open(&sources[0].cache_path).unwrap();
    north
        .put_task("a1", &task("n-late", hours(-48), false))
        .unwrap();
    north
        .put_task("a2", &task("n-soon", hours(-1), false))
        .unwrap();
    north
        .put_task("a1", &task("n-done", hours(-2), true))
        .unwrap();
    let south = Cache::open(&sources[1].cache_path).unwrap();
    south
        .put_task("b1", &task("s-late", hours(-24), false))
        .unwrap();
    south
        .put_task("b2", &task("s-done", hours(-1), true))
        .unwrap();
    let all = AllLocations::open(sources).unwrap();
    let bounds = crate::cache::InboxBounds {
        now,
        today_ends: hours(1000),
    };
    let inbox = all
        .task_inbox(&crate::cache::InboxFilter::default(), 2, bounds)
        .unwrap();
    let section = |group| {
        let section = inbox.sections.iter().find(|s| s.group == group).unwrap();
        let tasks: Vec<String> = section
            .tasks
            .iter()
            .map(|t| format!("{} ({})", t.task.task.id, t.location))
            .collect();
        (section.total, tasks)
    };
    use crate::cache::InboxGroup;
    assert_eq!(
        section(InboxGroup::Overdue),
        (
            3,
            vec!["n-late (North)".to_owned(), "s-late (South)".to_owned()]
        )
    );
    assert_eq!(
        section(InboxGroup::Completed),
        (
            2,
            vec!["s-done (South)".to_owned(), "n-done (North)".to_owned()]
        )
    );
    assert_eq!(inbox.sections.len(), InboxGroup::ALL.len());
}
