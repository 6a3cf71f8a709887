//! Agencies in the app: a sign-in that spans two calls (the chooser opens, then the
//! browser's answer arrives or the user pastes it), picking locations, and removing an
//! agency with the sessions of its locations.

use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use url::Url;

use super::{blocking, AppState};
use crate::accounts::{AccountsError, Agency, AgencySetup, Profile, Redirect};
use crate::error::AppError;
use crate::session::Session;

/// An agency sign-in under way: its task, and where a pasted redirect goes (none when the
/// loopback listener waits for it).
pub struct AgencySignIn {
    pasted: Option<oneshot::Sender<String>>,
    task: JoinHandle<Result<Agency, AppError>>,
}

/// How the browser's answer comes back to a sign-in.
pub enum AnswerBy {
    Loopback(crate::accounts::BrowserStep),
    /// The user pastes where the browser landed on this registered redirect URI.
    Pasting {
        redirect_uri: String,
    },
}

impl AppState {
    /// Starts connecting an agency and returns the chooser's address once `open` has had
    /// it; [`AppState::finish_agency_sign_in`] waits for the rest. Replaces a sign-in
    /// left under way.
    pub async fn start_agency_sign_in(
        &self,
        name: String,
        base_url: String,
        app: crate::accounts::OAuthApp,
        answer: AnswerBy,
        open: impl FnOnce(&Url) + Send + 'static,
    ) -> Result<String, AppError> {
        self.cancel_agency_sign_in().await;
        let (pasted, redirect) = match answer {
            AnswerBy::Loopback(step) => (None, Redirect::Loopback(step)),
            AnswerBy::Pasting { redirect_uri } => {
                let (send, receive) = oneshot::channel();
                let pasted = Box::pin(async move {
                    receive.await.map_err(|_| AccountsError::Authorization {
                        message: "the sign-in was cancelled".to_owned(),
                    })
                });
                (
                    Some(send),
                    Redirect::Pasted {
                        redirect_uri,
                        pasted,
                    },
                )
            }
        };
        let setup = AgencySetup {
            name,
            base_url,
            app,
            redirect,
        };
        let (chooser_sent, chooser) = oneshot::channel();
        let accounts = self.accounts.clone();
        let task = tokio::spawn(async move {
            let opened = move |url: &Url| {
                open(url);
                let _ = chooser_sent.send(url.to_string());
            };
            Ok(accounts.connect_agency(setup, opened).await?)
        });
        match chooser.await {
            Ok(url) => {
                *self.agency_sign_in.lock().await = Some(AgencySignIn { pasted, task });
                Ok(url)
            }
            // It ended before the chooser opened: the settings were refused.
            Err(_) => Err(joined(task.await).err().unwrap_or(AppError::Validation {
                messages: vec!["the sign-in ended before the browser opened".to_owned()],
            })),
        }
    }

    /// Hands over what the user pasted (when the sign-in waits for it) and waits for the
    /// agency to be connected.
    pub async fn finish_agency_sign_in(&self, pasted: Option<String>) -> Result<Agency, AppError> {
        let sign_in =
            self.agency_sign_in
                .lock()
                .await
                .take()
                .ok_or_else(|| AppError::Validation {
                    messages: vec!["no agency sign-in is under way: start again".to_owned()],
                })?;
        if let (Some(send), Some(pasted)) = (sign_in.pasted, pasted) {
            let _ = send.send(pasted);
        }
        joined(sign_in.task.await)
    }

    /// Stops a sign-in under way (the dialog closed), freeing the loopback port.
    pub async fn cancel_agency_sign_in(&self) {
        if let Some(sign_in) = self.agency_sign_in.lock().await.take() {
            sign_in.task.abort();
        }
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

fn joined(
    finished: Result<Result<Agency, AppError>, tokio::task::JoinError>,
) -> Result<Agency, AppError> {
    finished.map_err(|error| AppError::Io {
        message: format!("the sign-in stopped: {error}"),
    })?
}
