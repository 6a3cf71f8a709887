//! Switching sessions: the demo, a profile, and what adding, reconnecting, rotating or
//! removing a profile does to the one that is open.

use std::sync::Arc;

use secrecy::SecretString;
use url::Url;

use super::sign_in::{self, AnswerBy};
use super::{blocking, AgencyLocation, AppState};
use crate::accounts::{BrowserStep, NewProfile, OAuthApp, OAuthSetup, Profile};
use crate::error::AppError;
use crate::jobs::Worker;
use crate::session::{Session, DEMO_ID};

impl AppState {
    /// The active profile, or the demo when there is none or it cannot open.
    pub async fn open_at_startup(&self) -> Result<Arc<Session>, AppError> {
        let opened = match self.accounts.active() {
            Ok(Some(profile)) => self.open_profile(&profile.id).await,
            Ok(None) => self.open_demo().await,
            Err(error) => Err(error.into()),
        };
        match opened {
            Ok(session) => Ok(session),
            Err(error) => {
                tracing::warn!(%error, "the active profile could not open; showing the demo");
                self.open_demo().await
            }
        }
    }

    pub async fn open_demo(&self) -> Result<Arc<Session>, AppError> {
        let events = self.router.location(DEMO_ID, "Demo workspace");
        let session = Session::open_demo(&self.data_dir, events).await?;
        Ok(self.activate(session).await)
    }

    /// Makes `reference` the active profile and shows it: at once when it is open as a
    /// location of the shown profile's agency, else opened with its agency's locations.
    pub async fn open_profile(&self, reference: &str) -> Result<Arc<Session>, AppError> {
        let profile = self.accounts.use_profile(reference)?;
        if let Some(shown) = self.show_open_location(&profile.id).await {
            return Ok(shown);
        }
        self.open_afresh(&profile).await
    }

    /// As `open_profile`, but opened afresh even when it is open: its credentials changed.
    async fn reopen_profile(&self, reference: &str) -> Result<Arc<Session>, AppError> {
        let profile = self.accounts.use_profile(reference)?;
        self.open_afresh(&profile).await
    }

    async fn open_afresh(&self, profile: &Profile) -> Result<Arc<Session>, AppError> {
        let events = self.router.location(&profile.id, &profile.name);
        let session = Session::open_profile_rebuilding(&self.accounts, &profile.id, events)?;
        Ok(self.activate(session).await)
    }

    /// Swaps a background location of the agency with the shown one, reopening nothing:
    /// both keep syncing, and the jobs worker moves to the newly shown one (the old
    /// worker stops first; a run still ending holds that profile's jobs lock, so no
    /// profile's jobs run twice). `None` when `profile_id` is not open in the background.
    async fn show_open_location(&self, profile_id: &str) -> Option<Arc<Session>> {
        let mut active = self.active.write().await;
        let active = active.as_mut()?;
        let index = active
            .agency
            .iter()
            .position(|location| location.session.info().id == profile_id)?;
        let shown = active.agency.remove(index);
        let hidden = std::mem::replace(&mut active.session, shown.session);
        let hidden_scheduler = active.scheduler.replace(shown.scheduler);
        drop(active.jobs.take());
        active.jobs = Some(Worker::start(
            active.session.syncer().clone(),
            self.job_events.clone(),
        ));
        // Nobody looks at its businesses now.
        hidden.syncer().focus_business(None);
        match hidden_scheduler {
            Some(scheduler) => active.agency.push(AgencyLocation {
                session: hidden,
                scheduler,
            }),
            None => hidden.syncer().cancel(),
        }
        self.router.show(profile_id);
        tracing::info!(id = %profile_id, "agency location shown");
        Some(active.session.clone())
    }

    /// Checks the token with a real one-contact read, stores it, and opens the profile.
    pub async fn add_token_profile(
        &self,
        settings: NewProfile,
        token: SecretString,
    ) -> Result<Arc<Session>, AppError> {
        let profile = self.accounts.add_private_token(settings, token).await?;
        self.open_profile(&profile.id).await
    }

