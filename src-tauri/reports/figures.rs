//! The figures behind per-business reports and the rules that count them. Every figure is
//! computed over the same scope of contacts (live, matching the tag and owner filters,
//! added by the end of the period), grouped by business; contacts without a business
//! form their own group. Each table is read once, through the covering indexes of
//! migration 002, and counted here.

use std::collections::{BTreeSet, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};

use rusqlite::Connection;

use jiff::Timestamp;

use super::{BusinessRollup, TagCount, NO_BUSINESS};
use crate::cache::{Cache, CacheError, Result};

/// The inputs of every report query, already in epoch milliseconds.
#[derive(Debug, Clone, Default)]
pub struct ReportScope {
    pub from_ms: Option<i64>,
    /// Exclusive end of the period.
    pub to_ms: Option<i64>,
    pub now_ms: i64,
    pub tag: Option<String>,
    pub owner: Option<String>,
}

impl ReportScope {
    /// The instant the report's figures hold at: the period's end, or now if sooner.
    pub fn as_of(&self) -> i64 {
        self.to_ms.map_or(self.now_ms, |to| to.min(self.now_ms))
    }
}

/// A contact whose tasks, notes and appointments were never fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsyncedContact {
    pub id: String,
    pub name: String,
    pub business_id: Option<String>,
}

/// Everything a roll-up needs, read over one scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportData {
    /// One roll-up per business (`business_id` `None` for contacts without one), each
    /// with its `top_tags` most common tags, ties alphabetical.
    pub groups: Vec<BusinessRollup>,
    /// The `top_tags` most common tags over every group, ties alphabetical.
    pub top_tags: Vec<TagCount>,
    /// The first contacts (by name) whose details were never fetched.
    pub unsynced: Vec<UnsyncedContact>,
    /// Contacts in scope whose notes were never read.
    pub notes_unread: u32,
    /// Overdue tasks at each of the requested day ends.
    pub overdue_trend: Vec<u32>,
}

/// The contacts in scope, each mapped to its group by rowid (detail rows and tags refer
/// to contacts by rowid).
struct Scope {
    /// Indexed by contact rowid: the contact's group, or `OUT` when it is not in scope.
    group_of: Vec<u32>,
    groups: Vec<BusinessRollup>,
    unsynced: FxHashSet<i64>,
}

const OUT: u32 = u32::MAX;

impl Scope {
    fn group(&self, rowid: Option<i64>) -> Option<usize> {
        let index = usize::try_from(rowid?).ok()?;
        match self.group_of.get(index).copied() {
            Some(OUT) | None => None,
            Some(group) => Some(group as usize),
        }
    }
}

/// Every group's figures for the scope, the first `examples` unsynced contacts, and the
/// overdue count at each of `day_ends`. Each table is read once, through a covering
/// index, and counted here: at 100,000 contacts that is an order of magnitude faster than
/// SQL joins.
pub fn report_data(
    cache: &Cache,
    scope: &ReportScope,
    day_ends: &[i64],
    examples: u32,
    top_tags: usize,
) -> Result<ReportData> {
    cache.read(|db| {
        // One snapshot: a sync committing between the scans would skew the figures.
        let db = db.unchecked_transaction()?;
        let mut contacts = scope_contacts(&db, scope)?;
        let overdue_trend = tasks(&db, scope, &mut contacts, day_ends)?;
        notes(&db, scope, &mut contacts)?;
        appointments(&db, scope, &mut contacts)?;
        let top_tags = tags(&db, &mut contacts, top_tags)?;
        names(&db, &mut contacts.groups)?;
        let unsynced = unsynced(&db, &contacts.unsynced, examples)?;
        let notes_unread = notes_unread(&db, &contacts)?;
        Ok(ReportData {
            groups: contacts.groups,
            top_tags,
            unsynced,
            notes_unread,
            overdue_trend,
        })
    })
}

/// Every group's figures and the `top_tags` most common tags over them all, without what
/// only a single location's report shows (the trend, the completeness examples): the
/// location × business roll-up. Without a filter they come from the figures every write
/// keeps (migration 008); with one, or when a sync saw a task completed after `now`,
/// from the scan `report_data` makes.
pub fn business_figures(
    cache: &Cache,
    scope: &ReportScope,
    top_tags: usize,
) -> Result<(Vec<BusinessRollup>, Vec<TagCount>)> {
    cache.read(|db| {
        let db = db.unchecked_transaction()?;
        if let Some(figures) = maintained(&db, scope, top_tags)? {
            return Ok(figures);
        }
        let mut contacts = scope_contacts(&db, scope)?;
        tasks(&db, scope, &mut contacts, &[])?;
        notes(&db, scope, &mut contacts)?;
        appointments(&db, scope, &mut contacts)?;
        let top_tags = tags(&db, &mut contacts, top_tags)?;
        names(&db, &mut contacts.groups)?;
        Ok((contacts.groups, top_tags))
    })
}

