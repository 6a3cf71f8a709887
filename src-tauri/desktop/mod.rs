//! The Tauri shell: the only module that imports `tauri` (compiled only with the
//! `desktop` feature). Commands are adapters of one call into `crate::app` or the domain
//! modules; this file wires them, the plugins and the state into a window.

mod bindings;
mod commands;
mod events;
mod links;
mod updater;
mod window;

use std::process::ExitCode;
use std::sync::Arc;

use tauri::Manager;
use tauri_plugin_deep_link::DeepLinkExt;
use tauri_specta::Event;

use crate::accounts::Accounts;
use crate::app::AppState;
use crate::vault::KeychainStore;

/// WebKitGTK's accelerated compositing doubles the web process's memory (about 120 → 230
/// MB PSS, BENCHMARKS.md) and, with the software GL of VMs and remote desktops, paints no
/// faster. Off unless `WEBKIT_DISABLE_COMPOSITING_MODE` or `CONTACT_DESK_COMPOSITING=1`
/// says otherwise. Runs before any thread exists, as changing the environment must.
fn prefer_non_composited_webview() {
    let chosen = std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some()
        || std::env::var_os("CONTACT_DESK_COMPOSITING").is_some_and(|value| value == "1");
    if cfg!(target_os = "linux") && !chosen {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// Opens the main window and blocks until it closes.
pub fn run() -> ExitCode {
    run_with(tauri::generate_context!())
}

/// `run` with a context built elsewhere: examples/next_release.rs bumps its version.
pub fn run_with(context: tauri::Context) -> ExitCode {
    if let Some(problem) = missing_display() {
        eprintln!("contact-desk: {problem}");
        return ExitCode::FAILURE;
    }
    let Some(data_dir) = crate::paths::data_dir() else {
        eprintln!("contact-desk: the system reports no per-user data directory (is HOME set?)");
        return ExitCode::FAILURE;
    };
    prefer_non_composited_webview();
    let _logs = crate::logging::init(true);
    let specta = bindings::builder();
    let app = tauri::Builder::default()
        // First, so a second launch hands its arguments over before anything else starts.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .callback(|app, args, _cwd| links::open_from_args(app, &args))
                .dbus_id(crate::paths::instance_id())
                .build(),
        )
        .plugin(tauri_plugin_deep_link::init())
        .plugin(window::state_plugin(&data_dir))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let bridge = Arc::new(events::EventBridge::new(app.handle().clone()));
            let accounts = Arc::new(Accounts::new(
                data_dir.clone(),
                Arc::new(KeychainStore::default()),
            ));
            updater::start(app.handle(), data_dir.clone());
            app.manage(AppState::new(accounts, data_dir, bridge.clone(), bridge));
            app.manage(links::PendingLink::default());
            window::save_state_as_it_changes(app.handle());
            let handle = app.handle().clone();
            // macOS hands links to a running app as events, not arguments.
            app.deep_link().on_open_url(move |event| {
                let urls: Vec<String> = event.urls().iter().map(|url| url.to_string()).collect();
                links::open_from_args(&handle, &urls);
            });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { open_first_session(handle).await });
            Ok(())
        })
        .run(context);
    match app {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("contact-desk: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The active profile, or the demo; the UI hears about it as `SessionChanged`. Then the
/// link the app was launched with, if any (it may name another profile).
async fn open_first_session(app: tauri::AppHandle) {
    match app.state::<AppState>().open_at_startup().await {
        Ok(session) => {
            let _ = events::SessionChanged(session.info().clone()).emit(&app);
        }
        Err(error) => tracing::error!(%error, "no session could be opened"),
    }
    let args: Vec<String> = std::env::args().collect();
    links::open_from_args(&app, &args);
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
