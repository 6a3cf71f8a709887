//! tauri-driver (with WebKitWebDriver behind it) on free loopback ports, and WebDriver
//! sessions that launch the real app through it: for the end-to-end suite and the desktop
//! benchmarks.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

/// A running tauri-driver, stopped when dropped: a test that panics would otherwise leave
/// it running, holding whatever it inherited (the shared e2e lock's file, say) for good.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts tauri-driver for the app on `data_dir` and returns it with its port, once it
/// listens there. `dark` gives the window GTK's dark theme, which WebKit reports to the
/// page as `prefers-color-scheme: dark`.
pub fn start_driver(data_dir: &Path, dark: bool) -> (Driver, u16) {
    start_driver_with(data_dir, dark, &[])
}

/// `start_driver`, the app it launches given `env` too.
pub fn start_driver_with(data_dir: &Path, dark: bool, env: &[(&str, &str)]) -> (Driver, u16) {
    let port = free_port();
    let mut command = Command::new(tauri_driver());
    if dark {
        command.env("GTK_THEME", "Adwaita:dark");
    }
    let driver = command
        .args(["--port", &port.to_string()])
        .args(["--native-port", &free_port().to_string()])
        .env("CONTACT_DESK_DATA_DIR", data_dir)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tauri-driver runs (make test installs it)");
    let driver = Driver(driver);
    wait_for_port(port);
    (driver, port)
}

/// A WebDriver session with the driver on `port`: it launches the app.
pub async fn connect(port: u16) -> Client {
    connect_to(port, Path::new(env!("CARGO_BIN_EXE_contact-desk"))).await
}

/// A WebDriver session with the driver on `port` that launches `application`.
pub async fn connect_to(port: u16, application: &Path) -> Client {
    let capabilities = json!({ "tauri:options": { "application": application } });
    let capabilities = capabilities.as_object().expect("an object").clone();
    ClientBuilder::native()
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with the app")
}

fn tauri_driver() -> PathBuf {
    let installed = dirs::home_dir().map(|home| home.join(".cargo/bin/tauri-driver"));
    match installed {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// A port nothing listens on now, for a process to take.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
    listener.local_addr().expect("the bound address").port()
}

fn wait_for_port(port: u16) {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
