//! "All locations" in the window: reads over the caches of the sessions already open (the
//! shown location's and its agency's others), never reopened per read.

use std::sync::Arc;

use super::{blocking, AppState};
use crate::error::AppError;
use crate::highlevel::Task;
use crate::locations::AllLocations;
use crate::session::Session;

impl AppState {
    /// Runs `read` over the open locations of `only` (all when empty), off the async
    /// runtime's threads.
    pub async fn read_locations<T, E>(
        &self,
        only: Vec<String>,
        read: impl FnOnce(&AllLocations) -> Result<T, E> + Send + 'static,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        E: Into<AppError> + Send + 'static,
    {
        let all = AllLocations::of_open(self.open_locations().await).only(&only);
        blocking(move || read(&all)).await
    }

    /// The open session of `profile_id`: the shown location's or one syncing beside it.
    async fn session_of(&self, profile_id: &str) -> Result<Arc<Session>, AppError> {
        let active = self.active.read().await;
        let active = active.as_ref().ok_or(AppError::NotConnected)?;
        std::iter::once(&active.session)
            .chain(active.agency.iter().map(|location| &location.session))
            .find(|session| session.info().id == profile_id)
            .cloned()
            .ok_or(AppError::NotConnected)
    }

    /// Completes or reopens a task of any open location without showing that location:
    /// the inbox across locations ticks tasks where they live.
    pub async fn set_task_completed_in(
        &self,
        profile_id: &str,
        contact_id: String,
        task_id: String,
        completed: bool,
    ) -> Result<Task, AppError> {
        let session = self.session_of(profile_id).await?;
        self.write_in(session, |syncer, api| async move {
            syncer
                .set_task_completed(&api, &contact_id, &task_id, completed)
                .await
        })
        .await
    }
}
