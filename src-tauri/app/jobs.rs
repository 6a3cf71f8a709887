//! Bulk actions on selected contacts, run as journaled background jobs (`crate::jobs`):
//! previewed, checked, journaled, then sent by the active session's worker.

use jiff::Timestamp;

use super::AppState;
use crate::cache::{Cache, CacheError, ContactFilter, ContactRow, ContactSort, JobState};
use crate::error::AppError;
use crate::jobs::{self, BulkAction, ContactOutcome, JobId, JobSummary, NewJob, Preview};
use crate::writes::{check_new_task, check_tags};

/// How many jobs the jobs list shows.
const JOBS_LISTED: u32 = 50;

impl AppState {
    /// Every contact matching `filter`, in the list's order: "select all N matching" takes
    /// them from the cache, not from the page on screen.
    pub async fn matching_ids(
        &self,
        filter: ContactFilter,
        sort: ContactSort,
    ) -> Result<Vec<String>, AppError> {
        self.read_cache(move |cache| {
            let page = cache.list_contacts(&filter, sort, 0, u32::MAX, Timestamp::now())?;
            Ok::<_, CacheError>(page.rows.into_iter().map(|row| row.id).collect())
        })
        .await
    }

    /// What `action` would change among `ids`, before anything is sent.
    pub async fn preview_bulk(
        &self,
        ids: Vec<String>,
        action: BulkAction,
    ) -> Result<Preview, AppError> {
        let action = checked(action)?;
        let rows = self.selected_rows(ids).await?;
        Ok(jobs::preview(&action, &rows))
    }

    /// Journals the job that carries `action` out on `ids` and wakes the worker.
    pub async fn start_bulk(
        &self,
        ids: Vec<String>,
        action: BulkAction,
    ) -> Result<JobSummary, AppError> {
        let action = checked(action)?;
        self.session().await?.ensure_credentials()?;
        let rows = self.selected_rows(ids).await?;
        let job = jobs::plan_job(&action, &rows);
        if job.writes.is_empty() {
            return Err(AppError::Validation {
                messages: vec!["Nothing to change: every selected contact is already so.".into()],
            });
        }
        self.start_job(job).await
    }

    /// Journals a job of the recorded opposite writes of job `id`, and runs it.
    pub async fn undo_job(&self, id: JobId) -> Result<JobSummary, AppError> {
        let undo = self
            .read_cache(move |cache| jobs::undo_job(cache, id))
            .await?
            .ok_or_else(|| AppError::Validation {
                messages: vec!["This job left nothing that HighLevel lets us take back.".into()],
            })?;
        self.start_job(undo).await
    }

    /// Stops a job between items; what was not sent is skipped.
    pub async fn cancel_job(&self, id: JobId) -> Result<(), AppError> {
        self.read_cache(move |cache| {
            cache.set_job_state(id, JobState::Cancelled, Timestamp::now())
        })
        .await?;
        self.wake_jobs().await;
        Ok(())
    }

    /// The newest jobs first.
    pub async fn list_jobs(&self) -> Result<Vec<JobSummary>, AppError> {
        self.read_cache(|cache| jobs::summaries(cache, JOBS_LISTED))
            .await
    }

    /// One line per contact of job `id`.
    pub async fn job_outcomes(&self, id: JobId) -> Result<Vec<ContactOutcome>, AppError> {
        self.read_cache(move |cache| jobs::outcomes(cache, id))
            .await
    }

    /// The selected contacts as the list shows them (for a preview or a CSV).
    pub async fn selected_rows(&self, ids: Vec<String>) -> Result<Vec<ContactRow>, AppError> {
        self.read_cache(move |cache| cache.contact_rows(&ids, Timestamp::now()))
            .await
    }

    async fn start_job(&self, job: NewJob) -> Result<JobSummary, AppError> {
        let summary = self.read_cache(move |cache| journal(cache, &job)).await?;
        self.wake_jobs().await;
        Ok(summary)
    }

    async fn wake_jobs(&self) {
        if let Some(worker) = self
            .active
            .read()
            .await
            .as_ref()
            .and_then(|a| a.jobs.as_ref())
        {
            worker.wake();
        }
    }
}

fn journal(cache: &Cache, job: &NewJob) -> Result<JobSummary, AppError> {
    let id = jobs::create(cache, job)?;
    jobs::summary(cache, id)?.ok_or_else(|| AppError::Io {
        message: "the job just journaled could not be read back".into(),
    })
}

/// The same checks a single write passes, before a preview or a job.
fn checked(action: BulkAction) -> Result<BulkAction, AppError> {
    Ok(match action {
        BulkAction::AddTags { tags } => BulkAction::AddTags {
            tags: check_tags(tags)?,
        },
        BulkAction::RemoveTags { tags } => BulkAction::RemoveTags {
            tags: check_tags(tags)?,
        },
        BulkAction::AddTask { task } => {
            check_new_task(&task)?;
            BulkAction::AddTask { task }
        }
        other => other,
    })
}
