//! Agencies in the app: connecting one (a sign-in over two calls, see `sign_in`), picking
//! its locations, and removing it with the sessions of its locations.

use std::sync::Arc;

use url::Url;

use super::sign_in::{self, AnswerBy};
use super::{blocking, AppState};
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
            _ => Ok(None),
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
