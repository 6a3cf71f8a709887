use std::collections::HashMap;
use std::sync::Mutex;

use super::{ExposeSecret, SecretStore, SecretString, VaultError};

/// A store that lives and dies with the process: for tests and the demo.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<String, SecretString>>,
}

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretString>> {
        crate::locks::lock(&self.secrets)
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, name: &str) -> Result<Option<SecretString>, VaultError> {
        Ok(self.lock().get(name).cloned())
    }

    fn set(&self, name: &str, secret: &SecretString) -> Result<(), VaultError> {
        let copy = SecretString::from(secret.expose_secret());
        self.lock().insert(name.to_owned(), copy);
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), VaultError> {
        self.lock().remove(name);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_deletes() {
        let store = MemoryStore::default();
        assert!(store.get("a").unwrap().is_none());
        store.set("a", &SecretString::from("one")).unwrap();
        store.set("b", &SecretString::from("two")).unwrap();
        assert_eq!(store.get("a").unwrap().unwrap().expose_secret(), "one");
        store.delete("a").unwrap();
        store.delete("a").unwrap();
        assert!(store.get("a").unwrap().is_none());
        assert_eq!(store.get("b").unwrap().unwrap().expose_secret(), "two");
    }

    #[test]
    fn debug_output_redacts_the_secret() {
        let secret = SecretString::from("pit-very-secret");
        assert!(!format!("{secret:?}").contains("very-secret"));
    }
}
