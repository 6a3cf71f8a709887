//! The sync engine: keeps the cache fresh without making the user wait behind it.
//!
//! A run lists every contact (resumable from the checkpoint stored with each page), then
//! fetches tasks, notes and appointments contact by contact in priority order, all in
//! the background lane of the shared rate budget so the user's own requests go first.

mod changes;
mod connectivity;
mod details;
mod listing;
mod scheduler;
mod workspace;

use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

pub use changes::task_changes;
pub use connectivity::{Connectivity, ConnectivityMonitor};
pub use scheduler::{Schedule, Scheduler};
pub use workspace::{ContactWorkspace, Freshness};

use crate::cache::{Cache, CacheError, ChangeEvent};
use crate::highlevel::{Client, Error};
use crate::locks::{lock, lock_path, FileLock};

/// What the engine tells the outside world (the desktop turns these into UI events).
/// Every method does nothing by default, so a listener writes only what it listens to.
pub trait SyncEvents: Send + Sync {
    fn progress(&self, _progress: &SyncProgress) {}
    /// A page of contacts (or a write) changed what the contact list shows.
    fn contacts_changed(&self) {}
    /// Fresh details for one contact are in the cache.
    fn contact_refreshed(&self, _contact_id: &str) {}
    /// Task changes seen for the first time; `watched` when the contact is watched.
    fn changes(&self, _events: &[ChangeEvent], _watched: bool) {}
    fn connectivity(&self, _connectivity: &Connectivity) {}
    /// A damaged cache was set aside and is being rebuilt from HighLevel.
    fn cache_rebuilt(&self, _profile_name: &str, _damage: &str) {}
}

/// How much a run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum SyncScope {
    /// The contact list only.
    Contacts,
    /// The list, then details of contacts that are watched, never fetched, or older than a day.
    Standard,
    /// The list, then every contact's details.
    Deep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum SyncPhase {
    #[default]
    Idle,
    Contacts,
    Details,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub running: bool,
    pub phase: SyncPhase,
    pub done: u32,
    pub total: Option<u32>,
    /// Requests this run has made.
    pub requests: u32,
    /// Free slots in the current rate-limit window.
    pub budget_left: u32,
    pub eta_seconds: Option<u32>,
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub last_finished: Option<Timestamp>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    pub contacts_listed: u32,
    /// Contacts gone from HighLevel, now hidden.
    pub contacts_hidden: u32,
    /// Contacts whose details the run set out to fetch.
    pub details_queued: u32,
    pub details_fetched: u32,
    pub details_failed: u32,
    /// What went wrong with the first contact whose details failed.
    pub first_failure: Option<String>,
    pub changes: u32,
    pub requests: u32,
    pub cancelled: bool,
}

/// The state key of the last completed run's time.
const LAST_SYNC: &str = "last_sync";

pub struct Syncer {
    client: Client,
    cache: Arc<Cache>,
    events: Arc<dyn SyncEvents>,
    connectivity: Arc<ConnectivityMonitor>,
    run_lock: tokio::sync::Mutex<()>,
    cancel: Mutex<CancellationToken>,
    progress: Mutex<SyncProgress>,
    focus: Mutex<Focus>,
}

/// What the user is looking at: its business's contacts sync first.
#[derive(Debug, Default, Clone)]
struct Focus {
    business_id: Option<String>,
}

impl Syncer {
    pub fn new(
        client: Client,
        cache: Arc<Cache>,
        events: Arc<dyn SyncEvents>,
        connectivity: Arc<ConnectivityMonitor>,
    ) -> Arc<Self> {
        let last_finished = cache.state::<Timestamp>(LAST_SYNC).ok().flatten();
        Arc::new(Self {
            client,
            cache,
            events,
            connectivity,
            run_lock: tokio::sync::Mutex::new(()),
            cancel: Mutex::new(CancellationToken::new()),
            progress: Mutex::new(SyncProgress {
                last_finished,
                ..SyncProgress::default()
            }),
            focus: Mutex::new(Focus::default()),
        })
    }

