//! Names for the ids contacts carry: the location's users, custom fields and businesses as
//! HighLevel lists them. Each list is replaced whole when sync reads it again; an id no
//! list names stays an id.

use std::collections::BTreeSet;

use rusqlite::{params, Connection, Row};
use serde::Serialize;

use super::{businesses, Cache, Result};
use crate::highlevel::{Business, CustomField, PicklistOption, User};

/// A user of the location: who owns a contact, is assigned a task or hosts an appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct UserName {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
}

/// A custom field: its name, and the type its values are formatted by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FieldName {
    pub id: String,
    pub name: String,
    pub field_key: Option<String>,
    /// HighLevel's `dataType`: `NUMERICAL`, `MONETORY`, `DATE`, `SINGLE_OPTIONS`, …
    pub data_type: Option<String>,
    pub options: Vec<PicklistOption>,
}

/// The names the UI looks ids up in, each list by name (businesses are named in the
/// business list itself).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Names {
    pub users: Vec<UserName>,
    pub custom_fields: Vec<FieldName>,
}

impl Names {
    /// The user's name, when the location's list names them.
    pub fn user(&self, id: &str) -> Option<&str> {
        self.users
            .iter()
            .find(|user| user.id == id)
            .map(|user| user.name.as_str())
    }
}

impl Cache {
    /// Replaces the users; a user without any name is left out (its id shows instead).
    pub fn store_users(&self, users: &[User]) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM users", [])?;
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO users (id, name, email) VALUES (?1, ?2, ?3)",
            )?;
            for user in users {
                if let Some(name) = user.display_name() {
                    insert.execute(params![user.id, name, user.email])?;
                }
            }
            Ok(())
        })
    }

    /// Replaces the custom fields; a field without a name is left out.
    pub fn store_custom_fields(&self, fields: &[CustomField]) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM custom_fields", [])?;
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO custom_fields (id, name, field_key, data_type, options)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for field in fields {
                let Some(name) = named(field.name.as_deref()) else {
                    continue;
                };
                let options = serde_json::to_string(&field.picklist_options)?;
                insert.execute(params![
                    field.id,
                    name,
                    field.field_key,
                    field.data_type,
                    options
                ])?;
            }
            Ok(())
        })
    }

    /// Replaces the businesses' own names, and renames the business list by them.
    pub fn store_business_names(&self, list: &[Business]) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM business_names", [])?;
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO business_names (id, name) VALUES (?1, ?2)",
            )?;
            for business in list {
                if let Some(name) = named(business.name.as_deref()) {
                    insert.execute(params![business.id, name])?;
                }
            }
            drop(insert);
            businesses::refresh(tx)
        })
    }

    pub fn names(&self) -> Result<Names> {
        self.read(|db| {
            Ok(Names {
                users: users(db)?,
                custom_fields: custom_fields(db)?,
            })
        })
    }

    /// Ids no list names: the live contacts' owners and businesses, and the custom fields
    /// of `contact_ids` (reading every contact's fields would scan the whole cache).
    pub fn unnamed_ids(&self, contact_ids: &[String]) -> Result<BTreeSet<String>> {
        self.read(|db| {
            let mut unnamed = BTreeSet::new();
            for sql in [
                "SELECT DISTINCT assigned_to FROM contacts
                 WHERE assigned_to IS NOT NULL AND deleted = 0
                   AND assigned_to NOT IN (SELECT id FROM users)",
                "SELECT DISTINCT business_id FROM contacts
                 WHERE business_id IS NOT NULL AND deleted = 0
                   AND business_id NOT IN (SELECT id FROM business_names)",
            ] {
                let mut statement = db.prepare_cached(sql)?;
                let ids = statement.query_map([], |row| row.get::<_, String>(0))?;
                unnamed.extend(ids.collect::<std::result::Result<Vec<_>, _>>()?);
            }
            let mut fields = db.prepare_cached(
                "SELECT DISTINCT json_extract(f.value, '$.id')
                 FROM contacts c, json_each(c.json, '$.customFields') f
                 WHERE c.id = ?1 AND json_extract(f.value, '$.id') IS NOT NULL
                   AND json_extract(f.value, '$.id') NOT IN (SELECT id FROM custom_fields)",
            )?;
            for contact_id in contact_ids {
                let ids = fields.query_map([contact_id], |row| row.get::<_, String>(0))?;
                unnamed.extend(ids.collect::<std::result::Result<Vec<_>, _>>()?);
            }
            Ok(unnamed)
        })
    }

    /// Businesses the contacts name, which `GET /businesses/` pages through.
    pub fn business_count(&self) -> Result<u32> {
        self.count("SELECT count(*) FROM businesses")
    }
}

