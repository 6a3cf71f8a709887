//! Contacts: upserts from listings and writes, the filtered and sorted list, search.

use jiff::Timestamp;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::{day_end, day_start, millis, timestamp, Cache, Result};
use crate::highlevel::Contact;

/// A contact as the list shows it: what is searched, sorted and filtered on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactRow {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_name: Option<String>,
    pub business_id: Option<String>,
    pub assigned_to: Option<String>,
    pub tags: Vec<String>,
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub date_added: Option<Timestamp>,
    pub open_tasks: u32,
    pub completed_tasks: u32,
    pub notes: u32,
    /// The earliest due date among open tasks.
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub next_due: Option<Timestamp>,
    pub overdue: bool,
    /// Whether tasks, notes and appointments were ever fetched for this contact.
    pub details_synced: bool,
    pub watched: bool,
}

/// A whole cached contact and how fresh it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CachedContact {
    pub contact: Contact,
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub synced_at: Timestamp,
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub details_synced_at: Option<Timestamp>,
    /// When the notes were last read; `None` if never.
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub notes_synced_at: Option<Timestamp>,
    pub watched: bool,
    pub deleted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum ContactSort {
    #[default]
    Newest,
    Oldest,
    Name,
    /// Open tasks due soonest (overdue first); contacts without open tasks last.
    NextDue,
    LastActivity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum TaskFilter {
    /// At least one open task.
    Open,
    /// At least one open task past its due date.
    Overdue,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct ContactFilter {
    /// Words to find in names, emails, phones, companies and tags.
    pub search: Option<String>,
    pub tag: Option<String>,
    pub business_id: Option<String>,
    /// Only contacts that belong to no business.
    pub without_business: bool,
    pub owner: Option<String>,
    pub tasks: Option<TaskFilter>,
    /// Added on or after this date (`YYYY-MM-DD`, UTC).
    pub added_from: Option<String>,
    /// Added on or before this date (`YYYY-MM-DD`, UTC).
    pub added_to: Option<String>,
    pub watched_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactListPage {
    pub rows: Vec<ContactRow>,
    pub offset: u32,
    /// How many contacts match the filter in all (at most [`SEARCH_CAP`] for a search);
    /// counted for the first window only, `None` for later ones.
    pub total: Option<u32>,
    /// A search matched more than [`SEARCH_CAP`] contacts: the list holds the first of
    /// them, and a narrower search would find the rest.
    pub capped: bool,
}

/// How many matches of a text search the list shows. Substring search over very common
/// text (a shared email domain) matches everyone; ordering all of them would cost more
/// than the user is willing to wait for a list they will narrow anyway.
pub const SEARCH_CAP: u32 = 1_000;

const ROW_COLUMNS: &str = "c.id, c.name, c.email, c.phone, c.company_name, c.business_id, \
     c.assigned_to, c.tags, c.date_added, c.open_tasks, c.next_due, c.details_synced_at, c.watched, \
     c.completed_tasks, c.notes_count";

impl Cache {
    /// Stores contacts as HighLevel sent them; `listing` marks them seen by that listing.
    pub fn upsert_contacts(
        &self,
        contacts: &[Contact],
        listing: Option<i64>,
        now: Timestamp,
    ) -> Result<()> {
        self.write(|tx| upsert_all(tx, contacts, listing, now))
    }

    pub fn contact(&self, id: &str) -> Result<Option<CachedContact>> {
        self.read(|db| {
            let found = db
                .query_row(
                    "SELECT json, synced_at, details_synced_at, watched, deleted, notes_synced_at
                     FROM contacts WHERE id = ?1",
                    [id],
                    |row| {
                        Ok((
                            row.get::<_, String>(0)?,
                            row.get::<_, i64>(1)?,
                            row.get::<_, Option<i64>>(2)?,
                            row.get::<_, bool>(3)?,
                            row.get::<_, bool>(4)?,
                            row.get::<_, Option<i64>>(5)?,
                        ))
                    },
                )
                .optional()?;
            let Some((json, synced_at, details_synced_at, watched, deleted, notes_synced_at)) =
                found
            else {
                return Ok(None);
            };
            Ok(Some(CachedContact {
                contact: serde_json::from_str(&json)?,
                synced_at: timestamp(Some(synced_at)).unwrap_or_default(),
                details_synced_at: timestamp(details_synced_at),
                notes_synced_at: timestamp(notes_synced_at),
                watched,
                deleted,
            }))
        })
    }

    /// One window of the filtered, sorted list (for a virtualised view), with the total.
    pub fn list_contacts(
        &self,
        filter: &ContactFilter,
        sort: ContactSort,
        offset: u32,
        limit: u32,
        now: Timestamp,
    ) -> Result<ContactListPage> {
        self.read(|db| {
            let (clause, values) = where_clause(filter, now);
            let (total, capped) = match offset {
                0 => {
                    let total: u32 = db.query_row(
                        &format!("SELECT count(*) FROM contacts c WHERE {clause}"),
                        params_from_iter(values.iter()),
                        |row| row.get(0),
                    )?;
                    (Some(total), search_overflows(db, filter)?)
                }
                _ => (None, false),
            };
            // The window is picked by rowid first, so the rows skipped by OFFSET are
            // stepped over in an index instead of being read in full.
            let order = order_by(sort);
            let sql = format!(
                "SELECT {ROW_COLUMNS} FROM contacts c WHERE c.rowid IN (
                   SELECT c.rowid FROM contacts c WHERE {clause} ORDER BY {order} LIMIT ?{} OFFSET ?{})
                 ORDER BY {order}",
                values.len() + 1,
                values.len() + 2,
            );
            let mut statement = db.prepare_cached(&sql)?;
            let mut bound = values;
            bound.push(SqlValue::Integer(i64::from(limit)));
            bound.push(SqlValue::Integer(i64::from(offset)));
            let now_ms = millis(now);
            let rows = statement
                .query_map(params_from_iter(bound.iter()), |row| read_row(row, now_ms))?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok(ContactListPage {
                rows,
                offset,
                total,
                capped,
            })
        })
    }

    /// The live contacts among `ids`, as the list shows them, in `ids`' order (a
    /// selection's preview and export).
    pub fn contact_rows(&self, ids: &[String], now: Timestamp) -> Result<Vec<ContactRow>> {
        self.read(|db| {
            let mut statement = db.prepare_cached(&format!(
                "SELECT {ROW_COLUMNS} FROM contacts c WHERE c.id = ?1 AND c.deleted = 0"
            ))?;
            let now_ms = millis(now);
            let mut rows = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(row) = statement
                    .query_row([id], |row| read_row(row, now_ms))
                    .optional()?
                {
                    rows.push(row);
                }
            }
            Ok(rows)
        })
    }

    /// Every live contact of a business, by name.
    pub fn business_contacts(&self, business_id: &str, now: Timestamp) -> Result<Vec<ContactRow>> {
        let filter = ContactFilter {
            business_id: Some(business_id.to_owned()),
            ..ContactFilter::default()
        };
        Ok(self
            .list_contacts(&filter, ContactSort::Name, 0, u32::MAX, now)?
            .rows)
    }

    /// After a user deleted the contact in HighLevel: it and its details go.
    pub fn delete_contact(&self, id: &str) -> Result<()> {
        self.write(|tx| {
            for table in ["tasks", "notes", "appointments"] {
                tx.execute(&format!("DELETE FROM {table} WHERE contact_id = ?1"), [id])?;
            }
            tx.execute("DELETE FROM contacts WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    pub fn set_watched(&self, id: &str, watched: bool) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE contacts SET watched = ?2 WHERE id = ?1",
                params![id, watched],
            )?;
            Ok(())
        })
    }

    /// Remembers that the user opened the contact: recently viewed contacts sync first.
    pub fn mark_viewed(&self, id: &str, now: Timestamp) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE contacts SET viewed_at = ?2 WHERE id = ?1",
                params![id, millis(now)],
            )?;
            Ok(())
        })
    }

    /// Live contacts whose details to fetch, best first: watched, recently viewed,
    /// never fetched, then the longest unrefreshed. With `stale_before`, only watched
    /// contacts and those never fetched or fetched before then.
    pub fn contacts_for_deep_sync(
        &self,
        stale_before: Option<Timestamp>,
        limit: u32,
    ) -> Result<Vec<String>> {
        self.read(|db| {
            let mut statement = db.prepare_cached(
                "SELECT id FROM contacts WHERE deleted = 0
                   AND (?1 IS NULL OR watched = 1 OR details_synced_at IS NULL OR details_synced_at < ?1)
                 ORDER BY watched DESC, viewed_at IS NULL, viewed_at DESC,
                          details_synced_at IS NOT NULL, details_synced_at, date_added DESC
                 LIMIT ?2",
            )?;
            let ids = statement
                .query_map(params![stale_before.map(millis), limit], |row| row.get(0))?
                .collect::<std::result::Result<Vec<String>, _>>()?;
            Ok(ids)
        })
    }

    pub fn live_contact_count(&self) -> Result<u32> {
        self.count("SELECT count(*) FROM contacts WHERE deleted = 0")
    }
}

