//! Businesses as the contacts describe them: an id, named by HighLevel's name for it
//! (`GET /businesses/`, when the token may read it), else by its contacts' most common
//! company name.

use jiff::Timestamp;
use rusqlite::{params, Transaction};
use serde::Serialize;

use super::{millis, Cache, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BusinessRow {
    pub id: String,
    pub name: String,
    pub contacts: u32,
    pub open_tasks: u32,
    pub overdue_tasks: u32,
}

impl Cache {
    /// Every business, largest first, optionally filtered by name.
    pub fn businesses(&self, search: Option<&str>, now: Timestamp) -> Result<Vec<BusinessRow>> {
        let pattern = search
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(|text| format!("%{}%", text.to_lowercase()));
        self.read(|db| {
            let mut statement = db.prepare_cached(
                "SELECT b.id, b.name, b.contacts,
                   coalesce((SELECT count(*) FROM tasks t JOIN contacts c ON c.id = t.contact_id
                             WHERE c.business_id = b.id AND c.deleted = 0 AND t.completed = 0), 0),
                   coalesce((SELECT count(*) FROM tasks t JOIN contacts c ON c.id = t.contact_id
                             WHERE c.business_id = b.id AND c.deleted = 0 AND t.completed = 0
                               AND t.due_date < ?2), 0)
                 FROM businesses b
                 WHERE ?1 IS NULL OR lower(b.name) LIKE ?1 OR lower(b.id) LIKE ?1
                 ORDER BY b.contacts DESC, b.name",
            )?;
            let rows = statement
                .query_map(params![pattern, millis(now)], |row| {
                    Ok(BusinessRow {
                        id: row.get(0)?,
                        name: row.get(1)?,
                        contacts: row.get(2)?,
                        open_tasks: row.get(3)?,
                        overdue_tasks: row.get(4)?,
                    })
                })?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    pub fn business(&self, id: &str, now: Timestamp) -> Result<Option<BusinessRow>> {
        Ok(self
            .businesses(None, now)?
            .into_iter()
            .find(|business| business.id == id))
    }
}

/// Rebuilds the business table from the live contacts.
pub(super) fn refresh(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM businesses", [])?;
    tx.execute(
        "INSERT INTO businesses (id, name, contacts)
         SELECT b.business_id,
           coalesce((SELECT n.name FROM business_names n
                     WHERE n.id = b.business_id AND trim(n.name) <> ''),
                    (SELECT c.company_name FROM contacts c
                     WHERE c.business_id = b.business_id AND c.deleted = 0
                       AND trim(coalesce(c.company_name, '')) <> ''
                     GROUP BY c.company_name ORDER BY count(*) DESC, c.company_name LIMIT 1),
                    b.business_id),
           b.members
         FROM (SELECT business_id, count(*) AS members FROM contacts
               WHERE deleted = 0 AND business_id IS NOT NULL GROUP BY business_id) AS b",
        [],
    )?;
    Ok(())
}
