//! The Tauri shell: the only module that imports `tauri`. Commands are thin adapters
//! over the domain modules; this file wires them into a window.

mod bindings;
mod commands;

use std::process::ExitCode;

/// Opens the main window and blocks until it closes.
pub fn run() -> ExitCode {
    if let Some(problem) = missing_display() {
        eprintln!("contact-desk: {problem}");
        return ExitCode::FAILURE;
    }
    let specta = bindings::builder();
    let app = tauri::Builder::default()
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!());
    match app {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("contact-desk: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The webview engine and its version, when the system can say.
pub fn webview_version() -> Option<String> {
    let engine = if cfg!(target_os = "macos") {
        "WKWebView"
    } else if cfg!(target_os = "windows") {
        "WebView2"
    } else {
        "WebKitGTK"
    };
    let version = tauri::webview_version().ok()?;
    Some(format!("{engine} {version}"))
}

/// GTK aborts with an opaque panic without a display; say what to do instead.
fn missing_display() -> Option<&'static str> {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|value| !value.is_empty()));
    (cfg!(target_os = "linux") && !has_display).then_some(
        "no display to open a window on; run it in a desktop session or under \
         `xvfb-run`, or use a headless command (see `contact-desk --help`)",
    )
}
