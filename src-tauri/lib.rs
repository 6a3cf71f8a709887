//! Contact Desk: a desktop window onto HighLevel's Contacts API.
//!
//! Data flows one way: `desktop` and `cli` call into the domain modules below
//! them, and only `desktop` knows that Tauri exists: it is compiled only with the
//! `desktop` feature (on by default), so a Tauri import anywhere else does not build.

pub mod accounts;
pub mod app;
pub mod cache;
pub mod cli;
#[cfg(feature = "desktop")]
pub mod desktop;
pub mod diagnostics;
pub mod duplicates;
pub mod error;
pub mod highlevel;
pub mod jobs;
pub mod locations;
pub mod locks;
pub mod paths;
pub mod phone;
pub mod reports;
pub mod sandbox;
pub mod session;
pub mod sync;
pub mod updates;
pub mod vault;
pub mod writes;

use clap::Parser;

/// Logs go to stderr: warnings by default, `CONTACT_DESK_LOG=info` shows every request
/// record. Never a token: the client logs route templates, ids and statuses only.
pub(crate) fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CONTACT_DESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    // Colours only for a person at a terminal: a redirected log stays plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The binary's entry point: no subcommand opens the window, a subcommand runs headless.
pub fn main() -> std::process::ExitCode {
    match cli::Args::parse().command {
        None => open_window(),
        Some(command) => cli::run(command, webview_version),
    }
}

#[cfg(feature = "desktop")]
use desktop::{run as open_window, webview_version};

/// A build without the `desktop` feature is the CLI alone.
#[cfg(not(feature = "desktop"))]
fn open_window() -> std::process::ExitCode {
    eprintln!(
        "contact-desk: this build has no window (it was built without the `desktop` \
         feature); run a command instead (see `contact-desk --help`)"
    );
    std::process::ExitCode::from(2)
}

#[cfg(not(feature = "desktop"))]
fn webview_version() -> Option<String> {
    None
}
