//! The contact list walked by name from a position (keyset paging). A list that spans
//! many locations' caches reads each cache this way: an OFFSET into the merged list would
//! make every cache step over the rows the others supplied.

use jiff::Timestamp;
use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::contacts::{
    fts_query, search_overflows, searches, where_clause, where_clause_over, SEARCH_CAP,
};

use super::{Cache, ContactFilter, ContactRow, Result};

/// Where a walk by name stands: a row's lower-cased name (the cache's `sort_name`) and id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NamePosition {
    pub sort_name: String,
    pub id: String,
}

impl NamePosition {
    /// The position of `row`: its name lower-cased as the cache stores it for sorting.
    pub fn of(row: &ContactRow) -> Self {
        Self {
            sort_name: row.name.to_lowercase(),
            id: row.id.clone(),
        }
    }
}

/// The first positions by name of what a filter matches, how many it matches in all,
/// and whether the search overflowed `SEARCH_CAP` (as `ContactListPage` has them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstPositions {
    pub positions: Vec<NamePosition>,
    pub total: u32,
    pub capped: bool,
}

impl Cache {
    /// The positions of the first `limit` contacts matching `filter` by name, with the
    /// total and the cap `list_contacts` reports, without reading any row in full: a
    /// search across caches keeps the first of every cache's positions and reads only
    /// those rows. A capped text search (at most `SEARCH_CAP` matches) counts its matches
    /// in the query that orders them; any other filter counts through its index.
    pub fn first_positions_by_name(
        &self,
        filter: &ContactFilter,
        limit: u32,
        now: Timestamp,
    ) -> Result<FirstPositions> {
        if !searches(filter) {
            let positions = self.positions_by_name_after(filter, None, limit, now)?;
            let total = self.read(|db| {
                let (clause, values) = where_clause(filter, now);
                let sql = format!("SELECT count(*) FROM contacts c WHERE {clause}");
                Ok(db.query_row(&sql, params_from_iter(values.iter()), |row| row.get(0))?)
            })?;
            return Ok(FirstPositions {
                positions,
                total,
                capped: false,
            });
        }
        self.read(|db| {
            // The index is searched once: its first `SEARCH_CAP` + 1 matches say whether
            // the search overflowed, the first `SEARCH_CAP` of them are the matches.
            let (clause, mut values) = where_clause_over(filter, now, Some("hits"));
            let query = filter.search.as_deref().and_then(fts_query);
            values.push(SqlValue::Text(query.unwrap_or_default()));
            let matching = values.len();
            // At least one row, which carries the counts even when no position is wanted.
            values.push(SqlValue::Integer(i64::from(limit.max(1))));
            let sql = format!(
                "WITH hits AS MATERIALIZED (
                   SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?{matching}
                   LIMIT {})
                 SELECT c.sort_name, c.id, count(*) OVER (), (SELECT count(*) FROM hits)
                 FROM contacts c WHERE {clause}
                 ORDER BY c.sort_name, c.id LIMIT ?{}",
                SEARCH_CAP + 1,
                values.len()
            );
            let mut statement = db.prepare_cached(&sql)?;
            let mut rows = statement.query(params_from_iter(values.iter()))?;
            let mut found = FirstPositions {
                positions: Vec::new(),
                total: 0,
                capped: false,
            };
            while let Some(row) = rows.next()? {
                found.total = row.get(2)?;
                found.capped = row.get::<_, u32>(3)? > SEARCH_CAP;
                found.positions.push(NamePosition {
                    sort_name: row.get(0)?,
                    id: row.get(1)?,
                });
            }
            if found.positions.is_empty() {
                found.capped = search_overflows(db, filter)?;
            }
            found
                .positions
                .truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            Ok(found)
        })
    }

    /// The positions of up to `limit` contacts matching `filter`, by name, that come after
    /// `position` (from the first with none; `inclusive` also takes the one at it). They
    /// are read from the name index without touching the rows, so a merge across caches
    /// picks its page first and then reads only the rows it keeps.
    pub fn positions_by_name_after(
        &self,
        filter: &ContactFilter,
        position: Option<(&NamePosition, bool)>,
        limit: u32,
        now: Timestamp,
    ) -> Result<Vec<NamePosition>> {
        self.read(|db| {
            let (clause, mut values) = where_clause(filter, now);
            let mut after = String::new();
            if let Some((position, inclusive)) = position {
                values.push(SqlValue::Text(position.sort_name.clone()));
                values.push(SqlValue::Text(position.id.clone()));
                let compare = if inclusive { ">=" } else { ">" };
                after = format!(
                    " AND (c.sort_name, c.id) {compare} (?{}, ?{})",
                    values.len() - 1,
                    values.len()
                );
            }
            values.push(SqlValue::Integer(i64::from(limit)));
            let sql = format!(
                "SELECT c.sort_name, c.id FROM contacts c WHERE {clause}{after}
                 ORDER BY c.sort_name, c.id LIMIT ?{}",
                values.len()
            );
            let mut statement = db.prepare_cached(&sql)?;
            let rows = statement
                .query_map(params_from_iter(values.iter()), |row| {
                    Ok(NamePosition {
                        sort_name: row.get(0)?,
                        id: row.get(1)?,
                    })
                })?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlevel::Contact;

    fn cache_of(names: &[(&str, &str)]) -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("cache.sqlite")).unwrap();
        let contacts: Vec<Contact> = names
            .iter()
            .map(|(id, name)| {
                serde_json::from_value(serde_json::json!({"id": id, "firstName": name})).unwrap()
            })
            .collect();
        cache
            .upsert_contacts(&contacts, None, Timestamp::now())
            .unwrap();
        (dir, cache)
    }

    fn ids(positions: &[NamePosition]) -> Vec<&str> {
        positions
            .iter()
            .map(|position| position.id.as_str())
            .collect()
    }

    #[test]
    fn a_walk_by_name_resumes_after_the_last_row_even_among_equal_names() {
        let (_dir, cache) = cache_of(&[("c3", "Ada"), ("c1", "ada"), ("c2", "Bob"), ("c4", "Ada")]);
        let now = Timestamp::now();
        let filter = ContactFilter::default();
        let first = cache
            .positions_by_name_after(&filter, None, 2, now)
            .unwrap();
        assert_eq!(ids(&first), ["c1", "c3"]);
        let at = first[1].clone();
        let next = cache
            .positions_by_name_after(&filter, Some((&at, false)), 2, now)
            .unwrap();
        assert_eq!(ids(&next), ["c4", "c2"]);
        let again = cache
            .positions_by_name_after(&filter, Some((&at, true)), 1, now)
            .unwrap();
        assert_eq!(ids(&again), ["c3"]);
    }

    #[test]
    fn a_walk_by_name_keeps_the_filter() {
        let (_dir, cache) = cache_of(&[("c1", "Ada Lovelace"), ("c2", "Grace Hopper")]);
        let filter = ContactFilter {
            search: Some("hopper".into()),
            ..ContactFilter::default()
        };
        let rows = cache
            .positions_by_name_after(&filter, None, 10, Timestamp::now())
            .unwrap();
        assert_eq!(ids(&rows), ["c2"]);
    }
}
