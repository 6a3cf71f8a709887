use std::collections::HashMap;
use std::sync::Mutex;

use keyring::Entry;

use super::{ExposeSecret, SecretStore, SecretString, VaultError, SERVICE};

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
compile_error!(
    "Contact Desk stores tokens in the OS keychain, and this platform has none keyring supports"
);

/// The OS keychain: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
///
/// Every keychain round trip is a blocking IPC call (and may show an unlock prompt), so
/// values read or written once are remembered for the life of the process.
pub struct KeychainStore {
    service: String,
    remembered: Mutex<HashMap<String, Option<SecretString>>>,
}

impl Default for KeychainStore {
    fn default() -> Self {
        Self::new(SERVICE)
    }
}

impl KeychainStore {
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
            remembered: Mutex::default(),
        }
    }

    /// Writes, reads back and deletes a throwaway entry: the only honest answer to
    /// "can Contact Desk keep a token here?", since a locked keychain still answers lookups.
    pub fn probe(&self) -> Result<(), VaultError> {
        // Per process, so two probing processes never delete each other's entry.
        let marker = format!("probe-{}", std::process::id());
        let entry = self.entry(&format!("diagnostics/{marker}"))?;
        entry.set_password(&marker).map_err(unavailable)?;
        let read = entry.get_password().map_err(unavailable);
        let deleted = entry.delete_credential().map_err(unavailable);
        match read? {
            value if value == marker => deleted,
            _ => Err(VaultError::Unavailable {
                reason: "the keychain returned a different value than was stored".into(),
            }),
        }
    }

    fn entry(&self, name: &str) -> Result<Entry, VaultError> {
        Entry::new(&self.service, name).map_err(unavailable)
    }

    fn remembered(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<SecretString>>> {
        crate::locks::lock(&self.remembered)
    }
}

impl SecretStore for KeychainStore {
    fn get(&self, name: &str) -> Result<Option<SecretString>, VaultError> {
        if let Some(known) = self.remembered().get(name) {
            return Ok(known.clone());
        }
        let value = match self.entry(name)?.get_password() {
            Ok(value) => Some(SecretString::from(value)),
            Err(keyring::Error::NoEntry) => None,
            Err(error) => return Err(unavailable(error)),
        };
        self.remembered().insert(name.to_owned(), value.clone());
        Ok(value)
    }

    fn get_fresh(&self, name: &str) -> Result<Option<SecretString>, VaultError> {
        self.remembered().remove(name);
        self.get(name)
    }

    fn set(&self, name: &str, secret: &SecretString) -> Result<(), VaultError> {
        self.entry(name)?
            .set_password(secret.expose_secret())
            .map_err(unavailable)?;
        let copy = SecretString::from(secret.expose_secret());
        self.remembered().insert(name.to_owned(), Some(copy));
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), VaultError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {}
            Err(error) => return Err(unavailable(error)),
        }
        self.remembered().insert(name.to_owned(), None);
        Ok(())
    }
}

/// Turns keyring's platform errors into one message that says what to do about it.
fn unavailable(error: keyring::Error) -> VaultError {
    let hint = match &error {
        keyring::Error::NoStorageAccess(_) => LOCKED,
        keyring::Error::PlatformFailure(cause) if no_service(&cause.to_string()) => {
            "no keychain service answered; on Linux, Contact Desk needs a Secret Service \
             (GNOME Keyring, KWallet or KeePassXC) on the session D-Bus"
        }
        // The service is there but failed the call: on Linux, typically a locked
        // collection whose unlock prompt could not be shown.
        keyring::Error::PlatformFailure(_) => LOCKED,
        _ => "the keychain rejected the request",
    };
    VaultError::Unavailable {
        reason: format!("{hint} ({error})"),
    }
}

const LOCKED: &str = "the keychain is locked or refused access; unlock it (on Linux: log in to \
     a desktop session with GNOME Keyring or KWallet running) and try again";

/// What D-Bus says when there is no session bus, or nothing on it owns the Secret Service.
fn no_service(cause: &str) -> bool {
    [
        "No DBus session or Secret Service provider found",
        "ServiceUnknown",
        "autolaunch",
        "Failed to connect to socket",
        "NameHasNoOwner",
    ]
    .iter()
    .any(|sign| cause.contains(sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs against the real Secret Service that `make test` starts in its D-Bus session.
    #[test]
    fn round_trips_through_the_real_keychain() {
        let service = format!("contact-desk-test-{}", std::process::id());
        let store = KeychainStore::new(&service);
        store
            .probe()
            .expect("make test runs inside an unlocked keyring");
        let secret = SecretString::from("pit-round-trip");
        store.set("profile/test/token", &secret).unwrap();

        let fresh = KeychainStore::new(&service);
        let read = fresh.get("profile/test/token").unwrap().unwrap();
        assert_eq!(read.expose_secret(), "pit-round-trip");

        fresh.delete("profile/test/token").unwrap();
        let after = KeychainStore::new(&service)
            .get("profile/test/token")
            .unwrap();
        assert!(after.is_none());
    }
}
