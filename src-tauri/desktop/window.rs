//! The window's geometry between launches: size, position and maximised (the
//! window-state plugin), kept in the data directory so each data directory has its own.
//! The plugin saves only as the app exits; saving shortly after each move or resize as
//! well keeps the geometry through a crash or a killed process.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

const FLAGS: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED)
    .union(StateFlags::FULLSCREEN);

/// A drag or a resize sends many events: the file is written once they pause this long.
const QUIET: Duration = Duration::from_millis(400);

pub fn state_plugin<R: Runtime>(data_dir: &Path) -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(FLAGS)
        .with_filename(data_dir.join("window-state.json").to_string_lossy())
        .build()
}

/// Saves the geometry once the main window has stopped moving or resizing for `QUIET`.
pub fn save_state_as_it_changes(app: &AppHandle) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let changes = Arc::new(AtomicU64::new(0));
    let app = app.clone();
    window.on_window_event(move |event| {
        if !matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            return;
        }
        let change = changes.fetch_add(1, Ordering::SeqCst) + 1;
        let (app, changes) = (app.clone(), changes.clone());
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(QUIET).await;
            if changes.load(Ordering::SeqCst) != change {
                return;
            }
            // On the main thread: the plugin holds its lock while it asks the window for
            // its geometry, which waits for the main thread, which may be in the plugin's
            // own event handler waiting for that lock (a resize deadlocked the app).
            let saver = app.clone();
            let queued = app.run_on_main_thread(move || {
                if let Err(error) = saver.save_window_state(FLAGS) {
                    tracing::warn!(%error, "the window's geometry could not be saved");
                }
            });
            if let Err(error) = queued {
                tracing::warn!(%error, "the window's geometry could not be saved");
            }
        });
    });
}
