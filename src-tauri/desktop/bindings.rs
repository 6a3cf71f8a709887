//! The typed IPC surface, and the TypeScript bindings generated from it.

use tauri_specta::{collect_commands, Builder};

use super::commands;
use crate::error::AppError;

pub fn builder() -> Builder<tauri::Wry> {
    Builder::new()
        .commands(collect_commands![commands::diagnostics::get_diagnostics])
        .typ::<AppError>()
        .disable_serde_phases()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use specta_typescript::Typescript;

    /// The drift check: the committed bindings must equal a fresh export.
    /// `make bindings` (UPDATE_BINDINGS=1) rewrites them instead.
    #[test]
    fn committed_bindings_match_the_commands() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
        let fresh = tempfile::NamedTempFile::new().unwrap();
        super::builder()
            .export(Typescript::default(), fresh.path())
            .unwrap();
        let fresh = std::fs::read_to_string(fresh.path()).unwrap();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh).unwrap();
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == fresh,
            "ui/src/bindings.ts is out of date with the Rust commands: run `make bindings`"
        );
    }
}
