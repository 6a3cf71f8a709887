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
pub mod links;
pub mod locations;
pub mod locks;
pub mod logging;
pub mod paths;
pub mod phone;
pub mod reports;
pub mod sandbox;
pub mod session;
pub mod sync;
pub mod updates;
pub mod vault;
pub mod writes;

/// The binary's entry point: no subcommand opens the window, a subcommand runs headless.
pub fn main() -> std::process::ExitCode {
    match cli::Args::from_launch(std::env::args_os().collect()).command {
        None => open_window(),
        Some(command) => cli::run(command, webview_version, open_window),
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
