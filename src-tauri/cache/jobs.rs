//! The jobs journal: background jobs (bulk actions, merges) as ordered items, one
//! HighLevel write each, and where each item stands. What a write *is* belongs to
//! `crate::jobs`; the journal stores it (and its per-contact results and undo writes) as
//! JSON, so it knows states and order only.
//!
//! Every state change is a guarded UPDATE: it moves an item only from the states the
//! machine allows, and says whether it did. An item is `Sending` (committed) before its
//! request leaves, so a crash leaves it `Sending`, and it is reconciled by reading,
//! never sent again blindly.

use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{enum_from, enum_name, millis, timestamp, Cache, CacheError, Result};

/// A job's rowid; u32, as JavaScript numbers hold it exactly.
pub type JobId = u32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum JobState {
    Running,
    Cancelled,
    Done,
    /// Ended with items that failed.
    Failed,
}

impl JobState {
    /// The states a job may come from to reach this one: a job ends once.
    fn sources(self) -> &'static [JobState] {
        match self {
            JobState::Running => &[],
            JobState::Cancelled | JobState::Done | JobState::Failed => &[JobState::Running],
        }
    }

    pub fn is_finished(self) -> bool {
        self != JobState::Running
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum ItemState {
    Pending,
    /// Its request may have left: after a crash, read before anything is resent.
    Sending,
    Done,
    Failed,
    /// Not sent: the job was cancelled first.
    Skipped,
}

impl ItemState {
    /// The states an item may come from to reach this one: pending → sending →
    /// done / failed, sending → pending when a read showed the request never applied,
    /// pending → skipped on cancel.
    fn sources(self) -> &'static [ItemState] {
        match self {
            ItemState::Pending => &[ItemState::Sending],
            ItemState::Sending | ItemState::Skipped => &[ItemState::Pending],
            ItemState::Done | ItemState::Failed => &[ItemState::Sending],
        }
    }
}

/// How many of a job's items are in each state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ItemCounts {
    pub pending: u32,
    pub sending: u32,
    pub done: u32,
    pub failed: u32,
    pub skipped: u32,
}

impl ItemCounts {
    pub fn total(&self) -> u32 {
        self.pending + self.sending + self.done + self.failed + self.skipped
    }
}

/// A job as the journal holds it; `kind` is the job's kind by its serde name.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRow {
    pub id: JobId,
    pub kind: String,
    pub title: String,
    pub state: JobState,
    pub undo_of: Option<JobId>,
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub counts: ItemCounts,
}

/// One item: its write `W`, and once finished, per-contact results `R` and undo writes.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow<W, R> {
    pub seq: u32,
    pub write: W,
    pub state: ItemState,
    pub results: Vec<R>,
    pub undo: Vec<W>,
}

/// A job about to be journaled: its kind (by serde name), title and writes in order.
pub struct NewJobRow<'a, W> {
    pub kind: &'a str,
    pub title: &'a str,
    pub undo_of: Option<JobId>,
    pub writes: &'a [W],
}

const JOB_COLUMNS: &str = "id, kind, title, state, undo_of, created_at, finished_at";

