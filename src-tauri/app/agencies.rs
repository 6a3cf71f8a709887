//! Agencies in the app: connecting one (a sign-in over two calls, see `sign_in`), picking
//! its locations, and removing it with the sessions of its locations.

use std::sync::Arc;

use url::Url;

use super::sign_in::{self, AnswerBy};
use super::{blocking, AgencyLocation, AppState};
use crate::accounts::{Agency, AgencySetup, OAuthApp, Profile};
use crate::error::AppError;
use crate::session::Session;

impl AppState {
    /// Opens the agency app's chooser and returns its address;
    /// [`AppState::finish_agency_sign_in`] waits for the rest.
    pub async fn start_agency_sign_in(
        &self,
        name: String,
        base_url: String,
        app: OAuthApp,
        answer: AnswerBy,
        open: impl FnOnce(&Url) + Send + 'static,
    ) -> Result<String, AppError> {
        let accounts = self.accounts.clone();
        sign_in::start(
            &self.agency_sign_in,
            answer,
            open,
            |redirect, open| async move {
                let setup = AgencySetup {
                    name,
                    base_url,
                    app,
                    redirect,
                };
                Ok(accounts.connect_agency(setup, open).await?)
            },
        )
        .await
    }

    /// Hands over what the user pasted (when the sign-in waits for it) and waits for the
    /// agency to be connected.
    pub async fn finish_agency_sign_in(&self, pasted: Option<String>) -> Result<Agency, AppError> {
        sign_in::finish(&self.agency_sign_in, pasted).await
    }

    pub async fn cancel_agency_sign_in(&self) {
        sign_in::cancel(&self.agency_sign_in).await;
    }

    /// Adds the chosen locations; when the demo is open, the first one added opens.
    pub async fn add_agency_locations(
        &self,
        agency: &str,
        location_ids: &[String],
    ) -> Result<Option<Arc<Session>>, AppError> {
        let added: Vec<Profile> = self
            .accounts
            .add_agency_locations(agency, location_ids)
            .await?;
        let demo_open = self.session().await.map_or(true, |session| {
            session.info().kind == crate::session::SessionKind::Demo
        });
        match added.first() {
            Some(first) if demo_open => Ok(Some(self.open_profile(&first.id).await?)),
            _ => {
                self.follow_agency().await;
                Ok(None)
            }
        }
    }

    /// Puts Private Integration Token profiles into the agency named `name` (made if new);
    /// when the shown profile is in it, they start syncing in the background at once.
    pub async fn group_into_agency(
        &self,
        name: String,
        profile_ids: Vec<String>,
    ) -> Result<Agency, AppError> {
        let accounts = self.accounts.clone();
        let agency = blocking(move || accounts.group_into_agency(&name, &profile_ids)).await?;
        self.follow_agency().await;
        Ok(agency)
    }

    /// Brings the background locations in line with the accounts: each other location of
    /// the shown profile's agency syncs, once, and no profile outside it (locations were
    /// added, profiles grouped into or out of it, a token rotated). None while the shown
    /// one cannot send, as when it opened.
    pub(super) async fn follow_agency(&self) {
        let (shown, open) = {
            let active = self.active.read().await;
            let Some(active) = active.as_ref().filter(|a| a.scheduler.is_some()) else {
                return;
            };
            let open: Vec<String> = active
                .agency
                .iter()
                .map(|location| location.session.info().id.clone())
                .collect();
            (active.session.info().id.clone(), open)
        };
        let others = self.agency_others(&shown);
        let members: Vec<String> = others
            .iter()
            .map(|profile| profile.id.clone())
            .chain(std::iter::once(shown))
            .collect();
        let missing = others
            .into_iter()
            .filter(|profile| !open.contains(&profile.id))
            .collect();
        let opened = self.open_in_background(missing).await;

        let mut active = self.active.write().await;
        // Another location of the agency may be shown by now; another agency's, never.
        let Some(active) = active
            .as_mut()
            .filter(|a| a.scheduler.is_some() && members.contains(&a.session.info().id))
        else {
            opened.into_iter().for_each(AgencyLocation::stop);
            return;
        };
        let shown = active.session.info().id.clone();
        let belongs = |location: &AgencyLocation, open: &[AgencyLocation]| {
            let id = &location.session.info().id;
            members.contains(id)
                && *id != shown
                && !open.iter().any(|other| other.session.info().id == *id)
        };
        for location in std::mem::take(&mut active.agency).into_iter().chain(opened) {
            match belongs(&location, &active.agency) {
                true => active.agency.push(location),
                false => location.stop(),
            }
        }
    }

    /// Stops and removes every location of the agency, then the agency. When no session
    /// is left open, the demo opens and comes back as `Some`.
    pub async fn remove_agency(&self, reference: &str) -> Result<Option<Arc<Session>>, AppError> {
        let agency = self.accounts.agency(reference)?;
        for profile in self.accounts.agency_profiles(&agency.id)? {
            self.close_if(&profile.id).await;
        }
        let accounts = self.accounts.clone();
        blocking(move || accounts.remove_agency(&agency.id)).await?;
        match self.session().await {
            Ok(_) => Ok(None),
            Err(_) => Ok(Some(self.open_demo().await?)),
        }
    }
}
