//! The local SQLite cache: one database per profile, WAL, embedded migrations. All of
//! the app's SQL lives in this module, except the report tally's scans
//! (`reports/figures.rs`), which are one with the report rules they count by.
//!
//! The API is synchronous (SQLite is); async callers run it on a blocking thread.
//! One connection writes and another reads, so a long sync transaction never holds up
//! what the user is looking at (WAL lets the reader see the last committed state).
//!
//! Several processes may open one cache at once (the app and a cron `contact-desk sync`):
//! the schema is created and migrated under a file lock, and every write transaction
//! starts `IMMEDIATE`, so writers queue on SQLite's busy timeout instead of failing.

mod businesses;
mod by_name;
mod changes;
mod contacts;
mod details;
mod duplicates;
mod jobs;
mod migrations;
mod mirror;
mod names;
mod request_log;
mod sync_state;
mod tasks_inbox;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

pub use businesses::Business;
pub use by_name::{FirstPositions, NamePosition};
pub use changes::{ChangeEvent, ChangeKind};
pub use contacts::{
    CachedContact, ContactFilter, ContactListPage, ContactRow, ContactSort, Facets, TaskFilter,
};
pub use details::Details;
pub use duplicates::{ordered as ordered_pair, DuplicateCandidate};
pub use jobs::{ItemCounts, ItemRow, ItemState, JobId, JobRow, JobState, NewJobRow};
pub use migrations::SCHEMA_VERSION;
pub use mirror::StoredTasks;
pub use names::{FieldName, Names, UserName};
pub use request_log::{LogFilter, LoggedRequest};
pub use tasks_inbox::{
    Inbox, InboxBounds, InboxFilter, InboxGroup, InboxSection, InboxTask, OwnerCount,
};

use crate::locks::{lock, lock_path, FileLock};

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("the cache database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the cache could not be migrated: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("the cache directory could not be created: {0}")]
    Io(#[from] std::io::Error),
    #[error("a cached record could not be read: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the cache {} is damaged: {detail}", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "the cache {} was removed while in use (was its profile removed?); nothing written to it was kept",
        path.display()
    )]
    Removed { path: PathBuf },
}

impl CacheError {
    /// Whether the database file itself is broken (not a passing lock or a bad record):
    /// nothing further can be trusted to read or write, so work stops at the first one.
    pub fn is_damage(&self) -> bool {
        match self {
            CacheError::Damaged { .. } => true,
            CacheError::Sqlite(error) => is_corruption(error),
            CacheError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                is_corruption(err)
            }
            _ => false,
        }
    }

    /// Names the damaged file, so the message can say what to rebuild.
    fn locate_damage(self, path: &Path) -> Self {
        if !self.is_damage() || matches!(self, CacheError::Damaged { .. }) {
            return self;
        }
        let detail = match &self {
            CacheError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                err.to_string()
            }
            other => other.to_string(),
        };
        CacheError::Damaged {
            path: path.to_owned(),
            detail,
        }
    }
}