pub(super) fn upsert_all(
    tx: &Transaction<'_>,
    contacts: &[Contact],
    listing: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO contacts (id, name, sort_name, email, phone, company_name, business_id,
             assigned_to, tags, tags_text, date_added, date_updated, last_activity, json,
             synced_at, listing, deleted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0)
         ON CONFLICT (id) DO UPDATE SET
             name = excluded.name, sort_name = excluded.sort_name, email = excluded.email,
             phone = excluded.phone, company_name = excluded.company_name,
             business_id = excluded.business_id, assigned_to = excluded.assigned_to,
             tags = excluded.tags, tags_text = excluded.tags_text,
             date_added = excluded.date_added, date_updated = excluded.date_updated,
             last_activity = excluded.last_activity, json = excluded.json,
             synced_at = excluded.synced_at, listing = max(listing, excluded.listing), deleted = 0
         RETURNING rowid",
    )?;
    let mut clear_tags = tx.prepare_cached("DELETE FROM contact_tags WHERE contact_rowid = ?1")?;
    let mut add_tag = tx.prepare_cached(
        "INSERT OR IGNORE INTO contact_tags (tag, contact_rowid) VALUES (?1, ?2)",
    )?;
    for contact in contacts {
        let name = contact.display_name();
        let rowid: i64 = upsert.query_row(
            params![
                contact.id,
                name,
                name.to_lowercase(),
                contact.email,
                contact.phone,
                contact.company_name,
                contact.business_id.as_deref().filter(|id| !id.is_empty()),
                contact.assigned_to,
                serde_json::to_string(&contact.tags)?,
                contact.tags.join(" "),
                contact.date_added.map(millis),
                contact.date_updated.map(millis),
                contact.last_activity.map(millis),
                serde_json::to_string(contact)?,
                millis(now),
                listing.unwrap_or(0),
            ],
            |row| row.get(0),
        )?;
        clear_tags.execute([rowid])?;
        for tag in &contact.tags {
            add_tag.execute(params![tag, rowid])?;
        }
    }
    Ok(())
}

