//! Where Contact Desk keeps its files.

use std::path::{Path, PathBuf};

/// The bundle identifier, shared with `tauri.conf.json` so the CLI and the app agree on paths.
pub const APP_IDENTIFIER: &str = "com.contactdesk.desktop";

/// Overrides the data directory; tests and portable installs point it elsewhere.
pub const DATA_DIR_ENV: &str = "CONTACT_DESK_DATA_DIR";

/// The per-user data directory (Tauri's `app_data_dir` layout), unless overridden.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER)),
    }
}

/// The platform's log directory (Tauri's `app_log_dir` layout: `~/.local/share/<id>/logs`,
/// `~/Library/Logs/<id>`, `%LOCALAPPDATA%\<id>\logs`), or `logs/` inside an overridden
/// data directory, so a test's or a portable install's logs stay with its data.
pub fn log_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir).join("logs")),
        _ if cfg!(target_os = "macos") => {
            dirs::home_dir().map(|home| home.join("Library/Logs").join(APP_IDENTIFIER))
        }
        _ => dirs::data_local_dir().map(|dir| dir.join(APP_IDENTIFIER).join("logs")),
    }
}

/// What makes a window the only one: the app, or the app on an overridden data directory
/// (a test's, a portable install's), which is a separate app with separate data. A D-Bus
/// name: letters, digits and dots, no element starting with a digit.
pub fn instance_id() -> String {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => {
            let mut hasher = rustc_hash::FxHasher::default();
            std::hash::Hash::hash(&dir, &mut hasher);
            format!(
                "{APP_IDENTIFIER}.dir{:016x}",
                std::hash::Hasher::finish(&hasher)
            )
        }
        _ => APP_IDENTIFIER.to_owned(),
    }
}

/// `<data dir>/profiles/<id>/`: everything a profile keeps on disk, removed with it.
pub fn profile_dir(data_dir: &Path, profile_id: &str) -> PathBuf {
    data_dir.join("profiles").join(profile_id)
}
