//! The request log: every client record, kept for the activity view, pruned to size.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{enum_from, enum_name, millis, timestamp, Cache, Result};
use crate::highlevel::{ErrorClass, Headroom, Lane, PathId, RequestRecord};

/// How many records the log keeps; older ones are dropped as new ones arrive.
const RETAINED: i64 = 5_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// Stable within the log, for "load older" paging.
    pub seq: u32,
    pub record: RequestRecord,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum LogFilter {
    #[default]
    All,
    Failures,
    Timeouts,
    AuthErrors,
    RateLimits,
}

impl LogFilter {
    fn clause(self) -> &'static str {
        match self {
            LogFilter::All => "1",
            LogFilter::Failures => "error_class IS NOT NULL",
            LogFilter::Timeouts => "error_class IN ('Timeout', 'Network')",
            LogFilter::AuthErrors => "error_class IN ('Unauthorized', 'Forbidden')",
            LogFilter::RateLimits => {
                "(error_class = 'RateLimited' OR status = 429 OR remaining = 0)"
            }
        }
    }
}

impl Cache {
    pub fn log_request(&self, record: &RequestRecord) -> Result<()> {
        self.write(|tx| {
            let headroom = record.headroom;
            tx.prepare_cached(
                "INSERT INTO request_log (at, method, path, ids, lane, status, duration_ms, attempts,
                   trace_id, error_class, error_message, remaining, max, interval_ms, daily_remaining)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                millis(record.at),
                record.method,
                record.path,
                serde_json::to_string(&record.ids)?,
                enum_name(&record.lane),
                record.status,
                record.duration_ms,
                record.attempts,
                record.trace_id,
                record.error.map(|class| enum_name(&class)),
                record.error_message,
                headroom.map(|h| h.remaining),
                headroom.map(|h| h.max),
                headroom.map(|h| h.interval_ms),
                headroom.and_then(|h| h.daily_remaining),
            ])?;
            let newest = tx.last_insert_rowid();
            tx.execute("DELETE FROM request_log WHERE id <= ?1", [newest - RETAINED])?;
            Ok(())
        })
    }

    /// Requests sent since `since`, retries included (as far back as the log reaches).
    pub fn requests_since(&self, since: jiff::Timestamp) -> Result<u32> {
        self.read(|db| {
            Ok(db.query_row(
                "SELECT coalesce(sum(attempts), 0) FROM request_log WHERE at >= ?1",
                [since.as_millisecond()],
                |row| row.get(0),
            )?)
        })
    }

    /// The newest records matching `filter`, older than `before` when paging back.
    pub fn requests(
        &self,
        filter: LogFilter,
        before: Option<u32>,
        limit: u32,
    ) -> Result<Vec<LoggedRequest>> {
        let sql = format!(
            "SELECT id, at, method, path, ids, lane, status, duration_ms, attempts, trace_id,
               error_class, error_message, remaining, max, interval_ms, daily_remaining
             FROM request_log WHERE {} AND (?1 IS NULL OR id < ?1) ORDER BY id DESC LIMIT ?2",
            filter.clause()
        );
        self.read(|db| {
            let mut statement = db.prepare_cached(&sql)?;
            let rows = statement.query_map(params![before, limit], |row| {
                let ids: String = row.get(4)?;
                let lane: String = row.get(5)?;
                let class: Option<String> = row.get(10)?;
                let headroom = match (row.get(12)?, row.get(13)?, row.get(14)?) {
                    (Some(remaining), Some(max), Some(interval_ms)) => Some(Headroom {
                        remaining,
                        max,
                        interval_ms,
                        daily_remaining: row.get(15)?,
                        daily_limit: None,
                    }),
                    _ => None,
                };
                Ok(LoggedRequest {
                    seq: row.get(0)?,
                    record: RequestRecord {
                        at: timestamp(row.get(1)?).unwrap_or_default(),
                        method: row.get(2)?,
                        path: row.get(3)?,
                        ids: serde_json::from_str::<Vec<PathId>>(&ids).unwrap_or_default(),
                        lane: enum_from(&lane).unwrap_or(Lane::Interactive),
                        status: row.get(6)?,
                        duration_ms: row.get(7)?,
                        attempts: row.get(8)?,
                        trace_id: row.get(9)?,
                        error: class.as_deref().and_then(enum_from::<ErrorClass>),
                        error_message: row.get(11)?,
                        headroom,
                    },
                })
            })?;
            Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
        })
    }
}
