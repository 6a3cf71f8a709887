//! Businesses as the contacts describe them: an id, named by HighLevel's name for it
//! (`GET /businesses/`, when the token may read it), else by its contacts' most common
//! company name.

use rusqlite::{OptionalExtension, Row, Transaction};

use super::{Cache, Result};

/// A business and how many live contacts it has; its task figures are the reports'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Business {
    pub id: String,
    pub name: String,
    pub contacts: u32,
}

impl Cache {
    /// Every business, largest first, optionally filtered by name.
    pub fn businesses(&self, search: Option<&str>) -> Result<Vec<Business>> {
        let pattern = search
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(|text| format!("%{}%", text.to_lowercase()));
        self.read(|db| {
            let mut statement = db.prepare_cached(
                "SELECT id, name, contacts FROM businesses
                 WHERE ?1 IS NULL OR lower(name) LIKE ?1 OR lower(id) LIKE ?1
                 ORDER BY contacts DESC, name",
            )?;
            let rows = statement
                .query_map([pattern], business)?
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    pub fn business(&self, id: &str) -> Result<Option<Business>> {
        self.read(|db| {
            let mut statement =
                db.prepare_cached("SELECT id, name, contacts FROM businesses WHERE id = ?1")?;
            let row = statement.query_row([id], business).optional()?;
            Ok(row)
        })
    }
}

fn business(row: &Row<'_>) -> rusqlite::Result<Business> {
    Ok(Business {
        id: row.get(0)?,
        name: row.get(1)?,
        contacts: row.get(2)?,
    })
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
