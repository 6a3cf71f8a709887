//! The per-contact path: each contact's tasks, notes and appointments, fetched together
//! and stored in one transaction with the change events they reveal. Opening a contact
//! uses it; a sync does for a deep run, and for resources whose bulk endpoint is out of
//! reach (`fallback`).

use super::{changes, Run, SyncError, SyncPhase, SyncScope, Syncer};
use crate::cache::Details;
use crate::highlevel::Error;
use futures_util::stream::{self, StreamExt};
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

/// Contacts fetched at once: enough to keep the rate budget busy at HighLevel's latency.
const CONCURRENCY: usize = 4;
/// A standard run refreshes details older than this.
const STALE_AFTER_HOURS: i64 = 24;
/// The state key of the unfinished deep run's start.
const DEEP_RUN: &str = "deep_run";

/// A deep run in progress, kept until its details phase ends without failures: a rerun
/// after a crash or kill fetches only the contacts not fetched since it began.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct DeepRun {
    started: Timestamp,
}

impl Syncer {
    /// Every contact's details on a deep run; otherwise those of the contacts that
    /// changed, then those that are watched, never fetched or older than a day.
    pub(super) async fn fetch_all_details(
        &self,
        run: &mut Run,
        scope: SyncScope,
        changed: &[String],
    ) -> Result<(), SyncError> {
        let mut queue = changed.to_vec();
        let queued: std::collections::HashSet<String> = queue.iter().cloned().collect();
        queue.extend(
            self.details_queue(scope)?
                .into_iter()
                .filter(|id| !queued.contains(id)),
        );
        let failed_before = run.report.details_failed;
        self.fetch_details(run, queue).await?;
        if scope == SyncScope::Deep && run.report.details_failed == failed_before {
            self.cache.clear_state(DEEP_RUN)?;
        }
        Ok(())
    }

    /// When the deep run began: the unfinished one's start if it began within the last
    /// day (older details are stale anyway), else now, stored so a rerun can resume.
    fn deep_run_start(&self) -> Result<Timestamp, SyncError> {
        let now = Timestamp::now();
        let resumable = now - STALE_AFTER_HOURS.hours();
        match self.cache.state::<DeepRun>(DEEP_RUN)? {
            Some(run) if run.started > resumable && run.started <= now => Ok(run.started),
            _ => {
                self.cache.set_state(DEEP_RUN, &DeepRun { started: now })?;
                Ok(now)
            }
        }
    }

    /// Fetches the details of `queue`, in order, `CONCURRENCY` contacts at a time.
    pub(super) async fn fetch_details(
        &self,
        run: &mut Run,
        queue: Vec<String>,
    ) -> Result<(), SyncError> {
        let total = u32::try_from(queue.len()).unwrap_or(u32::MAX);
        run.report.details_queued += total;
        self.update(|p| {
            p.phase = SyncPhase::Details;
            p.done = 0;
            p.total = Some(total);
            p.eta_seconds = Some(self.eta(run, total * 3));
        });
        let shared: &Run = run;
        let mut results = stream::iter(queue)
            .map(|contact_id| async move { self.refresh_details(shared, &contact_id).await })
            .buffer_unordered(CONCURRENCY);
        let mut done = 0_u32;
        // Tallied apart from `run`, which the stream borrows until it ends.
        let mut tally = super::SyncReport::default();
        let mut outcome = Ok(());
        while let Some(result) = results.next().await {
            done += 1;
            match result {
                Ok(changes) => {
                    tally.details_fetched += 1;
                    tally.changes += changes;
                }
                Err(error) if ends_the_run(&error) => {
                    outcome = Err(error);
                    break;
                }
                Err(error) => {
                    tally.details_failed += 1;
                    tracing::warn!(%error, "a contact's details could not be fetched");
                    tally.first_failure.get_or_insert_with(|| error.to_string());
                }
            }
            self.update(|p| {
                p.done = done;
                p.eta_seconds = Some(self.eta(shared, total.saturating_sub(done) * 3));
            });
        }
        drop(results);
        let report = &mut run.report;
        report.details_fetched += tally.details_fetched;
        report.details_failed += tally.details_failed;
        report.changes += tally.changes;
        report.first_failure = report.first_failure.take().or(tally.first_failure);
        outcome
    }

