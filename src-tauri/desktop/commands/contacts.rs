use jiff::Timestamp;
use tauri::State;

use super::blocking;
use crate::app::{AppState, OpenedContact};
use crate::cache::{ContactFilter, ContactListPage, ContactSort, Facets};
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
    state
        .read_cache(move |cache| {
            cache.list_contacts(&filter, sort, offset, limit, Timestamp::now())
        })
        .await
}

/// The tags and owners in use, for the list's filters.
#[tauri::command]
#[specta::specta]
pub async fn contact_facets(state: State<'_, AppState>) -> Result<Facets, AppError> {
    state.read_cache(|cache| cache.facets()).await
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
    state.open_contact(contact_id).await
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
    state.refresh_contact(&contact_id).await
}

/// Watched contacts sync first and raise desktop notifications when their tasks change.
#[tauri::command]
#[specta::specta]
pub async fn watch_contact(
    state: State<'_, AppState>,
    contact_id: String,
    watched: bool,
) -> Result<(), AppError> {
    state
        .read_cache(move |cache| cache.set_watched(&contact_id, watched))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn create_contact(
    state: State<'_, AppState>,
    fields: ContactFields,
) -> Result<Contact, AppError> {
    state.create_contact(fields).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_contact(
    state: State<'_, AppState>,
    contact_id: String,
    fields: ContactFields,
) -> Result<Contact, AppError> {
    state.update_contact(contact_id, fields).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_contact(
    state: State<'_, AppState>,
    contact_id: String,
) -> Result<(), AppError> {
    state.delete_contact(contact_id).await
}

/// Adds tags; answers with all of the contact's tags afterwards.
#[tauri::command]
#[specta::specta]
pub async fn add_tags(
    state: State<'_, AppState>,
    contact_id: String,
    tags: Vec<String>,
) -> Result<Vec<String>, AppError> {
    state.add_tags(contact_id, tags).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_tag(
    state: State<'_, AppState>,
    contact_id: String,
    tag: String,
) -> Result<Vec<String>, AppError> {
    state.remove_tag(contact_id, tag).await
}
