//! Undo: a job of the writes each finished item journaled as its opposite (tags added
//! are removed, contacts go back to their business). HighLevel allows nothing else back:
//! a deleted contact is gone, and a created task is the user's to delete.

use super::{Item, ItemState, JobId, JobKind, NewJob};
use crate::cache::{Cache, CacheError};

/// The job that takes back what job `id` did; `None` when nothing can be.
pub fn undo_job(cache: &Cache, id: JobId) -> Result<Option<NewJob>, CacheError> {
    let Some(job) = cache.job(id)? else {
        return Ok(None);
    };
    if !job.state.is_finished() {
        return Ok(None);
    }
    let done: Vec<Item> = cache.job_items(id, Some(ItemState::Done))?;
    let writes: Vec<_> = done.into_iter().flat_map(|item| item.undo).collect();
    if writes.is_empty() {
        return Ok(None);
    }
    Ok(Some(NewJob {
        kind: JobKind::Undo,
        title: format!("Undo: {}", job.title),
        writes,
        undo_of: Some(id),
    }))
}
