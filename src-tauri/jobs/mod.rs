//! Background jobs: work on many contacts (bulk actions, a duplicate merge) as an ordered
//! list of HighLevel writes, journaled in the cache (`cache/jobs.rs`) so a job survives a
//! crash and no write is sent twice.
//!
//! A job is a kind, a title and its items; an item is one write ([`Write`]): a bulk
//! endpoint's batch of contacts, or one contact's task or delete. The worker
//! (`worker.rs`) marks an item `Sending` before its request and reconciles, by reading,
//! any item a crash left `Sending` (`reconcile.rs`). What a finished item would need to be
//! undone is journaled with it; undo is a job of those writes (`undo.rs`).
//! No Tauri here, and no SQL.

mod plan;
mod reconcile;
mod send;
mod undo;
mod worker;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use plan::{plan_job, preview, BulkAction, Preview, PreviewRow, BATCH};
pub use undo::undo_job;
pub use worker::{run_waiting, JobEvents, Worker};

use crate::cache::{Cache, CacheError, ItemRow, JobRow, NewJobRow};
pub use crate::cache::{ItemCounts, ItemState, JobId, JobState};
use crate::highlevel::{NewTask, TagChange};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum JobKind {
    AddTags,
    RemoveTags,
    SetBusiness,
    AddTask,
    DeleteContacts,
    /// Another job's changes taken back.
    Undo,
}

/// One HighLevel write: what an item sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(
    tag = "write",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Write {
    /// `POST /contacts/bulk/tags/update/{add|remove}` for a batch of contacts.
    Tags {
        change: TagChange,
        contacts: Vec<String>,
        tags: Vec<String>,
    },
    /// `POST /contacts/bulk/business`; no business takes the contacts out of theirs.
    Business {
        contacts: Vec<String>,
        business_id: Option<String>,
    },
    /// `POST /contacts/:contactId/tasks`.
    CreateTask { contact_id: String, task: NewTask },
    /// `DELETE /contacts/:contactId`.
    DeleteContact { contact_id: String },
}

impl Write {
    /// The contacts the write changes.
    pub fn contacts(&self) -> Vec<String> {
        match self {
            Write::Tags { contacts, .. } | Write::Business { contacts, .. } => contacts.clone(),
            Write::CreateTask { contact_id, .. } | Write::DeleteContact { contact_id } => {
                vec![contact_id.clone()]
            }
        }
    }
}

/// What happened to one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactResult {
    pub contact_id: String,
    pub ok: bool,
    /// HighLevel's word on it, or why it failed.
    pub message: Option<String>,
}

impl ContactResult {
    pub fn ok(contact_id: &str) -> Self {
        Self {
            contact_id: contact_id.to_owned(),
            ok: true,
            message: None,
        }
    }

    pub fn failed(contact_id: &str, message: impl Into<String>) -> Self {
        Self {
            contact_id: contact_id.to_owned(),
            ok: false,
            message: Some(message.into()),
        }
    }
}

/// A job to journal and run.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub kind: JobKind,
    pub title: String,
    pub writes: Vec<Write>,
    pub undo_of: Option<JobId>,
}

/// A job as the UI lists it: its progress counts items (a bulk batch is one item).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct JobSummary {
    pub id: JobId,
    pub kind: JobKind,
    pub title: String,
    pub state: JobState,
    pub items: ItemCounts,
    pub undo_of: Option<JobId>,
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub finished_at: Option<Timestamp>,
}

/// One contact's line in a job's result list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactOutcome {
    pub contact_id: String,
    /// The contact's name in the cache (`None` once it is gone from it).
    pub name: Option<String>,
    /// Its item's state; a done item's contact may still have failed (`ok`).
    pub state: ItemState,
    pub ok: bool,
    pub message: Option<String>,
}

pub(crate) type Item = ItemRow<Write, ContactResult>;

/// Journals `job`; the worker runs it once woken.
pub fn create(cache: &Cache, job: &NewJob) -> Result<JobId, CacheError> {
    let kind = kind_name(job.kind);
    let row = NewJobRow {
        kind: &kind,
        title: &job.title,
        undo_of: job.undo_of,
        writes: &job.writes,
    };
    cache.create_job(&row, Timestamp::now())
}

pub fn summary(cache: &Cache, id: JobId) -> Result<Option<JobSummary>, CacheError> {
    Ok(cache.job(id)?.and_then(summarise))
}

/// The newest jobs first.
pub fn summaries(cache: &Cache, limit: u32) -> Result<Vec<JobSummary>, CacheError> {
    Ok(cache
        .jobs(limit)?
        .into_iter()
        .filter_map(summarise)
        .collect())
}

/// Every contact of a job with where it stands, in the job's order.
pub fn outcomes(cache: &Cache, id: JobId) -> Result<Vec<ContactOutcome>, CacheError> {
    let items: Vec<Item> = cache.job_items(id, None)?;
    let mut outcomes: Vec<ContactOutcome> = items.iter().flat_map(item_outcomes).collect();
    let ids: Vec<String> = outcomes.iter().map(|o| o.contact_id.clone()).collect();
    let names: std::collections::HashMap<String, String> = cache
        .contact_rows(&ids, Timestamp::now())?
        .into_iter()
        .map(|row| (row.id, row.name))
        .collect();
    for outcome in &mut outcomes {
        outcome.name = names.get(&outcome.contact_id).cloned();
    }
    Ok(outcomes)
}

fn item_outcomes(item: &Item) -> Vec<ContactOutcome> {
    item.write
        .contacts()
        .into_iter()
        .map(|contact_id| {
            let result = item.results.iter().find(|r| r.contact_id == contact_id);
            ContactOutcome {
                name: None,
                ok: result.map_or(item.state == ItemState::Done, |r| r.ok),
                message: result.and_then(|r| r.message.clone()),
                state: item.state,
                contact_id,
            }
        })
        .collect()
}

fn summarise(row: JobRow) -> Option<JobSummary> {
    let kind = serde_json::from_value(serde_json::Value::String(row.kind)).ok()?;
    Some(JobSummary {
        id: row.id,
        kind,
        title: row.title,
        state: row.state,
        items: row.counts,
        undo_of: row.undo_of,
        created_at: row.created_at,
        finished_at: row.finished_at,
    })
}

fn kind_name(kind: JobKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{kind:?}"),
    }
}
