//! Sending one item's write, reading HighLevel's answer into per-contact results and the
//! writes that would undo it, and bringing the cache along.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::plan::{business_batches, tag_batches};
use super::{ContactResult, ItemState, Write};
use crate::highlevel::{Api, BulkBusiness, BulkTagResponse, BulkTags, Contact, Error, TagChange};
use crate::sync::{SyncError, Syncer};

/// How a send ended.
pub(super) enum Outcome {
    /// HighLevel answered: the item is done (or failed, when it refused the request).
    Finished(Finished),
    /// The request may have reached HighLevel: only a read can tell whether it applied.
    Unknown(Error),
    /// Nothing was applied (no connection, rate limited, token refused): send it later.
    NotSent(Error),
}

pub(super) struct Finished {
    pub state: ItemState,
    pub results: Vec<ContactResult>,
    pub undo: Vec<Write>,
}

impl Finished {
    pub fn done(results: Vec<ContactResult>, undo: Vec<Write>) -> Self {
        Self {
            state: ItemState::Done,
            results,
            undo,
        }
    }
}

pub(super) async fn send(syncer: &Syncer, api: &Api, write: &Write) -> Result<Outcome, SyncError> {
    let sent = match write {
        Write::Tags {
            change,
            contacts,
            tags,
        } => send_tags(syncer, api, *change, contacts, tags).await,
        Write::Business {
            contacts,
            business_id,
        } => send_business(syncer, api, contacts, business_id).await,
        Write::CreateTask { contact_id, task } => {
            let created = syncer.create_task(api, contact_id, task).await;
            one_contact(contact_id, created.map(drop))
        }
        Write::DeleteContact { contact_id } => {
            let deleted = syncer.delete_contact(api, contact_id).await;
            one_contact(contact_id, deleted)
        }
        Write::UpdateContact { contact_id, fields } => {
            let updated = syncer.update_contact(api, contact_id, fields).await;
            one_contact(contact_id, updated.map(drop))
        }
        Write::CreateNote { contact_id, note } => {
            let created = syncer.create_note(api, contact_id, note).await;
            one_contact(contact_id, created.map(drop))
        }
    };
    sent.or_else(|error| match error {
        SyncError::Api(error) => Ok(classify(write, error)),
        other => Err(other),
    })
}

/// A refusal means nothing was applied, and sending again would be refused again.
fn classify(write: &Write, error: Error) -> Outcome {
    match error {
        Error::Validation { .. }
        | Error::Rejected { .. }
        | Error::NotFound { .. }
        | Error::Invalid { .. }
        | Error::Forbidden { .. } => {
            let message = error.to_string();
            let results = write
                .contacts()
                .iter()
                .map(|id| ContactResult::failed(id, message.clone()))
                .collect();
            Outcome::Finished(Finished {
                state: ItemState::Failed,
                results,
                undo: Vec::new(),
            })
        }
        Error::Network { .. } | Error::RateLimited { .. } | Error::Unauthorized { .. } => {
            Outcome::NotSent(error)
        }
        Error::Unconfirmed { .. }
        | Error::Timeout
        | Error::Server { .. }
        | Error::Decode { .. }
        | Error::Protocol { .. }
        | Error::Cancelled => Outcome::Unknown(error),
    }
}

fn one_contact(contact_id: &str, result: Result<(), SyncError>) -> Result<Outcome, SyncError> {
    result?;
    Ok(Outcome::Finished(Finished::done(
        vec![ContactResult::ok(contact_id)],
        Vec::new(),
    )))
}

async fn send_tags(
    syncer: &Syncer,
    api: &Api,
    change: TagChange,
    contacts: &[String],
    tags: &[String],
) -> Result<Outcome, SyncError> {
    let body = BulkTags {
        contacts: contacts.to_vec(),
        tags: tags.to_vec(),
        remove_all_tags: None,
    };
    let answer = api.bulk().tags(change, &body).await;
    syncer.note_connectivity(&answer);
    let answer = answer?;
    let results = contacts
        .iter()
        .map(|id| tag_result(id, &answer.responses))
        .collect();
    let succeeded: Vec<&BulkTagResponse> = answer
        .responses
        .iter()
        .filter(|response| response.outcome.as_deref() == Some("success"))
        .collect();
    follow_tags(syncer, &succeeded)?;
    Ok(Outcome::Finished(Finished::done(
        results,
        tag_undo(change, &succeeded),
    )))
}

