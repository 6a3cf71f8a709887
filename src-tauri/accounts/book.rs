//! `profiles.json`: the profiles and which one is active. Nothing secret is in it, so it
//! stays readable (and the app can open) when the keychain is not.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::agency::Agency;
use super::error::AccountsError;
use super::profile::Profile;
use crate::locks::{lock_path, FileLock};

const FILE_NAME: &str = "profiles.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Book {
    /// The id of the active profile; always one of `profiles`, or none.
    pub active: Option<String>,
    pub profiles: Vec<Profile>,
    /// Agencies: groups of the profiles above (`Profile::agency`), with what connecting
    /// more of their locations needs. Absent from files written before agencies.
    #[serde(default)]
    pub agencies: Vec<Agency>,
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
            || self.agencies.iter().any(|agency| agency.id == id)
    }

    /// An agency by id or (case-insensitive) name.
    pub fn agency(&self, reference: &str) -> Result<&Agency, AccountsError> {
        self.agencies
            .iter()
            .find(|agency| agency.id == reference)
            .or_else(|| {
                self.agencies
                    .iter()
                    .find(|agency| agency.name.eq_ignore_ascii_case(reference.trim()))
            })
            .ok_or_else(|| AccountsError::invalid(format!("no agency is named {reference:?}")))
    }
}

/// The file on disk. Every change is read-modify-write under a file lock that the app and
/// every CLI process share, so no update overwrites another; it lands by rename, so a
/// crash leaves either the old file or the new one, never half of either.
pub(crate) struct BookFile {
    path: PathBuf,
}

impl BookFile {
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join(FILE_NAME),
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
        let _writing = self.lock()?;
        let mut book = self.load()?;
        let outcome = change(&mut book)?;
        self.save(&book)?;
        Ok(outcome)
    }

    fn save(&self, book: &Book) -> Result<(), AccountsError> {
        let json = serde_json::to_vec_pretty(book)
            .map_err(|error| self.failed("could not encode", error))?;
        write_synced(self.dir(), &json)
            .and_then(|file| file.persist(&self.path).map_err(|error| error.error))
            .map_err(|error| self.failed("could not write", error))?;
        Ok(())
    }

    /// Held for a whole read-modify-write; blocks while another process holds it.
    fn lock(&self) -> Result<FileLock, AccountsError> {
        std::fs::create_dir_all(self.dir())
            .map_err(|error| self.failed("could not create", error))?;
        FileLock::acquire(&lock_path(&self.path, "update"))
            .map_err(|error| self.failed("could not lock", error))
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }

    fn failed(&self, what: &str, error: impl std::fmt::Display) -> AccountsError {
        AccountsError::storage(&format!("{what} {}", self.path.display()), error)
    }
}

/// A temporary file in `dir` holding `bytes`, flushed to disk before a rename makes it
/// visible; dropped unrenamed, it deletes itself.
fn write_synced(dir: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut file = tempfile::Builder::new()
        .prefix(&format!(".{FILE_NAME}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::accounts::profile::{AuthKind, ProfileStatus, WriteAccess};

    fn profile(id: String) -> Profile {
        Profile {
            name: id.clone(),
            id,
            environment: "Test".into(),
            base_url: "http://127.0.0.1:9".into(),
            location_id: "location".into(),
            auth: AuthKind::PrivateToken,
            added_at: Timestamp::UNIX_EPOCH,
            rotated_at: None,
            write_access: WriteAccess::Unknown,
            status: ProfileStatus::Connected,
            agency: None,
        }
    }

    /// Each writer opens the file on its own, as the app and a CLI process do: the file
    /// lock, not a shared mutex, is what keeps their updates from overwriting each other.
    #[test]
    fn concurrent_writers_lose_no_update() {
        const WRITERS: usize = 8;
        const UPDATES: usize = 10;
        let dir = tempfile::tempdir().unwrap();
        std::thread::scope(|scope| {
            for writer in 0..WRITERS {
                let book = BookFile::in_dir(dir.path());
                scope.spawn(move || {
                    for update in 0..UPDATES {
                        book.update(|book| {
                            book.profiles.push(profile(format!("{writer}-{update}")));
                            Ok(())
                        })
                        .unwrap();
                    }
                });
            }
        });
        let saved = BookFile::in_dir(dir.path()).load().unwrap();
        assert_eq!(saved.profiles.len(), WRITERS * UPDATES);
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|entry| entry.as_ref().unwrap().path().extension() == Some("tmp".as_ref()))
            .count();
        assert_eq!(leftovers, 0, "no temporary file is left behind");
    }
}
