//! The one error type that crosses the IPC boundary, and every conversion into it.
//!
//! Its codes are a closed set the UI puts in words (`ui/src/lib/errors.ts`) and the CLI's
//! exit codes derive from (`cli/exit.rs`); every message is written for the user and
//! never carries a secret.
//! The conversions live here so the mapping reads in one place.

use serde::Serialize;

use crate::accounts::AccountsError;
use crate::cache::CacheError;
use crate::highlevel::Error;
use crate::reports::ReportError;
use crate::sync::SyncError;
use crate::vault::VaultError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(tag = "code", rename_all_fields = "camelCase")]
pub enum AppError {
    #[error("No HighLevel account is connected.")]
    NotConnected,
    #[error("The OS keychain is unavailable: {reason}")]
    KeychainUnavailable { reason: String },
    #[error("Offline: {reason}")]
    Offline { reason: String },
    #[error("HighLevel's rate limit was reached; try again in {} s.", retry_after_ms.div_ceil(1000))]
    RateLimited { retry_after_ms: u32 },
    /// Background work stopped for the day: the last fifth of HighLevel's daily budget
    /// is kept for the user's own requests.
    #[error("Sync paused for today: HighLevel's daily budget is down to {remaining} of {limit} requests, the last fifth kept for your own work. It resumes when the budget resets.")]
    DailyReserve { remaining: u32, limit: u32 },
    #[error("HighLevel did not accept the credentials: {message}")]
    Unauthorized { message: String },
    #[error("{message}")]
    Forbidden {
        message: String,
        missing_scope: Option<String>,
    },
    #[error("{message}")]
    NotFound { message: String },
    #[error("{}", messages.join(" "))]
    Validation { messages: Vec<String> },
    #[error("HighLevel did not answer in time.")]
    Timeout,
    #[error("HighLevel answered {status}: {message}")]
    Api { status: u16, message: String },
    /// HighLevel refused this request as such (HTTP 400, a duplicate contact): unlike
    /// `Api`, sending it again unchanged cannot help, so the CLI calls it invalid input.
    #[error("HighLevel answered {status}: {message}")]
    Rejected { status: u16, message: String },
    /// A write whose answer was lost: it may have been applied.
    #[error("{message}")]
    Unconfirmed { message: String },
    #[error("HighLevel sent a response Contact Desk could not read: {message}")]
    Decode { message: String },
    #[error("The local cache failed: {message}")]
    Storage { message: String },
    /// The cache file itself is broken. It only holds copies of HighLevel's data, so the
    /// way out is to rebuild it: remove the file and sync again.
    #[error(
        "The local cache {path} is damaged ({detail}). It only holds copies of HighLevel's \
         data: rebuild it with `contact-desk sync --rebuild` (or remove the file and sync \
         again); only this device's watch marks and change history go with it."
    )]
    CacheDamaged { path: String, detail: String },
    #[error("{message}")]
    Io { message: String },
    #[error("The operation was cancelled.")]
    Cancelled,
}

impl From<Error> for AppError {
    fn from(error: Error) -> Self {
        let message = error.to_string();
        match error {
            Error::Unauthorized { message } => AppError::Unauthorized {
                message: message.to_string(),
            },
            Error::Forbidden {
                message,
                missing_scope,
            } => AppError::Forbidden {
                message: message.to_string(),
                missing_scope: missing_scope.map(|scope| scope.as_str().to_owned()),
            },
            Error::NotFound { message } => AppError::NotFound {
                message: message.to_string(),
            },
            Error::Validation { messages } => AppError::Validation {
                messages: messages.iter().map(ToString::to_string).collect(),
            },
            Error::Invalid { message } => AppError::Validation {
                messages: vec![message],
            },
            Error::Rejected { status, message } => AppError::Rejected {
                status,
                message: message.to_string(),
            },
            Error::Server { status, message } => AppError::Api {
                status,
                message: message.to_string(),
            },
            Error::RateLimited { retry_after } => AppError::RateLimited {
                retry_after_ms: u32::try_from(retry_after.as_millis()).unwrap_or(u32::MAX),
            },
            Error::Timeout => AppError::Timeout,
            Error::Network { message } => AppError::Offline { reason: message },
            Error::Unconfirmed { .. } => AppError::Unconfirmed { message },
            Error::Decode { .. } | Error::Protocol { .. } => AppError::Decode { message },
            Error::Cancelled => AppError::Cancelled,
        }
    }
}

impl From<AccountsError> for AppError {
    fn from(error: AccountsError) -> Self {
        let message = error.to_string();
        match error {
            AccountsError::UnknownProfile { .. } => AppError::NotFound { message },
            AccountsError::NoActiveProfile => AppError::NotConnected,
            AccountsError::InvalidInput { message } => AppError::Validation {
                messages: vec![message],
            },
            AccountsError::TokenRejected { .. }
            | AccountsError::ReconnectRequired { .. }
            | AccountsError::Authorization { .. }
            | AccountsError::SecretMissing { .. } => AppError::Unauthorized { message },
            AccountsError::NotHighLevel { .. } => AppError::Validation {
                messages: vec![message],
            },
            AccountsError::WrongLocation { .. } => AppError::Forbidden {
                message,
                missing_scope: None,
            },
            AccountsError::MissingScope { scope } => AppError::Forbidden {
                message,
                missing_scope: Some(scope.as_str().to_owned()),
            },
            AccountsError::Keychain(error) => error.into(),
            AccountsError::Storage { message } => AppError::Io { message },
            AccountsError::Api(error) => error.into(),
        }
    }
}

impl From<VaultError> for AppError {
    fn from(error: VaultError) -> Self {
        match error {
            VaultError::Unavailable { reason } => AppError::KeychainUnavailable { reason },
        }
    }
}

impl From<CacheError> for AppError {
    fn from(error: CacheError) -> Self {
        match error {
            CacheError::Damaged { path, detail } => AppError::CacheDamaged {
                path: path.display().to_string(),
                detail,
            },
            removed @ CacheError::Removed { .. } => AppError::NotFound {
                message: removed.to_string(),
            },
            other => AppError::Storage {
                message: other.to_string(),
            },
        }
    }
}

impl From<SyncError> for AppError {
    fn from(error: SyncError) -> Self {
        match error {
            SyncError::Api(error) => error.into(),
            SyncError::Cache(error) => error.into(),
            SyncError::DailyReserve(daily) => AppError::DailyReserve {
                remaining: daily.remaining,
                limit: daily.limit,
            },
        }
    }
}

impl From<ReportError> for AppError {
    fn from(error: ReportError) -> Self {
        match error {
            ReportError::BadDate(_) | ReportError::BackwardsPeriod => AppError::Validation {
                messages: vec![error.to_string()],
            },
            ReportError::Cache(error) => error.into(),
            ReportError::Csv(_) | ReportError::Io(_) => AppError::Io {
                message: error.to_string(),
            },
        }
    }
}
