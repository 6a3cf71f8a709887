//! Duplicates in the running app: the check a new contact passes first, the likely pairs
//! in the cache, dismissing one, and the guided merge (planned by `crate::duplicates`).

use jiff::Timestamp;
use serde::Serialize;

use super::{blocking, AppState};
use crate::cache::DuplicateCandidate;
use crate::duplicates::{likely_pairs, plan_merge, LikelyPairs, MergeChoices, MergePlan};
use crate::error::AppError;
use crate::highlevel::{Contact, ContactFields};
use crate::jobs::{JobKind, JobSummary, NewJob, Write};
use crate::sync::Syncer;
use crate::writes::check_contact;

/// What `GET /contacts/search/duplicate` answered for a contact about to be created.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DuplicateCheck {
    /// The contact HighLevel's duplicate rule finds for the email or phone.
    pub existing: Option<DuplicateCandidate>,
    /// `false` when nothing was asked because the app is offline.
    pub checked: bool,
}

impl AppState {
    /// Asks HighLevel, in one request, for a contact that has the new contact's email or
    /// phone (which of them counts is the location's duplicate setting). Offline, nothing
    /// is asked and the answer says so.
    pub async fn check_new_contact(
        &self,
        fields: ContactFields,
    ) -> Result<DuplicateCheck, AppError> {
        let session = self.session().await?;
        session.ensure_credentials()?;
        let syncer = session.syncer();
        let email = given(fields.email.as_deref());
        let phone = given(fields.phone.as_deref()).map(crate::phone::normalise);
        if !syncer.connectivity().is_online() {
            return Ok(DuplicateCheck {
                existing: None,
                checked: false,
            });
        }
        if email.is_none() && phone.is_none() {
            return Ok(DuplicateCheck {
                existing: None,
                checked: true,
            });
        }
        let api = syncer.client().interactive();
        let found = api.contacts().duplicate(email, phone.as_deref()).await;
        syncer.note_connectivity(&found);
        Ok(DuplicateCheck {
            existing: found?.as_ref().map(candidate),
            checked: true,
        })
    }

    /// The likely pairs among the cached contacts, less those dismissed.
    pub async fn likely_duplicates(&self) -> Result<LikelyPairs, AppError> {
        self.read_cache(|cache| {
            let candidates = cache.duplicate_candidates()?;
            let dismissed = cache.dismissed_duplicates()?;
            Ok::<_, AppError>(likely_pairs(&candidates, &dismissed))
        })
        .await
    }

    /// Remembers that the two are not duplicates: the pair is not offered again.
    pub async fn dismiss_duplicate(&self, one: String, other: String) -> Result<(), AppError> {
        self.read_cache(move |cache| cache.dismiss_duplicate(&one, &other, Timestamp::now()))
            .await
    }

    /// Journals the merge the preview showed (planned again from the cache) as a job and
    /// wakes the worker: it resumes after a crash and sends no POST twice. The updates pass
    /// a contact write's checks first: one refused after the delete would lose its values.
    pub async fn run_merge(&self, choices: MergeChoices) -> Result<JobSummary, AppError> {
        let plan = self.plan_merge(choices, false).await?;
        for write in &plan.steps {
            if let Write::UpdateContact { fields, .. } = write {
                check_contact(fields)?;
            }
        }
        self.session().await?.ensure_credentials()?;
        self.start_job(NewJob {
            kind: JobKind::Merge,
            title: format!("Merge {} into {}", plan.other_name, plan.survivor_name),
            writes: plan.steps,
            undo_of: None,
        })
        .await
    }

    /// The merge planned from what the cache holds; `fresh` reads both contacts with
    /// their tasks and notes from HighLevel first (when the dialog opens).
    pub async fn plan_merge(
        &self,
        choices: MergeChoices,
        fresh: bool,
    ) -> Result<MergePlan, AppError> {
        let session = self.session().await?;
        let syncer = session.syncer().clone();
        if fresh {
            session.ensure_credentials()?;
            tokio::try_join!(
                syncer.refresh_workspace(&choices.survivor_id),
                syncer.refresh_workspace(&choices.other_id),
            )?;
        }
        blocking(move || cached_plan(&syncer, &choices)).await
    }
}

fn candidate(contact: &Contact) -> DuplicateCandidate {
    DuplicateCandidate {
        id: contact.id.clone(),
        name: contact.display_name(),
        email: contact.email.clone(),
        phone: contact.phone.clone(),
        business_id: contact.business_id.clone(),
    }
}

/// An empty or blank value is no value to search by.
fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}

fn cached_plan(syncer: &Syncer, choices: &MergeChoices) -> Result<MergePlan, AppError> {
    if choices.survivor_id == choices.other_id {
        return Err(AppError::Validation {
            messages: vec!["A contact cannot be merged into itself.".into()],
        });
    }
    let workspace = |id: &str| {
        syncer
            .cached_workspace(id)?
            .ok_or_else(|| AppError::NotFound {
                message: format!("Contact {id} is not in the cache (was it deleted?)"),
            })
    };
    let survivor = workspace(&choices.survivor_id)?;
    let other = workspace(&choices.other_id)?;
    Ok(plan_merge(
        &survivor.contact,
        &other.contact,
        &other.details.tasks,
        &other.details.notes,
        choices,
        Timestamp::now(),
    ))
}
