//! What the bulk sync writes: many contacts' task lists at once, the pending-task watch's
//! marks, a calendar's appointments over a time window, and notes one contact at a time.

use std::collections::HashMap;

use jiff::Timestamp;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};

use super::changes::{self, ChangeEvent};
use super::details::{insert_appointment, insert_note, insert_task, refresh_counts};
use super::{millis, timestamp, Cache, Result};
use crate::highlevel::{Appointment, Contact, Note, Task};

/// One contact's tasks as the cache holds them, for diffing against a fresh fetch.
#[derive(Debug, Clone)]
pub struct StoredTasks {
    pub contact_id: String,
    pub name: String,
    /// When the tasks were last fetched; `None` if never (a first fetch raises no events).
    pub synced_at: Option<Timestamp>,
    pub watched: bool,
    pub tasks: Vec<Task>,
}

/// SQLite's default limit on bound parameters is 32,766; batches stay far below it.
const IDS_PER_QUERY: usize = 500;

impl Cache {
    /// The ids among `contacts` that the cache lacks, holds as deleted, or holds with
    /// another `dateUpdated`: what an incremental search brought that is news.
    pub fn changed_among(&self, contacts: &[Contact]) -> Result<Vec<String>> {
        self.read(|db| {
            let mut stored =
                db.prepare_cached("SELECT date_updated, deleted FROM contacts WHERE id = ?1")?;
            let mut changed = Vec::new();
            for contact in contacts {
                let row: Option<(Option<i64>, bool)> = stored
                    .query_row([&contact.id], |row| Ok((row.get(0)?, row.get(1)?)))
                    .optional()?;
                let same = row.is_some_and(|(updated, deleted)| {
                    !deleted && updated == contact.date_updated.map(millis)
                });
                if !same {
                    changed.push(contact.id.clone());
                }
            }
            Ok(changed)
        })
    }

