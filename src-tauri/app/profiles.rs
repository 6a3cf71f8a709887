//! Switching sessions: the demo, a profile, and what adding, reconnecting, rotating or
//! removing a profile does to the one that is open.

use std::sync::Arc;

use secrecy::SecretString;
use url::Url;

use super::sign_in::{self, AnswerBy};
use super::{blocking, AppState};
use crate::accounts::{BrowserStep, NewProfile, OAuthApp, OAuthSetup};
use crate::error::AppError;
use crate::session::Session;

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
        self.open_profile(&profile.id).await
    }

    /// Checks the new token, then swaps it in; the old one is gone only once the new one
    /// works. The profile reopens if it is the active one (`Some` then).
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
            return Ok(None);
        }
        Ok(Some(self.open_profile(&profile.id).await?))
    }

    /// Deletes the profile's keychain entries and cache. When no session is left open (it
    /// was the active one), the demo opens and comes back as `Some`.
    pub async fn remove_profile(&self, reference: &str) -> Result<Option<Arc<Session>>, AppError> {
        let profile = self.accounts.profile(reference)?;
        self.close_if(&profile.id).await;
        let accounts = self.accounts.clone();
        blocking(move || accounts.remove(&profile.id)).await?;
        match self.session().await {
            Ok(_) => Ok(None),
            Err(_) => Ok(Some(self.open_demo().await?)),
        }
    }

    /// Closes the active session if it is `profile_id`, or stops syncing it when it is one
    /// of the agency's other locations (before that profile is removed).
    pub(super) async fn close_if(&self, profile_id: &str) {
        let mut active = self.active.write().await;
        if let Some(open) = active.as_mut() {
            open.agency.retain(|location| {
                let removed = location.session.info().id == profile_id;
                if removed {
                    location.session.syncer().cancel();
                }
                !removed
            });
        }
        if active
            .as_ref()
            .is_some_and(|a| a.session.info().id == profile_id)
        {
            if let Some(closing) = active.take() {
                closing.session.syncer().cancel();
            }
        }
    }
}
