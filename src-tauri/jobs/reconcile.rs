//! An item whose request may have left (a crash while `Sending`, or an answer lost on the
//! way back) is never sent again blindly: HighLevel is read to see whether it applied.
//! A bulk write applies to all of its contacts or none, so one contact that does not
//! show the change means the request never landed.

use super::send::{business_undo, cached_contacts, store_contacts, Finished};
use super::{ContactResult, Write};
use crate::highlevel::{Api, Contact, Error, NewTask, TagChange};
use crate::sync::{SyncError, Syncer};

/// `Some` when the write applied (with its results and undo), `None` when it did not.
pub(super) async fn reconcile(
    syncer: &Syncer,
    api: &Api,
    write: &Write,
) -> Result<Option<Finished>, SyncError> {
    match write {
        Write::Tags {
            change,
            contacts,
            tags,
        } => {
            let read = read_contacts(syncer, api, contacts).await?;
            let applied = read.iter().all(|contact| has_tags(contact, *change, tags));
            store_contacts(syncer, &read)?;
            Ok(applied.then(|| tags_applied(*change, contacts, tags)))
        }
        Write::Business {
            contacts,
            business_id,
        } => {
            // The cache still holds where they were: it follows a write only once answered.
            let before = cached_contacts(syncer, contacts)?;
            let read = read_contacts(syncer, api, contacts).await?;
            let applied = read
                .iter()
                .all(|contact| contact.business_id == *business_id);
            store_contacts(syncer, &read)?;
            Ok(applied.then(|| Finished::done(all_ok(contacts), business_undo(&before))))
        }
        Write::CreateTask { contact_id, task } => {
            let tasks = checked(syncer, api.tasks(contact_id).list().await)?;
            let applied = tasks.iter().any(|found| same_task(found, task));
            Ok(applied.then(|| Finished::done(all_ok(std::slice::from_ref(contact_id)), vec![])))
        }
        Write::DeleteContact { contact_id } => match api.contacts().get(contact_id).await {
            Err(Error::NotFound { .. }) => {
                syncer.cache().delete_contact(contact_id)?;
                syncer.events().contacts_changed();
                Ok(Some(Finished::done(
                    vec![ContactResult::ok(contact_id)],
                    vec![],
                )))
            }
            other => checked(syncer, other).map(|_| None),
        },
    }
}

/// The contacts as HighLevel has them now; one deleted since is left out.
async fn read_contacts(
    syncer: &Syncer,
    api: &Api,
    ids: &[String],
) -> Result<Vec<Contact>, SyncError> {
    let mut contacts = Vec::with_capacity(ids.len());
    for id in ids {
        match api.contacts().get(id).await {
            Err(Error::NotFound { .. }) => {}
            other => contacts.push(checked(syncer, other)?),
        }
    }
    Ok(contacts)
}

fn checked<T>(syncer: &Syncer, result: Result<T, Error>) -> Result<T, SyncError> {
    syncer.note_connectivity(&result);
    Ok(result?)
}

fn has_tags(contact: &Contact, change: TagChange, tags: &[String]) -> bool {
    let has = |tag: &String| contact.tags.iter().any(|t| t.eq_ignore_ascii_case(tag));
    match change {
        TagChange::Add => tags.iter().all(has),
        TagChange::Remove => !tags.iter().any(has),
    }
}

/// HighLevel's per-contact answer was lost, so undo takes back the whole change from
/// the whole batch (the preview left out contacts that already had it).
fn tags_applied(change: TagChange, contacts: &[String], tags: &[String]) -> Finished {
    let opposite = match change {
        TagChange::Add => TagChange::Remove,
        TagChange::Remove => TagChange::Add,
    };
    let undo = Write::Tags {
        change: opposite,
        contacts: contacts.to_vec(),
        tags: tags.to_vec(),
    };
    Finished::done(all_ok(contacts), vec![undo])
}

fn all_ok(contacts: &[String]) -> Vec<ContactResult> {
    contacts.iter().map(|id| ContactResult::ok(id)).collect()
}

/// A task this job created: the same title and due date.
fn same_task(found: &crate::highlevel::Task, task: &NewTask) -> bool {
    found.title.as_deref() == Some(task.title.as_str()) && found.due_date == Some(task.due_date)
}