/// A name worth showing: not missing, not blank.
fn named(name: Option<&str>) -> Option<&str> {
    name.map(str::trim).filter(|name| !name.is_empty())
}

/// Every row `sql` selects, each read by `read`.
fn all<T>(
    db: &Connection,
    sql: &str,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut statement = db.prepare_cached(sql)?;
    let rows = statement.query_map([], read)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn users(db: &Connection) -> Result<Vec<UserName>> {
    all(
        db,
        "SELECT id, name, email FROM users ORDER BY name, id",
        |row| {
            Ok(UserName {
                id: row.get(0)?,
                name: row.get(1)?,
                email: row.get(2)?,
            })
        },
    )
}

fn custom_fields(db: &Connection) -> Result<Vec<FieldName>> {
    let sql = "SELECT id, name, field_key, data_type, options FROM custom_fields ORDER BY name, id";
    let rows = all(db, sql, |row| {
        let field = FieldName {
            id: row.get(0)?,
            name: row.get(1)?,
            field_key: row.get(2)?,
            data_type: row.get(3)?,
            options: Vec::new(),
        };
        Ok((field, row.get::<_, String>(4)?))
    })?;
    rows.into_iter()
        .map(|(field, options)| {
            Ok(FieldName {
                options: serde_json::from_str(&options)?,
                ..field
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::highlevel::Contact;

    fn open() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("cache.sqlite")).unwrap();
        (dir, cache)
    }

    fn decoded<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
        serde_json::from_value(value).unwrap()
    }

    fn seed(cache: &Cache) {
        let contacts: Vec<Contact> = decoded(json!([
            {"id": "c1", "firstName": "Ada", "assignedTo": "u1", "businessId": "b1",
             "companyName": "analytical engines", "customFields": [{"id": "f1", "value": 12}]},
            {"id": "c2", "firstName": "Grace", "assignedTo": "u2", "businessId": "b1",
             "companyName": "analytical engines", "customFields": [{"id": "f2", "value": "x"}]},
        ]));
        cache
            .upsert_contacts(&contacts, None, jiff::Timestamp::now())
            .unwrap();
        cache.refresh_businesses().unwrap();
    }

    #[test]
    fn names_replace_their_list_and_the_nameless_stay_ids() {
        let (_dir, cache) = open();
        seed(&cache);
        let everyone = ["c1".to_owned(), "c2".to_owned()];
        assert_eq!(
            cache.unnamed_ids(&everyone).unwrap(),
            BTreeSet::from(["u1", "u2", "b1", "f1", "f2"].map(String::from))
        );
        cache
            .store_users(&decoded::<Vec<User>>(json!([
                {"id": "u1", "name": "Maya Okafor", "email": "maya@team.example"},
                {"id": "u9", "name": "  "},
            ])))
            .unwrap();
        cache
            .store_custom_fields(&decoded::<Vec<CustomField>>(json!([
                {"id": "f1", "name": "Lifetime value", "dataType": "MONETORY"},
                {"id": "f3", "name": "Plan", "dataType": "SINGLE_OPTIONS", "picklistOptions": ["Gold"]},
            ])))
            .unwrap();
        cache
            .store_business_names(&decoded::<Vec<Business>>(json!([
                {"id": "b1", "name": "Analytical Engines Ltd"},
            ])))
            .unwrap();
        let names = cache.names().unwrap();
        assert_eq!(names.user("u1"), Some("Maya Okafor"));
        assert_eq!(names.user("u2"), None);
        assert_eq!(names.users.len(), 1, "a blank name names nobody");
        assert_eq!(names.custom_fields[1].options[0].label, "Gold");
        assert_eq!(
            names.custom_fields[0].data_type.as_deref(),
            Some("MONETORY")
        );
        assert_eq!(
            cache.unnamed_ids(&everyone).unwrap(),
            BTreeSet::from(["u2", "f2"].map(String::from))
        );
        assert_eq!(
            cache.unnamed_ids(&[]).unwrap(),
            BTreeSet::from(["u2".to_owned()]),
            "custom fields are checked for the contacts given only"
        );
        // The business's own name wins over its contacts' company name.
        let business = cache.business("b1").unwrap().unwrap();
        assert_eq!(business.name, "Analytical Engines Ltd");
        // A list read again replaces the last one.
        cache.store_users(&[]).unwrap();
        assert!(cache.names().unwrap().users.is_empty());
    }

    #[test]
    fn without_its_own_name_a_business_keeps_its_contacts_company_name() {
        let (_dir, cache) = open();
        seed(&cache);
        cache.store_business_names(&[]).unwrap();
        let business = cache.business("b1").unwrap().unwrap();
        assert_eq!(business.name, "analytical engines");
        assert_eq!(cache.business_count().unwrap(), 1);
    }
}
