//! The headless commands of the `contact-desk` binary.

mod api;
mod doctor;
mod sandbox;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// (token from CONTACT_DESK_TOKEN; exit codes: 3 auth, 4 not found, 5 invalid
    /// input, 6 rate limited, 7 server or network, 8 unreadable response).
    Api(api::ApiArgs),
    /// Serve a local HighLevel Contacts API with seeded data (demo, tests, benchmarks).
    ///
    /// Listens on 127.0.0.1 only. Prints `key: value` lines (base_url, token, readonly_token,
    /// location_id, client_id, client_secret), then `ready`, and serves until Ctrl-C or
    /// SIGTERM.
    Sandbox(Box<SandboxArgs>),
}

/// Runs one headless command. `webview_version` comes from the desktop shell, the only
/// layer that knows which webview the app would use.
pub fn run(command: Command, webview_version: fn() -> Option<String>) -> ExitCode {
    crate::init_logging();
    match command {
        Command::Doctor => doctor::run(webview_version()),
        Command::Api(args) => api::run(args),
        Command::Sandbox(args) => sandbox::run(*args),
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