    pub fn cache(&self) -> &Arc<Cache> {
        &self.cache
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn connectivity(&self) -> &Arc<ConnectivityMonitor> {
        &self.connectivity
    }

    /// Where the engine, and the writes that the cache follows, report what changed.
    pub(crate) fn events(&self) -> &Arc<dyn SyncEvents> {
        &self.events
    }

    pub fn progress(&self) -> SyncProgress {
        lock(&self.progress).clone()
    }

    /// Stops the current run after the request in flight; a later run resumes.
    pub fn cancel(&self) {
        lock(&self.cancel).cancel();
    }

    /// The business the user is looking at; its contacts' details are fetched first.
    pub fn focus_business(&self, business_id: Option<String>) {
        lock(&self.focus).business_id = business_id;
    }

    /// One sync run. A second caller waits for the first run to end, then runs.
    pub async fn run(&self, scope: SyncScope) -> Result<SyncReport, SyncError> {
        self.run_with(SyncPhase::Contacts, |cancel| async move {
            let mut report = SyncReport::default();
            let outcome = self.run_phases(scope, &cancel, &mut report).await;
            (outcome, report)
        })
        .await
    }

    /// A run that only fetches the details of `contact_ids` (a report's missing ones, say).
    pub async fn run_details(&self, contact_ids: Vec<String>) -> Result<SyncReport, SyncError> {
        self.run_with(SyncPhase::Details, |cancel| async move {
            let mut report = SyncReport::default();
            let outcome = match self.fetch_details(contact_ids, &cancel, &mut report).await {
                Err(error) if error.is_cancelled() => {
                    report.cancelled = true;
                    Ok(())
                }
                other => other,
            };
            (outcome, report)
        })
        .await
    }

    /// Takes the run lock, sets up cancellation and progress, runs `work`, and reports.
    async fn run_with<Fut>(
        &self,
        phase: SyncPhase,
        work: impl FnOnce(CancellationToken) -> Fut,
    ) -> Result<SyncReport, SyncError>
    where
        Fut: std::future::Future<Output = (Result<(), SyncError>, SyncReport)>,
    {
        let _running = self.run_lock.lock().await;
        let cancel = CancellationToken::new();
        *lock(&self.cancel) = cancel.clone();
        self.update(|p| {
            *p = SyncProgress {
                running: true,
                phase,
                last_finished: p.last_finished,
                ..SyncProgress::default()
            }
        });
        let (outcome, report) = match self.wait_for_other_runs(&cancel).await {
            Ok(Some(_profile_lock)) => work(cancel).await,
            Ok(None) => (
                Ok(()),
                SyncReport {
                    cancelled: true,
                    ..SyncReport::default()
                },
            ),
            Err(error) => (Err(error), SyncReport::default()),
        };
        let outcome = outcome.and_then(|()| self.ensure_cache_still_exists());
        self.finish(&outcome, &report);
        outcome.map(|()| report)
    }

    /// Takes the profile's sync lock, held for the whole run: another process's run of
    /// the same profile (the app's scheduler and a cron `contact-desk sync`, say) would
    /// fetch everything twice and fight over the listing checkpoint. A second run waits
    /// for the first to end, then runs (and finds little left to do). `None` when
    /// cancelled while waiting.
    async fn wait_for_other_runs(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Option<FileLock>, SyncError> {
        let path = lock_path(self.cache.path(), "sync");
        if let Some(lock) = FileLock::try_acquire(&path).map_err(CacheError::from)? {
            return Ok(Some(lock));
        }
        tracing::info!("another sync of this profile is running; waiting for it to end");
        Ok(FileLock::acquire_async(&path, cancel)
            .await
            .map_err(CacheError::from)?)
    }

    /// A cache file removed during the run (its profile was removed) took everything the
    /// run stored with it: the run did not succeed, whatever it fetched.
    fn ensure_cache_still_exists(&self) -> Result<(), SyncError> {
        match self.cache.path().try_exists() {
            Ok(true) => Ok(()),
            _ => Err(CacheError::Removed {
                path: self.cache.path().to_owned(),
            }
            .into()),
        }
    }

    async fn run_phases(
        &self,
        scope: SyncScope,
        cancel: &CancellationToken,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let mut outcome = self.list_contacts(cancel, report).await;
        if outcome.is_ok() && scope != SyncScope::Contacts {
            outcome = self.fetch_all_details(scope, cancel, report).await;
        }
        match outcome {
            Err(error) if error.is_cancelled() => {
                report.cancelled = true;
                Ok(())
            }
            other => other,
        }
    }

    fn finish(&self, outcome: &Result<(), SyncError>, report: &SyncReport) {
        let now = Timestamp::now();
        let completed = outcome.is_ok() && !report.cancelled;
        if completed {
            if let Err(error) = self.cache.set_state(LAST_SYNC, &now) {
                tracing::warn!(%error, "could not record the sync time");
            }
        }
        self.update(|p| {
            p.running = false;
            p.phase = SyncPhase::Idle;
            p.eta_seconds = None;
            p.last_error = outcome.as_ref().err().map(ToString::to_string);
            if completed {
                p.last_finished = Some(now);
            }
        });
    }

    fn update(&self, change: impl FnOnce(&mut SyncProgress)) {
        let snapshot = {
            let mut progress = lock(&self.progress);
            change(&mut progress);
            let budget = self.client.budget().snapshot();
            progress.budget_left = budget.max.saturating_sub(budget.used);
            progress.clone()
        };
        self.events.progress(&snapshot);
    }

    /// Seconds to make `requests` more requests at the budget's pace.
    fn eta(&self, requests: u32) -> u32 {
        let budget = self.client.budget().snapshot();
        let per_second = f64::from(budget.max) / budget.interval.as_secs_f64().max(0.001);
        (f64::from(requests) / per_second.max(0.001)).ceil() as u32
    }

    /// Reports a request's outcome to the connectivity monitor, and the monitor's changes out.
    pub(crate) fn note_connectivity<T>(&self, result: &Result<T, Error>) {
        let before = self.connectivity.is_online();
        self.connectivity.report(result);
        if before != self.connectivity.is_online() {
            self.events.connectivity(&self.connectivity.current());
        }
    }
}

/// A sync, a contact's refresh or a write failed at HighLevel or in the cache.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] Error),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

impl SyncError {
    fn is_cancelled(&self) -> bool {
        matches!(self, SyncError::Api(Error::Cancelled))
    }
}
