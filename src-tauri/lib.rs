//! Contact Desk: a desktop window onto HighLevel's Contacts API.
//!
//! Data flows one way: `desktop` and `cli` call into the domain modules below
//! them, and only `desktop` knows that Tauri exists.

pub mod accounts;
pub mod cache;
pub mod cli;
pub mod desktop;
pub mod diagnostics;
pub mod error;
pub mod highlevel;
pub mod paths;
pub mod reports;
pub mod sandbox;
pub mod sync;
pub mod vault;

use clap::Parser;

/// The binary's entry point: no subcommand opens the window, a subcommand runs headless.
pub fn main() -> std::process::ExitCode {
    let args = cli::Args::parse();
    match args.command {
        None => desktop::run(),
        Some(command) => cli::run(command, desktop::webview_version),
    }
}
