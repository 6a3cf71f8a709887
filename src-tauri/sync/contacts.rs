//! Contacts through `POST /contacts/search`: incrementally by `dateUpdated`, ascending from
//! the stored high-water mark (minus an overlap, because search results lag writes), so a
//! sync with nothing changed costs one request; and a sweep that lists everyone at 500 a
//! page, now and then, to find the contacts deleted in HighLevel.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::plan::{SEARCH_OVERLAP, SEARCH_PAGE, SWEEP_EVERY};
use super::{Run, SyncError, SyncPhase, Syncer};
use crate::highlevel::{Contact, ContactSearch, Filter, SearchAfter, Sort};

/// The newest `dateUpdated` stored, saved with each page: a killed run resumes from it.
const HIGH_WATER: &str = "contacts_high_water";
/// The unfinished sweep, saved with each page.
const SWEEP: &str = "contacts_sweep";
/// When the last sweep (or first mirror) finished.
const SWEPT: &str = "contacts_swept";

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct HighWater {
    updated: Timestamp,
    /// The first mirror, until it completes (a killed one resumes as a mirror).
    #[serde(default)]
    mirror: Option<Mirror>,
}

/// A listing of everyone: contacts it did not see are gone when it completes.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Mirror {
    listing: i64,
    started: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Sweep {
    /// Marks every contact this sweep saw; those it did not see are gone.
    listing: i64,
    started: Timestamp,
    search_after: Option<SearchAfter>,
    seen: u32,
}

impl Syncer {
    /// Stores the contacts changed since the last run and returns their ids. Without a
    /// high-water mark this is the first mirror: everyone, and then those it did not see
    /// are hidden (after a kill, the next run carries the mirror on from the mark).
    pub(super) async fn search_changed_contacts(
        &self,
        run: &mut Run,
    ) -> Result<Vec<String>, SyncError> {
        let high_water = self.cache.state::<HighWater>(HIGH_WATER)?;
        let overlap = SignedDuration::try_from(SEARCH_OVERLAP).unwrap_or_default();
        let since = high_water.map(|mark| mark.updated - overlap);
        let mirror = match high_water {
            Some(mark) => mark.mirror,
            None => {
                let started = Timestamp::now();
                Some(Mirror {
                    listing: started.as_millisecond(),
                    started,
                })
            }
        };
        let listing = mirror.map_or(0, |mirror| mirror.listing);
        let mut updated = high_water.map(|mark| mark.updated);
        let mut search = ContactSearch {
            page_limit: SEARCH_PAGE,
            page: None,
            search_after: None,
            filters: since.map(Filter::updated_since).into_iter().collect(),
            sort: vec![Sort::asc("dateUpdated")],
            query: None,
        };
        let mut changed = Vec::new();
        let mut seen = 0_u32;
        loop {
            self.update(|p| {
                p.phase = SyncPhase::Contacts;
                p.done = seen;
                p.total = None;
                p.eta_seconds = None;
            });
            let page = self.spend(run, run.api.contacts().search(&search)).await?;
            seen += u32::try_from(page.contacts.len()).unwrap_or(u32::MAX);
            run.report.contacts_listed += u32::try_from(page.contacts.len()).unwrap_or(u32::MAX);
            self.update(|p| p.total = Some(page.total));
            changed.extend(self.cache.changed_among(&page.contacts)?);
            let mark = HighWater {
                updated: newest_update(&page.contacts, updated),
                mirror,
            };
            updated = Some(mark.updated);
            self.cache.store_listing_page(
                &page.contacts,
                listing,
                HIGH_WATER,
                &mark,
                Timestamp::now(),
            )?;
            if !page.contacts.is_empty() {
                self.events.contacts_changed();
            }
            match page.next_search_after() {
                Some(after) if page.contacts.len() >= SEARCH_PAGE as usize && seen < page.total => {
                    search.search_after = Some(after);
                }
                _ => break,
            }
        }
        if let Some(mirror) = mirror {
            run.report.contacts_hidden += self.finish_sweep(mirror.listing, mirror.started)?;
            let mark = HighWater {
                updated: updated.unwrap_or(Timestamp::UNIX_EPOCH),
                mirror: None,
            };
            self.cache.set_state(HIGH_WATER, &mark)?;
        }
        Ok(changed)
    }

