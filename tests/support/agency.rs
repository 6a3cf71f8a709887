//! An agency of Private Integration Token profiles, one per location of a sandbox, for
//! the tests and benches that sync them together.

use std::path::Path;
use std::sync::Arc;

use contact_desk::accounts::{Accounts, NewProfile};
use contact_desk::sandbox::Sandbox;
use contact_desk::vault::{MemoryStore, SecretString};

/// Accounts in `data` holding a profile per location of `sandbox` (named as the location,
/// the first one active), grouped into the agency `name`.
pub async fn grouped_agency(sandbox: &Sandbox, data: &Path, name: &str) -> Accounts {
    let accounts = Accounts::new(data.to_owned(), Arc::new(MemoryStore::default()));
    let mut names = Vec::new();
    for location in sandbox.locations() {
        let settings = NewProfile {
            name: location.name.clone(),
            environment: "Sandbox".into(),
            base_url: sandbox.base_url(),
            location_id: location.location_id,
        };
        let token = SecretString::from(location.token);
        accounts.add_private_token(settings, token).await.unwrap();
        names.push(location.name);
    }
    accounts.group_into_agency(name, &names).unwrap();
    accounts
}
