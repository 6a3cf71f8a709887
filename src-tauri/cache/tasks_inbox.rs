//! The task inbox: every cached task of a live contact, across contacts, grouped by when
//! it is due. Each group is read through a due-date index and cut at a limit, with its
//! full count, so a 100,000-contact cache answers as fast as a small one.

use jiff::{SignedDuration, Timestamp};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::contacts::escape_like;
use super::{millis, Cache, Result};
use crate::highlevel::Task;

/// How far back a completed task still counts as recent, by its due date (HighLevel
/// records no completion time).
const RECENT_DAYS: i64 = 7;

/// The most tasks one group lists at a time.
pub const INBOX_MAX_LIMIT: u32 = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum InboxGroup {
    /// Open, due before now.
    Overdue,
    /// Open, due from now until the end of the local day.
    Today,
    /// Open, due after today.
    Upcoming,
    /// Open, with no due date.
    NoDueDate,
    /// Completed, due within the last week or later.
    Completed,
}

impl InboxGroup {
    pub const ALL: [InboxGroup; 5] = [
        InboxGroup::Overdue,
        InboxGroup::Today,
        InboxGroup::Upcoming,
        InboxGroup::NoDueDate,
        InboxGroup::Completed,
    ];

    /// The group's order (its SQL `ORDER BY`'s) for tasks read apart, as when inboxes of
    /// several locations are merged.
    pub fn order(self, a: &Task, b: &Task) -> std::cmp::Ordering {
        match self {
            InboxGroup::NoDueDate => a.id.cmp(&b.id),
            InboxGroup::Completed => (b.due_date, &a.id).cmp(&(a.due_date, &b.id)),
            _ => (a.due_date, &a.id).cmp(&(b.due_date, &b.id)),
        }
    }

    /// The group's condition on `t`, its order, and the due-date index that reads the
    /// group in that order (so a limit stops the read early); `?1` is now, `?2` the end
    /// of today, `?3` the start of "recent".
    fn sql(self) -> (&'static str, &'static str, &'static str) {
        const OPEN: &str = "tasks_open_by_due";
        match self {
            InboxGroup::Overdue => (
                "t.completed = 0 AND t.due_date < ?1",
                "t.due_date, t.id",
                OPEN,
            ),
            InboxGroup::Today => (
                "t.completed = 0 AND t.due_date >= ?1 AND t.due_date < ?2",
                "t.due_date, t.id",
                OPEN,
            ),
            InboxGroup::Upcoming => (
                "t.completed = 0 AND t.due_date >= ?2",
                "t.due_date, t.id",
                OPEN,
            ),
            InboxGroup::NoDueDate => ("t.completed = 0 AND t.due_date IS NULL", "t.id", OPEN),
            InboxGroup::Completed => (
                "t.completed = 1 AND t.due_date >= ?3",
                "t.due_date DESC, t.id",
                "tasks_done_by_due",
            ),
        }
    }
}

/// Which tasks the inbox shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct InboxFilter {
    /// Only tasks assigned to this user id.
    pub owner: Option<String>,
    /// Words in the task's title or its contact's name.
    pub search: Option<String>,
}

/// The instants the groups are cut at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxBounds {
    pub now: Timestamp,
    /// Midnight ending the user's today.
    pub today_ends: Timestamp,
}

impl InboxBounds {
    /// Now, and the end of today in the system's time zone (the window's too).
    pub fn local_now() -> Self {
        let now = jiff::ZonedDateTime::now();
        let today_ends = now
            .tomorrow()
            .and_then(|tomorrow| tomorrow.start_of_day())
            .map_or(now.timestamp(), |midnight| midnight.timestamp());
        InboxBounds {
            now: now.timestamp(),
            today_ends,
        }
    }

    fn recent_from(self) -> Timestamp {
        self.now
            .checked_sub(SignedDuration::from_hours(24 * RECENT_DAYS))
            .unwrap_or(Timestamp::MIN)
    }
}

/// A task with the contact it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct InboxTask {
    pub task: Task,
    pub contact_id: String,
    pub contact_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct InboxSection {
    pub group: InboxGroup,
    /// Every task of the group that matches the filter; `tasks` holds the first of them.
    pub total: u32,
    pub tasks: Vec<InboxTask>,
}

/// Open tasks per owner (`None`: assigned to no one), most first, for the owner filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OwnerCount {
    pub owner: Option<String>,
    pub open: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Inbox {
    /// In [`InboxGroup`] order, every group present (empty ones too).
    pub sections: Vec<InboxSection>,
    pub owners: Vec<OwnerCount>,
}

/// Live contacts only, and the filter: `?4` an owner, `?5` a LIKE pattern, each a
/// condition only when given (one on `t.title` would make every count read the table
/// instead of an index). Tasks reach their contact by rowid, as the reports' do.
fn narrowing(values: Values<'_>) -> String {
    let owner = match values.3 {
        Some(_) => "t.assigned_to = ?4",
        None => "?4 IS NULL",
    };
    let search = match values.4 {
        Some(_) => "(t.title LIKE ?5 ESCAPE '\\' OR c.name LIKE ?5 ESCAPE '\\')",
        None => "?5 IS NULL",
    };
    format!("c.deleted = 0 AND {owner} AND {search}")
}

