//! The `contact-desk` binary's headless commands, run as a user would run them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod all_locations;
mod api_writes;
#[path = "../support/cli.rs"]
mod cli;
mod hostile;
mod input;
mod leaks;
mod offline;
#[path = "../support/raw.rs"]
mod raw;
#[path = "../support/sandbox.rs"]
mod sandbox;

use std::process::Command;

use cli::{contact_desk, run};
use raw::raw_get;
use sandbox::SandboxProcess;

#[test]
fn version_and_help_describe_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let version = run(dir.path(), &["--version"], "");
    assert!(version.status.success());
    let stdout = String::from_utf8(version.stdout).unwrap();
    assert_eq!(
        stdout.trim(),
        format!("contact-desk {}", env!("CARGO_PKG_VERSION"))
    );

    let help = run(dir.path(), &["--help"], "");
    let stdout = String::from_utf8(help.stdout).unwrap();
    assert!(help.status.success());
    assert!(stdout.contains("doctor"), "{stdout}");
    assert!(
        stdout.contains("Run without a command to open the app"),
        "{stdout}"
    );
}

#[test]
fn doctor_reports_a_healthy_machine() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["doctor"], "");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(&format!(
        "Data directory:  {} (writable)",
        dir.path().display()
    )));
    assert!(
        stdout.contains("OS keychain:     Secret Service (reachable)"),
        "{stdout}"
    );
}

#[test]
fn doctor_fails_clearly_when_the_data_directory_is_unusable() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let output = run(&file.path().join("data"), &["doctor"], "");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("contact-desk doctor: the data directory is unusable: cannot write to"),
        "{stderr}"
    );
}

#[test]
fn doctor_fails_clearly_without_a_keychain() {
    let dir = tempfile::tempdir().unwrap();
    let output = contact_desk(dir.path())
        .arg("doctor")
        // No session bus: the Secret Service cannot be reached.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    // 9, as README and `api` document for an unavailable keychain.
    assert_eq!(output.status.code(), Some(9), "{stderr}");
    assert!(
        stderr.contains("the OS keychain is unavailable"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn sandbox_prints_where_it_listens_and_serves_until_terminated() {
    let mut sandbox = SandboxProcess::start(&[
        "--contacts",
        "12",
        "--businesses",
        "2",
        "--today",
        "2025-06-15",
        "--client-id",
        "my-app",
        "--client-secret",
        "s",
    ]);
    let printed = &sandbox.printed;
    let keys = [
        "base_url",
        "token",
        "readonly_token",
        "location_id",
        "client_id",
        "client_secret",
    ];
    assert!(
        keys.iter().all(|key| printed.contains_key(*key)),
        "{printed:?}"
    );
    assert!(printed["base_url"].starts_with("http://127.0.0.1:"));
    assert_eq!(printed["client_id"], "my-app");

    let url = format!(
        "{}/contacts/?locationId={}",
        printed["base_url"], printed["location_id"]
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let http = reqwest::Client::new();
    let page = runtime.block_on(raw_get(&http, &url, &printed["token"], &[]));
    assert_eq!(page["meta"]["total"], 12);

    let pid = sandbox.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = sandbox.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn sandbox_refuses_a_malformed_rate_limit() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["sandbox", "--rate-limit", "lots"], "");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("expected <max>/<n>s or <max>/<n>ms"),
        "{stderr}"
    );
}
