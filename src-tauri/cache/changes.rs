//! Change events: what a sync noticed about tasks, for the activity feed and alerts.

use jiff::Timestamp;
use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};

use super::{enum_from, enum_name, millis, timestamp, Cache, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum ChangeKind {
    TaskAdded,
    TaskCompleted,
    TaskReopened,
    TaskDueChanged,
    TaskRemoved,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ChangeEvent {
    /// Identifies the change itself: the same transition seen twice has the same key.
    pub key: String,
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub at: Timestamp,
    pub contact_id: String,
    /// The contact's name when the change was seen.
    pub contact_name: String,
    pub task_id: String,
    pub kind: ChangeKind,
    /// The task's title.
    pub title: String,
    /// E.g. the old and new due dates.
    pub detail: Option<String>,
}

impl Cache {
    /// The newest change events, optionally for one contact.
    pub fn change_events(&self, contact_id: Option<&str>, limit: u32) -> Result<Vec<ChangeEvent>> {
        self.read(|db| {
            let mut statement = db.prepare_cached(
                "SELECT e.dedupe, e.at, e.contact_id, coalesce(c.name, ''), e.task_id, e.kind, e.title, e.detail
                 FROM change_events e LEFT JOIN contacts c ON c.id = e.contact_id
                 WHERE ?1 IS NULL OR e.contact_id = ?1
                 ORDER BY e.id DESC LIMIT ?2",
            )?;
            let rows = statement.query_map(params![contact_id, limit], |row| {
                let kind: String = row.get(5)?;
                let Some(kind) = enum_from::<ChangeKind>(&kind) else {
                    return Ok(None);
                };
                Ok(Some(ChangeEvent {
                    key: row.get(0)?,
                    at: timestamp(row.get(1)?).unwrap_or_default(),
                    contact_id: row.get(2)?,
                    contact_name: row.get(3)?,
                    task_id: row.get(4)?,
                    kind,
                    title: row.get(6)?,
                    detail: row.get(7)?,
                }))
            })?;
            let mut events = Vec::new();
            for row in rows {
                events.extend(row?);
            }
            Ok(events)
        })
    }
}

/// Inserts the events not recorded before and returns exactly those.
pub(super) fn insert_new(tx: &Transaction<'_>, events: &[ChangeEvent]) -> Result<Vec<ChangeEvent>> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO change_events (at, contact_id, task_id, kind, title, detail, dedupe)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (dedupe) DO NOTHING",
    )?;
    let mut fresh = Vec::new();
    for event in events {
        let inserted = insert.execute(params![
            millis(event.at),
            event.contact_id,
            event.task_id,
            enum_name(&event.kind),
            event.title,
            event.detail,
            event.key
        ])?;
        if inserted == 1 {
            fresh.push(event.clone());
        }
    }
    Ok(fresh)
}
