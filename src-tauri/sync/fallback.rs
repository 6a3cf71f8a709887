//! When a bulk endpoint is out of reach (the token lacks its scope, or the server refuses
//! its documented body), that resource goes back to the per-contact path for a day and
//! then tries again. Nothing stops working; Settings › Sync says which path is in use.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::plan::FALLBACK_RETRY;
use super::{SyncError, Syncer};
use crate::highlevel::Error;

const FALLBACKS: &str = "fallbacks";

/// What a sync reads in bulk, each with its own way back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum Resource {
    /// `POST /contacts/search`; otherwise `GET /contacts/`, every contact every sync.
    Contacts,
    /// `POST /locations/:id/tasks/search`; otherwise each contact's tasks.
    Tasks,
    /// `GET /calendars/events`; otherwise each contact's appointments.
    Appointments,
}

/// A resource on its per-contact path, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Fallback {
    pub resource: Resource,
    pub reason: String,
    /// The scope the token lacks, when that is the reason: reconnecting with it helps.
    #[serde(default)]
    pub missing_scope: Option<String>,
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub since: Timestamp,
}

impl Syncer {
    /// The resources on their fallback path now.
    pub fn fallbacks(&self) -> Result<Vec<Fallback>, SyncError> {
        let retry = SignedDuration::try_from(FALLBACK_RETRY).unwrap_or_default();
        let now = Timestamp::now();
        Ok(self
            .cache
            .state::<Vec<Fallback>>(FALLBACKS)?
            .unwrap_or_default()
            .into_iter()
            .filter(|fallback| now - retry < fallback.since)
            .collect())
    }

    pub(super) fn on_fallback(&self, resource: Resource) -> Result<bool, SyncError> {
        Ok(self
            .fallbacks()?
            .iter()
            .any(|fallback| fallback.resource == resource))
    }

    /// Puts `resource` on its fallback path when `error` says the bulk path is out of
    /// reach (and says so once, in the log); other errors pass through.
    pub(super) fn fall_back(&self, resource: Resource, error: SyncError) -> Result<(), SyncError> {
        let SyncError::Api(api_error) = &error else {
            return Err(error);
        };
        let Some(reason) = unreachable_because(api_error) else {
            return Err(error);
        };
        tracing::warn!(?resource, %reason, "reading this resource contact by contact");
        let missing_scope = match api_error {
            Error::Forbidden {
                missing_scope: Some(scope),
                ..
            } => Some(scope.as_str().to_owned()),
            _ => None,
        };
        let mut fallbacks = self.fallbacks()?;
        fallbacks.retain(|fallback| fallback.resource != resource);
        fallbacks.push(Fallback {
            resource,
            reason,
            missing_scope,
            since: Timestamp::now(),
        });
        self.cache.set_state(FALLBACKS, &fallbacks)?;
        Ok(())
    }
}

/// Why the bulk endpoint cannot serve this token, if that is what `error` says.
fn unreachable_because(error: &Error) -> Option<String> {
    match error {
        Error::Forbidden {
            missing_scope: Some(scope),
            ..
        } => Some(format!("the token lacks the {} scope", scope.as_str())),
        Error::Forbidden { message, .. } => Some(format!("HighLevel refused access: {message}")),
        Error::Validation { .. } | Error::Rejected { .. } | Error::NotFound { .. } => {
            Some(format!("HighLevel refused the documented request: {error}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlevel::Scope;

    #[test]
    fn a_missing_scope_or_a_refused_body_falls_back_and_an_outage_does_not() {
        let scope = Error::Forbidden {
            message: "The token is not authorized for this scope.".into(),
            missing_scope: Some(Scope::LocationsTasksReadonly),
        };
        assert_eq!(
            unreachable_because(&scope).as_deref(),
            Some("the token lacks the locations/tasks.readonly scope")
        );
        let refused = Error::Validation {
            messages: vec!["pageLimit must not be greater than 100".into()],
        };
        assert!(unreachable_because(&refused).is_some());
        assert_eq!(unreachable_because(&Error::Timeout), None);
        let outage = Error::Server {
            status: 503,
            message: "unavailable".into(),
        };
        assert_eq!(unreachable_because(&outage), None);
    }
}
