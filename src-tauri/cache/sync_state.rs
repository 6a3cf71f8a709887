//! Small facts the sync engine keeps between runs (checkpoints, last runs), as JSON.

use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{businesses, contacts, Cache, Result};
use crate::highlevel::Contact;

impl Cache {
    pub fn state<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.read(|db| {
            let json: Option<String> = db
                .query_row(
                    "SELECT value FROM sync_state WHERE key = ?1",
                    [key],
                    |row| row.get(0),
                )
                .optional()?;
            Ok(json.map(|json| serde_json::from_str(&json)).transpose()?)
        })
    }

    pub fn set_state<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        self.write(|tx| put(tx, key, value))
    }

    pub fn clear_state(&self, key: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM sync_state WHERE key = ?1", [key])?;
            Ok(())
        })
    }

    /// Stores one page of a listing and the checkpoint that follows it, together: after a
    /// crash the listing resumes exactly after the last page that was stored.
    pub fn store_listing_page<C: Serialize>(
        &self,
        contacts: &[Contact],
        listing: i64,
        checkpoint_key: &str,
        checkpoint: &C,
        now: Timestamp,
    ) -> Result<()> {
        self.write(|tx| {
            contacts::upsert_all(tx, contacts, Some(listing), now)?;
            put(tx, checkpoint_key, checkpoint)
        })
    }

    /// Ends a complete listing: contacts it never saw (and nobody wrote since it began,
    /// nor HighLevel changed after `spare_updated_after`) are gone from HighLevel, so
    /// they are hidden. Returns how many were hidden.
    pub fn finish_listing(
        &self,
        listing: i64,
        started: Timestamp,
        spare_updated_after: Option<Timestamp>,
        checkpoint_key: &str,
    ) -> Result<u32> {
        self.write(|tx| {
            let hidden = tx.execute(
                "UPDATE contacts SET deleted = 1
                 WHERE deleted = 0 AND listing < ?1 AND synced_at < ?2
                   AND (?3 IS NULL OR coalesce(date_updated, 0) <= ?3)",
                params![
                    listing,
                    super::millis(started),
                    spare_updated_after.map(super::millis)
                ],
            )?;
            tx.execute("DELETE FROM sync_state WHERE key = ?1", [checkpoint_key])?;
            businesses::refresh(tx)?;
            Ok(u32::try_from(hidden).unwrap_or(u32::MAX))
        })
    }

    /// Brings the business table up to date after contact writes.
    pub fn refresh_businesses(&self) -> Result<()> {
        self.write(businesses::refresh)
    }
}

fn put<T: Serialize>(tx: &Transaction<'_>, key: &str, value: &T) -> Result<()> {
    tx.execute(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, serde_json::to_string(value)?],
    )?;
    Ok(())
}
