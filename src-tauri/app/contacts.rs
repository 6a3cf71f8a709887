//! Opening a contact, cache first: what is stored comes back at once and a refresh
//! runs in the background, so a screen never waits on the network when it has something
//! to show.

use jiff::Timestamp;
use serde::Serialize;

use super::{blocking, AppState};
use crate::error::AppError;
use crate::sync::ContactWorkspace;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OpenedContact {
    /// What the cache has, at once; `None` only if the contact was never seen.
    pub workspace: Option<ContactWorkspace>,
    /// A refresh is running; `ContactRefreshed` announces its result.
    pub refreshing: bool,
}

impl AppState {
    /// What is stored, at once, with a background refresh when HighLevel can answer; a
    /// contact the cache has never seen is fetched before answering.
    pub async fn open_contact(&self, contact_id: String) -> Result<OpenedContact, AppError> {
        let session = self.session().await?;
        let syncer = session.syncer().clone();
        let cached = {
            let syncer = syncer.clone();
            let id = contact_id.clone();
            blocking(move || {
                let cached = syncer.cached_workspace(&id)?;
                syncer.cache().mark_viewed(&id, Timestamp::now())?;
                Ok::<_, AppError>(cached)
            })
            .await?
        };
        syncer.focus_business(cached.as_ref().and_then(|w| w.contact.business_id.clone()));
        let can_refresh = session.ensure_credentials().is_ok() && syncer.connectivity().is_online();
        match cached {
            None => {
                session.ensure_credentials()?;
                let workspace = syncer.refresh_workspace(&contact_id).await?;
                syncer.focus_business(workspace.contact.business_id.clone());
                Ok(OpenedContact {
                    workspace: Some(workspace),
                    refreshing: false,
                })
            }
            Some(workspace) => {
                if can_refresh {
                    tokio::spawn(async move {
                        if let Err(error) = syncer.refresh_workspace(&contact_id).await {
                            tracing::info!(%error, "a contact refresh failed; the cached copy stays");
                        }
                    });
                }
                Ok(OpenedContact {
                    workspace: Some(workspace),
                    refreshing: can_refresh,
                })
            }
        }
    }

    /// Fetches the contact and its details now and answers with the fresh workspace.
    pub async fn refresh_contact(&self, contact_id: &str) -> Result<ContactWorkspace, AppError> {
        let session = self.session().await?;
        session.ensure_credentials()?;
        Ok(session.syncer().refresh_workspace(contact_id).await?)
    }
}
