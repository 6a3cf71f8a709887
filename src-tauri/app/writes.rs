//! The app's writes: checked before anything is sent, sent in the interactive lane
//! through `crate::writes` (so the cache follows), and what HighLevel said about them
//! kept as the profile's write access.

use std::future::Future;
use std::sync::Arc;

use super::AppState;
use crate::error::AppError;
use crate::highlevel::{
    Api, Contact, ContactFields, NewTask, Note, NoteFields, TagChange, Task, TaskChanges,
};
use crate::session::{Session, SessionKind};
use crate::sync::{SyncError, Syncer};
use crate::writes::{
    check_contact, check_new_note, check_new_task, check_note_changes, check_tags,
    check_task_changes,
};

impl AppState {
    pub async fn create_contact(&self, fields: ContactFields) -> Result<Contact, AppError> {
        check_contact(&fields)?;
        self.write(|syncer, api| async move { syncer.create_contact(&api, &fields).await })
            .await
    }

    pub async fn update_contact(
        &self,
        contact_id: String,
        fields: ContactFields,
    ) -> Result<Contact, AppError> {
        check_contact(&fields)?;
        self.write(
            |syncer, api| async move { syncer.update_contact(&api, &contact_id, &fields).await },
        )
        .await
    }

    pub async fn delete_contact(&self, contact_id: String) -> Result<(), AppError> {
        self.write(|syncer, api| async move { syncer.delete_contact(&api, &contact_id).await })
            .await
    }

    /// Adds tags; answers with all of the contact's tags afterwards.
    pub async fn add_tags(
        &self,
        contact_id: String,
        tags: Vec<String>,
    ) -> Result<Vec<String>, AppError> {
        let tags = check_tags(tags)?;
        self.write(|syncer, api| async move {
            syncer
                .change_tags(&api, &contact_id, TagChange::Add, &tags)
                .await
        })
        .await
    }

    /// Removes one tag (`DELETE /contacts/:id/tags`, the others untouched); answers with
    /// the contact's tags afterwards.
    pub async fn remove_tag(
        &self,
        contact_id: String,
        tag: String,
    ) -> Result<Vec<String>, AppError> {
        let tags = check_tags(vec![tag])?;
        self.write(|syncer, api| async move {
            syncer
                .change_tags(&api, &contact_id, TagChange::Remove, &tags)
                .await
        })
        .await
    }

    pub async fn create_note(
        &self,
        contact_id: String,
        note: NoteFields,
    ) -> Result<Note, AppError> {
        check_new_note(&note)?;
        self.write(|syncer, api| async move { syncer.create_note(&api, &contact_id, &note).await })
            .await
    }

    pub async fn update_note(
        &self,
        contact_id: String,
        note_id: String,
        changes: NoteFields,
    ) -> Result<Note, AppError> {
        check_note_changes(&changes)?;
        self.write(|syncer, api| async move {
            syncer
                .update_note(&api, &contact_id, &note_id, &changes)
                .await
        })
        .await
    }

    pub async fn delete_note(&self, contact_id: String, note_id: String) -> Result<(), AppError> {
        self.write(
            |syncer, api| async move { syncer.delete_note(&api, &contact_id, &note_id).await },
        )
        .await
    }

    pub async fn create_task(&self, contact_id: String, task: NewTask) -> Result<Task, AppError> {
        check_new_task(&task)?;
        self.write(|syncer, api| async move { syncer.create_task(&api, &contact_id, &task).await })
            .await
    }

    pub async fn update_task(
        &self,
        contact_id: String,
        task_id: String,
        changes: TaskChanges,
    ) -> Result<Task, AppError> {
        check_task_changes(&changes)?;
        self.write(|syncer, api| async move {
            syncer
                .update_task(&api, &contact_id, &task_id, &changes)
                .await
        })
        .await
    }

    pub async fn set_task_completed(
        &self,
        contact_id: String,
        task_id: String,
        completed: bool,
    ) -> Result<Task, AppError> {
        self.write(|syncer, api| async move {
            syncer
                .set_task_completed(&api, &contact_id, &task_id, completed)
                .await
        })
        .await
    }

    pub async fn delete_task(&self, contact_id: String, task_id: String) -> Result<(), AppError> {
        self.write(
            |syncer, api| async move { syncer.delete_task(&api, &contact_id, &task_id).await },
        )
        .await
    }

    /// Runs one write in the active session's interactive lane, once it can authenticate.
    async fn write<T, Fut>(&self, call: impl FnOnce(Arc<Syncer>, Api) -> Fut) -> Result<T, AppError>
    where
        Fut: Future<Output = Result<T, SyncError>>,
    {
        self.write_in(self.session().await?, call).await
    }

    /// Runs one write in `session`'s interactive lane, once it can authenticate.
    pub(super) async fn write_in<T, Fut>(
        &self,
        session: Arc<Session>,
        call: impl FnOnce(Arc<Syncer>, Api) -> Fut,
    ) -> Result<T, AppError>
    where
        Fut: Future<Output = Result<T, SyncError>>,
    {
        session.ensure_credentials()?;
        let api = session.syncer().client().interactive();
        let result = call(session.syncer().clone(), api).await;
        self.noted(&session, result)
    }

    /// Records what the write taught about the token's scopes, then hands back the result.
    pub fn noted<T>(&self, session: &Session, result: Result<T, SyncError>) -> Result<T, AppError> {
        if session.info().kind == SessionKind::Profile {
            let outcome: Result<(), crate::highlevel::Error> = match &result {
                Ok(_) => Ok(()),
                Err(SyncError::Api(error)) => Err(error.clone()),
                Err(SyncError::Cache(_) | SyncError::DailyReserve(_)) => Ok(()),
            };
            if let Err(error) = self
                .accounts
                .note_write_outcome(&session.info().id, &outcome)
            {
                tracing::warn!(%error, "write access could not be recorded");
            }
        }
        result.map_err(Into::into)
    }
}