const DAY_MS: i64 = 86_400_000;

/// The figures of an unfiltered scope as the maintained tables hold them, or `None` when
/// they cannot answer: a filter, or a completion a sync saw after the scope's instant
/// (the tables count a completed task completed).
fn maintained(
    db: &Connection,
    scope: &ReportScope,
    top_tags: usize,
) -> Result<Option<(Vec<BusinessRollup>, Vec<TagCount>)>> {
    let filtered = scope.from_ms.is_some()
        || scope.to_ms.is_some()
        || scope.tag.is_some()
        || scope.owner.is_some();
    if filtered {
        return Ok(None);
    }
    let last_completion: Option<i64> = db.query_row(
        "SELECT max(at) FROM change_events WHERE kind = 'TaskCompleted'",
        [],
        |row| row.get(0),
    )?;
    if last_completion.is_some_and(|at| at > scope.now_ms) {
        return Ok(None);
    }
    let mut groups: Vec<BusinessRollup> = Vec::new();
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut appointments: Vec<u32> = Vec::new();
    let mut statement = db.prepare_cached(
        "SELECT business_key, contacts, with_email, with_phone, dated, unsynced, open_tasks,
                completed_tasks, notes, appointments, last_activity
         FROM rollup_figures WHERE contacts > 0",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        index.insert(key.clone(), groups.len());
        appointments.push(row.get(9)?);
        groups.push(BusinessRollup {
            business_id: Some(key).filter(|key| !key.is_empty()),
            contacts: row.get(1)?,
            with_email: row.get(2)?,
            with_phone: row.get(3)?,
            new_contacts: row.get(4)?,
            unsynced_contacts: row.get(5)?,
            open_tasks: row.get(6)?,
            completed_tasks: row.get(7)?,
            notes: row.get(8)?,
            last_activity: row
                .get::<_, Option<i64>>(10)?
                .and_then(|ms| Timestamp::from_millisecond(ms).ok()),
            ..BusinessRollup::default()
        });
    }
    let mut past = vec![0_u32; groups.len()];
    for (key, overdue, started) in time_figures(db, scope.now_ms)? {
        if let Some(&group) = index.get(&key) {
            groups[group].overdue_tasks += overdue;
            past[group] += started;
        }
    }
    for ((figures, past), appointments) in groups.iter_mut().zip(past).zip(appointments) {
        figures.past_appointments = past;
        figures.upcoming_appointments = appointments.saturating_sub(past);
    }
    let mut owners = db.prepare_cached(
        "SELECT business_key, owner FROM rollup_owners WHERE contacts > 0
         ORDER BY business_key, owner",
    )?;
    let mut rows = owners.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(&group) = index.get(text(row, 0)?) {
            groups[group].owners.push(row.get(1)?);
        }
    }
    let top_tags = maintained_tags(db, &index, &mut groups, top_tags)?;
    names(db, &mut groups)?;
    Ok(Some((groups, top_tags)))
}

/// Per business: open tasks fallen due and appointments started before `now_ms`. The
/// days over come from `rollup_days`; today's part is counted from the tasks and
/// appointments themselves, through their indexes by time.
fn time_figures(db: &Connection, now_ms: i64) -> Result<Vec<(String, u32, u32)>> {
    let today = now_ms - now_ms.rem_euclid(DAY_MS);
    let mut figures = Vec::new();
    let sqls = [
        "SELECT business_key, sum(open_due), sum(appointments) FROM rollup_days
         WHERE day < ?1 GROUP BY business_key",
        "SELECT coalesce(c.business_id, ''), count(*), 0
         FROM tasks t INDEXED BY tasks_open_by_due JOIN contacts c ON c.rowid = t.contact_rowid
         WHERE t.completed = 0 AND t.due_date >= ?1 AND t.due_date < ?2 AND c.deleted = 0
         GROUP BY 1",
        "SELECT coalesce(c.business_id, ''), 0, count(*)
         FROM appointments a INDEXED BY appointments_by_start
           JOIN contacts c ON c.rowid = a.contact_rowid
         WHERE a.starts_at >= ?1 AND a.starts_at < ?2 AND c.deleted = 0
         GROUP BY 1",
    ];
    for (n, sql) in sqls.into_iter().enumerate() {
        let mut statement = db.prepare_cached(sql)?;
        let mut rows = match n {
            0 => statement.query([today])?,
            _ => statement.query([today, now_ms])?,
        };
        while let Some(row) = rows.next()? {
            figures.push((row.get(0)?, row.get(1)?, row.get(2)?));
        }
    }
    Ok(figures)
}

