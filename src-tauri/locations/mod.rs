//! "All locations": reads that span every location's cache at once (the contact list,
//! search and the task inbox here; the location × business roll-up and the business list
//! in `reports`). Each location keeps its
//! own SQLite cache, written by its own sync. Rather than ATTACH them (SQLite takes 10
//! databases by default; an agency runs dozens) or copy them into one index that every
//! sync would have to keep current, each read asks every cache the same indexed question
//! on a few threads and merges the answers: a page of n rows costs each cache a walk of
//! at most n entries of its name index, then only the n rows kept are read, whatever the
//! number of contacts. No SQL here: the caches answer through `Cache`'s own queries.

mod inbox;
mod list;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use inbox::{LocatedInbox, LocatedSection, LocatedTask};
pub use list::LocatedListPage;

use crate::accounts::{Accounts, AccountsError};
use crate::cache::{Cache, CacheError, ContactFilter, ContactRow, ContactSort, NamePosition};

/// One location in an "All locations" read: the profile that connects it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub profile_id: String,
    /// The profile's name, which the user gave the location.
    pub name: String,
    pub location_id: String,
}

/// A location and where its cache lives (`session::cache_path`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationCache {
    pub location: Location,
    pub cache_path: PathBuf,
}

/// The locations "All locations" spans (the active profile's agency, or every connected
/// profile when it has none: `Accounts::all_locations`), by name.
pub fn of_accounts(accounts: &Accounts) -> Result<Vec<LocationCache>, AccountsError> {
    let mut profiles = accounts.all_locations()?;
    profiles.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(profiles
        .into_iter()
        .map(|profile| LocationCache {
            cache_path: crate::session::cache_path(accounts.data_dir(), &profile.id),
            location: Location {
                profile_id: profile.id,
                name: profile.name,
                location_id: profile.location_id,
            },
        })
        .collect())
}

/// A contact row and the location it lives in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LocatedRow {
    pub profile_id: String,
    pub location: String,
    #[serde(flatten)]
    pub contact: ContactRow,
}

/// Matches across locations: the first by name, how many there are in all, and whether
/// some location had more than a search returns (`cache::SEARCH_CAP`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocatedPage {
    pub rows: Vec<LocatedRow>,
    pub total: u32,
    pub capped: bool,
}

/// Where a walk of the merged list by name stands: the last row shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ListPosition {
    pub profile_id: String,
    pub name: NamePosition,
}

impl ListPosition {
    pub fn of(row: &LocatedRow) -> Self {
        Self {
            profile_id: row.profile_id.clone(),
            name: NamePosition::of(&row.contact),
        }
    }
}

/// The first `limit` of every location's positions (each list already by name), by name,
/// id and location, each with the location it came from.
fn merge_positions(lists: Vec<Vec<NamePosition>>, limit: u32) -> Vec<(NamePosition, usize)> {
    let mut merged: Vec<(NamePosition, usize)> = lists
        .into_iter()
        .enumerate()
        .flat_map(|(index, list)| list.into_iter().map(move |position| (position, index)))
        .collect();
    merged.sort_by(|a, b| (&a.0.sort_name, &a.0.id, a.1).cmp(&(&b.0.sort_name, &b.0.id, b.1)));
    merged.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    merged
}

/// The open caches of the locations read together.
pub struct AllLocations {
    caches: Vec<(Location, Arc<Cache>)>,
    unsynced: Vec<Location>,
}

impl AllLocations {
    /// Opens each location's cache; a location never synced has none and is listed apart
    /// (opening would create an empty one).
    pub fn open(sources: Vec<LocationCache>) -> Result<Self, CacheError> {
        let mut caches = Vec::with_capacity(sources.len());
        let mut unsynced = Vec::new();
        for source in sources {
            match source.cache_path.exists() {
                true => caches.push((source.location, Arc::new(Cache::open(&source.cache_path)?))),
                false => unsynced.push(source.location),
            }
        }
        Ok(Self { caches, unsynced })
    }

    /// The caches the app already holds open (its sessions'), by the locations' names:
    /// opening a cache checks every page, which a window's every read cannot pay.
    pub fn of_open(mut caches: Vec<(Location, Arc<Cache>)>) -> Self {
        caches.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        Self {
            caches,
            unsynced: Vec::new(),
        }
    }

    /// Only the locations of `profile_ids`; every one when none is named.
    pub fn only(mut self, profile_ids: &[String]) -> Self {
        if !profile_ids.is_empty() {
            self.caches
                .retain(|(location, _)| profile_ids.contains(&location.profile_id));
        }
        self
    }

    /// The locations with a cache, in the order given.
    pub fn locations(&self) -> impl Iterator<Item = &Location> {
        self.caches.iter().map(|(location, _)| location)
    }

    /// The locations with nothing cached yet.
    pub fn unsynced(&self) -> &[Location] {
        &self.unsynced
    }

