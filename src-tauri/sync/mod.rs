//! The sync engine: keeps the cache fresh without making the user wait behind it, and
//! spends HighLevel's request budget on what changed (the cost model is in `plan`).
//!
//! A run reads the contacts changed since the last one, the task lists of those contacts
//! and the next pages of open tasks (so completions made in HighLevel are seen), the
//! calendars hourly and a share of notes, all in the background lane of the shared rate
//! budget so the user's own requests go first. A resource whose bulk endpoint is out of
//! reach falls back to the per-contact path (`fallback`).

mod appointments;
mod changes;
mod connectivity;
mod contacts;
mod details;
mod fallback;
mod listing;
mod names;
mod notes;
pub mod plan;
mod scheduler;
mod tasks;
mod workspace;

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

pub use changes::task_changes;
pub use connectivity::{Connectivity, ConnectivityMonitor};
pub use fallback::{Fallback, Resource};
pub use names::{NameHint, NameList};
pub use plan::{Plan, Projection, Size, Spending};
pub use scheduler::{Schedule, Scheduler};
pub use workspace::{ContactWorkspace, Freshness};

use crate::cache::{Cache, CacheError, ChangeEvent};
use crate::highlevel::{Api, Client, DailyBudget, Error, RecordSink, RequestRecord};
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
    /// A watched contact's task changes in the location named `location`, for a desktop
    /// notification (the app sends them for every open location, shown or not).
    fn notify_watched(&self, _location: &str, _events: &[ChangeEvent]) {}
    /// The contacts of a location synced in the background (not the one shown) changed:
    /// views over every location read again.
    fn location_contacts_changed(&self, _profile_id: &str) {}
    fn connectivity(&self, _connectivity: &Connectivity) {}
    /// A damaged cache was set aside and is being rebuilt from HighLevel.
    fn cache_rebuilt(&self, _profile_name: &str, _damage: &str) {}
}

/// How much a run does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum SyncScope {
    /// The contacts changed since the last run only.
    Contacts,
    /// What the plan calls for: changed contacts and their tasks, the open-task watch,
    /// appointments hourly, a share of notes, a daily sweep for deletions.
    Standard,
    /// Everything again: every contact and appointment in bulk, then every contact's
    /// tasks, notes and appointments one by one.
    Deep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum SyncPhase {
    #[default]
    Idle,
    Contacts,
    Tasks,
    Appointments,
    Notes,
    /// Contacts' tasks, notes and appointments one contact at a time.
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
    /// Contacts whose task lists were read in bulk.
    pub tasks_refreshed: u32,
    /// Open tasks the watch read.
    pub open_tasks_watched: u32,
    /// Appointments read by calendar.
    pub appointments: u32,
    /// Contacts whose notes were read.
    pub notes_fetched: u32,
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
    schedule: Mutex<Schedule>,
    task_paging: Mutex<tasks::TaskPaging>,
}

/// One run's shared parts: its handle on the API (background lane, cancellable, counted),
/// its plan and its report.
pub(crate) struct Run {
    api: Api,
    requests: Arc<RequestCounter>,
    plan: Plan,
    /// The cache's size when the run began, which the plan's allowances depend on.
    size: Size,
    report: SyncReport,
    started: Instant,
}

/// Requests a run sends before its own pace, rather than the budget's ceiling, sets its ETA.
const PACE_AFTER: u32 = 20;

/// Seconds to send `requests` more: at the pace the run has kept once it has sent enough
/// to tell, else at the budget's ceiling. The ceiling alone promised more than a sync that
/// leaves room for clicks gets, so the ETA ran out early and jumped back up.
fn seconds_left(requests: u32, ceiling_per_second: f64, sent: u32, elapsed: Duration) -> u32 {
    let seconds = elapsed.as_secs_f64();
    let pace = if sent >= PACE_AFTER && seconds > 0.0 {
        (f64::from(sent) / seconds).min(ceiling_per_second)
    } else {
        ceiling_per_second
    };
    (f64::from(requests) / pace.max(0.001)).ceil() as u32
}