    /// Opens the location chooser of the user's OAuth app and returns its address;
    /// [`AppState::finish_oauth_sign_in`] waits for the rest.
    pub async fn start_oauth_sign_in(
        &self,
        settings: NewProfile,
        app: OAuthApp,
        answer: AnswerBy,
        open: impl FnOnce(&Url) + Send + 'static,
    ) -> Result<String, AppError> {
        let accounts = self.accounts.clone();
        sign_in::start(
            &self.oauth_sign_in,
            answer,
            open,
            |redirect, open| async move {
                let setup = OAuthSetup {
                    name: settings.name,
                    environment: settings.environment,
                    base_url: settings.base_url,
                    app,
                    redirect,
                };
                Ok(accounts.connect_oauth(setup, open).await?)
            },
        )
        .await
    }

    /// Takes what the user pasted (when the sign-in waits for it), stores the tokens, and
    /// opens the profile.
    pub async fn finish_oauth_sign_in(
        &self,
        pasted: Option<String>,
    ) -> Result<Arc<Session>, AppError> {
        let profile = sign_in::finish(&self.oauth_sign_in, pasted).await?;
        self.open_profile(&profile.id).await
    }

    pub async fn cancel_oauth_sign_in(&self) {
        sign_in::cancel(&self.oauth_sign_in).await;
    }

    /// Runs the browser step again for a profile whose refresh token stopped working.
    pub async fn reconnect_profile(
        &self,
        reference: &str,
        open: impl FnOnce(&Url) + Send,
    ) -> Result<Arc<Session>, AppError> {
        let profile = self
            .accounts
            .reconnect_oauth(reference, BrowserStep::default(), open)
            .await?;
        self.reopen_profile(&profile.id).await
    }

    /// Checks the new token, then swaps it in; the old one is gone only once the new one
    /// works. The profile reopens if it is the active one (`Some` then), or in the
    /// background if it is a location synced there.
    pub async fn rotate_token(
        &self,
        reference: &str,
        token: SecretString,
    ) -> Result<Option<Arc<Session>>, AppError> {
        let profile = self.accounts.rotate(reference, token).await?;
        let active = self
            .session()
            .await
            .ok()
            .map(|session| session.info().id.clone());
        if active.as_deref() != Some(profile.id.as_str()) {
            self.close_if(&profile.id).await;
            self.follow_agency().await;
            return Ok(None);
        }
        Ok(Some(self.reopen_profile(&profile.id).await?))
    }

    /// Deletes the profile's keychain entries and cache. The session shown instead comes
    /// back as `Some`: another location of its agency when it was the shown one, or the
    /// demo when no session is left open.
    pub async fn remove_profile(&self, reference: &str) -> Result<Option<Arc<Session>>, AppError> {
        let profile = self.accounts.profile(reference)?;
        let shown = self.show_sibling_of(&profile.id).await?;
        self.close_if(&profile.id).await;
        let accounts = self.accounts.clone();
        blocking(move || accounts.remove(&profile.id)).await?;
        match self.session().await {
            Ok(_) => Ok(shown),
            Err(_) => Ok(Some(self.open_demo().await?)),
        }
    }

    /// When `profile_id` is the shown location, shows the first (by name) of its agency's
    /// other open locations instead, so removing it leaves the window in the agency.
    async fn show_sibling_of(&self, profile_id: &str) -> Result<Option<Arc<Session>>, AppError> {
        let sibling = {
            let active = self.active.read().await;
            active
                .as_ref()
                .filter(|active| active.session.info().id == profile_id)
                .and_then(|active| {
                    active
                        .agency
                        .iter()
                        .map(|location| location.session.info())
                        .min_by(|a, b| a.name.cmp(&b.name))
                        .map(|info| info.id.clone())
                })
        };
        match sibling {
            Some(id) => Ok(Some(self.open_profile(&id).await?)),
            None => Ok(None),
        }
    }

    /// Closes the active session if it is `profile_id`, or stops syncing it when it is one
    /// of the agency's other locations (before that profile is removed).
    pub(super) async fn close_if(&self, profile_id: &str) {
        let mut active = self.active.write().await;
        if let Some(open) = active.as_mut() {
            let (closing, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut open.agency)
                .into_iter()
                .partition(|location| location.session.info().id == profile_id);
            open.agency = kept;
            closing.into_iter().for_each(AgencyLocation::stop);
        }
        if active
            .as_ref()
            .is_some_and(|a| a.session.info().id == profile_id)
        {
            if let Some(closing) = active.take() {
                closing.session.syncer().cancel();
                closing.agency.into_iter().for_each(AgencyLocation::stop);
            }
        }
    }
}