impl Cache {
    /// Journals a job and all its items (pending) in one transaction; it starts running.
    pub fn create_job<W: Serialize>(
        &self,
        job: &NewJobRow<'_, W>,
        now: Timestamp,
    ) -> Result<JobId> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO jobs (kind, title, state, undo_of, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    job.kind,
                    job.title,
                    enum_name(&JobState::Running),
                    job.undo_of,
                    millis(now)
                ],
            )?;
            let id = JobId::try_from(tx.last_insert_rowid())
                .map_err(|_| CacheError::Sqlite(rusqlite::Error::IntegralValueOutOfRange(0, 0)))?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO job_items (job_id, seq, write, state) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let pending = enum_name(&ItemState::Pending);
            for (seq, write) in job.writes.iter().enumerate() {
                let seq = u32::try_from(seq).unwrap_or(u32::MAX);
                insert.execute(params![id, seq, serde_json::to_string(write)?, pending])?;
            }
            Ok(id)
        })
    }

    pub fn job(&self, id: JobId) -> Result<Option<JobRow>> {
        self.read(|db| {
            let sql = format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?1");
            let found = db.query_row(&sql, [id], read_job).optional()?;
            found.map(|job| with_counts(db, job)).transpose()
        })
    }

    /// The newest jobs first.
    pub fn jobs(&self, limit: u32) -> Result<Vec<JobRow>> {
        self.read(|db| {
            let sql = format!("SELECT {JOB_COLUMNS} FROM jobs ORDER BY id DESC LIMIT ?1");
            let mut statement = db.prepare_cached(&sql)?;
            let jobs = statement
                .query_map([limit], read_job)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            jobs.into_iter().map(|job| with_counts(db, job)).collect()
        })
    }

    /// Jobs to take up again, oldest first: those left running (by a crash, or a quit
    /// mid-job) and any, cancelled too, with an item whose request may have left.
    pub fn jobs_to_resume(&self) -> Result<Vec<JobId>> {
        self.read(|db| {
            let mut statement = db.prepare_cached(
                "SELECT id FROM jobs WHERE state = ?1
                   OR id IN (SELECT job_id FROM job_items WHERE state = ?2)
                 ORDER BY id",
            )?;
            let ids = statement
                .query_map(
                    params![
                        enum_name(&JobState::Running),
                        enum_name(&ItemState::Sending)
                    ],
                    |row| row.get(0),
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ids)
        })
    }

    /// A job's items in order, optionally only those in `state`.
    pub fn job_items<W: DeserializeOwned, R: DeserializeOwned>(
        &self,
        id: JobId,
        state: Option<ItemState>,
    ) -> Result<Vec<ItemRow<W, R>>> {
        self.read(|db| {
            let mut statement = db.prepare_cached(
                "SELECT seq, write, state, results, undo FROM job_items
                 WHERE job_id = ?1 AND (?2 IS NULL OR state = ?2) ORDER BY seq",
            )?;
            let rows = statement
                .query_map(params![id, state.map(|s| enum_name(&s))], read_item_text)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(ItemText::decode).collect()
        })
    }

    /// The first pending item of a job, if any.
    pub fn next_pending_item<W: DeserializeOwned>(&self, id: JobId) -> Result<Option<(u32, W)>> {
        self.read(|db| {
            let found: Option<(u32, String)> = db
                .query_row(
                    "SELECT seq, write FROM job_items WHERE job_id = ?1 AND state = ?2
                     ORDER BY seq LIMIT 1",
                    params![id, enum_name(&ItemState::Pending)],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            found
                .map(|(seq, write)| Ok((seq, serde_json::from_str(&write)?)))
                .transpose()
        })
    }

    /// Moves an item to `to` if it is in a state the machine allows before it; says
    /// whether it moved. Committed when it returns: `Sending` is on disk before the send.
    pub fn move_item(&self, id: JobId, seq: u32, to: ItemState) -> Result<bool> {
        self.write(|tx| {
            let moved = tx.execute(
                &format!(
                    "UPDATE job_items SET state = ?3 WHERE job_id = ?1 AND seq = ?2 AND state IN ({})",
                    state_list(to.sources())
                ),
                params![id, seq, enum_name(&to)],
            )?;
            Ok(moved == 1)
        })
    }

    /// Ends a sending item as done or failed, with its per-contact results and the
    /// writes that would undo it.
    pub fn finish_item<W: Serialize, R: Serialize>(
        &self,
        id: JobId,
        seq: u32,
        to: ItemState,
        results: &[R],
        undo: &[W],
    ) -> Result<bool> {
        if !matches!(to, ItemState::Done | ItemState::Failed) {
            return Ok(false);
        }
        self.write(|tx| {
            let moved = tx.execute(
                "UPDATE job_items SET state = ?3, results = ?4, undo = ?5
                 WHERE job_id = ?1 AND seq = ?2 AND state = ?6",
                params![
                    id,
                    seq,
                    enum_name(&to),
                    serde_json::to_string(results)?,
                    serde_json::to_string(undo)?,
                    enum_name(&ItemState::Sending),
                ],
            )?;
            Ok(moved == 1)
        })
    }

    /// Moves a job to `to` if the machine allows it from where it is; a finished job
    /// gets its end time, and a cancelled one's pending items are skipped.
    pub fn set_job_state(&self, id: JobId, to: JobState, now: Timestamp) -> Result<bool> {
        self.write(|tx| {
            let finished = to.is_finished().then(|| millis(now));
            let moved = tx.execute(
                &format!(
                    "UPDATE jobs SET state = ?2, finished_at = ?3 WHERE id = ?1 AND state IN ({})",
                    state_list(to.sources())
                ),
                params![id, enum_name(&to), finished],
            )?;
            if moved == 1 && to == JobState::Cancelled {
                tx.execute(
                    "UPDATE job_items SET state = ?2 WHERE job_id = ?1 AND state = ?3",
                    params![
                        id,
                        enum_name(&ItemState::Skipped),
                        enum_name(&ItemState::Pending)
                    ],
                )?;
            }
            Ok(moved == 1)
        })
    }
}