/// Counts the requests a run sends, retries included.
#[derive(Default)]
struct RequestCounter(AtomicU32);

impl RecordSink for RequestCounter {
    fn record(&self, record: &RequestRecord) {
        self.0.fetch_add(record.attempts, Ordering::Relaxed);
    }
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
            schedule: Mutex::new(Schedule::default()),
            task_paging: Mutex::new(tasks::TaskPaging::default()),
        })
    }

    /// The schedule the plan divides the day's budget by.
    pub fn set_schedule(&self, schedule: Schedule) {
        *lock(&self.schedule) = schedule;
    }

    fn plan(&self) -> Plan {
        let daily = self.client.budget().snapshot().daily;
        Plan::new(daily, lock(&self.schedule).interval_minutes)
    }

    fn size(&self) -> Result<Size, SyncError> {
        Ok(Size {
            contacts: self.cache.live_contact_count()?,
            open_tasks: self.cache.open_task_count()?,
            calendars: self.cache.calendar_count()?,
            businesses: self.cache.business_count()?,
        })
    }

    /// Today's spending, and what the schedule is expected to cost a day at the cache's size.
    pub fn spending(&self) -> Result<Spending, SyncError> {
        let size = self.size()?;
        let plan = self.plan();
        let used_today = match self.client.budget().snapshot().daily {
            Some(daily) => daily.limit.saturating_sub(daily.remaining),
            None => self
                .cache
                .requests_since(start_of_utc_day(Timestamp::now()))?,
        };
        Ok(Spending {
            used_today,
            daily_limit: plan.daily_limit,
            reserved_for_clicks: plan.reserved_for_clicks(),
            projection: plan.project(size),
            open_tasks: size.open_tasks,
            contacts_without_notes: self.cache.contacts_without_notes_synced()?,
            fallbacks: self.fallbacks()?,
        })
    }

    fn task_paging(&self) -> tasks::TaskPaging {
        *lock(&self.task_paging)
    }

    fn set_task_paging(&self, paging: tasks::TaskPaging) {
        *lock(&self.task_paging) = paging;
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
        self.run_with(SyncPhase::Contacts, |mut run| async move {
            let outcome = self.run_phases(scope, &mut run).await;
            (outcome, run)
        })
        .await
    }

    /// A run that only fetches the details of `contact_ids` (a report's missing ones, say).
    pub async fn run_details(&self, contact_ids: Vec<String>) -> Result<SyncReport, SyncError> {
        self.run_with(SyncPhase::Details, |mut run| async move {
            let outcome = self.fetch_details(&mut run, contact_ids).await;
            (outcome, run)
        })
        .await
    }

    /// Takes the run lock, sets up cancellation and progress, runs `work`, and reports.
    async fn run_with<Fut>(
        &self,
        phase: SyncPhase,
        work: impl FnOnce(Run) -> Fut,
    ) -> Result<SyncReport, SyncError>
    where
        Fut: Future<Output = (Result<(), SyncError>, Run)>,
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
            Ok(Some(_profile_lock)) => {
                let (outcome, mut run) = match self.start_run(&cancel) {
                    Ok(run) => work(run).await,
                    Err(error) => (Err(error), self.idle_run(&cancel)),
                };
                run.report.requests = run.requests.0.load(Ordering::Relaxed);
                match outcome {
                    Err(error) if error.is_cancelled() => {
                        run.report.cancelled = true;
                        (Ok(()), run.report)
                    }
                    other => (other, run.report),
                }
            }
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

    fn start_run(&self, cancel: &CancellationToken) -> Result<Run, SyncError> {
        Ok(Run {
            size: self.size()?,
            ..self.idle_run(cancel)
        })
    }

    /// A run that has not looked at the cache yet.
    fn idle_run(&self, cancel: &CancellationToken) -> Run {
        let requests = Arc::new(RequestCounter::default());
        Run {
            api: self
                .client
                .background()
                .cancel_on(cancel.clone())
                .observed_by(requests.clone()),
            requests,
            plan: self.plan(),
            size: Size::default(),
            report: SyncReport::default(),
            started: Instant::now(),
        }
    }

    /// Sends one background request of `run`, unless the day's budget is down to the
    /// share kept for clicks; reports its outcome to the connectivity monitor.
    pub(crate) async fn spend<T>(
        &self,
        run: &Run,
        request: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, SyncError> {
        let daily = self.client.budget().snapshot().daily;
        if let Some(daily) = daily.filter(|_| Plan::reserve_reached(daily)) {
            return Err(SyncError::DailyReserve(daily));
        }
        let result = request.await;
        self.note_connectivity(&result);
        let requests = run.requests.0.load(Ordering::Relaxed);
        self.update(|p| p.requests = requests);
        Ok(result?)
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

    async fn run_phases(&self, scope: SyncScope, run: &mut Run) -> Result<(), SyncError> {
        let deep = scope == SyncScope::Deep;
        if deep {
            self.forget_high_water()?;
        }
        let changed = self.sync_contacts(run, deep).await?;
        if scope == SyncScope::Contacts {
            return Ok(());
        }
        self.sync_names(run, &changed, deep).await?;
        let mut per_contact = Vec::new();
        for resource in [Resource::Tasks, Resource::Appointments] {
            if self.on_fallback(resource)? {
                per_contact.push(resource);
                continue;
            }
            let outcome = match resource {
                Resource::Tasks => self.sync_tasks(run, changed.clone()).await,
                _ => self.sync_appointments(run, deep).await,
            };
            if let Err(error) = outcome {
                self.fall_back(resource, error)?;
                per_contact.push(resource);
            }
        }
        if deep || !per_contact.is_empty() {
            self.fetch_all_details(run, scope, &changed).await?;
        }
        self.sync_notes(run).await
    }

    /// The changed contacts through search, or through the full listing while search is
    /// out of reach; then the sweep for deletions when one is due.
    async fn sync_contacts(&self, run: &mut Run, deep: bool) -> Result<Vec<String>, SyncError> {
        if !self.on_fallback(Resource::Contacts)? {
            match self.search_changed_contacts(run).await {
                Ok(changed) => {
                    self.sweep_if_due(run, deep).await?;
                    return Ok(changed);
                }
                Err(error) => self.fall_back(Resource::Contacts, error)?,
            }
        }
        self.list_contacts(run).await
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
    fn eta(&self, run: &Run, requests: u32) -> u32 {
        let budget = self.client.budget().snapshot();
        let ceiling = f64::from(budget.max) / budget.interval.as_secs_f64().max(0.001);
        let sent = run.requests.0.load(Ordering::Relaxed);
        seconds_left(requests, ceiling, sent, run.started.elapsed())
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

/// HighLevel's daily budget resets at midnight UTC (Unix days are exactly 86,400 s).
fn start_of_utc_day(now: Timestamp) -> Timestamp {
    let day_ms = 86_400_000;
    let millis = now.as_millisecond();
    Timestamp::from_millisecond(millis - millis.rem_euclid(day_ms)).unwrap_or(now)
}

/// A sync, a contact's refresh or a write failed at HighLevel or in the cache.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] Error),
    #[error(transparent)]
    Cache(#[from] CacheError),
    /// Background work stops for the day so the user's clicks keep working.
    #[error("sync paused: {} of {} requests left today", .0.remaining, .0.limit)]
    DailyReserve(DailyBudget),
}

impl SyncError {
    fn is_cancelled(&self) -> bool {
        matches!(self, SyncError::Api(Error::Cancelled))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::seconds_left;

    #[test]
    fn the_eta_follows_the_pace_kept_once_there_is_one() {
        // 10 a second is the budget's ceiling (100 / 10 s).
        assert_eq!(seconds_left(600, 10.0, 5, Duration::from_secs(1)), 60);
        // 120 sent in 20 s is 6 a second: 600 more take 100 s, not the ceiling's 60.
        assert_eq!(seconds_left(600, 10.0, 120, Duration::from_secs(20)), 100);
        // A burst faster than the ceiling (retries answered at once) does not promise more.
        assert_eq!(seconds_left(600, 10.0, 100, Duration::from_secs(2)), 60);
    }
}