    /// `work` on every cache (with its position in `locations`), on as many threads as
    /// there are cores: answers in the locations' order, or the first failure.
    pub fn each<T: Send, E: Send>(
        &self,
        work: impl Fn(usize, &Cache) -> Result<T, E> + Sync,
    ) -> Result<Vec<T>, E> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(self.caches.len());
        let next = AtomicUsize::new(0);
        let take_turns = || {
            let mut answers = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((_, cache)) = self.caches.get(index) else {
                    return answers;
                };
                answers.push((index, work(index, cache)));
            }
        };
        let mut answers: Vec<(usize, Result<T, E>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads).map(|_| scope.spawn(take_turns)).collect();
            workers
                .into_iter()
                .flat_map(|worker| {
                    worker
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        answers.sort_by_key(|(index, _)| *index);
        answers.into_iter().map(|(_, answer)| answer).collect()
    }

    /// The first `limit` contacts by name that a text search finds in any location.
    pub fn search(
        &self,
        text: &str,
        limit: u32,
        now: Timestamp,
    ) -> Result<LocatedPage, CacheError> {
        let filter = ContactFilter {
            search: Some(text.to_owned()),
            ..ContactFilter::default()
        };
        self.first_page(&filter, limit, now)
    }

    /// The first `limit` contacts matching `filter` by name in any location, with how many
    /// match in all: each cache answers with its first positions, its count and its cap in
    /// one query, and only the rows kept are read.
    pub fn first_page(
        &self,
        filter: &ContactFilter,
        limit: u32,
        now: Timestamp,
    ) -> Result<LocatedPage, CacheError> {
        let found = self.each(|_, cache| cache.first_positions_by_name(filter, limit, now))?;
        let total = found.iter().map(|found| found.total).sum();
        let capped = found.iter().any(|found| found.capped);
        let positions = found.into_iter().map(|found| found.positions).collect();
        let rows = self.rows_at(&merge_positions(positions, limit), now)?;
        Ok(LocatedPage {
            rows,
            total,
            capped,
        })
    }

    /// How many contacts match `filter` across the locations.
    pub fn count(&self, filter: &ContactFilter, now: Timestamp) -> Result<u32, CacheError> {
        let totals = self.each(|_, cache| {
            let page = cache.list_contacts(filter, ContactSort::Name, 0, 0, now)?;
            Ok::<_, CacheError>(page.total.unwrap_or_default())
        })?;
        Ok(totals.into_iter().sum())
    }

    /// The next `limit` contacts matching `filter` by name after `after` (from the first
    /// with none), across the locations. Rows that tie on name and id (a contact in two
    /// locations) follow the locations' order.
    pub fn page_by_name(
        &self,
        filter: &ContactFilter,
        after: Option<&ListPosition>,
        limit: u32,
        now: Timestamp,
    ) -> Result<Vec<LocatedRow>, CacheError> {
        let at = after.and_then(|after| {
            self.locations()
                .position(|location| location.profile_id == after.profile_id)
        });
        let positions = self.each(|index, cache| {
            let position = after.map(|after| (&after.name, at.is_some_and(|at| index > at)));
            cache.positions_by_name_after(filter, position, limit, now)
        })?;
        self.rows_at(&merge_positions(positions, limit), now)
    }

    /// The rows at merged positions, each read from its own location, in their order.
    fn rows_at(
        &self,
        page: &[(NamePosition, usize)],
        now: Timestamp,
    ) -> Result<Vec<LocatedRow>, CacheError> {
        let rows = self.each(|index, cache| {
            let ids: Vec<String> = page
                .iter()
                .filter(|(_, at)| *at == index)
                .map(|(position, _)| position.id.clone())
                .collect();
            match ids.is_empty() {
                true => Ok(Vec::new()),
                false => cache.contact_rows(&ids, now),
            }
        })?;
        Ok(self.merge_by_name(rows, u32::try_from(page.len()).unwrap_or(u32::MAX)))
    }

    /// Each location's rows (each already by name) as one list by name, id and location,
    /// cut to `limit`.
    fn merge_by_name(&self, pages: Vec<Vec<ContactRow>>, limit: u32) -> Vec<LocatedRow> {
        let mut keyed: Vec<(NamePosition, usize, ContactRow)> = pages
            .into_iter()
            .enumerate()
            .flat_map(|(index, rows)| {
                rows.into_iter()
                    .map(move |row| (NamePosition::of(&row), index, row))
            })
            .collect();
        keyed.sort_by(|a, b| (&a.0.sort_name, &a.0.id, a.1).cmp(&(&b.0.sort_name, &b.0.id, b.1)));
        keyed.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        keyed
            .into_iter()
            .map(|(_, index, contact)| {
                let location = &self.caches[index].0;
                LocatedRow {
                    profile_id: location.profile_id.clone(),
                    location: location.name.clone(),
                    contact,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
