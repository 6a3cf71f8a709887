//! The worker: runs journaled jobs one at a time, one item at a time, in the background
//! lane of the shared rate budget (so the user's clicks go first). Woken when a job is
//! journaled; on start it takes up what a crash or a quit left.
//!
//! The one promise: no write is sent twice. An item is marked `Sending` (committed)
//! before its request; an item found `Sending` later is reconciled by reading, and goes
//! back to `Pending` only when HighLevel shows it never applied. That read must not race
//! the request itself, so one runner at a time, across processes (two windows, the app
//! and a test), holds the profile's jobs lock (`cache.sqlite.jobs.lock`).

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::reconcile::reconcile;
use super::send::{send, Finished, Outcome};
use super::{summary, Item, ItemState, JobId, JobState, JobSummary, Write};
use crate::cache::CacheError;
use crate::highlevel::Api;
use crate::locks::{lock_path, FileLock};
use crate::sync::{Plan, SyncError, Syncer};

/// What the worker tells the outside world (the desktop turns it into a UI event).
pub trait JobEvents: Send + Sync {
    /// A job started, moved on by an item, or ended.
    fn job_changed(&self, _job: &JobSummary) {}
}

/// How long the worker waits before trying again after it could not go on (offline, the
/// day's reserve reached, the token refused); a new job wakes it sooner.
const RETRY: Duration = Duration::from_secs(30);

/// Runs jobs until dropped; dropping it stops the request in flight, whose item stays
/// `Sending` and is reconciled by the next worker.
pub struct Worker {
    wake: Arc<Notify>,
    stop: CancellationToken,
}

impl Worker {
    pub fn start(syncer: Arc<Syncer>, events: Arc<dyn JobEvents>) -> Self {
        let wake = Arc::new(Notify::new());
        let stop = CancellationToken::new();
        let run = Run::new(syncer, events, stop.clone());
        tokio::spawn(run.forever(wake.clone()));
        Self { wake, stop }
    }

    /// A job was journaled, resumed or cancelled: look at the journal again.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Runs every job waiting in the journal to its end (or until it cannot go on), here
/// rather than in a worker: for the command line, tests and benchmarks.
pub async fn run_waiting(syncer: Arc<Syncer>, events: Arc<dyn JobEvents>) -> Result<(), SyncError> {
    Run::new(syncer, events, CancellationToken::new())
        .run_waiting_jobs()
        .await
}

struct Run {
    syncer: Arc<Syncer>,
    api: Api,
    events: Arc<dyn JobEvents>,
    stop: CancellationToken,
}

impl Run {
    fn new(syncer: Arc<Syncer>, events: Arc<dyn JobEvents>, stop: CancellationToken) -> Self {
        let api = syncer.client().background().cancel_on(stop.clone());
        Self {
            syncer,
            api,
            events,
            stop,
        }
    }

    async fn forever(self, wake: Arc<Notify>) {
        loop {
            if let Err(error) = self.run_waiting_jobs().await {
                tracing::warn!(%error, "a background job stopped; it resumes later");
            }
            tokio::select! {
                () = self.stop.cancelled() => return,
                () = wake.notified() => {}
                () = tokio::time::sleep(RETRY) => {}
            }
        }
    }

    /// Runs every waiting job once the jobs lock is ours (none if stopped while waiting).
    async fn run_waiting_jobs(&self) -> Result<(), SyncError> {
        let path = lock_path(self.syncer.cache().path(), "jobs");
        let lock = FileLock::acquire_async(&path, &self.stop).await;
        let Some(_running) = lock.map_err(CacheError::from)? else {
            return Ok(());
        };
        for id in self.syncer.cache().jobs_to_resume()? {
            self.run_job(id).await?;
        }
        Ok(())
    }

    /// Reconciles what may have been sent, then sends the rest while the job runs.
    async fn run_job(&self, id: JobId) -> Result<(), SyncError> {
        self.reconcile_sending(id).await?;
        loop {
            let Some(job) = self.syncer.cache().job(id)? else {
                return Ok(());
            };
            if job.state != JobState::Running {
                return Ok(());
            }
            let Some((seq, write)) = self.syncer.cache().next_pending_item::<Write>(id)? else {
                let end = match job.counts.failed {
                    0 => JobState::Done,
                    _ => JobState::Failed,
                };
                self.syncer
                    .cache()
                    .set_job_state(id, end, Timestamp::now())?;
                self.announce(id);
                return Ok(());
            };
            self.ensure_budget()?;
            if self.syncer.cache().move_item(id, seq, ItemState::Sending)? {
                self.send_item(id, seq, &write).await?;
                self.announce(id);
            }
        }
    }

    async fn send_item(&self, id: JobId, seq: u32, write: &Write) -> Result<(), SyncError> {
        match send(&self.syncer, &self.api, write).await? {
            Outcome::Finished(finished) => self.finish(id, seq, finished),
            Outcome::Unknown(error) => {
                tracing::info!(%error, job = id, seq, "an answer was lost; reading to reconcile");
                self.reconcile_item(id, seq, write).await
            }
            Outcome::NotSent(error) => {
                self.syncer.cache().move_item(id, seq, ItemState::Pending)?;
                Err(error.into())
            }
        }
    }

    async fn reconcile_sending(&self, id: JobId) -> Result<(), SyncError> {
        let sending: Vec<Item> = self
            .syncer
            .cache()
            .job_items(id, Some(ItemState::Sending))?;
        for item in sending {
            self.reconcile_item(id, item.seq, &item.write).await?;
        }
        Ok(())
    }

    async fn reconcile_item(&self, id: JobId, seq: u32, write: &Write) -> Result<(), SyncError> {
        match reconcile(&self.syncer, &self.api, write).await? {
            Some(finished) => self.finish(id, seq, finished),
            None => {
                self.syncer.cache().move_item(id, seq, ItemState::Pending)?;
                Ok(())
            }
        }
    }

    fn finish(&self, id: JobId, seq: u32, finished: Finished) -> Result<(), SyncError> {
        self.syncer.cache().finish_item(
            id,
            seq,
            finished.state,
            &finished.results,
            &finished.undo,
        )?;
        Ok(())
    }

    /// Background work never spends the last fifth of the day, kept for clicks, and
    /// nothing is sent while offline.
    fn ensure_budget(&self) -> Result<(), SyncError> {
        let daily = self.syncer.client().budget().snapshot().daily;
        if let Some(daily) = daily.filter(|_| Plan::reserve_reached(daily)) {
            return Err(SyncError::DailyReserve(daily));
        }
        let connectivity = self.syncer.connectivity().current();
        match connectivity.online {
            true => Ok(()),
            false => Err(crate::highlevel::Error::Network {
                message: connectivity.reason.unwrap_or_else(|| "offline".into()),
            }
            .into()),
        }
    }

    fn announce(&self, id: JobId) {
        match summary(self.syncer.cache(), id) {
            Ok(Some(job)) => self.events.job_changed(&job),
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "a job's progress could not be read"),
        }
    }
}