fn read_row(row: &Row<'_>, now_ms: i64) -> rusqlite::Result<ContactRow> {
    let tags: String = row.get(7)?;
    let next_due: Option<i64> = row.get(10)?;
    Ok(ContactRow {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        phone: row.get(3)?,
        company_name: row.get(4)?,
        business_id: row.get(5)?,
        assigned_to: row.get(6)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        date_added: timestamp(row.get(8)?),
        open_tasks: row.get(9)?,
        completed_tasks: row.get(13)?,
        notes: row.get(14)?,
        next_due: timestamp(next_due),
        overdue: next_due.is_some_and(|due| due < now_ms),
        details_synced: row.get::<_, Option<i64>>(11)?.is_some(),
        watched: row.get(12)?,
    })
}

fn order_by(sort: ContactSort) -> &'static str {
    match sort {
        ContactSort::Newest => "c.date_added DESC, c.id DESC",
        ContactSort::Oldest => "c.date_added ASC, c.id ASC",
        ContactSort::Name => "c.sort_name, c.id",
        ContactSort::NextDue => "c.next_due IS NULL, c.next_due, c.sort_name",
        ContactSort::LastActivity => "c.last_activity IS NULL, c.last_activity DESC, c.id",
    }
}

/// Whether the filter's search goes through the full-text index (three characters or more).
pub(super) fn searches(filter: &ContactFilter) -> bool {
    filter.search.as_deref().and_then(fts_query).is_some()
}

/// Whether the search has more index matches than a list takes (`SEARCH_CAP`), so the
/// list shows only some of them, whatever the other filters then keep.
pub(super) fn search_overflows(db: &Connection, filter: &ContactFilter) -> Result<bool> {
    let Some(query) = filter.search.as_deref().and_then(fts_query) else {
        return Ok(false);
    };
    let hits: u32 = db.query_row(
        "SELECT count(*) FROM (SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ?1 LIMIT ?2)",
        params![query, SEARCH_CAP + 1],
        |row| row.get(0),
    )?;
    Ok(hits > SEARCH_CAP)
}

/// The WHERE clause for a filter, with its values bound in order; a text search takes
/// at most `SEARCH_CAP` matches from the index.
pub(super) fn where_clause(filter: &ContactFilter, now: Timestamp) -> (String, Vec<SqlValue>) {
    where_clause_over(filter, now, None)
}