    /// Lists every contact when the last sweep is a day old (or `forced`), hiding those
    /// HighLevel no longer has. Resumes an unfinished sweep.
    pub(super) async fn sweep_if_due(&self, run: &mut Run, forced: bool) -> Result<(), SyncError> {
        let mut sweep = match self.cache.state::<Sweep>(SWEEP)? {
            Some(unfinished) => unfinished,
            None if forced || self.sweep_due()? => {
                let started = Timestamp::now();
                Sweep {
                    listing: started.as_millisecond(),
                    started,
                    search_after: None,
                    seen: 0,
                }
            }
            None => return Ok(()),
        };
        loop {
            self.update(|p| {
                p.phase = SyncPhase::Contacts;
                p.done = sweep.seen;
                p.total = None;
                p.eta_seconds = None;
            });
            let search = ContactSearch {
                page_limit: SEARCH_PAGE,
                page: None,
                search_after: sweep.search_after.clone(),
                filters: Vec::new(),
                sort: vec![Sort::asc("dateAdded")],
                query: None,
            };
            let page = self.spend(run, run.api.contacts().search(&search)).await?;
            self.update(|p| p.total = Some(page.total));
            sweep.seen += u32::try_from(page.contacts.len()).unwrap_or(u32::MAX);
            let full = page.contacts.len() >= SEARCH_PAGE as usize && sweep.seen < page.total;
            sweep.search_after = page.next_search_after().filter(|_| full);
            self.cache.store_listing_page(
                &page.contacts,
                sweep.listing,
                SWEEP,
                &sweep,
                Timestamp::now(),
            )?;
            if sweep.search_after.is_none() {
                break;
            }
        }
        run.report.contacts_hidden += self.finish_sweep(sweep.listing, sweep.started)?;
        self.cache.clear_state(SWEEP)?;
        self.events.contacts_changed();
        Ok(())
    }

    fn sweep_due(&self) -> Result<bool, SyncError> {
        let every = SignedDuration::try_from(SWEEP_EVERY).unwrap_or_default();
        Ok(self
            .cache
            .state::<Timestamp>(SWEPT)?
            .is_none_or(|swept| Timestamp::now() - every >= swept))
    }

    /// Hides the contacts a complete listing did not see. Contacts changed in HighLevel
    /// shortly before it began may not have reached the search index yet: they are spared.
    fn finish_sweep(&self, listing: i64, started: Timestamp) -> Result<u32, SyncError> {
        let overlap = SignedDuration::try_from(SEARCH_OVERLAP).unwrap_or_default();
        let hidden = self
            .cache
            .finish_listing(listing, started, Some(started - overlap), SWEEP)?;
        self.cache.set_state(SWEPT, &Timestamp::now())?;
        Ok(hidden)
    }

    /// Forgets the incremental position, so the next run mirrors every contact again.
    pub(super) fn forget_high_water(&self) -> Result<(), SyncError> {
        Ok(self.cache.clear_state(HIGH_WATER)?)
    }
}

/// The newest `dateUpdated` among `contacts`, never older than `before`.
fn newest_update(contacts: &[Contact], before: Option<Timestamp>) -> Timestamp {
    contacts
        .iter()
        .filter_map(|contact| contact.date_updated)
        .chain(before)
        .max()
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn updated(at: &str) -> Contact {
        Contact {
            date_updated: Some(at.parse().unwrap()),
            ..Contact::default()
        }
    }

    #[test]
    fn the_high_water_mark_never_moves_back() {
        let before: Timestamp = "2026-11-29T10:00:00Z".parse().unwrap();
        let older = [updated("2026-11-29T09:00:00Z")];
        assert_eq!(newest_update(&older, Some(before)), before);
        let newer = [updated("2026-11-29T11:00:00Z"), Contact::default()];
        assert_eq!(
            newest_update(&newer, Some(before)),
            "2026-11-29T11:00:00Z".parse::<Timestamp>().unwrap()
        );
        assert_eq!(newest_update(&[], None), Timestamp::UNIX_EPOCH);
    }
}
