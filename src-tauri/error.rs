//! The one error type that crosses the IPC boundary.
//!
//! Its codes are a closed set the UI switches on (`ui/src/lib/errors.ts`); every
//! message is written for the user and never carries a secret.

use serde::Serialize;

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