    /// Who to fetch, best first: the business in view, then the cache's priority order.
    fn details_queue(&self, scope: SyncScope) -> Result<Vec<String>, SyncError> {
        // A deep run takes every contact not fetched since it began (all of them, unless
        // it resumes); a standard one those not fetched within the last day.
        let stale_before = match scope {
            SyncScope::Deep => self.deep_run_start()?,
            _ => Timestamp::now() - STALE_AFTER_HOURS.hours(),
        };
        let stale_before = Some(stale_before);
        let due = self.cache.contacts_for_deep_sync(stale_before, u32::MAX)?;
        let focus = super::lock(&self.focus).business_id.clone();
        let mut queue: Vec<String> = match focus {
            Some(business) => self
                .cache
                .business_contacts(&business, Timestamp::now())?
                .into_iter()
                .map(|row| row.id)
                .collect(),
            None => Vec::new(),
        };
        let due_set: std::collections::HashSet<&String> = due.iter().collect();
        queue.retain(|id| due_set.contains(id));
        let first: std::collections::HashSet<String> = queue.iter().cloned().collect();
        queue.extend(due.into_iter().filter(|id| !first.contains(id)));
        Ok(queue)
    }

    /// Fetches one contact's three lists in parallel and stores them; returns how many
    /// new change events that produced. A contact HighLevel no longer has is dropped.
    async fn refresh_details(&self, run: &Run, contact_id: &str) -> Result<u32, SyncError> {
        let api = &run.api;
        let (tasks, notes, appointments) = (
            api.tasks(contact_id),
            api.notes(contact_id),
            api.appointments(contact_id),
        );
        let fetched = self
            .spend(run, async {
                tokio::try_join!(tasks.list(), notes.list(), appointments.list())
            })
            .await;
        let (tasks, notes, appointments) = match fetched {
            Ok(lists) => lists,
            Err(SyncError::Api(Error::NotFound { .. })) => {
                self.cache.delete_contact(contact_id)?;
                self.events.contacts_changed();
                return Ok(0);
            }
            Err(error) => return Err(error),
        };
        let details = Details {
            tasks,
            notes,
            appointments,
            synced_at: None,
        };
        let fresh = self.store_details(contact_id, &details)?;
        self.events.contact_refreshed(contact_id);
        self.events.contacts_changed();
        Ok(u32::try_from(fresh).unwrap_or(u32::MAX))
    }

    /// Stores fetched details with the task changes since the last fetch (none on the
    /// first fetch: everything would look "added"). Returns the count of new events.
    pub(super) fn store_details(
        &self,
        contact_id: &str,
        details: &Details,
    ) -> Result<usize, SyncError> {
        let now = Timestamp::now();
        let cached = self.cache.contact(contact_id)?;
        let events = match &cached {
            Some(cached) => match cached.details_synced_at {
                Some(before_at) => changes::task_changes(
                    contact_id,
                    &cached.contact.display_name(),
                    &self.cache.stored_tasks(contact_id)?,
                    before_at,
                    &details.tasks,
                    now,
                ),
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        let fresh = self
            .cache
            .store_details(contact_id, details, &events, now)?;
        if !fresh.is_empty() {
            let watched = cached.is_some_and(|cached| cached.watched);
            self.events.changes(&fresh, watched);
        }
        Ok(fresh.len())
    }
}

/// Whether one contact's failure ends the whole run, because every later contact would
/// fail the same way: the connection is gone, the run was cancelled, the credentials
/// were refused, or the cache file is damaged (which once warned for every contact).
fn ends_the_run(error: &SyncError) -> bool {
    match error {
        SyncError::Api(error) => {
            error.is_connectivity()
                || matches!(error, Error::Cancelled | Error::Unauthorized { .. })
        }
        SyncError::Cache(error) => error.is_damage(),
        SyncError::DailyReserve(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::CacheError;

    fn sqlite(code: std::ffi::c_int) -> SyncError {
        let error = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        SyncError::Cache(CacheError::Sqlite(error))
    }

    #[test]
    fn a_damaged_cache_ends_the_run_and_one_bad_contact_does_not() {
        assert!(ends_the_run(&sqlite(rusqlite::ffi::SQLITE_CORRUPT)));
        assert!(ends_the_run(&sqlite(rusqlite::ffi::SQLITE_NOTADB)));
        assert!(ends_the_run(&SyncError::Api(Error::Timeout)));
        assert!(!ends_the_run(&sqlite(rusqlite::ffi::SQLITE_CONSTRAINT)));
        let server = Error::Server {
            status: 500,
            message: "Internal server error".into(),
        };
        assert!(!ends_the_run(&SyncError::Api(server)));
    }
}
