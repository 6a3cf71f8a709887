//! Launches the real app binary through tauri-driver + WebKitWebDriver and drives its window.
//!
//! WebKitWebDriver allows one session at a time, so every test holds `SERIAL` while its
//! window is open; each launch gets its own driver ports and data directory.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use tokio::sync::{Mutex, MutexGuard};

use crate::driver::{connect, connect_to, start_driver, start_driver_with, Driver};

static SERIAL: Mutex<()> = Mutex::const_new(());

/// How long a screen may take to settle after what a person did.
const SETTLE: Duration = Duration::from_secs(20);

pub struct App {
    pub client: Client,
    driver: Driver,
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
    /// WebKit may reload before it has stored the change: the reloaded page is asked what
    /// it holds, and the change made again until it is there.
    async fn set_onboarding_dismissed(&self, dismissed: bool) {
        // The key the UI remembers a dismissal under (ONBOARDING_DISMISSED_KEY).
        let script = if dismissed {
            "localStorage.setItem('contact-desk.onboarding-dismissed', '1');"
        } else {
            "localStorage.removeItem('contact-desk.onboarding-dismissed');"
        };
        let stored = "return localStorage.getItem('contact-desk.onboarding-dismissed') === '1';";
        for _ in 0..10 {
            self.client
                .execute(script, vec![])
                .await
                .expect("localStorage is writable");
            self.client.refresh().await.expect("the page reloads");
            let now = self.client.execute(stored, vec![]).await;
            if now.expect("localStorage is readable") == serde_json::Value::Bool(dismissed) {
                return;
            }
        }
        panic!("the webview never kept the onboarding dismissal as {dismissed}");
    }

    /// A returning user's app on a data directory prepared beforehand (a profile added
    /// with the CLI, say).
    pub async fn launch_with(data_dir: tempfile::TempDir) -> App {
        App::launch_in(data_dir, false).await
    }

    /// `launch_with`, the window in GTK's dark theme when `dark`.
    pub async fn launch_in(data_dir: tempfile::TempDir, dark: bool) -> App {
        let app = App::start_in(data_dir, dark).await;
        app.set_onboarding_dismissed(true).await;
        app
    }

    /// Quits and starts the app again on the same data directory.
    pub async fn restart(self) -> App {
        let _ = self.client.clone().close().await;
        let App {
            data_dir,
            _serial,
            driver,
            ..
        } = self;
        drop(driver);
        drop(_serial);
        App::launch_with(data_dir).await
    }

    /// Kills the app's process with SIGKILL, as a crash or a power cut would, then starts
    /// it again on the same data directory.
    pub async fn kill_and_restart(self) -> App {
        let pid = app_pid(self.data_dir.path()).expect("the app's process is running");
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success(), "the app's process {pid} was killed");
        self.restart().await
    }

    /// A returning user's app run from `application` (a copy installed somewhere, say),
    /// with `env` added to its environment.
    pub async fn launch_installed(application: &std::path::Path, env: &[(&str, &str)]) -> App {
        let serial = SERIAL.lock().await;
        let data_dir = tempfile::tempdir().unwrap();
        let (driver, port) = start_driver_with(data_dir.path(), false, env);
        let app = App {
            client: connect_to(port, application).await,
            driver,
            data_dir,
            _serial: serial,
        };
        app.set_onboarding_dismissed(true).await;
        app
    }

    async fn start() -> App {
        App::start_in(tempfile::tempdir().unwrap(), false).await
    }

    async fn start_in(data_dir: tempfile::TempDir, dark: bool) -> App {
        let serial = SERIAL.lock().await;
        let (driver, port) = start_driver(data_dir.path(), dark);
        App {
            client: connect(port).await,
            driver,
            data_dir,
            _serial: serial,
        }
    }

    /// Waits for an element to appear, as a person would wait for the screen to settle.
    pub async fn find(&self, css: &str) -> Element {
        self.find_within(css, SETTLE).await
    }

    /// Waits up to `limit` for an element, for screens that fill in as a sync runs.
    pub async fn find_within(&self, css: &str, limit: Duration) -> Element {
        self.wait_for(Locator::Css(css), limit).await
    }

    /// Waits up to `limit` for the element `locator` finds.
    pub async fn wait_for(&self, locator: Locator<'_>, limit: Duration) -> Element {
        let found = self.client.wait().at_most(limit).for_element(locator).await;
        match found {
            Ok(element) => element,
            Err(error) => panic!(
                "{locator:?} never appeared: {error}\n{}",
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

    /// Waits until the element's visible text satisfies `done`, then returns that text.
    pub async fn text_when(&self, css: &str, done: impl Fn(&str) -> bool) -> String {
        self.text_within(css, SETTLE, done).await
    }

    /// Waits up to `limit` until the element's visible text satisfies `done` (an element
    /// not there yet reads as empty), then returns that text.
    pub async fn text_within(
        &self,
        css: &str,
        limit: Duration,
        done: impl Fn(&str) -> bool,
    ) -> String {
        let read = async || match self.client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        read_until(css, limit, read, done).await
    }

    /// Waits until the first element matching `css` has `needle` in its `textContent`, and
    /// returns that text. WebDriver's visible-text rule would skip the truncating (ellipsis)
    /// spans that names sit in, under WebKitWebDriver.
    pub async fn content_with(&self, css: &str, needle: &str) -> String {
        const SCRIPT: &str =
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';";
        let read = async || {
            let content = self.client.execute(SCRIPT, vec![css.into()]).await;
            content.unwrap().as_str().unwrap_or_default().to_owned()
        };
        let limit = Duration::from_secs(30);
        read_until(css, limit, read, |text| text.contains(needle)).await
    }

    /// Ends the session; the driver stops as the app drops.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// Reads `what` until `done` accepts the reading, and returns it; fails after `limit`
/// with the last reading.
async fn read_until(
    what: &str,
    limit: Duration,
    read: impl AsyncFn() -> String,
    done: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + limit;
    loop {
        let text = read().await;
        if done(&text) {
            return text;
        }
        assert!(Instant::now() < deadline, "{what} still reads {text:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the element `css` finds inside `element`.
pub async fn click_in(element: &Element, css: &str) {
    let inner = element.find(Locator::Css(css)).await.unwrap();
    inner.click().await.unwrap();
}

/// The app's process: the `contact-desk` whose environment names `data_dir` (the driver
/// that started it names it too, but is another executable).
fn app_pid(data_dir: &std::path::Path) -> Option<u32> {
    let wanted = format!("CONTACT_DESK_DATA_DIR={}", data_dir.display()).into_bytes();
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
            let environ = std::fs::read(entry.path().join("environ")).ok()?;
            let names_dir = environ
                .split(|byte| *byte == 0)
                .any(|pair| pair == wanted.as_slice());
            (exe.file_name()? == "contact-desk" && names_dir).then_some(pid)
        })
}
