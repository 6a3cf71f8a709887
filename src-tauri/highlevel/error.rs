//! The client's one error type: every failure HighLevel (or the network) can produce,
//! classified so callers decide what to do without reading messages.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::server_text::ServerText;

/// Which OAuth scope an operation needs; HighLevel names it in no error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    ContactsReadonly,
    ContactsWrite,
    LocationsTasksReadonly,
    CalendarsReadonly,
    CalendarsEventsReadonly,
    UsersReadonly,
    LocationsCustomFieldsReadonly,
    BusinessesReadonly,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ContactsReadonly => "contacts.readonly",
            Scope::ContactsWrite => "contacts.write",
            Scope::LocationsTasksReadonly => "locations/tasks.readonly",
            Scope::CalendarsReadonly => "calendars.readonly",
            Scope::CalendarsEventsReadonly => "calendars/events.readonly",
            Scope::UsersReadonly => "users.readonly",
            Scope::LocationsCustomFieldsReadonly => "locations/customFields.readonly",
            Scope::BusinessesReadonly => "businesses.readonly",
        }
    }

    /// Whether the operation changes data (a search sent as a POST does not).
    pub fn is_write(self) -> bool {
        self == Scope::ContactsWrite
    }
}

/// Every text a server wrote is a `ServerText`: redacted before it can be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A bad, expired or revoked token (HTTP 401 without a scope complaint).
    #[error("HighLevel rejected the token: {message}")]
    Unauthorized { message: ServerText },
    /// The token lacks a scope, or has no access to this location (never worth a refresh).
    #[error("{message}")]
    Forbidden {
        message: ServerText,
        missing_scope: Option<Scope>,
    },
    #[error("{message}")]
    NotFound { message: ServerText },
    /// HTTP 422: HighLevel lists what is wrong with the request body.
    #[error("{}", join(messages))]
    Validation { messages: Vec<ServerText> },
    /// Refused here, before anything was sent (an id that cannot be a path segment, say).
    #[error("{message}")]
    Invalid { message: String },
    /// HTTP 400 and other refusals that are about this request, e.g. a duplicate contact.
    #[error("HighLevel refused the request ({status}): {message}")]
    Rejected { status: u16, message: ServerText },
    #[error("HighLevel's rate limit was reached")]
    RateLimited { retry_after: Duration },
    #[error("HighLevel failed ({status}): {message}")]
    Server { status: u16, message: ServerText },
    #[error("HighLevel did not answer in time")]
    Timeout,
    #[error("network error: {message}")]
    Network { message: String },
    /// A write reached HighLevel but its answer did not come back whole: experience says
    /// it was applied, so it must not be sent again blindly.
    #[error("HighLevel may have applied the change, but its answer was lost ({cause}). Refresh to see whether it did before trying again.")]
    Unconfirmed { cause: String },
    /// The body was not what the contract promises.
    #[error("unreadable response ({message}); body starts with: {excerpt}")]
    Decode {
        message: ServerText,
        excerpt: ServerText,
    },
    /// HighLevel answered, but broke its own protocol (e.g. a paging cursor that repeats).
    #[error("{message}")]
    Protocol { message: String },
    #[error("the request was cancelled")]
    Cancelled,
}

fn join(messages: &[ServerText]) -> String {
    messages
        .iter()
        .map(ServerText::as_str)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The error classes request records and the activity log filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum ErrorClass {
    Unauthorized,
    Forbidden,
    NotFound,
    Validation,
    Invalid,
    Rejected,
    RateLimited,
    Server,
    Timeout,
    Network,
    Unconfirmed,
    Decode,
    Protocol,
    Cancelled,
}

impl Error {
    /// A request that got no answer: a timeout, or a network error saying `context` and
    /// why. reqwest's Display names the URL, which carries only ids; the source says why.
    pub(crate) fn network(error: &reqwest::Error, context: &str) -> Error {
        if error.is_timeout() {
            return Error::Timeout;
        }
        let cause = std::error::Error::source(error)
            .map(ToString::to_string)
            .unwrap_or_else(|| error.to_string());
        Error::Network {
            message: format!("{context}: {cause}"),
        }
    }

    pub fn class(&self) -> ErrorClass {
        match self {
            Error::Unauthorized { .. } => ErrorClass::Unauthorized,
            Error::Forbidden { .. } => ErrorClass::Forbidden,
            Error::NotFound { .. } => ErrorClass::NotFound,
            Error::Validation { .. } => ErrorClass::Validation,
            Error::Invalid { .. } => ErrorClass::Invalid,
            Error::Rejected { .. } => ErrorClass::Rejected,
            Error::RateLimited { .. } => ErrorClass::RateLimited,
            Error::Server { .. } => ErrorClass::Server,
            Error::Timeout => ErrorClass::Timeout,
            Error::Network { .. } => ErrorClass::Network,
            Error::Unconfirmed { .. } => ErrorClass::Unconfirmed,
            Error::Decode { .. } => ErrorClass::Decode,
            Error::Protocol { .. } => ErrorClass::Protocol,
            Error::Cancelled => ErrorClass::Cancelled,
        }
    }

    /// Worth another attempt of an idempotent request: the server may answer differently.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. }
                | Error::Server { .. }
                | Error::Timeout
                | Error::Network { .. }
                | Error::Decode { .. }
        )
    }

    /// The network, not HighLevel, failed: the app should consider itself offline.
    pub fn is_connectivity(&self) -> bool {
        matches!(self, Error::Timeout | Error::Network { .. })
    }
}
