//! Secrets: the OS keychain behind a small trait, so tests can use memory instead.
//!
//! Secrets travel as [`SecretString`], whose `Debug` redacts; callers expose the
//! value only at the moment it goes on the wire.

mod keychain;
mod memory;

pub use keychain::KeychainStore;
pub use memory::MemoryStore;
pub use secrecy::{ExposeSecret, SecretString};

/// The keychain "service" every Contact Desk entry is filed under.
pub const SERVICE: &str = "contact-desk";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// No Secret Service, a locked keychain, or an OS refusal: nothing was read or written.
    #[error("{reason}")]
    Unavailable { reason: String },
}

/// Named secrets (`profile/<id>/token`, …). Implementations block: call them off the UI thread.
pub trait SecretStore: Send + Sync {
    fn get(&self, name: &str) -> Result<Option<SecretString>, VaultError>;
    /// `get` as the keychain holds it now, past anything remembered: another process may
    /// have written it since (an OAuth refresh).
    fn get_fresh(&self, name: &str) -> Result<Option<SecretString>, VaultError> {
        self.get(name)
    }
    fn set(&self, name: &str, secret: &SecretString) -> Result<(), VaultError>;
    /// Deleting a secret that does not exist succeeds.
    fn delete(&self, name: &str) -> Result<(), VaultError>;
}