fn is_corruption(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

pub type Result<T> = std::result::Result<T, CacheError>;

pub struct Cache {
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

impl Cache {
    /// Opens (creating and migrating as needed) the database at `path`, after checking
    /// that the file is sound: a damaged cache fails here with `CacheError::Damaged`
    /// instead of answering with whatever the broken pages happen to hold.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_unlocated(path).map_err(|error| error.locate_damage(path))
    }

    fn open_unlocated(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let writer = open_writer(path)?;
        quick_check(&writer, path)?;
        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&reader)?;
        // Reports and searches scan about 40 MB of index at 100,000 contacts: room for
        // them saves a read(2) per page the next time. Pages are only taken as they
        // are read, so an idle app does not pay for it.
        reader.pragma_update(None, "cache_size", -48_000)?;
        Ok(Self {
            path: path.to_owned(),
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in one transaction: all of it lands, or none of it. The transaction
    /// takes the write lock at BEGIN (`IMMEDIATE`): a deferred one that reads first and
    /// then writes fails at once with SQLITE_BUSY when another process wrote in between,
    /// without waiting on the busy timeout.
    fn write<T>(&self, work: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut connection = lock(&self.writer);
        let written = (|| {
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = work(&transaction)?;
            transaction.commit()?;
            Ok(value)
        })();
        written.map_err(|error: CacheError| error.locate_damage(&self.path))
    }

    /// Runs `work` on the reading connection (reports read through it in one snapshot).
    pub(crate) fn read<T>(&self, work: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        work(&lock(&self.reader)).map_err(|error| error.locate_damage(&self.path))
    }

    /// The one number `sql` selects (a count, say).
    fn count(&self, sql: &str) -> Result<u32> {
        self.read(|db| Ok(db.query_row(sql, [], |row| row.get(0))?))
    }

    /// `PRAGMA integrity_check`: "ok", or what is broken.
    pub fn integrity_check(&self) -> Result<String> {
        self.read(|db| Ok(db.query_row("PRAGMA integrity_check", [], |row| row.get(0))?))
    }
}

/// Opens the writing connection. Switching to WAL and migrating happen under a file lock
/// beside the database: two first runs of a new profile would otherwise both try to
/// create the schema, and the loser died with "table contacts already exists". The loser
/// now waits, then finds the schema current.
fn open_writer(path: &Path) -> Result<Connection> {
    let mut writer = Connection::open(path)?;
    configure(&writer)?;
    let _migrating = FileLock::acquire(&lock_path(path, "migrate"))?;
    writer.pragma_update(None, "journal_mode", "WAL")?;
    migrations::run(&mut writer)?;
    Ok(writer)
}

/// SQLite's structural check of every page (not the slower cross-check of indexes
/// against tables that `integrity_check` adds).
fn quick_check(connection: &Connection, path: &Path) -> Result<()> {
    let verdict: String = connection.query_row("PRAGMA quick_check(1)", [], |row| row.get(0))?;
    match verdict.as_str() {
        "ok" => Ok(()),
        _ => Err(CacheError::Damaged {
            path: path.to_owned(),
            detail: verdict,
        }),
    }
}

fn configure(connection: &Connection) -> Result<()> {
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    // No mmap: every page a query touched would count against the app's memory.
    // WAL is a property of the file (set in `open_writer`); the reader just uses it.
    if !connection.is_readonly(rusqlite::MAIN_DB)? {
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        // An `INSERT OR REPLACE` deletes the row it replaces: the roll-up's figures
        // (migration 008) must see that delete, which SQLite only reports with this on.
        connection.pragma_update(None, "recursive_triggers", "ON")?;
    }
    Ok(())
}

/// Epoch milliseconds for the cache's time columns.
fn millis(timestamp: jiff::Timestamp) -> i64 {
    timestamp.as_millisecond()
}

/// Midnight UTC starting a `YYYY-MM-DD` day, in epoch milliseconds: where a period begins.
pub(crate) fn day_start(day: &str) -> Option<i64> {
    utc_midnight(day.trim().parse().ok()?)
}

/// Midnight UTC after a `YYYY-MM-DD` day: where a period that ends on it stops.
pub(crate) fn day_end(day: &str) -> Option<i64> {
    let date: jiff::civil::Date = day.trim().parse().ok()?;
    utc_midnight(date.tomorrow().ok()?)
}

pub(crate) fn utc_midnight(date: jiff::civil::Date) -> Option<i64> {
    let zoned = date.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok()?;
    Some(zoned.timestamp().as_millisecond())
}

fn timestamp(millis: Option<i64>) -> Option<jiff::Timestamp> {
    millis.and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
}

/// Unit enums are stored by their serde name ("TaskCompleted", "Timeout", …).
fn enum_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn enum_from<T: serde::de::DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}
