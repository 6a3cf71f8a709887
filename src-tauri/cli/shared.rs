//! What several commands share: the profile to work on, its cache, and how to fail.

use std::process::ExitCode;

use crate::accounts::{Accounts, Profile};
use crate::cache::Cache;
use crate::error::AppError;

/// The profile named by `reference`, or the active one.
pub fn profile(accounts: &Accounts, reference: Option<&str>) -> Result<Profile, AppError> {
    match reference {
        Some(reference) => Ok(accounts.profile(reference)?),
        None => accounts.active()?.ok_or_else(|| AppError::NotFound {
            message:
                "no profile is active: add one with `contact-desk profile add`, or pass --profile"
                    .into(),
        }),
    }
}

/// The cache of the profile named by `reference` (or the active one's), for reading; it
/// works with the network and the keychain gone.
pub fn cache(reference: Option<&str>) -> Result<Cache, AppError> {
    let accounts = super::profile::open_accounts()?;
    let profile = profile(&accounts, reference)?;
    let path = crate::session::cache_path(accounts.data_dir(), &profile.id);
    if !path.exists() {
        return Err(AppError::NotFound {
            message: format!(
                "nothing is cached for {} yet: run `contact-desk sync` first",
                profile.name
            ),
        });
    }
    Ok(Cache::open(&path)?)
}

/// Prints a command's text output, or its error the way [`fail`] does.
pub fn print_or_fail(command: &str, output: Result<String, AppError>) -> ExitCode {
    match output {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(error) => fail(command, &error),
    }
}

/// Prints the error the way every command does and picks the exit code.
pub fn fail(command: &str, error: &AppError) -> ExitCode {
    eprintln!("contact-desk {command}: {error}");
    super::exit::Exit::of(error).into()
}

/// Every connected profile's cache, for the `--all-locations` reads; profiles never
/// synced are named on stderr (they have nothing to read yet).
pub fn all_locations() -> Result<crate::locations::AllLocations, AppError> {
    let accounts = super::profile::open_accounts()?;
    let all = crate::locations::AllLocations::open(crate::locations::of_accounts(&accounts)?)?;
    if all.locations().next().is_none() {
        return Err(AppError::NotFound {
            message: "nothing is cached for any profile yet: run `contact-desk sync` first".into(),
        });
    }
    for location in all.unsynced() {
        eprintln!(
            "note: nothing is cached for {} yet (run `contact-desk sync --profile {}`)",
            location.name, location.profile_id
        );
    }
    Ok(all)
}