    /// The stored tasks of live contacts among `contact_ids` (unknown ids are left out).
    pub fn stored_task_lists(&self, contact_ids: &[String]) -> Result<Vec<StoredTasks>> {
        self.read(|db| {
            let mut lists = Vec::with_capacity(contact_ids.len());
            for chunk in contact_ids.chunks(IDS_PER_QUERY) {
                let marks = vec!["?"; chunk.len()].join(",");
                let mut contacts = db.prepare(&format!(
                    "SELECT id, name, details_synced_at, watched FROM contacts
                     WHERE deleted = 0 AND id IN ({marks})"
                ))?;
                let mut by_id: HashMap<String, StoredTasks> = contacts
                    .query_map(params_from_iter(chunk), |row| {
                        Ok(StoredTasks {
                            contact_id: row.get(0)?,
                            name: row.get(1)?,
                            synced_at: timestamp(row.get(2)?),
                            watched: row.get(3)?,
                            tasks: Vec::new(),
                        })
                    })?
                    .map(|row| row.map(|stored| (stored.contact_id.clone(), stored)))
                    .collect::<std::result::Result<_, _>>()?;
                let mut tasks = db.prepare(&format!(
                    "SELECT contact_id, json FROM tasks WHERE contact_id IN ({marks})"
                ))?;
                let rows = tasks.query_map(params_from_iter(chunk), |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                })?;
                for row in rows {
                    let (contact_id, json) = row?;
                    if let Some(stored) = by_id.get_mut(&contact_id) {
                        stored.tasks.push(serde_json::from_str(&json)?);
                    }
                }
                lists.extend(chunk.iter().filter_map(|id| by_id.remove(id)));
            }
            Ok(lists)
        })
    }

    /// Replaces the task lists of the contacts in `lists` (each one complete) and marks
    /// their tasks fetched, with the events the diffs produced, in one transaction.
    /// Returns the events not recorded before.
    pub fn store_task_lists(
        &self,
        lists: &[(String, Vec<Task>)],
        events: &[ChangeEvent],
        now: Timestamp,
    ) -> Result<Vec<ChangeEvent>> {
        self.write(|tx| {
            for (contact_id, tasks) in lists {
                tx.prepare_cached("DELETE FROM tasks WHERE contact_id = ?1")?
                    .execute([contact_id])?;
                for task in tasks {
                    insert_task(tx, contact_id, task)?;
                }
                tx.prepare_cached("UPDATE contacts SET details_synced_at = ?2 WHERE id = ?1")?
                    .execute(params![contact_id, millis(now)])?;
                refresh_counts(tx, contact_id)?;
            }
            changes::insert_new(tx, events)
        })
    }

    /// Every live contact's id, for a complete task mirror (contacts it does not
    /// mention have no tasks).
    pub fn live_contact_ids(&self) -> Result<Vec<String>> {
        self.read(|db| {
            let mut statement = db.prepare("SELECT id FROM contacts WHERE deleted = 0")?;
            let ids = statement
                .query_map([], |row| row.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            Ok(ids)
        })
    }

    /// Marks the open tasks of one watch page as seen by `pass`. Returns the contacts
    /// whose stored tasks disagree with the page (a task unknown here, completed here,
    /// or with another title or due date): their task lists need a fresh fetch.
    pub fn mark_open_tasks_seen(&self, pass: i64, tasks: &[Task]) -> Result<Vec<String>> {
        self.write(|tx| {
            let mut mark = tx.prepare_cached(
                "UPDATE tasks SET seen_pass = ?2
                 WHERE id = ?1 AND completed = 0 AND contact_id = ?3
                   AND due_date IS ?4 AND title IS ?5",
            )?;
            let mut stale = Vec::new();
            for task in tasks {
                let Some(contact_id) = task.contact_id.as_deref() else {
                    continue;
                };
                let marked = mark.execute(params![
                    task.id,
                    pass,
                    contact_id,
                    task.due_date.map(millis),
                    task.title
                ])?;
                if marked == 0 && !stale.iter().any(|id| id == contact_id) {
                    stale.push(contact_id.to_owned());
                }
            }
            Ok(stale)
        })
    }

    /// Contacts with an open task that the finished watch `pass` did not see: it was
    /// completed, deleted or moved in HighLevel.
    pub fn contacts_with_unseen_open_tasks(&self, pass: i64) -> Result<Vec<String>> {
        self.read(|db| {
            let mut statement = db.prepare(
                "SELECT DISTINCT t.contact_id FROM tasks t JOIN contacts c ON c.id = t.contact_id
                 WHERE t.completed = 0 AND t.seen_pass < ?1 AND c.deleted = 0",
            )?;
            let ids = statement
                .query_map([pass], |row| row.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            Ok(ids)
        })
    }

    /// Open tasks of live contacts: what the watch has to read each pass.
    pub fn open_task_count(&self) -> Result<u32> {
        self.count("SELECT coalesce(sum(open_tasks), 0) FROM contacts WHERE deleted = 0")
    }

    /// Calendars the cache has appointments of: what reading them costs depends on it.
    pub fn calendar_count(&self) -> Result<u32> {
        self.count("SELECT count(DISTINCT calendar_id) FROM appointments")
    }

    /// Replaces a calendar's appointments starting within `[start, end)` with `events`.
    pub fn replace_calendar_window(
        &self,
        calendar_id: &str,
        (start, end): (Timestamp, Timestamp),
        events: &[Appointment],
    ) -> Result<()> {
        self.write(|tx| {
            let mut touched = contacts_of_window(tx, calendar_id, (start, end))?;
            tx.execute(
                "DELETE FROM appointments
                 WHERE calendar_id = ?1 AND starts_at >= ?2 AND starts_at < ?3",
                params![calendar_id, millis(start), millis(end)],
            )?;
            for event in events {
                let Some(contact_id) = event.contact_id.as_deref() else {
                    continue;
                };
                insert_appointment(tx, contact_id, event)?;
                touched.push(contact_id.to_owned());
            }
            touched.sort_unstable();
            touched.dedup();
            for contact_id in &touched {
                refresh_counts(tx, contact_id)?;
            }
            Ok(())
        })
    }

    /// Replaces one contact's notes and marks them fetched.
    pub fn store_notes(&self, contact_id: &str, notes: &[Note], now: Timestamp) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM notes WHERE contact_id = ?1", [contact_id])?;
            for note in notes {
                insert_note(tx, contact_id, note)?;
            }
            tx.execute(
                "UPDATE contacts SET notes_synced_at = ?2 WHERE id = ?1",
                params![contact_id, millis(now)],
            )?;
            refresh_counts(tx, contact_id)
        })
    }

    /// Contacts whose notes to fetch in the background, best first: starred or opened in
    /// the last week (notes older than a day), then changed since their notes were read,
    /// then with open tasks (notes never read or older than a week). HighLevel has no
    /// bulk read of notes, so this list is walked only as far as the budget allows.
    pub fn contacts_for_notes(&self, now: Timestamp, limit: u32) -> Result<Vec<String>> {
        let day = 86_400_000_i64;
        let now = millis(now);
        self.read(|db| {
            let mut statement = db.prepare_cached(
                "SELECT id FROM (
                   SELECT id,
                     CASE
                       WHEN (watched = 1 OR viewed_at > ?1 - 7 * ?2)
                            AND coalesce(notes_synced_at, 0) < ?1 - ?2 THEN 0
                       WHEN notes_synced_at < date_updated THEN 1
                       WHEN open_tasks > 0 AND coalesce(notes_synced_at, 0) < ?1 - 7 * ?2 THEN 2
                     END AS priority,
                     coalesce(viewed_at, 0) AS viewed, next_due
                   FROM contacts WHERE deleted = 0)
                 WHERE priority IS NOT NULL
                 ORDER BY priority, viewed DESC, next_due IS NULL, next_due, id
                 LIMIT ?3",
            )?;
            let ids = statement
                .query_map(params![now, day, limit], |row| row.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            Ok(ids)
        })
    }

    /// Live contacts whose notes were never fetched.
    pub fn contacts_without_notes_synced(&self) -> Result<u32> {
        self.count("SELECT count(*) FROM contacts WHERE deleted = 0 AND notes_synced_at IS NULL")
    }
}

/// The contacts that had appointments in the window, whose counts change with it.
fn contacts_of_window(
    tx: &Transaction<'_>,
    calendar_id: &str,
    (start, end): (Timestamp, Timestamp),
) -> Result<Vec<String>> {
    let mut statement = tx.prepare_cached(
        "SELECT DISTINCT contact_id FROM appointments
         WHERE calendar_id = ?1 AND starts_at >= ?2 AND starts_at < ?3",
    )?;
    let ids = statement
        .query_map(params![calendar_id, millis(start), millis(end)], |row| {
            row.get(0)
        })?
        .collect::<std::result::Result<_, _>>()?;
    Ok(ids)
}