/// Each group's `top` most common tags from `rollup_tags`, and the `top` over them all.
fn maintained_tags(
    db: &Connection,
    index: &FxHashMap<String, usize>,
    groups: &mut [BusinessRollup],
    top: usize,
) -> Result<Vec<TagCount>> {
    let mut names: Vec<String> = Vec::new();
    let mut tag_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut counts: Vec<Vec<(u32, u32)>> = vec![Vec::new(); groups.len()];
    let mut statement = db.prepare_cached(
        "SELECT business_key, tag, contacts FROM rollup_tags WHERE contacts > 0 ORDER BY tag",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let Some(&group) = index.get(text(row, 0)?) else {
            continue;
        };
        let tag = text(row, 1)?;
        let at = match tag_index.get(tag) {
            Some(&at) => at,
            None => {
                let at = u32::try_from(names.len()).unwrap_or(u32::MAX);
                names.push(tag.to_owned());
                tag_index.insert(tag.to_owned(), at);
                at
            }
        };
        counts[group].push((at, row.get(2)?));
    }
    let mut totals = vec![0_u32; names.len()];
    for (figures, counts) in groups.iter_mut().zip(counts) {
        for (tag, count) in &counts {
            totals[*tag as usize] += count;
        }
        figures.top_tags = most_common(counts, &names, top);
    }
    let totals = (0..).zip(totals).filter(|(_, count)| *count > 0).collect();
    Ok(most_common(totals, &names, top))
}

/// Every group's contacts and task figures, and nothing else the report counts.
pub fn task_figures(cache: &Cache, scope: &ReportScope) -> Result<Vec<BusinessRollup>> {
    cache.read(|db| {
        let db = db.unchecked_transaction()?;
        let mut contacts = scope_contacts(&db, scope)?;
        tasks(&db, scope, &mut contacts, &[])?;
        Ok(contacts.groups)
    })
}

/// Contacts in scope whose details were never fetched, by name.
pub fn unsynced_contacts(
    cache: &Cache,
    scope: &ReportScope,
    limit: u32,
) -> Result<Vec<UnsyncedContact>> {
    cache.read(|db| {
        let db = db.unchecked_transaction()?;
        unsynced(&db, &scope_contacts(&db, scope)?.unsynced, limit)
    })
}

