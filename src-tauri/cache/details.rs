//! A contact's tasks, notes and appointments: replaced together when fetched, patched
//! one record at a time after the user's own writes.

use jiff::Timestamp;
use rusqlite::{params, Transaction};
use serde::Serialize;

use super::changes::{self, ChangeEvent};
use super::{millis, timestamp, Cache, Result};
use crate::highlevel::{Appointment, Note, Task};

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Details {
    /// Open first, soonest due first; then completed.
    pub tasks: Vec<Task>,
    /// Pinned first, newest first.
    pub notes: Vec<Note>,
    /// By start time.
    pub appointments: Vec<Appointment>,
    /// `None` when the details were never fetched.
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub synced_at: Option<Timestamp>,
}

impl Cache {
    pub fn details(&self, contact_id: &str) -> Result<Details> {
        self.read(|db| {
            let synced_at: Option<i64> = db
                .query_row(
                    "SELECT details_synced_at FROM contacts WHERE id = ?1",
                    [contact_id],
                    |row| row.get(0),
                )
                .unwrap_or(None);
            Ok(Details {
                tasks: json_rows(
                    db,
                    "SELECT json FROM tasks WHERE contact_id = ?1
                     ORDER BY completed, due_date IS NULL, due_date, id",
                    contact_id,
                )?,
                notes: json_rows(
                    db,
                    "SELECT json FROM notes WHERE contact_id = ?1
                     ORDER BY pinned DESC, date_added DESC, id",
                    contact_id,
                )?,
                appointments: json_rows(
                    db,
                    "SELECT json FROM appointments WHERE contact_id = ?1 ORDER BY starts_at, id",
                    contact_id,
                )?,
                synced_at: timestamp(synced_at),
            })
        })
    }

    /// Replaces everything known about the contact's details with a fresh fetch, in one
    /// transaction with the change events it caused. Returns the events that are new
    /// (a change already recorded by an earlier sync is not recorded twice).
    pub fn store_details(
        &self,
        contact_id: &str,
        details: &Details,
        events: &[ChangeEvent],
        now: Timestamp,
    ) -> Result<Vec<ChangeEvent>> {
        self.write(|tx| {
            for table in ["tasks", "notes", "appointments"] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE contact_id = ?1"),
                    [contact_id],
                )?;
            }
            for task in &details.tasks {
                insert_task(tx, contact_id, task)?;
            }
            for note in &details.notes {
                insert_note(tx, contact_id, note)?;
            }
            for appointment in &details.appointments {
                insert_appointment(tx, contact_id, appointment)?;
            }
            tx.execute(
                "UPDATE contacts SET details_synced_at = ?2, notes_synced_at = ?2 WHERE id = ?1",
                params![contact_id, millis(now)],
            )?;
            refresh_counts(tx, contact_id)?;
            changes::insert_new(tx, events)
        })
    }

    /// The tasks as last stored, to compare a fresh fetch against.
    pub fn stored_tasks(&self, contact_id: &str) -> Result<Vec<Task>> {
        self.read(|db| {
            json_rows(
                db,
                "SELECT json FROM tasks WHERE contact_id = ?1",
                contact_id,
            )
        })
    }

    /// After the user created or changed a task in HighLevel.
    pub fn put_task(&self, contact_id: &str, task: &Task) -> Result<()> {
        self.write(|tx| {
            insert_task(tx, contact_id, task)?;
            refresh_counts(tx, contact_id)
        })
    }

    /// After the user deleted a task in HighLevel.
    pub fn remove_task(&self, contact_id: &str, task_id: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM tasks WHERE id = ?1", [task_id])?;
            refresh_counts(tx, contact_id)
        })
    }

    /// After the user wrote or changed a note in HighLevel.
    pub fn put_note(&self, contact_id: &str, note: &Note) -> Result<()> {
        self.write(|tx| {
            insert_note(tx, contact_id, note)?;
            refresh_counts(tx, contact_id)
        })
    }

    /// After the user deleted a note in HighLevel.
    pub fn remove_note(&self, contact_id: &str, note_id: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM notes WHERE id = ?1", [note_id])?;
            refresh_counts(tx, contact_id)
        })
    }
}

pub(super) fn insert_task(tx: &Transaction<'_>, contact_id: &str, task: &Task) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO tasks (id, contact_id, title, assigned_to, due_date, completed, json,
           contact_rowid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT rowid FROM contacts WHERE id = ?2))",
    )?
    .execute(params![
        task.id,
        contact_id,
        task.title,
        task.assigned_to,
        task.due_date.map(millis),
        task.completed,
        serde_json::to_string(task)?
    ])?;
    Ok(())
}

pub(super) fn insert_note(tx: &Transaction<'_>, contact_id: &str, note: &Note) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO notes (id, contact_id, date_added, pinned, json, contact_rowid)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT rowid FROM contacts WHERE id = ?2))",
    )?
    .execute(params![
        note.id,
        contact_id,
        note.date_added.map(millis),
        note.pinned,
        serde_json::to_string(note)?
    ])?;
    Ok(())
}

pub(super) fn insert_appointment(
    tx: &Transaction<'_>,
    contact_id: &str,
    appointment: &Appointment,
) -> Result<()> {
    // The wall-clock start read as UTC, for ordering and date ranges.
    let starts_at = appointment.start_time.and_then(|start| {
        start
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|zoned| zoned.timestamp())
    });
    let status = appointment
        .appointment_status
        .as_ref()
        .or(appointment.status.as_ref());
    tx.prepare_cached(
        "INSERT OR REPLACE INTO appointments
           (id, contact_id, starts_at, status, calendar_id, json, contact_rowid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT rowid FROM contacts WHERE id = ?2))",
    )?
    .execute(params![
        appointment.id,
        contact_id,
        starts_at.map(millis),
        status,
        appointment.calendar_id,
        serde_json::to_string(appointment)?
    ])?;
    Ok(())
}

/// Keeps the list's per-contact counts in step with the detail tables.
pub(super) fn refresh_counts(tx: &Transaction<'_>, contact_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE contacts SET
           open_tasks = (SELECT count(*) FROM tasks WHERE contact_id = ?1 AND completed = 0),
           completed_tasks = (SELECT count(*) FROM tasks WHERE contact_id = ?1 AND completed = 1),
           next_due = (SELECT min(due_date) FROM tasks WHERE contact_id = ?1 AND completed = 0),
           notes_count = (SELECT count(*) FROM notes WHERE contact_id = ?1),
           appointments_count = (SELECT count(*) FROM appointments WHERE contact_id = ?1)
         WHERE id = ?1",
        [contact_id],
    )?;
    Ok(())
}

fn json_rows<T: serde::de::DeserializeOwned>(
    db: &rusqlite::Connection,
    sql: &str,
    contact_id: &str,
) -> Result<Vec<T>> {
    let mut statement = db.prepare_cached(sql)?;
    let rows = statement.query_map([contact_id], |row| row.get::<_, String>(0))?;
    let mut records = Vec::new();
    for json in rows {
        records.push(serde_json::from_str(&json?)?);
    }
    Ok(records)
}
