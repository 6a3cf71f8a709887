//! Logs: warnings on stderr for a person at a terminal, and a daily file (the last 14
//! kept) in the platform's log directory for support, which Settings › About's
//! diagnostics export bundles. Never a token: the client logs route templates, ids and
//! statuses only, and the leak tests scan these files.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Per-module levels, as `RUST_LOG` reads them: `CONTACT_DESK_LOG=info` shows every
/// request record on stderr, `CONTACT_DESK_LOG=warn,contact_desk::sync=debug` one module.
pub const LOG_ENV: &str = "CONTACT_DESK_LOG";

/// What the files keep unless `CONTACT_DESK_LOG` says otherwise: every request record
/// and what the app did, without the HTTP and windowing libraries' chatter.
const FILE_LEVELS: &str =
    "info,hyper=warn,hyper_util=warn,reqwest=warn,rustls=warn,tao=warn,wry=warn";

/// Days of files kept: two weeks back is as far as a support question usually reaches.
pub const KEPT_DAYS: usize = 14;

/// The log files' names: `contact-desk.2026-11-29.log`.
const FILE_PREFIX: &str = "contact-desk";
const FILE_SUFFIX: &str = "log";

/// Starts logging to stderr, and to the daily files when `to_file` (the window and the
/// commands that touch the data directory; not the sandbox, a developer's tool). A log
/// directory that cannot be created costs the files, never the run. The guard flushes the
/// file's last lines when dropped: hold it until the process ends.
#[must_use = "the log file loses its last lines when the guard is dropped"]
pub fn init(to_file: bool) -> Option<WorkerGuard> {
    let stderr = fmt::layer()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .with_filter(levels("warn"));
    let file = to_file
        .then(crate::paths::log_dir)
        .flatten()
        .and_then(|dir| daily_file(&dir));
    let (file_layer, guard) = match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(levels(FILE_LEVELS));
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file_layer)
        .try_init();
    guard
}

/// `CONTACT_DESK_LOG`'s levels, or `default` when it is unset or unreadable.
fn levels(default: &str) -> EnvFilter {
    EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new(default))
}

fn daily_file(dir: &Path) -> Option<RollingFileAppender> {
    // The appender prunes old files as it starts, and complains of a missing directory.
    std::fs::create_dir_all(dir)
        .inspect_err(|error| eprintln!("contact-desk: logs stay on stderr: {error}"))
        .ok()?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix(FILE_SUFFIX)
        .max_log_files(KEPT_DAYS)
        .build(dir)
        .inspect_err(|error| eprintln!("contact-desk: logs stay on stderr: {error}"))
        .ok()
}

/// The log files in `dir`, oldest first, for the diagnostics export.
pub fn log_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| {
                    name.starts_with(FILE_PREFIX) && name.ends_with(&format!(".{FILE_SUFFIX}"))
                })
        })
        .collect();
    files.sort();
    files
}
