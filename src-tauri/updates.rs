//! Which release manifest the app asks about updates, and how often: the channel the user
//! chose (`updates.json` in the data directory) and where each channel's manifest lives.
//! Downloading, verifying and installing are tauri-plugin-updater's (desktop/updater.rs).

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::AppError;

/// Stable follows published releases; beta also takes pre-releases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum UpdateChannel {
    #[default]
    Stable,
    Beta,
}

/// Asked at start and then this often, so a window left open for days still hears.
pub const CHECK_EVERY: Duration = Duration::from_secs(6 * 60 * 60);

/// The GitHub releases page of the repository a release build came from (release.yml sets
/// it); builds without it, like `make run`, never look for updates.
const RELEASES_URL: Option<&str> = option_env!("CONTACT_DESK_RELEASES_URL");

/// Debug builds only: the manifest to ask instead (the end-to-end test serves one on
/// 127.0.0.1). Release builds ignore it.
pub const MANIFEST_ENV: &str = "CONTACT_DESK_UPDATE_MANIFEST";

/// Debug builds only: the public key to verify against instead of tauri.conf.json's, so a
/// test can sign with a key pair of its own. Release builds ignore it.
pub const PUBKEY_ENV: &str = "CONTACT_DESK_UPDATE_PUBKEY";

const FILE_NAME: &str = "updates.json";

/// The manifest `channel` reads, or none when this build has nowhere to ask.
pub fn manifest_url(channel: UpdateChannel) -> Option<Url> {
    if let Some(url) = debug_override(MANIFEST_ENV) {
        return Url::parse(&url).ok();
    }
    releases_manifest(RELEASES_URL?, channel)
}

/// tauri-action uploads `latest.json` to every release; GitHub's `latest` skips
/// pre-releases, and release.yml also copies each manifest to the `beta` release.
fn releases_manifest(releases: &str, channel: UpdateChannel) -> Option<Url> {
    let path = match channel {
        UpdateChannel::Stable => "latest/download/latest.json",
        UpdateChannel::Beta => "download/beta/latest.json",
    };
    Url::parse(&format!("{}/{path}", releases.trim_end_matches('/'))).ok()
}

/// A test-only variable's value; always none in release builds.
pub fn debug_override(variable: &str) -> Option<String> {
    if !cfg!(debug_assertions) {
        return None;
    }
    std::env::var(variable)
        .ok()
        .filter(|value| !value.is_empty())
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Preferences {
    channel: UpdateChannel,
}

/// The chosen channel; stable when nothing (or nothing readable) was saved.
pub fn load_channel(data_dir: &Path) -> UpdateChannel {
    std::fs::read(data_dir.join(FILE_NAME))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Preferences>(&bytes).ok())
        .unwrap_or_default()
        .channel
}

/// Saves the channel by rename, so a crash leaves the old choice or the new one.
pub fn save_channel(data_dir: &Path, channel: UpdateChannel) -> Result<(), AppError> {
    let failed = |error: std::io::Error| AppError::Io {
        message: format!(
            "could not save the update channel in {}: {error}",
            data_dir.display()
        ),
    };
    let json = serde_json::to_vec_pretty(&Preferences { channel })
        .map_err(|error| failed(std::io::Error::other(error)))?;
    std::fs::create_dir_all(data_dir).map_err(failed)?;
    let mut file = tempfile::NamedTempFile::new_in(data_dir).map_err(failed)?;
    file.write_all(&json).map_err(failed)?;
    file.as_file().sync_all().map_err(failed)?;
    file.persist(data_dir.join(FILE_NAME))
        .map_err(|error| failed(error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_channel_reads_its_own_manifest_on_the_releases_page() {
        let releases = "https://github.com/owner/contact-desk/releases/";
        let stable = releases_manifest(releases, UpdateChannel::Stable).unwrap();
        let beta = releases_manifest(releases, UpdateChannel::Beta).unwrap();
        assert_eq!(
            stable.as_str(),
            "https://github.com/owner/contact-desk/releases/latest/download/latest.json"
        );
        assert_eq!(
            beta.as_str(),
            "https://github.com/owner/contact-desk/releases/download/beta/latest.json"
        );
    }

    #[test]
    fn the_channel_survives_a_restart_and_defaults_to_stable() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_channel(dir.path()), UpdateChannel::Stable);
        save_channel(dir.path(), UpdateChannel::Beta).unwrap();
        assert_eq!(load_channel(dir.path()), UpdateChannel::Beta);
        save_channel(dir.path(), UpdateChannel::Stable).unwrap();
        assert_eq!(load_channel(dir.path()), UpdateChannel::Stable);
    }

    #[test]
    fn an_unreadable_preferences_file_means_stable() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"{\"channel\":\"nightly\"}").unwrap();
        assert_eq!(load_channel(dir.path()), UpdateChannel::Stable);
    }
}
