use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::exit::Exit;
use super::profile::open_accounts;
use crate::cache::{Cache, LogFilter, LoggedRequest};
use crate::diagnostics::{write_bundle, Bundle, Check, Diagnostics};
use crate::error::AppError;

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Also write a support bundle (a zip: versions, these checks, the cache schema, the
    /// log files and the request log, never a token or a request body) to this file.
    #[arg(long, value_name = "ZIP")]
    export: Option<PathBuf>,
}

pub fn run(args: DoctorArgs, webview_version: Option<String>) -> ExitCode {
    let diagnostics = Diagnostics::collect(webview_version);
    let cache = check_active_cache();
    if let Some(target) = &args.export {
        if let Err(error) = export(target, &diagnostics) {
            eprintln!("contact-desk doctor: {error}");
            return Exit::Storage.into();
        }
        println!("Support bundle:  {}", target.display());
    }
    print!("{}", render(&diagnostics));
    println!("Cache:           {}", status(&cache, "{}", "DAMAGED"));
    let mut problems = diagnostics.problems();
    if !cache.usable {
        problems.push(cache.detail.clone());
    }
    for problem in &problems {
        eprintln!("contact-desk doctor: {problem}");
    }
    exit_code(&diagnostics, &cache)
}

fn export(target: &Path, diagnostics: &Diagnostics) -> Result<(), String> {
    let requests = active_request_log();
    let log_dir = crate::paths::log_dir();
    let bundle = Bundle {
        diagnostics,
        requests: &requests,
        log_dir: log_dir.as_deref(),
    };
    write_bundle(target, &bundle).map_err(|error| {
        format!(
            "the support bundle could not be written to {}: {error}",
            target.display()
        )
    })
}

/// The active profile's request log; none without a profile or a readable cache (the
/// bundle still helps then).
fn active_request_log() -> Vec<LoggedRequest> {
    let Ok(accounts) = open_accounts() else {
        return Vec::new();
    };
    let Ok(Some(profile)) = accounts.active() else {
        return Vec::new();
    };
    let path = crate::session::cache_path(accounts.data_dir(), &profile.id);
    if !path.exists() {
        return Vec::new();
    }
    Cache::open(&path)
        .and_then(|cache| {
            cache.requests(LogFilter::All, None, crate::diagnostics::BUNDLED_REQUESTS)
        })
        .unwrap_or_default()
}

/// Local storage (the data directory, a damaged cache) or the keychain; the data
/// directory first, as nothing works without it.
fn exit_code(diagnostics: &Diagnostics, cache: &Check) -> ExitCode {
    if !diagnostics.data_dir_check.usable {
        Exit::Storage.into()
    } else if !diagnostics.keychain.usable {
        Exit::Keychain.into()
    } else if !cache.usable {
        Exit::Storage.into()
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether the active profile's cache is sound (`PRAGMA quick_check`). Only a damaged
/// cache is a problem: no profile, or nothing cached yet, is a fresh start.
fn check_active_cache() -> Check {
    let fine = |detail: String| Check {
        usable: true,
        detail,
    };
    let accounts = match open_accounts() {
        Ok(accounts) => accounts,
        Err(error) => return fine(format!("unknown ({error})")),
    };
    let profile = match accounts.active() {
        Ok(Some(profile)) => profile,
        Ok(None) => return fine("no active profile".into()),
        Err(error) => return fine(format!("unknown ({error})")),
    };
    let path = crate::session::cache_path(accounts.data_dir(), &profile.id);
    if !path.exists() {
        return fine(format!("{}: nothing cached yet", profile.name));
    }
    match Cache::open(&path).and_then(|cache| cache.live_contact_count()) {
        Ok(contacts) => fine(format!("{}: sound ({contacts} contacts)", profile.name)),
        Err(error) => Check {
            usable: false,
            detail: format!("{}: {}", profile.name, AppError::from(error)),
        },
    }
}

fn render(d: &Diagnostics) -> String {
    format!(
        "Contact Desk {}\n\
         Platform:        {}\n\
         WebView:         {}\n\
         Data directory:  {} ({})\n\
         OS keychain:     {}\n",
        d.app_version,
        d.platform,
        d.webview_version.as_deref().unwrap_or("unknown"),
        d.data_dir.as_deref().unwrap_or("none"),
        status(&d.data_dir_check, "{}", "UNUSABLE"),
        status(&d.keychain, "{} (reachable)", "UNAVAILABLE"),
    )
}

/// `healthy` is a template whose `{}` receives the check's detail.
fn status(check: &Check, healthy: &str, failure: &str) -> String {
    match check.usable {
        true => healthy.replace("{}", &check.detail),
        false => format!("{failure}: {}", check.detail),
    }
}
