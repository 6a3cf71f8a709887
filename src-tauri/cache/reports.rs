//! The aggregate queries behind per-business reports. Every figure is computed over the
//! same scope of contacts (live, matching the tag and owner filters, added by the end of
//! the period), grouped by business; contacts without a business form their own group.

use std::collections::HashMap;

use rusqlite::{named_params, Connection};

use super::{Cache, Result};

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

/// One group's raw figures; `business_id` is `None` for contacts without a business.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupFigures {
    pub business_id: Option<String>,
    pub name: Option<String>,
    pub contacts: u32,
    pub with_email: u32,
    pub with_phone: u32,
    pub new_contacts: u32,
    pub open_tasks: u32,
    pub completed_tasks: u32,
    pub overdue_tasks: u32,
    pub notes: u32,
    pub upcoming_appointments: u32,
    pub past_appointments: u32,
    pub last_activity_ms: Option<i64>,
    pub unsynced: u32,
    pub owners: Vec<String>,
    /// (tag, contacts) pairs, most common first.
    pub tags: Vec<(String, u32)>,
}

/// A contact whose tasks, notes and appointments were never fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsyncedContact {
    pub id: String,
    pub name: String,
    pub business_id: Option<String>,
}

/// The scope as a temporary table, so each aggregate joins against it once.
const SCOPE: &str = "
    CREATE TEMP TABLE IF NOT EXISTS report_scope (
      rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, business_id TEXT, details_synced_at INTEGER);
    DELETE FROM temp.report_scope;";

const FILL_SCOPE: &str = "
    INSERT INTO temp.report_scope (rowid, id, business_id, details_synced_at)
    SELECT c.rowid, c.id, c.business_id, c.details_synced_at FROM contacts c
    WHERE c.deleted = 0
      AND (:to IS NULL OR c.date_added IS NULL OR c.date_added < :to)
      AND (:owner IS NULL OR c.assigned_to = :owner)
      AND (:tag IS NULL OR c.rowid IN (SELECT contact_rowid FROM contact_tags WHERE tag = :tag))";

impl Cache {
    /// Every group's figures for the scope.
    pub fn report_figures(&self, scope: &ReportScope) -> Result<Vec<GroupFigures>> {
        self.with_scope(scope, |db| {
            let mut groups: HashMap<Option<String>, GroupFigures> = HashMap::new();
            contact_figures(db, scope, &mut groups)?;
            task_figures(db, scope, &mut groups)?;
            note_figures(db, scope, &mut groups)?;
            appointment_figures(db, scope, &mut groups)?;
            owners(db, &mut groups)?;
            tags(db, &mut groups)?;
            names(db, &mut groups)?;
            Ok(groups.into_values().collect())
        })
    }

    /// Contacts in scope whose details were never fetched, optionally of one business.
    pub fn unsynced_contacts(
        &self,
        scope: &ReportScope,
        limit: u32,
    ) -> Result<Vec<UnsyncedContact>> {
        self.with_scope(scope, |db| {
            let mut statement = db.prepare(
                "SELECT s.id, c.name, s.business_id FROM temp.report_scope s
                 JOIN contacts c ON c.rowid = s.rowid
                 WHERE s.details_synced_at IS NULL ORDER BY c.sort_name LIMIT ?1",
            )?;
            let rows = statement.query_map([limit], |row| {
                Ok(UnsyncedContact {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    business_id: row.get(2)?,
                })
            })?;
            Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
        })
    }

    /// For each day end in `day_ends`, how many tasks in scope were past due and not yet
    /// completed then. Completion time is when a sync first saw the task completed; tasks
    /// completed before Contact Desk ever looked count as completed all along.
    pub fn overdue_trend(&self, scope: &ReportScope, day_ends: &[i64]) -> Result<Vec<u32>> {
        self.with_scope(scope, |db| {
            let mut statement = db.prepare_cached(
                "SELECT count(*) FROM tasks t JOIN temp.report_scope s ON s.id = t.contact_id
                 LEFT JOIN (SELECT task_id, min(at) AS done_at FROM change_events
                            WHERE kind = 'TaskCompleted' GROUP BY task_id) d ON d.task_id = t.id
                 WHERE t.due_date < :day_end
                   AND (t.completed = 0 OR d.done_at > :day_end)",
            )?;
            day_ends
                .iter()
                .map(|day_end| {
                    Ok(statement
                        .query_row(named_params! {":day_end": day_end}, |row| row.get(0))?)
                })
                .collect()
        })
    }

    fn with_scope<T>(
        &self,
        scope: &ReportScope,
        work: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        // Reports write a temp table, so they run on the writer connection.
        let connection = super::lock(&self.writer);
        connection.execute_batch(SCOPE)?;
        connection.execute(
            FILL_SCOPE,
            named_params! {":to": scope.to_ms, ":owner": scope.owner, ":tag": scope.tag},
        )?;
        work(&connection)
    }
}

fn group(
    groups: &mut HashMap<Option<String>, GroupFigures>,
    id: Option<String>,
) -> &mut GroupFigures {
    groups.entry(id.clone()).or_insert_with(|| GroupFigures {
        business_id: id,
        ..GroupFigures::default()
    })
}

