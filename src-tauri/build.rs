fn main() {
    // Only the window needs Tauri's generated context (tauri.conf.json, capabilities, icons).
    #[cfg(feature = "desktop")]
    tauri_build::build();
}
