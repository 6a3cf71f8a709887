//! Cursor paging, done the way HighLevel needs it: every page re-sends `locationId`,
//! `limit`, `startAfter` and `startAfterId` (drop one and the API silently serves page
//! one again, or answers 403 after the first hundred). Generic over the list, as
//! octocrab's `Page<T>`: a resource names its page type and where pages come from.

use std::collections::HashSet;
use std::future::Future;

use serde::{Deserialize, Serialize};

use super::Error;

/// HighLevel's ceiling for `limit`.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Where the next page starts: the last row's `dateAdded` (epoch ms) and id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Cursor {
    /// Epoch milliseconds; well inside a JavaScript number's exact range.
    #[cfg_attr(feature = "desktop", specta(type = f64))]
    pub start_after: i64,
    pub start_after_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactQuery {
    /// HighLevel's free-text filter (name, email, phone, company).
    pub query: Option<String>,
    pub limit: u32,
    /// `None` for the first page.
    pub cursor: Option<Cursor>,
}

impl Default for ContactQuery {
    fn default() -> Self {
        Self {
            query: None,
            limit: MAX_PAGE_SIZE,
            cursor: None,
        }
    }
}

/// The live `meta` block of a contact page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PageMeta {
    pub total: Option<u32>,
    #[cfg_attr(feature = "desktop", specta(type = Option<f64>))]
    pub start_after: Option<i64>,
    pub start_after_id: Option<String>,
    pub next_page_url: Option<String>,
    pub current_page: Option<u32>,
    pub next_page: Option<u32>,
    pub prev_page: Option<u32>,
}

/// A row of a cursor-paged list: the cursor that starts the page after it.
pub trait Row {
    fn cursor(&self) -> Option<Cursor>;
}

/// One page of a cursor-paged list: its rows and the live `meta` block.
pub trait Page {
    type Row: Row;

    fn rows(&self) -> &[Self::Row];

    fn into_rows(self) -> Vec<Self::Row>;

    fn meta(&self) -> &PageMeta;

    /// The cursor for the page after this one: from `meta`, else from the last row.
    fn next_cursor(&self) -> Option<Cursor> {
        let meta = self.meta();
        if let (Some(start_after), Some(id)) = (meta.start_after, &meta.start_after_id) {
            return Some(Cursor {
                start_after,
                start_after_id: id.clone(),
            });
        }
        if meta.next_page_url.is_none() && *meta != PageMeta::default() {
            return None;
        }
        self.rows().last()?.cursor()
    }
}

/// Where pages come from: one request per page.
pub trait PageSource {
    type Page: Page;

    fn page(&self, query: &ContactQuery) -> impl Future<Output = Result<Self::Page, Error>> + Send;
}

/// Walks a list to its end. Resume from a checkpoint by starting with a query whose
/// `cursor` is the one saved after the last stored page.
pub struct Pager<S> {
    source: S,
    query: ContactQuery,
    seen: HashSet<Cursor>,
    done: bool,
}

impl<S: PageSource> Pager<S> {
    pub(crate) fn new(source: S, mut query: ContactQuery) -> Self {
        query.limit = query.limit.clamp(1, MAX_PAGE_SIZE);
        let seen = query.cursor.iter().cloned().collect();
        Self {
            source,
            query,
            seen,
            done: false,
        }
    }

    /// The cursor the next request will send: save it with each stored page.
    pub fn cursor(&self) -> Option<&Cursor> {
        self.query.cursor.as_ref()
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<S::Page>, Error> {
        if self.done {
            return Ok(None);
        }
        let page = self.source.page(&self.query).await?;
        let full = page.rows().len() >= self.query.limit as usize;
        match page.next_cursor().filter(|_| full) {
            None => self.done = true,
            Some(cursor) if !self.seen.insert(cursor.clone()) => {
                self.done = true;
                return Err(Error::Protocol {
                    message: format!(
                        "HighLevel sent the paging cursor {}/{} twice; stopping instead of looping",
                        cursor.start_after, cursor.start_after_id
                    ),
                });
            }
            Some(cursor) => self.query.cursor = Some(cursor),
        }
        Ok(Some(page))
    }

    /// Every remaining row, in HighLevel's order.
    pub async fn collect(mut self) -> Result<Vec<<S::Page as Page>::Row>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page.into_rows());
        }
        Ok(all)
    }
}
