//! What duplicate detection reads (every live contact's name, email, phone and business,
//! from one covering index) and the pairs the user dismissed as not duplicates.

use std::collections::HashSet;

use jiff::Timestamp;
use rusqlite::params;
use serde::Serialize;

use super::{millis, Cache, Result};

/// One contact as duplicate detection compares it, and the pair list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DuplicateCandidate {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub business_id: Option<String>,
}

impl Cache {
    /// Every live contact, read from the `contacts_duplicates` index alone.
    pub fn duplicate_candidates(&self) -> Result<Vec<DuplicateCandidate>> {
        self.read(|db| {
            let mut statement = db.prepare(
                "SELECT id, name, email, phone, business_id FROM contacts
                 INDEXED BY contacts_duplicates WHERE deleted = 0",
            )?;
            let rows = statement.query_map([], |row| {
                Ok(DuplicateCandidate {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    email: row.get(2)?,
                    phone: row.get(3)?,
                    business_id: row.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The dismissed pairs, each as (lower id, higher id).
    pub fn dismissed_duplicates(&self) -> Result<HashSet<(String, String)>> {
        self.read(|db| {
            let mut statement =
                db.prepare("SELECT first_id, second_id FROM duplicate_dismissals")?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Remembers that two contacts are not duplicates, whichever order they come in.
    pub fn dismiss_duplicate(&self, one: &str, other: &str, now: Timestamp) -> Result<()> {
        let (first, second) = ordered(one, other);
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO duplicate_dismissals (first_id, second_id, dismissed_at)
                 VALUES (?1, ?2, ?3)",
                params![first, second, millis(now)],
            )?;
            Ok(())
        })
    }
}

/// A pair's ids in the one order dismissals are stored and looked up in.
pub fn ordered<'a>(one: &'a str, other: &'a str) -> (&'a str, &'a str) {
    match one <= other {
        true => (one, other),
        false => (other, one),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlevel::Contact;

    fn contact(id: &str, email: Option<&str>) -> Contact {
        Contact {
            id: id.into(),
            first_name: Some(format!("Person {id}")),
            email: email.map(str::to_owned),
            phone: Some("+14155550134".into()),
            business_id: Some("biz".into()),
            ..Contact::default()
        }
    }

    #[test]
    fn candidates_are_the_live_contacts_read_from_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("cache.sqlite")).unwrap();
        let contacts = [contact("a", Some("a@x.example")), contact("b", None)];
        cache
            .upsert_contacts(&contacts, None, Timestamp::now())
            .unwrap();
        cache.delete_contact("b").unwrap();

        let candidates = cache.duplicate_candidates().unwrap();

        assert_eq!(
            candidates,
            vec![DuplicateCandidate {
                id: "a".into(),
                name: "Person a".into(),
                email: Some("a@x.example".into()),
                phone: Some("+14155550134".into()),
                business_id: Some("biz".into()),
            }]
        );
        let plan: String = cache
            .read(|db| {
                Ok(db.query_row(
                    "EXPLAIN QUERY PLAN SELECT id, name, email, phone, business_id FROM contacts
                     INDEXED BY contacts_duplicates WHERE deleted = 0",
                    [],
                    |row| row.get(3),
                )?)
            })
            .unwrap();
        assert!(
            plan.contains("COVERING INDEX contacts_duplicates"),
            "{plan}"
        );
    }

    #[test]
    fn a_dismissal_is_remembered_in_either_order() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("cache.sqlite")).unwrap();

        cache.dismiss_duplicate("b", "a", Timestamp::now()).unwrap();
        cache.dismiss_duplicate("a", "b", Timestamp::now()).unwrap();

        let dismissed = cache.dismissed_duplicates().unwrap();
        assert_eq!(dismissed, HashSet::from([("a".into(), "b".into())]));
    }
}