fn contact_figures(
    db: &Connection,
    scope: &ReportScope,
    groups: &mut HashMap<Option<String>, GroupFigures>,
) -> Result<()> {
    let mut statement = db.prepare(
        "SELECT s.business_id, count(*),
           sum(coalesce(c.email, '') <> ''), sum(coalesce(c.phone, '') <> ''),
           sum(c.date_added >= coalesce(:from, c.date_added)), max(c.last_activity),
           sum(s.details_synced_at IS NULL)
         FROM temp.report_scope s JOIN contacts c ON c.rowid = s.rowid
         GROUP BY s.business_id",
    )?;
    let mut rows = statement.query(named_params! {":from": scope.from_ms})?;
    while let Some(row) = rows.next()? {
        let figures = group(groups, row.get(0)?);
        figures.contacts = row.get(1)?;
        figures.with_email = row.get(2)?;
        figures.with_phone = row.get(3)?;
        figures.new_contacts = row.get::<_, Option<u32>>(4)?.unwrap_or(0);
        figures.last_activity_ms = row.get(5)?;
        figures.unsynced = row.get(6)?;
    }
    Ok(())
}

fn task_figures(
    db: &Connection,
    scope: &ReportScope,
    groups: &mut HashMap<Option<String>, GroupFigures>,
) -> Result<()> {
    // A task is past due once its due date is behind both now and the period's end.
    let cutoff = scope.to_ms.map_or(scope.now_ms, |to| to.min(scope.now_ms));
    let mut statement = db.prepare(
        "SELECT s.business_id, sum(t.completed = 0), sum(t.completed = 1),
           sum(t.completed = 0 AND t.due_date < :cutoff)
         FROM tasks t JOIN temp.report_scope s ON s.id = t.contact_id
         WHERE (:from IS NULL OR t.due_date >= :from) AND (:to IS NULL OR t.due_date < :to)
         GROUP BY s.business_id",
    )?;
    let mut rows = statement
        .query(named_params! {":cutoff": cutoff, ":from": scope.from_ms, ":to": scope.to_ms})?;
    while let Some(row) = rows.next()? {
        let figures = group(groups, row.get(0)?);
        figures.open_tasks = row.get(1)?;
        figures.completed_tasks = row.get(2)?;
        figures.overdue_tasks = row.get(3)?;
    }
    Ok(())
}

fn note_figures(
    db: &Connection,
    scope: &ReportScope,
    groups: &mut HashMap<Option<String>, GroupFigures>,
) -> Result<()> {
    let mut statement = db.prepare(
        "SELECT s.business_id, count(*)
         FROM notes n JOIN temp.report_scope s ON s.id = n.contact_id
         WHERE (:from IS NULL OR n.date_added >= :from) AND (:to IS NULL OR n.date_added < :to)
         GROUP BY s.business_id",
    )?;
    let mut rows = statement.query(named_params! {":from": scope.from_ms, ":to": scope.to_ms})?;
    while let Some(row) = rows.next()? {
        group(groups, row.get(0)?).notes = row.get(1)?;
    }
    Ok(())
}

fn appointment_figures(
    db: &Connection,
    scope: &ReportScope,
    groups: &mut HashMap<Option<String>, GroupFigures>,
) -> Result<()> {
    let mut statement = db.prepare(
        "SELECT s.business_id, sum(a.starts_at >= :now), sum(a.starts_at < :now)
         FROM appointments a JOIN temp.report_scope s ON s.id = a.contact_id
         WHERE a.starts_at IS NOT NULL
           AND (:from IS NULL OR a.starts_at >= :from) AND (:to IS NULL OR a.starts_at < :to)
         GROUP BY s.business_id",
    )?;
    let mut rows = statement
        .query(named_params! {":now": scope.now_ms, ":from": scope.from_ms, ":to": scope.to_ms})?;
    while let Some(row) = rows.next()? {
        let figures = group(groups, row.get(0)?);
        figures.upcoming_appointments = row.get(1)?;
        figures.past_appointments = row.get(2)?;
    }
    Ok(())
}

fn owners(db: &Connection, groups: &mut HashMap<Option<String>, GroupFigures>) -> Result<()> {
    let mut statement = db.prepare(
        "SELECT DISTINCT s.business_id, c.assigned_to
         FROM temp.report_scope s JOIN contacts c ON c.rowid = s.rowid
         WHERE coalesce(c.assigned_to, '') <> '' ORDER BY 1, 2",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let owner: String = row.get(1)?;
        group(groups, row.get(0)?).owners.push(owner);
    }
    Ok(())
}

fn tags(db: &Connection, groups: &mut HashMap<Option<String>, GroupFigures>) -> Result<()> {
    let mut statement = db.prepare(
        "SELECT s.business_id, t.tag, count(*) AS n
         FROM contact_tags t JOIN temp.report_scope s ON s.rowid = t.contact_rowid
         GROUP BY s.business_id, t.tag ORDER BY s.business_id, n DESC, t.tag",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let tag: String = row.get(1)?;
        let count: u32 = row.get(2)?;
        group(groups, row.get(0)?).tags.push((tag, count));
    }
    Ok(())
}

fn names(db: &Connection, groups: &mut HashMap<Option<String>, GroupFigures>) -> Result<()> {
    let mut statement = db.prepare_cached("SELECT name FROM businesses WHERE id = ?1")?;
    for (id, figures) in groups.iter_mut() {
        if let Some(id) = id {
            figures.name = statement.query_row([id], |row| row.get(0)).ok();
        }
    }
    Ok(())
}
