//! `profiles.json`: the profiles and which one is active. Nothing secret is in it, so it
//! stays readable (and the app can open) when the keychain is not.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use super::error::AccountsError;
use super::profile::Profile;

const FILE_NAME: &str = "profiles.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Book {
    /// The id of the active profile; always one of `profiles`, or none.
    pub active: Option<String>,
    pub profiles: Vec<Profile>,
}

impl Book {
    pub fn find(&self, reference: &str) -> Result<&Profile, AccountsError> {
        self.position(reference).map(|index| &self.profiles[index])
    }

    pub fn find_mut(&mut self, reference: &str) -> Result<&mut Profile, AccountsError> {
        let index = self.position(reference)?;
        Ok(&mut self.profiles[index])
    }

    /// An exact id wins over a name, so a profile named like another's id stays reachable.
    fn position(&self, reference: &str) -> Result<usize, AccountsError> {
        self.profiles
            .iter()
            .position(|profile| profile.id == reference)
            .or_else(|| {
                self.profiles
                    .iter()
                    .position(|profile| profile.answers_to(reference))
            })
            .ok_or_else(|| AccountsError::UnknownProfile {
                reference: reference.to_owned(),
            })
    }

    pub fn active_profile(&self) -> Option<&Profile> {
        let id = self.active.as_deref()?;
        self.profiles.iter().find(|profile| profile.id == id)
    }

    pub fn name_taken(&self, name: &str) -> bool {
        self.profiles
            .iter()
            .any(|profile| profile.name.eq_ignore_ascii_case(name.trim()))
    }

    pub fn id_taken(&self, id: &str) -> bool {
        self.profiles.iter().any(|profile| profile.id == id)
    }
}

/// The file on disk. Every change is read-modify-write under one lock and lands by rename,
/// so a crash leaves either the old file or the new one, never half of either.
pub(crate) struct BookFile {
    path: PathBuf,
    writing: Mutex<()>,
}

impl BookFile {
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join(FILE_NAME),
            writing: Mutex::new(()),
        }
    }

    /// The saved book; no file yet means no profiles.
    pub fn load(&self) -> Result<Book, AccountsError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Book::default())
            }
            Err(error) => return Err(self.failed("could not read", error)),
        };
        serde_json::from_slice(&bytes).map_err(|error| self.failed("could not parse", error))
    }

    /// Applies `change` to the current book and saves the result if `change` succeeds.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut Book) -> Result<T, AccountsError>,
    ) -> Result<T, AccountsError> {
        let _writing = self.lock();
        let mut book = self.load()?;
        let outcome = change(&mut book)?;
        self.save(&book)?;
        Ok(outcome)
    }

    fn save(&self, book: &Book) -> Result<(), AccountsError> {
        let dir = self.path.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir).map_err(|error| self.failed("could not create", error))?;
        let json = serde_json::to_vec_pretty(book)
            .map_err(|error| self.failed("could not encode", error))?;
        let temporary = dir.join(format!(
            ".{FILE_NAME}.{}-{}.tmp",
            std::process::id(),
            fastrand::u32(..)
        ));
        let written =
            write_synced(&temporary, &json).and_then(|()| std::fs::rename(&temporary, &self.path));
        if let Err(error) = written {
            // Best effort: the temporary file holds nothing secret either way.
            let _ = std::fs::remove_file(&temporary);
            return Err(self.failed("could not write", error));
        }
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, ()> {
        self.writing
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn failed(&self, what: &str, error: impl std::fmt::Display) -> AccountsError {
        AccountsError::storage(&format!("{what} {}", self.path.display()), error)
    }
}

/// Writes and flushes to disk before the rename makes the file visible.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
