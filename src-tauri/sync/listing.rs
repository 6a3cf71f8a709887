//! The contacts' fallback path: list every contact through `GET /contacts/`, newest first,
//! storing each page with the checkpoint that follows it. A run that dies mid-listing
//! resumes from the last stored page.

use super::{Run, SyncError, SyncPhase, Syncer};
use crate::highlevel::{ContactQuery, Cursor, MAX_PAGE_SIZE};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

const CHECKPOINT: &str = "listing_checkpoint";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Checkpoint {
    /// Marks every contact this listing saw; those it did not see are gone.
    listing: i64,
    started: Timestamp,
    /// Where the next page starts; `None` before the first page.
    cursor: Option<Cursor>,
    seen: u32,
    total: Option<u32>,
}

impl Syncer {
    /// Returns the ids of the contacts that are new or changed.
    pub(super) async fn list_contacts(&self, run: &mut Run) -> Result<Vec<String>, SyncError> {
        let mut checkpoint = match self.cache.state::<Checkpoint>(CHECKPOINT)? {
            Some(resumed) => resumed,
            None => {
                let started = Timestamp::now();
                Checkpoint {
                    listing: started.as_millisecond(),
                    started,
                    cursor: None,
                    seen: 0,
                    total: None,
                }
            }
        };
        let query = ContactQuery {
            query: None,
            limit: MAX_PAGE_SIZE,
            cursor: checkpoint.cursor.clone(),
        };
        let mut pager = run.api.contacts().pager(query);
        let mut changed = Vec::new();
        loop {
            self.update(|p| {
                p.phase = SyncPhase::Contacts;
                p.done = checkpoint.seen;
                p.total = checkpoint.total;
                p.eta_seconds = checkpoint.total.map(|total| {
                    self.eta(
                        run,
                        total
                            .saturating_sub(checkpoint.seen)
                            .div_ceil(MAX_PAGE_SIZE),
                    )
                });
            });
            let Some(page) = self.spend(run, pager.next_page()).await? else {
                break;
            };
            checkpoint.seen += u32::try_from(page.contacts.len()).unwrap_or(u32::MAX);
            checkpoint.total = page.meta.total.or(page.count).or(checkpoint.total);
            checkpoint.cursor = pager.cursor().cloned();
            run.report.contacts_listed += u32::try_from(page.contacts.len()).unwrap_or(u32::MAX);
            changed.extend(self.cache.changed_among(&page.contacts)?);
            self.cache.store_listing_page(
                &page.contacts,
                checkpoint.listing,
                CHECKPOINT,
                &checkpoint,
                Timestamp::now(),
            )?;
            self.events.contacts_changed();
        }
        run.report.contacts_hidden =
            self.cache
                .finish_listing(checkpoint.listing, checkpoint.started, None, CHECKPOINT)?;
        self.events.contacts_changed();
        Ok(changed)
    }
}
