//! Names for ids: the location's users, custom fields and businesses, read once a day or
//! sooner when a changed contact names an id no list has (2 requests, plus one per 100
//! businesses). A token without a list's scope keeps showing ids: the list records a
//! hint naming the scope that would add names, once, instead of failing the sync.

use std::collections::BTreeSet;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::plan::NAMES_EVERY;
use super::{Run, SyncError, Syncer};
use crate::highlevel::Error;

/// When the lists were last read.
const READ: &str = "names_read";
/// Ids that no list named after the last read: they do not call for another one.
const UNRESOLVED: &str = "names_unresolved";
const HINTS: &str = "name_hints";

/// One list of names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum NameList {
    /// `GET /users/`: owners, assignees, hosts.
    Users,
    /// `GET /locations/:id/customFields`
    CustomFields,
    /// `GET /businesses/`
    Businesses,
}

/// A list the token could not read, so its ids stay ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NameHint {
    pub list: NameList,
    /// The scope that would add the names, when that is what is missing.
    pub missing_scope: Option<String>,
    pub reason: String,
}

impl Syncer {
    /// The lists the token could not read at the last try.
    pub fn name_hints(&self) -> Result<Vec<NameHint>, SyncError> {
        Ok(self.cache.state(HINTS)?.unwrap_or_default())
    }

    /// Reads the lists when a day has passed (or `forced`), or when `changed` contacts
    /// name an id that was not unnamed already.
    pub(super) async fn sync_names(
        &self,
        run: &mut Run,
        changed: &[String],
        forced: bool,
    ) -> Result<(), SyncError> {
        let every = SignedDuration::try_from(NAMES_EVERY).unwrap_or_default();
        let now = Timestamp::now();
        let last = self.cache.state::<Timestamp>(READ)?;
        let due = forced || last.is_none_or(|last| now - every >= last);
        let mut unresolved: BTreeSet<String> = match due {
            true => BTreeSet::new(),
            false => self.cache.state(UNRESOLVED)?.unwrap_or_default(),
        };
        let checked: &[String] = if due { &[] } else { changed };
        if !due && self.cache.unnamed_ids(checked)?.is_subset(&unresolved) {
            return Ok(());
        }
        let mut hints = Vec::new();
        for list in [
            NameList::Users,
            NameList::CustomFields,
            NameList::Businesses,
        ] {
            if let Err(error) = self.read_names(run, list).await {
                hints.push(hint(list, error)?);
            }
        }
        unresolved.extend(self.cache.unnamed_ids(checked)?);
        self.cache.set_state(UNRESOLVED, &unresolved)?;
        self.cache.set_state(HINTS, &hints)?;
        self.cache.set_state(READ, &now)?;
        self.events.contacts_changed();
        Ok(())
    }

    async fn read_names(&self, run: &Run, list: NameList) -> Result<(), SyncError> {
        match list {
            NameList::Users => {
                let users = self.spend(run, run.api.users().list()).await?;
                self.cache.store_users(&users)?;
            }
            NameList::CustomFields => {
                let fields = self.spend(run, run.api.custom_fields().list()).await?;
                self.cache.store_custom_fields(&fields)?;
            }
            NameList::Businesses => {
                let businesses = self.spend(run, run.api.businesses().list()).await?;
                self.cache.store_business_names(&businesses)?;
            }
        }
        Ok(())
    }
}

/// What to tell the user when HighLevel refused a list; an outage, a cancel or the day's
/// reserve passes through (the lists are read again next time).
fn hint(list: NameList, error: SyncError) -> Result<NameHint, SyncError> {
    let SyncError::Api(api_error) = &error else {
        return Err(error);
    };
    let missing_scope = match api_error {
        Error::Forbidden {
            missing_scope: Some(scope),
            ..
        } => Some(scope.as_str().to_owned()),
        Error::Forbidden { .. }
        | Error::Unauthorized { .. }
        | Error::NotFound { .. }
        | Error::Validation { .. }
        | Error::Rejected { .. } => None,
        _ => return Err(error),
    };
    tracing::info!(?list, %api_error, "names stay ids");
    Ok(NameHint {
        list,
        missing_scope,
        reason: api_error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlevel::Scope;

    #[test]
    fn a_missing_scope_is_a_hint_and_an_outage_is_not() {
        let scope = Error::Forbidden {
            message: "The token is not authorized for this scope.".into(),
            missing_scope: Some(Scope::UsersReadonly),
        };
        let users = hint(NameList::Users, scope.into()).unwrap();
        assert_eq!(users.missing_scope.as_deref(), Some("users.readonly"));
        let gone = Error::NotFound {
            message: "Cannot GET /businesses/".into(),
        };
        assert_eq!(
            hint(NameList::Businesses, gone.into())
                .unwrap()
                .missing_scope,
            None
        );
        assert!(hint(NameList::Users, Error::Timeout.into()).is_err());
        assert!(hint(NameList::Users, Error::Cancelled.into()).is_err());
    }
}
