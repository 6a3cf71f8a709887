//! What the running app holds: the accounts, the active session and its scheduler.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::RwLock;

use crate::accounts::Accounts;
use crate::error::AppError;
use crate::session::Session;
use crate::sync::{Schedule, Scheduler, SyncEvents};

pub struct AppState {
    pub accounts: Arc<Accounts>,
    data_dir: PathBuf,
    events: Arc<dyn SyncEvents>,
    active: RwLock<Option<Active>>,
    schedule: std::sync::Mutex<Schedule>,
}

struct Active {
    session: Arc<Session>,
    scheduler: Option<Scheduler>,
}

impl AppState {
    pub fn new(accounts: Arc<Accounts>, data_dir: PathBuf, events: Arc<dyn SyncEvents>) -> Self {
        Self {
            accounts,
            data_dir,
            events,
            active: RwLock::new(None),
            schedule: std::sync::Mutex::new(Schedule::default()),
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

    /// Opens the active profile, or the demo workspace when there is none.
    pub async fn open_startup_session(&self) -> Result<Arc<Session>, AppError> {
        match self.accounts.active()? {
            Some(profile) => self.open_profile(&profile.id).await,
            None => self.open_demo().await,
        }
    }

    pub async fn open_demo(&self) -> Result<Arc<Session>, AppError> {
        let session = Session::open_demo(&self.data_dir, self.events.clone()).await?;
        Ok(self.activate(session).await)
    }

    /// Makes `reference` the active profile and opens it.
    pub async fn open_profile(&self, reference: &str) -> Result<Arc<Session>, AppError> {
        let profile = self.accounts.use_profile(reference)?;
        let session =
            Session::open_profile_rebuilding(&self.accounts, &profile.id, self.events.clone())?;
        Ok(self.activate(session).await)
    }

    /// Closes the active session if it is `profile_id` (before that profile is removed).
    pub async fn close_if(&self, profile_id: &str) {
        let mut active = self.active.write().await;
        if active
            .as_ref()
            .is_some_and(|a| a.session.info().id == profile_id)
        {
            if let Some(closing) = active.take() {
                closing.session.syncer().cancel();
            }
        }
    }

    pub fn schedule(&self) -> Schedule {
        *crate::locks::lock(&self.schedule)
    }

    pub async fn set_schedule(&self, schedule: Schedule) {
        *crate::locks::lock(&self.schedule) = schedule;
        if let Some(scheduler) = self
            .active
            .read()
            .await
            .as_ref()
            .and_then(|a| a.scheduler.as_ref())
        {
            scheduler.set_schedule(schedule);
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
        Ok(())
    }

    /// Replaces the active session: the old one's sync stops, the new one's starts.
    async fn activate(&self, session: Session) -> Arc<Session> {
        let session = Arc::new(session);
        let scheduler = session
            .ensure_credentials()
            .is_ok()
            .then(|| Scheduler::start(session.syncer().clone(), self.schedule()));
        let previous = self.active.write().await.replace(Active {
            session: session.clone(),
            scheduler,
        });
        if let Some(previous) = previous {
            previous.session.syncer().cancel();
        }
        tracing::info!(id = %session.info().id, "session opened");
        session
    }
}