/// Each task's group as its index in [`InboxGroup::ALL`] (NULL: completed long ago).
const GROUP_OF: &str = "CASE
       WHEN t.completed = 1 THEN CASE WHEN t.due_date >= ?3 THEN 4 END
       WHEN t.due_date IS NULL THEN 3
       WHEN t.due_date < ?1 THEN 0
       WHEN t.due_date < ?2 THEN 1
       ELSE 2
     END";

impl Cache {
    /// Every group's first `limit` tasks (at most [`INBOX_MAX_LIMIT`]) and its count: one
    /// pass counts, then each group reads its first rows in due-date order.
    pub fn task_inbox(
        &self,
        filter: &InboxFilter,
        limit: u32,
        bounds: InboxBounds,
    ) -> Result<Inbox> {
        let limit = limit.min(INBOX_MAX_LIMIT);
        let search = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(|text| format!("%{}%", escape_like(text)));
        let values = (
            millis(bounds.now),
            millis(bounds.today_ends),
            millis(bounds.recent_from()),
            filter.owner.as_deref().filter(|owner| !owner.is_empty()),
            search.as_deref(),
        );
        self.read(|db| {
            let totals = totals(db, values)?;
            let sections = InboxGroup::ALL
                .into_iter()
                .zip(totals)
                .map(|(group, total)| {
                    let tasks = match total {
                        0 => Vec::new(),
                        _ => first_tasks(db, group, limit, values)?,
                    };
                    Ok(InboxSection {
                        group,
                        total,
                        tasks,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Inbox {
                sections,
                owners: owners(db)?,
            })
        })
    }
}

/// The query's parameters: now, the end of today, the start of "recent", owner, pattern.
type Values<'a> = (i64, i64, i64, Option<&'a str>, Option<&'a str>);

/// How many tasks each group holds, in one pass.
fn totals(db: &Connection, values: Values<'_>) -> Result<[u32; 5]> {
    // One pass, contact by contact through `tasks_report`; sums, not GROUP BY, so no sort.
    let sql = format!(
        "SELECT coalesce(sum(g = 0), 0), coalesce(sum(g = 1), 0), coalesce(sum(g = 2), 0),
                coalesce(sum(g = 3), 0), coalesce(sum(g = 4), 0)
         FROM (SELECT {GROUP_OF} AS g FROM contacts c JOIN tasks t ON t.contact_rowid = c.rowid
               WHERE {})",
        narrowing(values)
    );
    let totals = db.prepare_cached(&sql)?.query_row(values, |row| {
        Ok([
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        ])
    })?;
    Ok(totals)
}

fn first_tasks(
    db: &Connection,
    group: InboxGroup,
    limit: u32,
    values: Values<'_>,
) -> Result<Vec<InboxTask>> {
    let (condition, order, index) = group.sql();
    let mut statement = db.prepare_cached(&format!(
        // CROSS JOIN keeps the due-date index outermost, so the limit ends the read.
        "SELECT t.json, c.id, c.name
         FROM tasks t INDEXED BY {index} CROSS JOIN contacts c ON c.rowid = t.contact_rowid
         WHERE {} AND {condition} ORDER BY {order} LIMIT {limit}",
        narrowing(values)
    ))?;
    let rows = statement.query_map(values, |row| {
        Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?))
    })?;
    let mut tasks = Vec::new();
    for row in rows {
        let (json, contact_id, contact_name) = row?;
        tasks.push(InboxTask {
            task: serde_json::from_str(&json)?,
            contact_id,
            contact_name,
        });
    }
    Ok(tasks)
}

fn owners(db: &Connection) -> Result<Vec<OwnerCount>> {
    let mut statement = db.prepare_cached(
        // The covering index holds open tasks in owner order: grouped without a sort.
        "SELECT nullif(t.assigned_to, ''), count(*)
         FROM tasks t INDEXED BY tasks_inbox CROSS JOIN contacts c ON c.rowid = t.contact_rowid
         WHERE c.deleted = 0 AND t.completed = 0
         GROUP BY t.assigned_to ORDER BY 2 DESC, 1",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(OwnerCount {
            owner: row.get(0)?,
            open: row.get(1)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::cache::Details;
    use crate::highlevel::Contact;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// Noon on 27 November, the day ending at midnight UTC.
    fn bounds() -> InboxBounds {
        InboxBounds {
            now: at("2026-11-27T12:00:00Z"),
            today_ends: at("2026-11-28T00:00:00Z"),
        }
    }

    fn task(id: &str, due: Option<&str>, completed: bool, owner: &str) -> Task {
        serde_json::from_value(json!({"id": id, "title": format!("Call about {id}"),
            "dueDate": due, "completed": completed, "assignedTo": owner}))
        .unwrap()
    }

    fn cache_with(tasks: &[(&str, Vec<Task>)]) -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("cache.sqlite")).unwrap();
        for (contact_id, tasks) in tasks {
            let contact: Contact =
                serde_json::from_value(json!({"id": contact_id, "firstName": contact_id})).unwrap();
            cache
                .upsert_contacts(&[contact], None, bounds().now)
                .unwrap();
            let details = Details {
                tasks: tasks.clone(),
                ..Details::default()
            };
            cache
                .store_details(contact_id, &details, &[], bounds().now)
                .unwrap();
        }
        (dir, cache)
    }

