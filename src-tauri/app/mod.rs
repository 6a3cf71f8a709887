//! What the running app holds, whatever window shows it: the accounts, the active
//! session and its scheduler. The desktop's commands are adapters of one call each into
//! this; nothing here knows Tauri.

mod agencies;
mod businesses;
mod contacts;
mod duplicates;
mod jobs;
mod locations;
mod names;
mod profiles;
mod reports;
mod sign_in;
mod writes;

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::RwLock;

pub use businesses::BusinessView;
pub use contacts::OpenedContact;
pub use duplicates::DuplicateCheck;
pub use names::NamesView;
pub use sign_in::AnswerBy;

use crate::accounts::Accounts;
use crate::cache::Cache;
use crate::error::AppError;
use crate::jobs::{JobEvents, Worker};
use crate::session::Session;
use crate::sync::{Schedule, Scheduler, SyncEvents};

pub struct AppState {
    pub accounts: Arc<Accounts>,
    data_dir: PathBuf,
    events: Arc<dyn SyncEvents>,
    job_events: Arc<dyn JobEvents>,
    active: RwLock<Option<Active>>,
    schedule: std::sync::Mutex<Schedule>,
    /// Sign-ins between their two calls: an agency's, a location's.
    agency_sign_in: sign_in::Slot<crate::accounts::Agency>,
    oauth_sign_in: sign_in::Slot<crate::accounts::Profile>,
}

struct Active {
    session: Arc<Session>,
    scheduler: Option<Scheduler>,
    /// Runs the session's bulk jobs; it resumes what a crash or a quit left.
    jobs: Option<Worker>,
    /// The other locations of the active profile's agency, synced on the same schedule
    /// in the background, so "All locations" reads fresh caches.
    agency: Vec<AgencyLocation>,
}

struct AgencyLocation {
    session: Arc<Session>,
    scheduler: Scheduler,
}

/// The agency's other locations sync unheard: the UI's sync events are the active one's.
struct Unheard;

impl SyncEvents for Unheard {}

impl AppState {
    pub fn new(
        accounts: Arc<Accounts>,
        data_dir: PathBuf,
        events: Arc<dyn SyncEvents>,
        job_events: Arc<dyn JobEvents>,
    ) -> Self {
        Self {
            accounts,
            data_dir,
            events,
            job_events,
            active: RwLock::new(None),
            schedule: std::sync::Mutex::new(Schedule::default()),
            agency_sign_in: Default::default(),
            oauth_sign_in: Default::default(),
        }
    }

    /// The active session; commands that need one fail with NotConnected before startup ends.
    pub async fn session(&self) -> Result<Arc<Session>, AppError> {
        self.active
            .read()
            .await
            .as_ref()
            .map(|active| active.session.clone())
            .ok_or(AppError::NotConnected)
    }

    /// Runs `read` on the active session's cache, off the async runtime's threads.
    pub async fn read_cache<T, E>(
        &self,
        read: impl FnOnce(&Cache) -> Result<T, E> + Send + 'static,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        E: Into<AppError> + Send + 'static,
    {
        let cache = self.session().await?.syncer().cache().clone();
        blocking(move || read(&cache)).await
    }

    pub fn schedule(&self) -> Schedule {
        *crate::locks::lock(&self.schedule)
    }

    pub async fn set_schedule(&self, schedule: Schedule) {
        *crate::locks::lock(&self.schedule) = schedule;
        let active = self.active.read().await;
        let Some(active) = active.as_ref() else {
            return;
        };
        // The plan divides the day by it at once (Settings shows the new projection).
        active.session.syncer().set_schedule(schedule);
        if let Some(scheduler) = &active.scheduler {
            scheduler.set_schedule(schedule);
        }
        for location in &active.agency {
            location.scheduler.set_schedule(schedule);
        }
    }

    /// Asks the scheduler for a run now (it skips while offline and probes instead).
    pub async fn sync_now(&self) -> Result<(), AppError> {
        let active = self.active.read().await;
        let active = active.as_ref().ok_or(AppError::NotConnected)?;
        active.session.ensure_credentials()?;
        if let Some(scheduler) = &active.scheduler {
            scheduler.sync_now();
        }
        for location in &active.agency {
            location.scheduler.sync_now();
        }
        Ok(())
    }

    /// Replaces the active session: the old one's sync stops, the new one's starts.
    async fn activate(&self, session: Session) -> Arc<Session> {
        let session = Arc::new(session);
        let can_send = session.ensure_credentials().is_ok();
        let scheduler =
            can_send.then(|| Scheduler::start(session.syncer().clone(), self.schedule()));
        let jobs =
            can_send.then(|| Worker::start(session.syncer().clone(), self.job_events.clone()));
        let agency = match can_send {
            true => self.agency_locations(&session),
            false => Vec::new(),
        };
        let previous = self.active.write().await.replace(Active {
            session: session.clone(),
            scheduler,
            jobs,
            agency,
        });
        if let Some(previous) = previous {
            previous.session.syncer().cancel();
            for location in &previous.agency {
                location.session.syncer().cancel();
            }
        }
        tracing::info!(id = %session.info().id, "session opened");
        session
    }
}

impl AppState {
    /// A session and a scheduler, on the background sync runtime, for each other location
    /// of the active profile's agency that can send (none for a profile on its own).
    fn agency_locations(&self, active: &Session) -> Vec<AgencyLocation> {
        let Ok(profile) = self.accounts.profile(&active.info().id) else {
            return Vec::new();
        };
        let Some(agency) = profile.agency else {
            return Vec::new();
        };
        let Ok(runtime) = crate::session::background_runtime() else {
            return Vec::new();
        };
        let _on_background = runtime.enter();
        let others = self
            .accounts
            .agency_profiles(&agency.id)
            .unwrap_or_default();
        others
            .iter()
            .filter(|other| other.id != profile.id)
            .filter_map(|other| {
                let opened = Session::open_profile(&self.accounts, &other.id, Arc::new(Unheard))
                    .and_then(|session| session.ensure_credentials().map(|()| session));
                match opened {
                    Ok(session) => Some(session),
                    Err(error) => {
                        tracing::warn!(profile = %other.id, %error, "an agency location cannot sync");
                        None
                    }
                }
            })
            .map(|session| AgencyLocation {
                scheduler: Scheduler::start(session.syncer().clone(), self.schedule()),
                session: Arc::new(session),
            })
            .collect()
    }
}

/// Runs cache or keychain work (blocking calls) off the async runtime's threads.
pub async fn blocking<T: Send + 'static, E: Into<AppError> + Send + 'static>(
    work: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| AppError::Io {
            message: format!("a background task stopped: {error}"),
        })?
        .map_err(Into::into)
}
