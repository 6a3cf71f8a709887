//! Launches the real app binary through tauri-driver + WebKitWebDriver and drives its window.
//!
//! WebKitWebDriver allows one session at a time, so every test holds `SERIAL` while its
//! window is open; each launch gets its own driver ports and data directory.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
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
    /// The app as a returning user sees it: the first-run onboarding already dismissed, so
    /// nothing covers the window.
    pub async fn launch() -> App {
        let app = App::start().await;
        app.set_onboarding_dismissed(true).await;
        app
    }

    /// The app as it opens the very first time, onboarding included.
    pub async fn launch_first_run() -> App {
        let app = App::start().await;
        app.set_onboarding_dismissed(false).await;
        app
    }

    /// The webview's storage outlives a launch (it is not under the data directory), so
    /// every launch says whether onboarding was dismissed, then reloads the page.
    async fn set_onboarding_dismissed(&self, dismissed: bool) {
        // The key the UI remembers a dismissal under (ONBOARDING_DISMISSED_KEY).
        let script = if dismissed {
            "localStorage.setItem('contact-desk.onboarding-dismissed', '1');"
        } else {
            "localStorage.removeItem('contact-desk.onboarding-dismissed');"
        };
        self.client
            .execute(script, vec![])
            .await
            .expect("localStorage is writable");
        self.client.refresh().await.expect("the page reloads");
    }

    /// A returning user's app on a data directory prepared beforehand (a profile added
    /// with the CLI, say).
    pub async fn launch_with(data_dir: tempfile::TempDir) -> App {
        let app = App::start_in(data_dir).await;
        app.set_onboarding_dismissed(true).await;
        app
    }

    /// Quits and starts the app again on the same data directory.
    pub async fn restart(mut self) -> App {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let App {
            data_dir, _serial, ..
        } = self;
        drop(_serial);
        App::launch_with(data_dir).await
    }

    async fn start() -> App {
        App::start_in(tempfile::tempdir().unwrap()).await
    }

    async fn start_in(data_dir: tempfile::TempDir) -> App {
        let serial = SERIAL.lock().await;
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
        let found = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(error) => panic!(
                "{css} never appeared: {error}\n{}",
                self.screen_text().await
            ),
        }
    }

    /// Clicks an element once it is there.
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Types into a field once it is there.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.find(css).await.send_keys(text).await.unwrap();
    }

    /// What the window shows, for a failure message.
    pub async fn screen_text(&self) -> String {
        let script = "return document.body.innerText.slice(0, 3000);";
        match self.client.execute(script, vec![]).await {
            Ok(text) => format!("the window reads:\n{}", text.as_str().unwrap_or_default()),
            Err(error) => format!("the window could not be read: {error}"),
        }
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

/// A `contact-desk sandbox` process on a free port: a local HighLevel to connect accounts to.
/// Stopped when dropped.
pub struct Sandbox {
    child: Child,
    pub base_url: String,
    pub token: String,
    pub location_id: String,
}

impl Sandbox {
    /// Starts the sandbox and reads the lines it prints up to `ready`.
    pub fn start() -> Sandbox {
        let mut child = Command::new(env!("CARGO_BIN_EXE_contact-desk"))
            .args(["sandbox", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the sandbox starts");
        let stdout = child.stdout.take().expect("the sandbox's stdout");
        let mut fields = HashMap::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("a line from the sandbox");
            if line == "ready" {
                break;
            }
            if let Some((key, value)) = line.split_once(": ") {
                fields.insert(key.to_owned(), value.to_owned());
            }
        }
        let mut field = |name: &str| {
            fields
                .remove(name)
                .unwrap_or_else(|| panic!("the sandbox printed no {name}"))
        };
        Sandbox {
            base_url: field("base_url"),
            token: field("token"),
            location_id: field("location_id"),
            child,
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
