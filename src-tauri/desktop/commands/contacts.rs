use jiff::Timestamp;
use serde::Serialize;
use tauri::State;

use super::blocking;
use crate::cache::{ContactFilter, ContactListPage, ContactSort, Facets};
use crate::desktop::state::AppState;
use crate::desktop::writes;
use crate::error::AppError;
use crate::highlevel::{Contact, ContactFields};
use crate::sync::ContactWorkspace;

/// One window of the contact list, straight from the cache.
#[tauri::command]
#[specta::specta]
pub async fn list_contacts(
    state: State<'_, AppState>,
    filter: ContactFilter,
    sort: ContactSort,
    offset: u32,
    limit: u32,
) -> Result<ContactListPage, AppError> {
    let cache = state.session().await?.syncer().cache().clone();
    blocking(move || cache.list_contacts(&filter, sort, offset, limit, Timestamp::now())).await
}

/// The tags and owners in use, for the list's filters.
#[tauri::command]
#[specta::specta]
pub async fn contact_facets(state: State<'_, AppState>) -> Result<Facets, AppError> {
    let cache = state.session().await?.syncer().cache().clone();
    blocking(move || cache.facets()).await
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OpenedContact {
    /// What the cache has, at once; `None` only if the contact was never seen.
    pub workspace: Option<ContactWorkspace>,
    /// A refresh is running; `ContactRefreshed` announces its result.
    pub refreshing: bool,
}

/// Cache first: returns what is stored at once and refreshes in the background (the
/// contact and its tasks, notes and appointments, fetched together). A contact the
/// cache has never seen is fetched before answering.
#[tauri::command]
#[specta::specta]
pub async fn open_contact(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<OpenedContact, AppError> {
    let session = state.session().await?;
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
                tauri::async_runtime::spawn(async move {
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

/// What the cache holds for the contact, without refreshing (after `ContactRefreshed`).
#[tauri::command]
#[specta::specta]
pub async fn cached_contact(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<Option<ContactWorkspace>, AppError> {
    let syncer = state.session().await?.syncer().clone();
    blocking(move || syncer.cached_workspace(&contact_id)).await
}

/// Fetches the contact and its details now and answers with the fresh workspace.
#[tauri::command]
#[specta::specta]
pub async fn refresh_contact(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<ContactWorkspace, AppError> {
    let session = state.session().await?;
    session.ensure_credentials()?;
    Ok(session.syncer().refresh_workspace(&contact_id).await?)
}

/// Watched contacts sync first and raise desktop notifications when their tasks change.
#[tauri::command]
#[specta::specta]
pub async fn watch_contact(
    state: State<'_, AppState>,
    contact_id: String,
    watched: bool,
) -> Result<(), AppError> {
    let cache = state.session().await?.syncer().cache().clone();
    blocking(move || cache.set_watched(&contact_id, watched)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_contact(
    state: State<'_, AppState>,
    fields: ContactFields,
) -> Result<Contact, AppError> {
    writes::check_contact(&fields)?;
    let session = state.session().await?;
    let api = writes::api(&session)?;
    let result = session.syncer().create_contact(&api, &fields).await;
    writes::noted(&state, &session, result)
}

#[tauri::command]
#[specta::specta]
pub async fn update_contact(
    state: State<'_, AppState>,
    contact_id: String,
    fields: ContactFields,
) -> Result<Contact, AppError> {
    writes::check_contact(&fields)?;
    let session = state.session().await?;
    let api = writes::api(&session)?;
    let result = session
        .syncer()
        .update_contact(&api, &contact_id, &fields)
        .await;
    writes::noted(&state, &session, result)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_contact(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<(), AppError> {
    let session = state.session().await?;
    let api = writes::api(&session)?;
    let result = session.syncer().delete_contact(&api, &contact_id).await;
    writes::noted(&state, &session, result)
}

/// Adds tags; answers with all of the contact's tags afterwards.
#[tauri::command]
#[specta::specta]
pub async fn add_tags(
    state: State<'_, AppState>,
    contact_id: String,
    tags: Vec<String>,
) -> Result<Vec<String>, AppError> {
    let tags = writes::check_tags(tags)?;
    let session = state.session().await?;
    let api = writes::api(&session)?;
    let result = session.syncer().add_tags(&api, &contact_id, &tags).await;
    writes::noted(&state, &session, result)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_tag(
    state: State<'_, AppState>,
    contact_id: String,
    tag: String,
) -> Result<Contact, AppError> {
    let session = state.session().await?;
    let api = writes::api(&session)?;
    let result = session.syncer().remove_tag(&api, &contact_id, &tag).await;
    writes::noted(&state, &session, result)
}