/// `'A', 'B'`: states are fixed serde names, never user text, so they are inlined.
fn state_list<T: Serialize>(states: &[T]) -> String {
    states
        .iter()
        .map(|state| format!("'{}'", enum_name(state)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn read_job(row: &Row<'_>) -> rusqlite::Result<JobRow> {
    let state: String = row.get(3)?;
    Ok(JobRow {
        id: row.get(0)?,
        kind: row.get(1)?,
        title: row.get(2)?,
        state: enum_from(&state).unwrap_or(JobState::Failed),
        undo_of: row.get(4)?,
        created_at: timestamp(row.get(5)?).unwrap_or_default(),
        finished_at: timestamp(row.get(6)?),
        counts: ItemCounts::default(),
    })
}

fn with_counts(db: &Connection, mut job: JobRow) -> Result<JobRow> {
    let mut statement = db
        .prepare_cached("SELECT state, count(*) FROM job_items WHERE job_id = ?1 GROUP BY state")?;
    let rows = statement.query_map([job.id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
    })?;
    for row in rows {
        let (state, count) = row?;
        let slot = match enum_from(&state) {
            Some(ItemState::Pending) => &mut job.counts.pending,
            Some(ItemState::Sending) => &mut job.counts.sending,
            Some(ItemState::Done) => &mut job.counts.done,
            Some(ItemState::Failed) => &mut job.counts.failed,
            Some(ItemState::Skipped) | None => &mut job.counts.skipped,
        };
        *slot += count;
    }
    Ok(job)
}

/// An item's columns before their JSON is read.
struct ItemText {
    seq: u32,
    write: String,
    state: String,
    results: String,
    undo: String,
}

fn read_item_text(row: &Row<'_>) -> rusqlite::Result<ItemText> {
    Ok(ItemText {
        seq: row.get(0)?,
        write: row.get(1)?,
        state: row.get(2)?,
        results: row.get(3)?,
        undo: row.get(4)?,
    })
}

impl ItemText {
    fn decode<W: DeserializeOwned, R: DeserializeOwned>(self) -> Result<ItemRow<W, R>> {
        Ok(ItemRow {
            seq: self.seq,
            write: serde_json::from_str(&self.write)?,
            state: enum_from(&self.state).ok_or_else(|| unknown_state(&self.state))?,
            results: serde_json::from_str(&self.results)?,
            undo: serde_json::from_str(&self.undo)?,
        })
    }
}

fn unknown_state(state: &str) -> CacheError {
    CacheError::Json(serde::de::Error::custom(format!(
        "unknown job item state {state:?}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::open(&dir.path().join("cache.sqlite")).expect("cache");
        (dir, cache)
    }

    fn job_of(cache: &Cache, writes: &[&str]) -> JobId {
        let writes: Vec<String> = writes.iter().map(|w| (*w).to_owned()).collect();
        let job = NewJobRow {
            kind: "AddTags",
            title: "Tag",
            undo_of: None,
            writes: &writes,
        };
        cache.create_job(&job, Timestamp::now()).expect("job")
    }

    fn states(cache: &Cache, id: JobId) -> Vec<ItemState> {
        let items: Vec<ItemRow<String, String>> = cache.job_items(id, None).expect("items");
        items.into_iter().map(|item| item.state).collect()
    }

    #[test]
    fn items_are_journaled_in_order_and_pending() {
        let (_dir, cache) = cache();
        let id = job_of(&cache, &["a", "b", "c"]);
        let job = cache.job(id).expect("read").expect("job");
        assert_eq!(job.state, JobState::Running);
        assert_eq!(job.counts.pending, 3);
        assert_eq!(
            cache.next_pending_item::<String>(id).expect("next"),
            Some((0, "a".into()))
        );
    }

    #[test]
    fn an_item_moves_only_along_the_machine() {
        let (_dir, cache) = cache();
        let id = job_of(&cache, &["a"]);
        assert!(
            !cache.move_item(id, 0, ItemState::Pending).expect("move"),
            "pending to pending"
        );
        assert!(
            !cache
                .finish_item::<String, String>(id, 0, ItemState::Done, &[], &[])
                .expect("finish"),
            "done without sending"
        );
        assert!(cache.move_item(id, 0, ItemState::Sending).expect("move"));
        assert!(
            !cache.move_item(id, 0, ItemState::Sending).expect("move"),
            "sent twice"
        );
        assert!(!cache.move_item(id, 0, ItemState::Skipped).expect("move"));
        let results = vec!["ok".to_owned()];
        let undo = vec!["undo".to_owned()];
        assert!(cache
            .finish_item(id, 0, ItemState::Done, &results, &undo)
            .expect("finish"));
        assert!(
            !cache.move_item(id, 0, ItemState::Pending).expect("move"),
            "done is final"
        );
        let items: Vec<ItemRow<String, String>> = cache.job_items(id, None).expect("items");
        assert_eq!(items[0].results, results);
        assert_eq!(items[0].undo, undo);
    }

    #[test]
    fn a_sending_item_survives_a_reopen_and_can_return_to_pending() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cache.sqlite");
        let id = {
            let cache = Cache::open(&path).expect("cache");
            let id = job_of(&cache, &["a", "b"]);
            cache.move_item(id, 0, ItemState::Sending).expect("move");
            id
        };
        let cache = Cache::open(&path).expect("reopened");
        assert_eq!(cache.jobs_to_resume().expect("resume"), vec![id]);
        let sending: Vec<ItemRow<String, String>> = cache
            .job_items(id, Some(ItemState::Sending))
            .expect("items");
        assert_eq!(sending.len(), 1);
        assert!(cache.move_item(id, 0, ItemState::Pending).expect("move"));
        assert_eq!(
            states(&cache, id),
            vec![ItemState::Pending, ItemState::Pending]
        );
    }

    #[test]
    fn cancelling_skips_what_was_not_sent_and_ends_the_job() {
        let (_dir, cache) = cache();
        let id = job_of(&cache, &["a", "b", "c"]);
        cache.move_item(id, 0, ItemState::Sending).expect("move");
        assert!(cache
            .set_job_state(id, JobState::Cancelled, Timestamp::now())
            .expect("cancel"));
        assert_eq!(
            states(&cache, id),
            vec![ItemState::Sending, ItemState::Skipped, ItemState::Skipped]
        );
        assert!(!cache
            .set_job_state(id, JobState::Running, Timestamp::now())
            .expect("state"));
        let job = cache.job(id).expect("read").expect("job");
        assert!(job.finished_at.is_some());
        assert_eq!(
            cache.jobs_to_resume().expect("resume"),
            vec![id],
            "its sending item"
        );
        cache
            .move_item(id, 0, ItemState::Pending)
            .expect("reconciled");
        assert!(cache.jobs_to_resume().expect("resume").is_empty());
    }

    #[test]
    fn a_job_ends_once() {
        let (_dir, cache) = cache();
        let id = job_of(&cache, &["a"]);
        let now = Timestamp::now();
        assert!(cache.set_job_state(id, JobState::Done, now).expect("done"));
        assert!(!cache
            .set_job_state(id, JobState::Cancelled, now)
            .expect("cancel"));
        assert!(!cache
            .set_job_state(id, JobState::Running, now)
            .expect("run"));
        let job = cache.job(id).expect("read").expect("job");
        assert_eq!(job.state, JobState::Done);
    }
}
