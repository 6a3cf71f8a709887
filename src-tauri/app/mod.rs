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
mod routing;
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

use crate::accounts::{Accounts, Profile};
use crate::cache::Cache;
use crate::error::AppError;
use crate::jobs::{JobEvents, Worker};
use crate::locations::Location;
use crate::session::Session;
use crate::sync::{Schedule, Scheduler, SyncEvents};
use routing::Router;

pub struct AppState {
    pub accounts: Arc<Accounts>,
    data_dir: PathBuf,
    /// Every session opened here hears through it (`routing`).
    router: Router,
    job_events: Arc<dyn JobEvents>,
    active: RwLock<Option<Active>>,
    schedule: std::sync::Mutex<Schedule>,
    /// Sign-ins between their two calls: an agency's, a location's.
    agency_sign_in: sign_in::Slot<crate::accounts::Agency>,
    oauth_sign_in: sign_in::Slot<crate::accounts::Profile>,
}

struct Active {
    /// The shown session: its sync events are the UI's.
    session: Arc<Session>,
    scheduler: Option<Scheduler>,
    /// Runs the shown session's bulk jobs; it resumes what a crash or a quit left. One
    /// worker at a time: it follows the shown session.
    jobs: Option<Worker>,
    /// The other locations of the shown profile's agency, synced on the same schedule
    /// in the background, so "All locations" reads fresh caches and showing one of them
    /// reopens nothing.
    agency: Vec<AgencyLocation>,
}

struct AgencyLocation {
    session: Arc<Session>,
    scheduler: Scheduler,
}

impl AgencyLocation {
    /// Stops its sync: the run in flight ends, and no other starts.
    fn stop(self) {
        self.session.syncer().cancel();
    }
}

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
            router: Router::new(events),
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

    /// Every open location, the shown one's and its agency's others, with its cache, by
    /// name: what "All locations" reads without opening a cache again. One location when
    /// the shown profile is in no agency, none before the first session opens.
    pub async fn open_locations(&self) -> Vec<(Location, Arc<Cache>)> {
        let active = self.active.read().await;
        let Some(active) = active.as_ref() else {
            return Vec::new();
        };
        let mut open: Vec<(Location, Arc<Cache>)> = std::iter::once(&active.session)
            .chain(active.agency.iter().map(|location| &location.session))
            .map(|session| {
                let info = session.info();
                let location = Location {
                    profile_id: info.id.clone(),
                    name: info.name.clone(),
                    location_id: info.location_id.clone(),
                };
                (location, session.syncer().cache().clone())
            })
            .collect();
        open.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        open
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

    /// Replaces the active session: the old one's sync stops, the new one's starts, and so
    /// do those of the locations of its agency.
    async fn activate(&self, session: Session) -> Arc<Session> {
        let session = Arc::new(session);
        let can_send = session.ensure_credentials().is_ok();
        let scheduler =
            can_send.then(|| Scheduler::start(session.syncer().clone(), self.schedule()));
        let jobs =
            can_send.then(|| Worker::start(session.syncer().clone(), self.job_events.clone()));
        let agency = match can_send {
            true => {
                self.open_in_background(self.agency_others(&session.info().id))
                    .await
            }
            false => Vec::new(),
        };
        let previous = {
            let mut active = self.active.write().await;
            self.router.show(&session.info().id);
            active.replace(Active {
                session: session.clone(),
                scheduler,
                jobs,
                agency,
            })
        };
        if let Some(previous) = previous {
            previous.session.syncer().cancel();
            previous.agency.into_iter().for_each(AgencyLocation::stop);
        }
        tracing::info!(id = %session.info().id, "session opened");
        session
    }
}

impl AppState {
    /// The other profiles of `profile_id`'s agency (none for a profile on its own).
    fn agency_others(&self, profile_id: &str) -> Vec<Profile> {
        let Ok(profile) = self.accounts.profile(profile_id) else {
            return Vec::new();
        };
        let Some(agency) = profile.agency else {
            return Vec::new();
        };
        let mut others = self
            .accounts
            .agency_profiles(&agency.id)
            .unwrap_or_default();
        others.retain(|other| other.id != profile.id);
        others
    }

    /// A session and a scheduler, on the background sync runtime, for each profile that
    /// can send; the caches open off the async runtime's threads (each is checked first).
    async fn open_in_background(&self, profiles: Vec<Profile>) -> Vec<AgencyLocation> {
        if profiles.is_empty() {
            return Vec::new();
        }
        let accounts = self.accounts.clone();
        let router = self.router.clone();
        let schedule = self.schedule();
        let opened = blocking(move || {
            let runtime = crate::session::background_runtime()?;
            let _on_background = runtime.enter();
            Ok::<_, AppError>(
                profiles
                    .iter()
                    .filter_map(|profile| open_location(&accounts, &router, profile))
                    .map(|session| AgencyLocation {
                        scheduler: Scheduler::start(session.syncer().clone(), schedule),
                        session: Arc::new(session),
                    })
                    .collect(),
            )
        });
        opened.await.unwrap_or_else(|error| {
            tracing::warn!(%error, "the agency's locations cannot sync");
            Vec::new()
        })
    }
}

/// The profile's session, heard as a background location, if it can send.
fn open_location(accounts: &Accounts, router: &Router, profile: &Profile) -> Option<Session> {
    let events = router.location(&profile.id, &profile.name);
    let opened = Session::open_profile(accounts, &profile.id, events)
        .and_then(|session| session.ensure_credentials().map(|()| session));
    match opened {
        Ok(session) => Some(session),
        Err(error) => {
            tracing::warn!(profile = %profile.id, %error, "an agency location cannot sync");
            None
        }
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
