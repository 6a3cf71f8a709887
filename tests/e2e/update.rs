//! Signed updates, end to end: the test build (release N, installed as a plain executable
//! in a scratch directory) asks a static server on 127.0.0.1 for its manifest, which
//! offers release N+1 (examples/next_release, signed with a key pair made here). N
//! downloads and verifies it, the prompt shows its notes, and "Restart now" replaces N on
//! disk and relaunches as N+1. A tampered download is refused in words; a failing server
//! stays silent.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::harness::App;

const NOTES: &str = "Faster sync for large locations.";

/// What the release server hands out, and the version of every app that asked it.
#[derive(Clone)]
struct Release {
    manifest: Option<Value>,
    artifact: Arc<Vec<u8>>,
    asked_by: Arc<Mutex<Vec<String>>>,
}

/// The manifest URL's `{{current_version}}` tells which app asked.
async fn manifest(
    State(release): State<Release>,
    UrlPath(version): UrlPath<String>,
) -> Result<Json<Value>, StatusCode> {
    release.asked_by.lock().unwrap().push(version);
    release
        .manifest
        .clone()
        .map(Json)
        .ok_or(StatusCode::SERVICE_UNAVAILABLE)
}

async fn artifact(State(release): State<Release>) -> Vec<u8> {
    release.artifact.as_ref().clone()
}

fn tauri_cli() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/tauri")
}

fn run(command: &mut Command) {
    let output = command
        .output()
        .expect("the Tauri CLI runs (make test installs it)");
    assert!(output.status.success(), "{command:?} failed: {output:?}");
}

/// `CARGO_PKG_VERSION` one patch ahead, as examples/next_release.rs reports itself.
fn next_version() -> String {
    let current = env!("CARGO_PKG_VERSION");
    let (major_minor, patch) = current.rsplit_once('.').unwrap();
    format!("{major_minor}.{}", patch.parse::<u32>().unwrap() + 1)
}

/// Release N+1: the example binary, signed as `tauri build` signs updater artifacts, with
/// a key pair made for this test. Returns its bytes, signature and the public key.
fn signed_next_release(scratch: &Path) -> (Vec<u8>, String, String) {
    let built = Path::new(env!("CARGO_BIN_EXE_contact-desk"))
        .parent()
        .unwrap()
        .join("examples/next_release");
    assert!(
        built.exists(),
        "{} is missing: `cargo test` builds it (or `cargo build --example next_release`)",
        built.display()
    );
    let file = scratch.join("contact-desk-next");
    std::fs::copy(&built, &file).unwrap();
    let key = scratch.join("updater.key");
    run(Command::new(tauri_cli())
        .args(["signer", "generate", "--ci", "--password", ""])
        .arg("--write-keys")
        .arg(&key));
    run(Command::new(tauri_cli())
        .args(["signer", "sign", "--password", ""])
        .arg("--private-key-path")
        .arg(&key)
        .args(["--app-version", &next_version()])
        .arg(&file));
    let signature = std::fs::read_to_string(scratch.join("contact-desk-next.sig")).unwrap();
    let pubkey = std::fs::read_to_string(scratch.join("updater.key.pub")).unwrap();
    (std::fs::read(&file).unwrap(), signature, pubkey)
}

fn manifest_for(signature: &str, url: &str) -> Value {
    json!({
        "version": next_version(),
        "notes": NOTES,
        "pub_date": "2026-11-29T12:00:00Z",
        "platforms": { "linux-x86_64": { "signature": signature, "url": url } }
    })
}

/// Release N "installed": a copy of the test build the updater may replace.
fn install_current(scratch: &Path) -> PathBuf {
    let dir = scratch.join("installed");
    std::fs::create_dir_all(&dir).unwrap();
    let installed = dir.join("contact-desk");
    std::fs::copy(env!("CARGO_BIN_EXE_contact-desk"), &installed).unwrap();
    installed
}

/// Every process running `executable`, killed when dropped: the relaunched N+1 is no
/// child of the test, and must not outlive it.
struct RunningFrom(PathBuf);

impl RunningFrom {
    fn pids(&self) -> Vec<u32> {
        std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|entry| {
                let pid = entry.file_name().to_str()?.parse().ok()?;
                let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
                (exe == self.0).then_some(pid)
            })
            .collect()
    }
}

