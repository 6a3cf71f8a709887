//! The headless commands of the `contact-desk` binary.

mod doctor;
mod sandbox;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    match command {
        Command::Doctor => doctor::run(webview_version()),
        Command::Sandbox(args) => sandbox::run(*args),
    }
}
