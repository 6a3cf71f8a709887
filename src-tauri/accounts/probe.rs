//! The one-contact call that proves a token works for a location, and what its failures
//! mean for the person who typed the token in.

use serde::Serialize;

use super::error::AccountsError;
use super::profile::{ProfileStatus, WriteAccess};
use crate::error::AppError;
use crate::highlevel::{Client, ContactQuery, Error, Scope};

/// What `test_connection` found out, ready for the UI or the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub profile_id: String,
    pub ok: bool,
    pub error: Option<AppError>,
    /// The location's contact count, when HighLevel said.
    pub contact_total: Option<u32>,
    pub write_access: WriteAccess,
    pub status: ProfileStatus,
}

/// `GET /contacts/?locationId=…&limit=1`; resolves to the location's contact total.
pub(crate) async fn one_contact(client: &Client) -> Result<Option<u32>, AccountsError> {
    let query = ContactQuery {
        limit: 1,
        ..ContactQuery::default()
    };
    match client.interactive().contacts().list(&query).await {
        Ok(page) => Ok(page.meta.total.or(page.count)),
        Err(error) => Err(explain(
            error,
            client.base_url().as_str(),
            client.location_id(),
        )),
    }
}

/// A read that failed on credentials says which of the things the user typed is wrong.
fn explain(error: Error, base_url: &str, location_id: &str) -> AccountsError {
    match error {
        Error::NotFound { message }
        | Error::Rejected { message, .. }
        | Error::Unauthorized { message }
        | Error::Decode {
            excerpt: message, ..
        } if message.is_page() => AccountsError::NotHighLevel {
            base_url: base_url.to_owned(),
            answer: message,
        },
        Error::Unauthorized { message } => AccountsError::TokenRejected { message },
        Error::Forbidden {
            missing_scope: Some(scope),
            ..
        } => AccountsError::MissingScope { scope },
        Error::Forbidden { message, .. }
            if message.as_str().to_ascii_lowercase().contains("scope") =>
        {
            AccountsError::MissingScope {
                scope: Scope::ContactsReadonly,
            }
        }
        Error::Forbidden { .. } => AccountsError::WrongLocation {
            location_id: location_id.to_owned(),
        },
        other => AccountsError::Api(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_failures_name_what_to_fix() {
        let explained = |error: Error| explain(error, "http://127.0.0.1:1/", "loc");
        let forbidden = |message: &'static str| Error::Forbidden {
            message: message.into(),
            missing_scope: None,
        };
        let unauthorized = Error::Unauthorized {
            message: "Invalid JWT".into(),
        };
        assert!(matches!(
            explained(unauthorized),
            AccountsError::TokenRejected { .. }
        ));
        assert_eq!(
            explained(forbidden(
                "The token does not have access to this location."
            )),
            AccountsError::WrongLocation {
                location_id: "loc".into()
            }
        );
        assert_eq!(
            explained(forbidden("The token is not authorized for this scope.")),
            AccountsError::MissingScope {
                scope: Scope::ContactsReadonly
            }
        );
        assert_eq!(
            explained(Error::Timeout),
            AccountsError::Api(Error::Timeout)
        );
    }
}
