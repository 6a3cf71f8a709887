//! Locks: a mutex that outlives a panic, and advisory file locks shared by every process
//! on the machine (the app, a cron `contact-desk sync`, a second terminal).
//!
//! SQLite's own locks cover one transaction at a time; the file locks cover longer
//! stretches (migrating a schema, a whole sync run, a `profiles.json` update) that must
//! not interleave.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

/// Locks `mutex` even if a holder panicked: every guarded value here is left whole
/// between statements, so a panic elsewhere must not fail every later caller.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How often a waiter looks again: a sync run lasts seconds to minutes.
const POLL: Duration = Duration::from_millis(50);

/// An exclusive lock on a file, released when dropped (or when the process dies).
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Blocks until the lock is ours. For short critical sections (a migration).
    pub fn acquire(path: &Path) -> std::io::Result<Self> {
        let file = open_lock_file(path)?;
        file.lock()?;
        Ok(Self { _file: file })
    }

    /// Takes the lock at once if it is free; `None` when another holder has it.
    pub fn try_acquire(path: &Path) -> std::io::Result<Option<Self>> {
        let file = open_lock_file(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(error)) => Err(error),
        }
    }

    /// Waits without blocking a runtime thread until the lock is ours; `None` if
    /// `cancel` fires first.
    pub async fn acquire_async(
        path: &Path,
        cancel: &CancellationToken,
    ) -> std::io::Result<Option<Self>> {
        loop {
            if let Some(lock) = Self::try_acquire(path)? {
                return Ok(Some(lock));
            }
            tokio::select! {
                () = tokio::time::sleep(POLL) => {}
                () = cancel.cancelled() => return Ok(None),
            }
        }
    }
}

/// `<file>.<purpose>.lock`, beside the file it guards.
pub fn lock_path(file: &Path, purpose: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(format!(".{purpose}.lock"));
    PathBuf::from(name)
}

fn open_lock_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_not_taken_twice_and_frees_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(&dir.path().join("cache.sqlite"), "sync");
        let held = FileLock::acquire(&path).unwrap();
        assert!(FileLock::try_acquire(&path).unwrap().is_none());
        drop(held);
        assert!(FileLock::try_acquire(&path).unwrap().is_some());
    }

    #[tokio::test]
    async fn a_cancelled_wait_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(&dir.path().join("cache.sqlite"), "sync");
        let _held = FileLock::acquire(&path).unwrap();
        let cancel = CancellationToken::new();
        cancel.cancel();
        assert!(FileLock::acquire_async(&path, &cancel)
            .await
            .unwrap()
            .is_none());
    }
}
