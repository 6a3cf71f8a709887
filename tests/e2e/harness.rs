//! Launches the real app binary through tauri-driver + WebKitWebDriver and drives its window.
//!
//! WebKitWebDriver allows one session at a time, so every test holds `SERIAL` while its
//! window is open; each launch gets its own driver ports and data directory.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::sync::{Mutex, MutexGuard};

static SERIAL: Mutex<()> = Mutex::const_new(());

pub struct App {
    pub client: Client,
    driver: Child,
    pub data_dir: tempfile::TempDir,
    _serial: MutexGuard<'static, ()>,
}

impl App {
    pub async fn launch() -> App {
        let serial = SERIAL.lock().await;
        let data_dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string()])
            .args(["--native-port", &free_port().to_string()])
            .env("CONTACT_DESK_DATA_DIR", data_dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver runs (make test installs it)");
        wait_for_port(port);
        let capabilities = json!({
            "tauri:options": { "application": env!("CARGO_BIN_EXE_contact-desk") }
        });
        let client = ClientBuilder::native()
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with the app");
        App {
            client,
            driver,
            data_dir,
            _serial: serial,
        }
    }

    /// Waits for an element to appear, as a person would wait for the screen to settle.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("{css} never appeared: {error}"))
    }

    /// Waits until the element's text satisfies `done`, then returns that text.
    pub async fn text_when(&self, css: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = self.find(css).await.text().await.unwrap_or_default();
            if done(&text) {
                return text;
            }
            assert!(Instant::now() < deadline, "{css} still reads {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn tauri_driver() -> PathBuf {
    let installed = dirs::home_dir().map(|home| home.join(".cargo/bin/tauri-driver"));
    match installed {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn wait_for_port(port: u16) {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
