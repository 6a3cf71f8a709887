//! The headless commands of the `contact-desk` binary.

mod api;
mod contacts;
mod doctor;
mod profile;
mod render;
mod report;
mod sandbox;
mod shared;
mod sync;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::accounts::AccountsError;
use crate::error::AppError;
use crate::highlevel::Error;
pub use sandbox::SandboxArgs;

/// Contact Desk: a fast, offline-capable desktop window onto HighLevel contacts.
///
/// Run without a command to open the app.
#[derive(Debug, Parser)]
#[command(name = "contact-desk", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the app version, platform, data directory and keychain status
    /// (exits non-zero when the keychain or the data directory is unusable).
    Doctor,
    /// Call one HighLevel Contacts endpoint and print the response as JSON
    /// (as the active profile, or with the token in CONTACT_DESK_TOKEN; exit codes:
    /// 3 auth, 4 not found, 5 invalid input, 6 rate limited, 7 server or network,
    /// 8 unreadable response, 9 keychain unavailable).
    Api(api::ApiArgs),
    /// Manage the HighLevel accounts (profiles): add, add-oauth, list, use, test, rotate,
    /// reconnect, remove. Exit codes as for `api`.
    Profile(profile::ProfileArgs),
    /// Serve a local HighLevel Contacts API with seeded data (demo, tests, benchmarks).
    ///
    /// Listens on 127.0.0.1 only. Prints `key: value` lines (base_url, token, readonly_token,
    /// location_id, client_id, client_secret), then `ready`, and serves until Ctrl-C or
    /// SIGTERM.
    Sandbox(Box<SandboxArgs>),
    /// Bring a profile's cache up to date with HighLevel (resumes an interrupted run).
    ///
    /// Waits for another sync of the same profile to end first. Exit codes as for `api`,
    /// 1 for a damaged cache (`--rebuild` fetches it again), and 10 when the run finished
    /// but some contacts' details could not be fetched (a one-line summary on stderr).
    Sync(sync::SyncArgs),
    /// Read contacts from the cache (works offline).
    Contacts(contacts::ContactsArgs),
    /// Per-business roll-ups and CSV exports from the cache (works offline).
    Report(report::ReportArgs),
}

/// Runs one headless command. `webview_version` comes from the desktop shell, the only
/// layer that knows which webview the app would use.
pub fn run(command: Command, webview_version: fn() -> Option<String>) -> ExitCode {
    crate::init_logging();
    match command {
        Command::Doctor => doctor::run(webview_version()),
        Command::Api(args) => api::run(args),
        Command::Profile(args) => profile::run(args),
        Command::Sandbox(args) => sandbox::run(*args),
        Command::Sync(args) => sync::run(args),
        Command::Contacts(args) => contacts::run(args),
        Command::Report(args) => report::run(args),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| Error::Network {
            message: format!("could not start the async runtime: {error}"),
        })
}

/// Distinct exit codes let scripts tell "fix the input" from "try again later".
fn api_exit_code(error: &Error) -> u8 {
    match error {
        Error::Unauthorized { .. } | Error::Forbidden { .. } => 3,
        Error::NotFound { .. } => 4,
        Error::Validation { .. } | Error::Invalid { .. } | Error::Rejected { .. } => 5,
        Error::RateLimited { .. } => 6,
        Error::Server { .. }
        | Error::Timeout
        | Error::Network { .. }
        | Error::Unconfirmed { .. } => 7,
        Error::Decode { .. } | Error::Protocol { .. } | Error::Cancelled => 8,
    }
}

/// The same codes for everything an account operation can run into.
fn exit_code(error: &AccountsError) -> u8 {
    match error {
        AccountsError::Api(error) => api_exit_code(error),
        AccountsError::TokenRejected { .. }
        | AccountsError::WrongLocation { .. }
        | AccountsError::MissingScope { .. }
        | AccountsError::ReconnectRequired { .. }
        | AccountsError::Authorization { .. }
        | AccountsError::SecretMissing { .. }
        | AccountsError::NoActiveProfile => 3,
        AccountsError::UnknownProfile { .. } => 4,
        AccountsError::InvalidInput { .. } | AccountsError::NotHighLevel { .. } => 5,
        AccountsError::Keychain(_) => 9,
        AccountsError::Storage { .. } => 1,
    }
}

/// The same codes for an error that already crossed into its wire form.
fn wire_exit_code(error: &AppError) -> u8 {
    match error {
        AppError::NotConnected | AppError::Unauthorized { .. } | AppError::Forbidden { .. } => 3,
        AppError::NotFound { .. } => 4,
        AppError::Validation { .. } => 5,
        AppError::RateLimited { .. } => 6,
        AppError::Offline { .. }
        | AppError::Timeout
        | AppError::Api { .. }
        | AppError::Unconfirmed { .. } => 7,
        AppError::Decode { .. } | AppError::Cancelled => 8,
        AppError::KeychainUnavailable { .. } => 9,
        AppError::Storage { .. } | AppError::CacheDamaged { .. } | AppError::Io { .. } => 1,
    }
}