fn scope_contacts(db: &Connection, scope: &ReportScope) -> Result<Scope> {
    let tagged: Option<FxHashSet<i64>> = match &scope.tag {
        Some(tag) => {
            let mut statement =
                db.prepare_cached("SELECT contact_rowid FROM contact_tags WHERE tag = ?1")?;
            let rows = statement.query_map([tag], |row| row.get(0))?;
            Some(rows.collect::<std::result::Result<_, _>>()?)
        }
        None => None,
    };
    let highest: i64 = db.query_row("SELECT coalesce(max(rowid), 0) FROM contacts", [], |row| {
        row.get(0)
    })?;
    let mut found = Scope {
        group_of: vec![OUT; usize::try_from(highest).unwrap_or(0) + 1],
        groups: Vec::new(),
        unsynced: FxHashSet::default(),
    };
    // Rows arrive ordered by business: a group is new when the business changes.
    let mut statement = db.prepare_cached(
        "SELECT rowid, business_id, email <> '', phone <> '', date_added, last_activity,
                assigned_to, details_synced_at IS NULL
         FROM contacts INDEXED BY contacts_report WHERE deleted = 0 ORDER BY business_id",
    )?;
    let mut rows = statement.query([])?;
    let mut owners: Vec<BTreeSet<String>> = Vec::new();
    let mut last_activity_ms: Vec<Option<i64>> = Vec::new();
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        let added: Option<i64> = row.get(4)?;
        let owner = optional_text(row, 6)?;
        let in_scope = tagged.as_ref().is_none_or(|tagged| tagged.contains(&rowid))
            && scope
                .owner
                .as_deref()
                .is_none_or(|wanted| owner == Some(wanted))
            && scope
                .to_ms
                .is_none_or(|to| added.is_none_or(|added| added < to));
        if !in_scope {
            continue;
        }
        let business = optional_text(row, 1)?;
        if found
            .groups
            .last()
            .is_none_or(|last| last.business_id.as_deref() != business)
        {
            found.groups.push(BusinessRollup {
                business_id: business.map(str::to_owned),
                ..BusinessRollup::default()
            });
            owners.push(BTreeSet::new());
            last_activity_ms.push(None);
        }
        let index = found.groups.len() - 1;
        let figures = &mut found.groups[index];
        figures.contacts += 1;
        figures.with_email += u32::from(row.get::<_, Option<bool>>(2)?.unwrap_or(false));
        figures.with_phone += u32::from(row.get::<_, Option<bool>>(3)?.unwrap_or(false));
        figures.new_contacts +=
            u32::from(added.is_some_and(|added| scope.from_ms.is_none_or(|from| added >= from)));
        if let Some(activity) = row.get::<_, Option<i64>>(5)? {
            last_activity_ms[index] = last_activity_ms[index].max(Some(activity));
        }
        if row.get::<_, bool>(7)? {
            figures.unsynced_contacts += 1;
            found.unsynced.insert(rowid);
        }
        if let Some(owner) = owner.filter(|owner| !owner.is_empty()) {
            if !owners[index].contains(owner) {
                owners[index].insert(owner.to_owned());
            }
        }
        if let Some(slot) = usize::try_from(rowid)
            .ok()
            .and_then(|rowid| found.group_of.get_mut(rowid))
        {
            *slot = u32::try_from(index).unwrap_or(OUT);
        }
    }
    for ((figures, owners), latest) in found.groups.iter_mut().zip(owners).zip(last_activity_ms) {
        figures.owners = owners.into_iter().collect();
        figures.last_activity = latest.and_then(|ms| Timestamp::from_millisecond(ms).ok());
    }
    Ok(found)
}

/// A text column, read in place without copying.
fn text<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> Result<&'r str> {
    let value = row.get_ref(index)?;
    value
        .as_str()
        .map_err(|error| unreadable(index, value, error))
}

/// A blob column, read in place (text cast to a blob skips the UTF-8 check).
fn blob<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> Result<&'r [u8]> {
    let value = row.get_ref(index)?;
    value
        .as_blob()
        .map_err(|error| unreadable(index, value, error))
}

fn unreadable(
    index: usize,
    value: rusqlite::types::ValueRef<'_>,
    error: rusqlite::types::FromSqlError,
) -> CacheError {
    rusqlite::Error::FromSqlConversionFailure(index, value.data_type(), Box::new(error)).into()
}

/// A nullable text column, read in place.
fn optional_text<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> Result<Option<&'r str>> {
    match row.get_ref(index)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => text(row, index).map(Some),
    }
}

fn in_period(scope: &ReportScope, at: Option<i64>) -> bool {
    let after_start = scope
        .from_ms
        .is_none_or(|from| at.is_some_and(|at| at >= from));
    let before_end = scope.to_ms.is_none_or(|to| at.is_some_and(|at| at < to));
    after_start && before_end
}

/// A task is overdue at an instant when it fell due before then and was not completed by
/// then. Every overdue figure (report totals, its trend, the business list) counts this.
pub fn overdue_at(due: Option<i64>, completed_at: i64, at: i64) -> bool {
    due.is_some_and(|due| due < at) && completed_at > at
}

/// Open tasks were never completed: `i64::MAX`.
const STILL_OPEN: i64 = i64::MAX;
/// Tasks completed before Contact Desk ever looked count as completed all along.
const ALWAYS_DONE: i64 = i64::MIN;

