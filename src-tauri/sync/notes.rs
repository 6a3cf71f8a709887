//! Notes, one request per contact (HighLevel has no bulk read): the contacts people look
//! at, those that changed and those with open tasks first, as far as the plan's share
//! of the day allows. The workspace and reports say whose notes were never read.

use futures_util::stream::{self, StreamExt};
use jiff::Timestamp;

use super::{Run, SyncError, SyncPhase, Syncer};
use crate::highlevel::Error;

/// Contacts read at once: enough to keep the rate budget busy at HighLevel's latency.
const CONCURRENCY: usize = 4;

impl Syncer {
    pub(super) async fn sync_notes(&self, run: &mut Run) -> Result<(), SyncError> {
        let queue = self
            .cache
            .contacts_for_notes(Timestamp::now(), run.plan.notes_per_sync(run.size))?;
        let total = u32::try_from(queue.len()).unwrap_or(u32::MAX);
        self.update(|p| {
            p.phase = SyncPhase::Notes;
            p.done = 0;
            p.total = Some(total);
        });
        let shared: &Run = run;
        let mut results = stream::iter(queue)
            .map(|contact_id| async move {
                let notes = self
                    .spend(shared, shared.api.notes(&contact_id).list())
                    .await;
                (contact_id, notes)
            })
            .buffer_unordered(CONCURRENCY);
        let mut fetched = 0_u32;
        let mut done = 0_u32;
        while let Some((contact_id, notes)) = results.next().await {
            done += 1;
            match notes {
                Ok(notes) => {
                    self.cache
                        .store_notes(&contact_id, &notes, Timestamp::now())?;
                    self.events.contact_refreshed(&contact_id);
                    fetched += 1;
                }
                Err(SyncError::Api(Error::NotFound { .. })) => {
                    self.cache.delete_contact(&contact_id)?;
                }
                Err(error) => return Err(error),
            }
            self.update(|p| p.done = done);
        }
        drop(results);
        run.report.notes_fetched += fetched;
        Ok(())
    }
}