/// `where_clause`, but a text search takes its matches from `hits`, a table of the
/// index's first matches (more than `SEARCH_CAP` of them, by rowid) that the query
/// makes once (its search is not bound here).
pub(super) fn where_clause_over(
    filter: &ContactFilter,
    now: Timestamp,
    hits: Option<&str>,
) -> (String, Vec<SqlValue>) {
    // With a search, the matches drive the query: `+` keeps SQLite from scanning the
    // `deleted` index instead of looking the few matches up by rowid.
    let live = if searches(filter) {
        "+c.deleted = 0"
    } else {
        "c.deleted = 0"
    };
    let mut conditions = Conditions {
        clauses: vec![live.to_owned()],
        values: Vec::new(),
    };
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match (fts_query(search), hits) {
            (Some(_), Some(hits)) => conditions.add(&format!(
                "c.rowid IN (SELECT rowid FROM {hits} ORDER BY rowid LIMIT {SEARCH_CAP})"
            )),
            (Some(query), None) => conditions.bind(
                &format!(
                    "c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ? LIMIT {SEARCH_CAP})"
                ),
                query,
            ),
            // Under three characters the trigram index cannot help: match name starts.
            (None, _) => conditions.bind(
                "c.sort_name LIKE ? ESCAPE '\\'",
                format!("{}%", escape_like(&search.to_lowercase())),
            ),
        }
    }
    if let Some(tag) = &filter.tag {
        conditions.bind(
            "c.rowid IN (SELECT contact_rowid FROM contact_tags WHERE tag = ?)",
            tag.clone(),
        );
    }
    if let Some(business) = &filter.business_id {
        conditions.bind("c.business_id = ?", business.clone());
    }
    if filter.without_business {
        conditions.add("c.business_id IS NULL");
    }
    if let Some(owner) = &filter.owner {
        conditions.bind("c.assigned_to = ?", owner.clone());
    }
    match filter.tasks {
        Some(TaskFilter::Open) => conditions.add("c.open_tasks > 0"),
        Some(TaskFilter::Overdue) => conditions.bind("c.next_due < ?", millis(now)),
        None => {}
    }
    if let Some(from) = filter.added_from.as_deref().and_then(day_start) {
        conditions.bind("c.date_added >= ?", from);
    }
    if let Some(to) = filter.added_to.as_deref().and_then(day_end) {
        conditions.bind("c.date_added < ?", to);
    }
    if filter.watched_only {
        conditions.add("c.watched = 1");
    }
    (conditions.clauses.join(" AND "), conditions.values)
}

/// A WHERE clause being built: each `?` in a clause becomes its value's numbered parameter.
struct Conditions {
    clauses: Vec<String>,
    values: Vec<SqlValue>,
}

impl Conditions {
    fn add(&mut self, clause: &str) {
        self.clauses.push(clause.to_owned());
    }

    fn bind(&mut self, clause: &str, value: impl Into<SqlValue>) {
        self.values.push(value.into());
        let numbered = format!("?{}", self.values.len());
        self.clauses.push(clause.replace('?', &numbered));
    }
}

/// Each word as a quoted trigram phrase, all required; a word under three characters is
/// kept with the word before it ("company 42"), as the index cannot find it alone.
pub(super) fn fts_query(search: &str) -> Option<String> {
    let mut phrases: Vec<String> = Vec::new();
    for word in search.split_whitespace() {
        match phrases.last_mut() {
            Some(last) if word.chars().count() < 3 => {
                last.push(' ');
                last.push_str(word);
            }
            _ => phrases.push(word.to_owned()),
        }
    }
    let terms: Vec<String> = phrases
        .into_iter()
        .filter(|phrase| phrase.chars().count() >= 3)
        .map(|phrase| format!("\"{}\"", phrase.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

pub(super) fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The tags and owners in use among live contacts, for filter menus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Facets {
    /// Tags with how many contacts carry each, most used first.
    pub tags: Vec<(String, u32)>,
    pub owners: Vec<String>,
}

impl Cache {
    pub fn facets(&self) -> Result<Facets> {
        self.read(|db| {
            let mut tags = db.prepare_cached(
                "SELECT t.tag, count(*) FROM contact_tags t JOIN contacts c ON c.rowid = t.contact_rowid
                 WHERE c.deleted = 0 GROUP BY t.tag ORDER BY count(*) DESC, t.tag",
            )?;
            let tags = tags
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let mut owners = db.prepare_cached(
                // The narrow owner index, not the report index SQLite would pick: fewer
                // pages read at every start.
                "SELECT DISTINCT assigned_to FROM contacts INDEXED BY contacts_by_owner
                 WHERE deleted = 0 AND coalesce(assigned_to, '') <> '' ORDER BY 1",
            )?;
            let owners = owners
                .query_map([], |row| row.get(0))?
                .collect::<std::result::Result<Vec<String>, _>>()?;
            Ok(Facets { tags, owners })
        })
    }
}
