//! The contact list across locations as the window walks it: pages by name, the first
//! with the count of them all.

use jiff::Timestamp;
use serde::Serialize;

use super::{AllLocations, ListPosition, LocatedRow};
use crate::cache::{CacheError, ContactFilter};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LocatedListPage {
    pub rows: Vec<LocatedRow>,
    /// How many contacts match in every location; only the first page counts them.
    pub total: Option<u32>,
    /// Some location's search matched more than it lists (`cache::SEARCH_CAP`).
    pub capped: bool,
    /// Where the next page starts (the last row's position), handed back as its `after`.
    pub next: Option<ListPosition>,
}

impl AllLocations {
    /// The `limit` contacts matching `filter` after `after` by name (the first page
    /// without one, which also counts them).
    pub fn list_page(
        &self,
        filter: &ContactFilter,
        after: Option<&ListPosition>,
        limit: u32,
        now: Timestamp,
    ) -> Result<LocatedListPage, CacheError> {
        let (rows, total, capped) = match after {
            Some(after) => (
                self.page_by_name(filter, Some(after), limit, now)?,
                None,
                false,
            ),
            None => {
                let first = self.first_page(filter, limit, now)?;
                (first.rows, Some(first.total), first.capped)
            }
        };
        Ok(LocatedListPage {
            next: rows.last().map(ListPosition::of),
            rows,
            total,
            capped,
        })
    }
}
