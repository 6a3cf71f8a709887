//! The CLI's exit codes, derived from `AppError` alone so that a failure exits alike from
//! every command. README's list is tested against this map.

use std::process::ExitCode;

use crate::error::AppError;

/// A documented exit code (besides 0, success, and 2, clap's usage error). Distinct codes
/// let scripts tell "fix the input" from "try again later".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Storage = 1,
    Auth = 3,
    NotFound = 4,
    Invalid = 5,
    RateLimited = 6,
    Unreachable = 7,
    Unreadable = 8,
    Keychain = 9,
    /// A sync that finished but could not fetch some contacts' details.
    PartialSync = 10,
}

impl Exit {
    pub fn of(error: &AppError) -> Self {
        match error {
            AppError::NotConnected | AppError::Unauthorized { .. } | AppError::Forbidden { .. } => {
                Exit::Auth
            }
            AppError::NotFound { .. } => Exit::NotFound,
            AppError::Validation { .. } | AppError::Rejected { .. } => Exit::Invalid,
            AppError::RateLimited { .. } | AppError::DailyReserve { .. } => Exit::RateLimited,
            AppError::Offline { .. }
            | AppError::Timeout
            | AppError::Api { .. }
            | AppError::Unconfirmed { .. } => Exit::Unreachable,
            AppError::Decode { .. } | AppError::Cancelled => Exit::Unreadable,
            AppError::KeychainUnavailable { .. } => Exit::Keychain,
            AppError::Storage { .. } | AppError::CacheDamaged { .. } | AppError::Io { .. } => {
                Exit::Storage
            }
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// The exit code for whatever a command failed with.
pub fn failure(error: impl Into<AppError>) -> ExitCode {
    Exit::of(&error.into()).into()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::highlevel::{Error, ServerText};

    const EVERY_EXIT: [Exit; 9] = [
        Exit::Storage,
        Exit::Auth,
        Exit::NotFound,
        Exit::Invalid,
        Exit::RateLimited,
        Exit::Unreachable,
        Exit::Unreadable,
        Exit::Keychain,
        Exit::PartialSync,
    ];

    /// How README puts each code; the match makes a new code need its words.
    fn meaning(exit: Exit) -> &'static str {
        match exit {
            Exit::Storage => "local storage",
            Exit::Auth => "authentication or missing scope",
            Exit::NotFound => "not found",
            Exit::Invalid => "invalid input",
            Exit::RateLimited => "rate limited",
            Exit::Unreachable => "server or network",
            Exit::Unreadable => "an unreadable response",
            Exit::Keychain => "keychain unavailable",
            Exit::PartialSync => "a sync that finished but could not fetch",
        }
    }

    /// README's "Exit codes: 0 success, 2 usage, 3 …." sentence, code by code.
    fn documented() -> BTreeMap<u8, String> {
        let readme = include_str!("../../README.md")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let start = readme
            .find("Exit codes: ")
            .expect("README lists the exit codes")
            + "Exit codes: ".len();
        let list = &readme[start..];
        let list = &list[..list.find(". ").unwrap_or(list.len())];
        let mut codes = BTreeMap::new();
        let mut last = None;
        for item in list.split(", ") {
            match item
                .split_once(' ')
                .and_then(|(code, words)| Some((code.parse().ok()?, words)))
            {
                Some((code, words)) => {
                    codes.insert(code, words.to_owned());
                    last = Some(code);
                }
                // A comma inside a meaning.
                None => {
                    let code = last.expect("the list starts with a code");
                    codes
                        .entry(code)
                        .and_modify(|words: &mut String| *words = format!("{words}, {item}"));
                }
            }
        }
        codes
    }

    #[test]
    fn the_readme_lists_every_exit_code_with_its_meaning() {
        let documented = documented();
        for exit in EVERY_EXIT {
            let words = documented
                .get(&(exit as u8))
                .unwrap_or_else(|| panic!("README omits {exit:?}"));
            assert!(
                words.starts_with(meaning(exit)),
                "{exit:?}: README says {words:?}"
            );
        }
        let mut ours: Vec<u8> = EVERY_EXIT
            .iter()
            .map(|exit| *exit as u8)
            .chain([0, 2])
            .collect();
        ours.sort_unstable();
        assert_eq!(documented.keys().copied().collect::<Vec<_>>(), ours);
        assert_eq!(documented[&0], "success");
        assert_eq!(documented[&2], "usage");
    }

    #[test]
    fn a_refused_request_is_invalid_input_whichever_way_it_arrives() {
        let rejected = Error::Rejected {
            status: 400,
            message: ServerText::from("duplicate contact"),
        };
        assert_eq!(Exit::of(&rejected.clone().into()), Exit::Invalid);
        let via_accounts = crate::accounts::AccountsError::Api(rejected);
        assert_eq!(Exit::of(&via_accounts.into()), Exit::Invalid);
        let server = Error::Server {
            status: 502,
            message: ServerText::from("bad gateway"),
        };
        assert_eq!(Exit::of(&server.into()), Exit::Unreachable);
    }
}