/// Task figures per group as of the scope's instant, and the overdue trend: for each day
/// end, tasks due within the period that were overdue then. Completion time is when a sync
/// first saw the task completed.
fn tasks(
    db: &Connection,
    scope: &ReportScope,
    contacts: &mut Scope,
    day_ends: &[i64],
) -> Result<Vec<u32>> {
    let done_at = completion_times(db)?;
    let as_of = scope.as_of();
    let last_day = day_ends.iter().copied().max().unwrap_or(i64::MIN);
    let mut trend_tasks: Vec<(i64, i64)> = Vec::new();
    let sql = "SELECT contact_rowid, completed, due_date, id FROM tasks INDEXED BY tasks_report";
    each_in_scope(db, sql, contacts, |figures, row| {
        let due: Option<i64> = row.get(2)?;
        if !in_period(scope, due) {
            return Ok(());
        }
        let completed_at = match row.get(1)? {
            false => STILL_OPEN,
            true => done_at.get(text(row, 3)?).copied().unwrap_or(ALWAYS_DONE),
        };
        if let Some(due) = due.filter(|due| *due < last_day && completed_at != ALWAYS_DONE) {
            trend_tasks.push((due, completed_at));
        }
        if completed_at <= as_of {
            figures.completed_tasks += 1;
        } else {
            figures.open_tasks += 1;
            figures.overdue_tasks += u32::from(overdue_at(due, completed_at, as_of));
        }
        Ok(())
    })?;
    Ok(overdue_counts(&trend_tasks, day_ends))
}

/// How many of `tasks` (due, completed at) are overdue, as `overdue_at` has it, at each of
/// `ends`: those due before the end less those of them completed by then. Sorted once, a
/// day costs two binary searches instead of a pass over every task.
fn overdue_counts(tasks: &[(i64, i64)], ends: &[i64]) -> Vec<u32> {
    let ever_overdue = || tasks.iter().filter(|(due, done)| due < done);
    let mut dues: Vec<i64> = ever_overdue().map(|(due, _)| *due).collect();
    let mut dones: Vec<i64> = ever_overdue().map(|(_, done)| *done).collect();
    dues.sort_unstable();
    dones.sort_unstable();
    ends.iter()
        .map(|end| {
            let fell_due = dues.partition_point(|due| due < end);
            let completed = dones.partition_point(|done| done <= end);
            u32::try_from(fell_due - completed).unwrap_or(u32::MAX)
        })
        .collect()
}

/// When a sync first saw each completed task completed.
fn completion_times(db: &Connection) -> Result<FxHashMap<String, i64>> {
    let mut done_at = FxHashMap::default();
    let mut events = db.prepare_cached(
        "SELECT task_id, min(at) FROM change_events WHERE kind = 'TaskCompleted' GROUP BY task_id",
    )?;
    let mut rows = events.query([])?;
    while let Some(row) = rows.next()? {
        done_at.insert(row.get(0)?, row.get(1)?);
    }
    Ok(done_at)
}

fn notes(db: &Connection, scope: &ReportScope, contacts: &mut Scope) -> Result<()> {
    let sql = "SELECT contact_rowid, date_added FROM notes INDEXED BY notes_report";
    each_in_scope(db, sql, contacts, |figures, row| {
        figures.notes += u32::from(in_period(scope, row.get(1)?));
        Ok(())
    })
}

fn appointments(db: &Connection, scope: &ReportScope, contacts: &mut Scope) -> Result<()> {
    let sql = "SELECT contact_rowid, starts_at FROM appointments INDEXED BY appointments_report
               WHERE starts_at IS NOT NULL";
    each_in_scope(db, sql, contacts, |figures, row| {
        let starts: i64 = row.get(1)?;
        if !in_period(scope, Some(starts)) {
            return Ok(());
        }
        if starts >= scope.now_ms {
            figures.upcoming_appointments += 1;
        } else {
            figures.past_appointments += 1;
        }
        Ok(())
    })
}

/// Runs `count` on each row of `sql` whose contact (the first column, a rowid) is in
/// scope, with that contact's group.
fn each_in_scope(
    db: &Connection,
    sql: &str,
    contacts: &mut Scope,
    mut count: impl FnMut(&mut BusinessRollup, &rusqlite::Row<'_>) -> Result<()>,
) -> Result<()> {
    let mut statement = db.prepare_cached(sql)?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        if let Some(group) = contacts.group(row.get(0)?) {
            count(&mut contacts.groups[group], row)?;
        }
    }
    Ok(())
}

