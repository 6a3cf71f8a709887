use std::process::ExitCode;

use super::exit::Exit;
use super::profile::open_accounts;
use crate::cache::Cache;
use crate::diagnostics::{Check, Diagnostics};
use crate::error::AppError;

pub fn run(webview_version: Option<String>) -> ExitCode {
    let diagnostics = Diagnostics::collect(webview_version);
    let cache = check_active_cache();
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
