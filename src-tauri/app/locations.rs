//! "All locations" in the window: reads over the caches of the sessions already open (the
//! shown location's and its agency's others), never reopened per read.

use std::sync::Arc;

use super::{blocking, AppState};
use crate::cache::Cache;
use crate::error::AppError;
use crate::locations::{AllLocations, Location};
use crate::session::Session;

impl AppState {
    /// The shown location and every other location of its agency syncing beside it, each
    /// with its open cache, by name; just the shown one outside an agency.
    pub async fn open_locations(&self) -> Vec<(Location, Arc<Cache>)> {
        let active = self.active.read().await;
        let Some(active) = active.as_ref() else {
            return Vec::new();
        };
        let mut open: Vec<(Location, Arc<Cache>)> = std::iter::once(&active.session)
            .chain(active.agency.iter().map(|location| &location.session))
            .map(|session| located(session))
            .collect();
        open.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        open
    }

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
}

fn located(session: &Session) -> (Location, Arc<Cache>) {
    let info = session.info();
    let location = Location {
        profile_id: info.id.clone(),
        name: info.name.clone(),
        location_id: info.location_id.clone(),
    };
    (location, session.syncer().cache().clone())
}