fn tag_result(contact_id: &str, responses: &[BulkTagResponse]) -> ContactResult {
    let response = responses
        .iter()
        .find(|r| r.contact_id.as_deref() == Some(contact_id));
    match response {
        Some(r) if r.outcome.as_deref() == Some("success") => ContactResult::ok(contact_id),
        Some(r) => ContactResult::failed(contact_id, r.message.clone().unwrap_or_default()),
        None => ContactResult::failed(contact_id, "HighLevel's answer left this contact out"),
    }
}

/// Each contact gets back exactly the tags this change added (or removed): grouped by
/// that set, one bulk write per group.
fn tag_undo(change: TagChange, succeeded: &[&BulkTagResponse]) -> Vec<Write> {
    let (opposite, changed): (TagChange, fn(&BulkTagResponse) -> &Vec<String>) = match change {
        TagChange::Add => (TagChange::Remove, |r| &r.tags_added),
        TagChange::Remove => (TagChange::Add, |r| &r.tags_removed),
    };
    let mut groups: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for response in succeeded {
        let (Some(id), tags) = (&response.contact_id, changed(response)) else {
            continue;
        };
        if !tags.is_empty() {
            groups.entry(tags.clone()).or_default().push(id.clone());
        }
    }
    groups
        .into_iter()
        .flat_map(|(tags, contacts)| tag_batches(opposite, &tags, contacts))
        .collect()
}

/// The cached contacts get the tags HighLevel says they now have.
fn follow_tags(syncer: &Syncer, succeeded: &[&BulkTagResponse]) -> Result<(), SyncError> {
    let mut contacts = Vec::new();
    for response in succeeded {
        let Some(id) = response.contact_id.as_deref() else {
            continue;
        };
        if let Some(mut cached) = syncer.cache().contact(id)? {
            let mut tags = response.old_tags.clone();
            tags.retain(|tag| !response.tags_removed.contains(tag));
            tags.extend(response.tags_added.iter().cloned());
            cached.contact.tags = tags;
            contacts.push(cached.contact);
        }
    }
    store_contacts(syncer, &contacts)
}

async fn send_business(
    syncer: &Syncer,
    api: &Api,
    contacts: &[String],
    business_id: &Option<String>,
) -> Result<Outcome, SyncError> {
    // HighLevel's answer names only who moved: where they were comes from the cache.
    let before = cached_contacts(syncer, contacts)?;
    let body = BulkBusiness {
        ids: contacts.to_vec(),
        business_id: business_id.clone(),
    };
    let answer = api.bulk().business(&body).await;
    syncer.note_connectivity(&answer);
    let moved = answer?.ids;
    let results = contacts
        .iter()
        .map(|id| match moved.contains(id) {
            true => ContactResult::ok(id),
            false => ContactResult::failed(id, "HighLevel did not move this contact"),
        })
        .collect();
    let moved: Vec<Contact> = before
        .into_iter()
        .filter(|contact| moved.contains(&contact.id))
        .collect();
    let undo = business_undo(&moved);
    let after: Vec<Contact> = moved
        .into_iter()
        .map(|mut contact| {
            contact.business_id = business_id.clone();
            contact
        })
        .collect();
    store_contacts(syncer, &after)?;
    Ok(Outcome::Finished(Finished::done(results, undo)))
}

/// Each contact goes back to the business it was in: one bulk write per business.
pub(super) fn business_undo(before: &[Contact]) -> Vec<Write> {
    let mut groups: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
    for contact in before {
        groups
            .entry(contact.business_id.clone())
            .or_default()
            .push(contact.id.clone());
    }
    groups
        .into_iter()
        .flat_map(|(business_id, contacts)| business_batches(&business_id, contacts))
        .collect()
}

pub(super) fn cached_contacts(syncer: &Syncer, ids: &[String]) -> Result<Vec<Contact>, SyncError> {
    let mut contacts = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(cached) = syncer.cache().contact(id)? {
            contacts.push(cached.contact);
        }
    }
    Ok(contacts)
}

pub(super) fn store_contacts(syncer: &Syncer, contacts: &[Contact]) -> Result<(), SyncError> {
    if contacts.is_empty() {
        return Ok(());
    }
    syncer
        .cache()
        .upsert_contacts(contacts, None, Timestamp::now())?;
    syncer.cache().refresh_businesses()?;
    syncer.events().contacts_changed();
    Ok(())
}