impl Drop for RunningFrom {
    fn drop(&mut self) {
        for pid in self.pids() {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

/// Waits until an app of `version` has asked the server, or fails after `limit`.
async fn wait_for_asker(asked_by: &Mutex<Vec<String>>, version: &str, limit: Duration) {
    let deadline = Instant::now() + limit;
    while !asked_by
        .lock()
        .unwrap()
        .iter()
        .any(|asker| asker == version)
    {
        let asked = asked_by.lock().unwrap().clone();
        assert!(
            Instant::now() < deadline,
            "no app of version {version} asked for updates; asked by {asked:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

struct Setup {
    _scratch: tempfile::TempDir,
    installed: PathBuf,
    asked_by: Arc<Mutex<Vec<String>>>,
    next: Vec<u8>,
    manifest_url: String,
    pubkey: String,
}

/// What the release server does with N+1.
#[derive(PartialEq)]
enum Serving {
    Signed,
    Tampered,
    /// Every manifest request gets a 503.
    Failing,
}

/// Release N installed, and a server on a free loopback port offering N+1.
async fn release_server(serving: Serving) -> Setup {
    let scratch = tempfile::tempdir().unwrap();
    let (next, signature, pubkey) = signed_next_release(scratch.path());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let mut served = next.clone();
    if serving == Serving::Tampered {
        let middle = served.len() / 2;
        served[middle] ^= 0x01;
    }
    let artifact_url = format!("{base}/contact-desk-next");
    let release = Release {
        manifest: (serving != Serving::Failing).then(|| manifest_for(&signature, &artifact_url)),
        artifact: Arc::new(served),
        asked_by: Arc::default(),
    };
    let asked_by = release.asked_by.clone();
    let router = Router::new()
        .route("/{version}/latest.json", get(manifest))
        .route("/contact-desk-next", get(artifact))
        .with_state(release);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Setup {
        installed: install_current(scratch.path()),
        _scratch: scratch,
        asked_by,
        next,
        manifest_url: format!("{base}/{{{{current_version}}}}/latest.json"),
        pubkey,
    }
}

async fn launch(setup: &Setup) -> App {
    let env = [
        ("CONTACT_DESK_UPDATE_MANIFEST", setup.manifest_url.as_str()),
        ("CONTACT_DESK_UPDATE_PUBKEY", setup.pubkey.as_str()),
    ];
    App::launch_installed(&setup.installed, &env).await
}

#[tokio::test]
async fn the_running_app_updates_itself_and_relaunches_as_the_next_release() {
    let setup = release_server(Serving::Signed).await;
    let running = RunningFrom(setup.installed.clone());
    let app = launch(&setup).await;

    let notes = app
        .text_when("[data-testid='update-notes']", |text| !text.is_empty())
        .await;
    assert_eq!(notes, NOTES);
    let title = app.find("#update-title").await.text().await.unwrap();
    assert_eq!(title, format!("Contact Desk {} is ready", next_version()));
    assert!(
        std::fs::read(&setup.installed).unwrap() != setup.next,
        "nothing is installed before the user says so"
    );

    let _ = app
        .find("[data-testid='update-install']")
        .await
        .click()
        .await;
    wait_for_asker(&setup.asked_by, &next_version(), Duration::from_secs(60)).await;
    assert!(
        std::fs::read(&setup.installed).unwrap() == setup.next,
        "the installed file is release N+1"
    );
    assert!(
        !running.pids().is_empty(),
        "N+1 runs from the installed path"
    );
    drop(app);
}

#[tokio::test]
async fn a_tampered_download_is_refused_in_words_and_nothing_is_installed() {
    let setup = release_server(Serving::Tampered).await;
    let _running = RunningFrom(setup.installed.clone());
    let before = std::fs::read(&setup.installed).unwrap();
    let app = launch(&setup).await;

    let refusal = app
        .text_when("[data-testid='update-refused']", |text| !text.is_empty())
        .await;
    assert!(
        refusal.contains("signature does not match") && refusal.contains(&next_version()),
        "{refusal}"
    );
    assert!(app
        .client
        .find(fantoccini::Locator::Css("[data-testid='update-install']"))
        .await
        .is_err());
    assert!(
        std::fs::read(&setup.installed).unwrap() == before,
        "the installed file is untouched"
    );
    app.close().await;
}

#[tokio::test]
async fn a_failing_update_server_stays_silent() {
    let setup = release_server(Serving::Failing).await;
    let _running = RunningFrom(setup.installed.clone());
    let app = launch(&setup).await;

    let current = env!("CARGO_PKG_VERSION");
    wait_for_asker(&setup.asked_by, current, Duration::from_secs(20)).await;
    // Had the 503 been reported, the event would have come as the check ended, long
    // before these clicks are done.
    app.click("button[data-section='settings']").await;
    app.click("#settings-tab-about").await;
    app.find("[data-testid='updates'] select").await;
    assert!(app
        .client
        .find(fantoccini::Locator::Css("[data-testid='update-prompt']"))
        .await
        .is_err());
    assert!(app
        .client
        .find(fantoccini::Locator::Css("[role='alert']"))
        .await
        .is_err());
    app.close().await;
}
