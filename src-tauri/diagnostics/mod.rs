//! What `contact-desk doctor` prints and Settings › About shows: the same facts, measured
//! live, and the support bundle that carries them with the logs.

mod export;

use std::path::Path;

use serde::Serialize;

use crate::paths;
use crate::vault::KeychainStore;
pub use export::{write_bundle, Bundle, BUNDLED_REQUESTS};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Diagnostics {
    pub app_version: String,
    pub platform: String,
    /// WebKitGTK, WKWebView or WebView2, as the running system reports it.
    pub webview_version: Option<String>,
    /// Absent only when the system has no per-user data directory at all.
    pub data_dir: Option<String>,
    pub data_dir_check: Check,
    pub keychain: Check,
}

/// One probed resource: where or what it is, and whether Contact Desk can use it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub usable: bool,
    pub detail: String,
}

impl Diagnostics {
    /// Probes the data directory and the keychain for real; both probes write and clean up.
    pub fn collect(webview_version: Option<String>) -> Self {
        let data_dir = paths::data_dir();
        Self {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            platform: platform(),
            webview_version,
            data_dir: data_dir.as_ref().map(|dir| dir.display().to_string()),
            data_dir_check: check_data_dir(data_dir.as_deref()),
            keychain: check_keychain(),
        }
    }

    /// The problems that make Contact Desk unable to work, worded for a person.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !self.data_dir_check.usable {
            let detail = &self.data_dir_check.detail;
            problems.push(format!("the data directory is unusable: {detail}"));
        }
        if !self.keychain.usable {
            problems.push(format!(
                "the OS keychain is unavailable: {}",
                self.keychain.detail
            ));
        }
        problems
    }
}

fn platform() -> String {
    let info = os_info::get();
    format!(
        "{} {} ({})",
        info.os_type(),
        info.version(),
        std::env::consts::ARCH
    )
}

fn check_data_dir(dir: Option<&Path>) -> Check {
    let Some(dir) = dir else {
        return Check {
            usable: false,
            detail: "the system reports no per-user data directory (is HOME set?)".into(),
        };
    };
    match probe_writable(dir) {
        Ok(()) => Check {
            usable: true,
            detail: "writable".into(),
        },
        Err(error) => Check {
            usable: false,
            detail: format!("cannot write to {}: {error}", dir.display()),
        },
    }
}

fn probe_writable(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let probe = dir.join(format!(".write-probe-{}", std::process::id()));
    std::fs::write(&probe, b"ok")?;
    std::fs::remove_file(probe)
}

fn check_keychain() -> Check {
    match KeychainStore::default().probe() {
        Ok(()) => Check {
            usable: true,
            detail: keychain_name().into(),
        },
        Err(error) => Check {
            usable: false,
            detail: error.to_string(),
        },
    }
}

fn keychain_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else if cfg!(target_os = "windows") {
        "Windows Credential Manager"
    } else {
        "Secret Service"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unwritable_data_dir_is_a_problem() {
        let file = tempfile::NamedTempFile::new().unwrap();
        // A directory cannot be created beneath a regular file.
        let error = probe_writable(&file.path().join("data")).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::NotADirectory);
    }

    #[test]
    fn problems_name_each_unusable_resource() {
        let broken = Check {
            usable: false,
            detail: "locked".into(),
        };
        let diagnostics = Diagnostics {
            app_version: "0".into(),
            platform: platform(),
            webview_version: None,
            data_dir: Some("/tmp".into()),
            data_dir_check: Check {
                usable: true,
                detail: "writable".into(),
            },
            keychain: broken,
        };
        assert_eq!(
            diagnostics.problems(),
            vec!["the OS keychain is unavailable: locked".to_owned()]
        );
    }
}