    fn grouped(inbox: &Inbox) -> Vec<(InboxGroup, u32, Vec<&str>)> {
        inbox
            .sections
            .iter()
            .map(|s| {
                let ids = s.tasks.iter().map(|t| t.task.id.as_str()).collect();
                (s.group, s.total, ids)
            })
            .collect()
    }

    /// Every task the inbox holds, each group cut at `limit`.
    fn unfiltered(cache: &Cache, limit: u32) -> Inbox {
        let filter = InboxFilter::default();
        cache.task_inbox(&filter, limit, bounds()).unwrap()
    }

    fn seeded() -> (tempfile::TempDir, Cache) {
        cache_with(&[
            (
                "Ada",
                vec![
                    task("late", Some("2026-11-20T09:00:00Z"), false, "u1"),
                    task("this-morning", Some("2026-11-27T08:00:00Z"), false, "u2"),
                    task("tonight", Some("2026-11-27T20:00:00Z"), false, "u1"),
                    task("someday", None, false, ""),
                ],
            ),
            (
                "Grace",
                vec![
                    task("next-week", Some("2026-12-03T09:00:00Z"), false, "u1"),
                    task("tomorrow", Some("2026-11-28T00:00:00Z"), false, "u2"),
                    task("done-yesterday", Some("2026-11-26T09:00:00Z"), true, "u1"),
                    task("done-long-ago", Some("2026-10-01T09:00:00Z"), true, "u1"),
                ],
            ),
        ])
    }

    #[test]
    fn tasks_fall_into_groups_by_due_date_around_now_and_today() {
        let (_dir, cache) = seeded();
        let inbox = unfiltered(&cache, 100);
        assert_eq!(
            grouped(&inbox),
            [
                (InboxGroup::Overdue, 2, vec!["late", "this-morning"]),
                (InboxGroup::Today, 1, vec!["tonight"]),
                (InboxGroup::Upcoming, 2, vec!["tomorrow", "next-week"]),
                (InboxGroup::NoDueDate, 1, vec!["someday"]),
                (InboxGroup::Completed, 1, vec!["done-yesterday"]),
            ]
        );
        let first = &inbox.sections[0].tasks[0];
        assert_eq!(
            (first.contact_id.as_str(), first.contact_name.as_str()),
            ("Ada", "Ada")
        );
        let owners: Vec<_> = inbox
            .owners
            .iter()
            .map(|o| (o.owner.as_deref(), o.open))
            .collect();
        assert_eq!(owners, [(Some("u1"), 3), (Some("u2"), 2), (None, 1)]);
    }

    #[test]
    fn a_limit_cuts_each_group_and_keeps_its_count() {
        let (_dir, cache) = seeded();
        let inbox = unfiltered(&cache, 1);
        let upcoming = &inbox.sections[2];
        assert_eq!((upcoming.total, upcoming.tasks.len()), (2, 1));
    }

    #[test]
    fn owner_and_search_narrow_every_group() {
        let (_dir, cache) = seeded();
        let cases: [(Option<&str>, Option<&str>, &[&str]); 4] = [
            (Some("u2"), None, &["this-morning", "tomorrow"]),
            // The contact's name, and the task's title.
            (
                None,
                Some("grac"),
                &["tomorrow", "next-week", "done-yesterday"],
            ),
            (Some("u1"), Some("about late"), &["late"]),
            // LIKE's wildcards are taken literally.
            (None, Some("%"), &[]),
        ];
        for (owner, search, expected) in cases {
            let filter = InboxFilter {
                owner: owner.map(Into::into),
                search: search.map(Into::into),
            };
            let inbox = cache.task_inbox(&filter, 100, bounds()).unwrap();
            let ids: Vec<_> = grouped(&inbox).into_iter().flat_map(|g| g.2).collect();
            assert_eq!(ids, expected, "{owner:?} {search:?}");
        }
    }

    #[test]
    fn deleted_contacts_leave_the_inbox() {
        let (_dir, cache) = seeded();
        cache.delete_contact("Ada").unwrap();
        let inbox = unfiltered(&cache, 100);
        assert_eq!(inbox.sections[0].total, 0);
        assert_eq!(inbox.sections[2].total, 2);
    }
}
