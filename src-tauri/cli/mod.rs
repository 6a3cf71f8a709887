//! The headless commands of the `contact-desk` binary.

mod api;
mod contacts;
mod doctor;
mod exit;
mod open;
mod profile;
mod render;
mod report;
mod sandbox;
mod shared;
mod sync;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::highlevel::Error;
pub use open::OpenArgs;
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

impl Args {
    /// The command line, where a link on its own (the system launching the app for one)
    /// reads as `open <link>`.
    pub fn from_launch(mut argv: Vec<std::ffi::OsString>) -> Self {
        let only_a_link = argv.len() == 2
            && argv[1]
                .to_str()
                .is_some_and(|arg| arg.starts_with(&format!("{}:", crate::links::SCHEME)));
        if only_a_link {
            argv.insert(1, "open".into());
        }
        Self::parse_from(argv)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the app version, platform, data directory and keychain status
    /// (exits non-zero when the keychain or the data directory is unusable).
    Doctor(doctor::DoctorArgs),
    /// Open a contactdesk://contact/<locationId>/<contactId> link in the app: the running
    /// window shows that contact (switching to the profile of its location), or the app
    /// starts with it. Exit code 5 for a link that is not one.
    Open(OpenArgs),
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

/// Runs one headless command. `webview_version` and `open_window` come from the desktop
/// shell, the only layer that knows the webview and the window.
pub fn run(
    command: Command,
    webview_version: fn() -> Option<String>,
    open_window: fn() -> ExitCode,
) -> ExitCode {
    // The sandbox is a developer's tool with no data directory of its own: stderr only.
    let _logs = crate::logging::init(!matches!(command, Command::Sandbox(_)));
    match command {
        Command::Doctor(args) => doctor::run(args, webview_version()),
        Command::Open(args) => open::run(args, open_window),
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