/// Every tag of every contact in scope, counted per group; each group keeps its `top`
/// tags, and the most common `top` over all groups are returned. Rows come ordered by
/// tag, so each distinct tag is read as text once and counted by its index.
fn tags(db: &Connection, contacts: &mut Scope, top: usize) -> Result<Vec<TagCount>> {
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<FxHashMap<u32, u32>> = vec![FxHashMap::default(); contacts.groups.len()];
    let mut statement = db
        .prepare_cached("SELECT CAST(tag AS BLOB), contact_rowid FROM contact_tags ORDER BY tag")?;
    let mut rows = statement.query([])?;
    let mut last: Vec<u8> = Vec::new();
    while let Some(row) = rows.next()? {
        let Some(group) = contacts.group(row.get(1)?) else {
            continue;
        };
        let tag = blob(row, 0)?;
        if names.is_empty() || last != tag {
            last = tag.to_vec();
            names.push(String::from_utf8_lossy(tag).into_owned());
        }
        let tag_index = u32::try_from(names.len() - 1).unwrap_or(u32::MAX);
        *counts[group].entry(tag_index).or_default() += 1;
    }
    let mut totals = vec![0_u32; names.len()];
    for (figures, counts) in contacts.groups.iter_mut().zip(counts) {
        let counts: Vec<(u32, u32)> = counts.into_iter().collect();
        for (tag, count) in &counts {
            totals[*tag as usize] += count;
        }
        figures.top_tags = most_common(counts, &names, top);
    }
    let totals = (0..).zip(totals).filter(|(_, count)| *count > 0).collect();
    Ok(most_common(totals, &names, top))
}

/// The `top` most common of `counts` (tag index, count), ties broken by name.
fn most_common(mut counts: Vec<(u32, u32)>, names: &[String], top: usize) -> Vec<TagCount> {
    // Tags are numbered in name order, so the index breaks ties alphabetically.
    counts.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
        .into_iter()
        .take(top)
        .map(|(tag, contacts)| TagCount {
            tag: names[tag as usize].clone(),
            contacts,
        })
        .collect()
}

/// A business's name as HighLevel has it, else its id; "No business" for the contacts
/// without one.
fn names(db: &Connection, groups: &mut [BusinessRollup]) -> Result<()> {
    let mut statement = db.prepare_cached("SELECT id, name FROM businesses")?;
    let names: HashMap<String, String> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    for figures in groups {
        figures.name = match &figures.business_id {
            None => NO_BUSINESS.to_owned(),
            Some(id) => names.get(id).unwrap_or(id).clone(),
        };
    }
    Ok(())
}

/// In-scope contacts whose notes were never read: HighLevel reads notes one contact at
/// a time, so a sync reads them gradually and the report's note counts say so.
fn notes_unread(db: &Connection, contacts: &Scope) -> Result<u32> {
    let mut statement = db.prepare_cached(
        "SELECT rowid FROM contacts INDEXED BY contacts_notes_unsynced
         WHERE notes_synced_at IS NULL AND deleted = 0",
    )?;
    let mut rows = statement.query([])?;
    let mut unread = 0;
    while let Some(row) = rows.next()? {
        unread += u32::from(contacts.group(Some(row.get(0)?)).is_some());
    }
    Ok(unread)
}

/// The first `limit` contacts of `unsynced`, by name.
fn unsynced(
    db: &Connection,
    unsynced: &FxHashSet<i64>,
    limit: u32,
) -> Result<Vec<UnsyncedContact>> {
    if unsynced.is_empty() {
        return Ok(Vec::new());
    }
    let mut statement = db.prepare_cached(
        "SELECT rowid, id, name, business_id FROM contacts
         WHERE deleted = 0 AND details_synced_at IS NULL ORDER BY sort_name",
    )?;
    let mut rows = statement.query([])?;
    let mut found = Vec::new();
    while let Some(row) = rows.next()? {
        if found.len() >= limit as usize {
            break;
        }
        if unsynced.contains(&row.get::<_, i64>(0)?) {
            found.push(UnsyncedContact {
                id: row.get(1)?,
                name: row.get(2)?,
                business_id: row.get(3)?,
            });
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trend_counts_what_overdue_at_counts() {
        let tasks = [
            (10, STILL_OPEN),
            (10, 20),
            (20, 20),
            (30, 5),
            (15, 40),
            (40, STILL_OPEN),
        ];
        let ends: Vec<i64> = (0..50).collect();
        let by_definition: Vec<u32> = ends
            .iter()
            .map(|end| {
                let overdue = tasks
                    .iter()
                    .filter(|(due, done)| overdue_at(Some(*due), *done, *end));
                u32::try_from(overdue.count()).unwrap()
            })
            .collect();
        assert_eq!(overdue_counts(&tasks, &ends), by_definition);
        assert_eq!(overdue_counts(&tasks, &[20, 41]), [2, 2]);
    }
}
