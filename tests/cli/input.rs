//! Bad input gets a clear, typed error before anything is sent; bodies too large for an
//! argument come from a file or stdin; a locked keychain is called locked.

use std::process::{Command, Output, Stdio};

use mockito::{Matcher, Server};

use crate::cli::{contact_desk, run, run_piped};

/// `contact-desk api …` against `base_url` with a token from the environment.
fn api(base_url: &str, args: &[&str], stdin: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut api = contact_desk(dir.path());
    api.arg("api")
        .args(args)
        .env("CONTACT_DESK_TOKEN", "pit-input")
        .env("CONTACT_DESK_BASE_URL", base_url)
        .env("CONTACT_DESK_LOCATION", "loc");
    run_piped(&mut api, stdin)
}

#[test]
fn ids_that_cannot_be_a_path_segment_exit_5_and_send_nothing() {
    let mut server = Server::new();
    let nothing = server.mock("GET", Matcher::Any).expect(0).create();
    let empty = "must not be empty";
    let dots = "cannot be \".\" or \"..\"";
    let control = "must not contain control characters";
    let calls: [(&[&str], &str); 5] = [
        (&["get-contact", "--contact-id", ".."], dots),
        (&["get-contact", "--contact-id", "."], dots),
        (&["get-contact", "--contact-id", ""], empty),
        (&["get-task", "--contact-id", "c1", "--task-id", ".."], dots),
        (&["get-all-notes", "--contact-id", "c\u{1}1"], control),
    ];
    for (args, message) in calls {
        let output = api(&server.url(), args, "");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(5), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    nothing.assert();
}

/// `api` writes pass the app's checks, with its messages, before anything is sent.
#[test]
fn writes_the_app_would_refuse_exit_5_and_send_nothing() {
    let mut server = Server::new();
    let posted = server.mock("POST", Matcher::Any).expect(0).create();
    let put = server.mock("PUT", Matcher::Any).expect(0).create();
    let calls: [(&[&str], &str); 4] = [
        (
            &[
                "create-task",
                "--contact-id",
                "c1",
                "--data",
                r#"{"title": "  ", "dueDate": "2026-12-01T09:00:00Z"}"#,
            ],
            "A task needs a title.",
        ),
        (
            &[
                "update-task",
                "--contact-id",
                "c1",
                "--task-id",
                "t1",
                "--data",
                r#"{"title": ""}"#,
            ],
            "A task needs a title.",
        ),
        (
            &["create-contact", "--data", r#"{"email": "ada@example"}"#],
            "The email address does not look right.",
        ),
        (
            &[
                "add-tags",
                "--contact-id",
                "c1",
                "--data",
                r#"{"tags": [" ", ""]}"#,
            ],
            "Type a tag to add.",
        ),
    ];
    for (args, message) in calls {
        let output = api(&server.url(), args, "");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(5), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    posted.assert();
    put.assert();
}

#[test]
fn an_empty_contact_id_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["contacts", "show", ""], "");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("a value is required"), "{stderr}");
}

/// A task whose body is longer than one argument may be (128 KiB on Linux).
fn large_task() -> String {
    serde_json::json!({
        "title": "Read the attached notes",
        "body": "x".repeat(200_000),
        "dueDate": "2026-12-01T09:00:00Z",
        "completed": false
    })
    .to_string()
}

#[test]
fn a_body_comes_from_a_file_or_stdin() {
    let mut server = Server::new();
    let created = server
        .mock("POST", "/contacts/c1/tasks")
        .match_body(Matcher::PartialJson(serde_json::json!({
            "title": "Read the attached notes",
            "body": "x".repeat(200_000)
        })))
        .with_status(201)
        .with_body(
            r#"{"task": {"id": "t1", "title": "Read the attached notes", "completed": false}}"#,
        )
        .expect(2)
        .create();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), large_task()).unwrap();
    let at_file = format!("@{}", file.path().display());
    for (data, stdin) in [(at_file.as_str(), String::new()), ("-", large_task())] {
        let output = api(
            &server.url(),
            &["create-task", "--contact-id", "c1", "--data", data],
            &stdin,
        );
        assert!(
            output.status.success(),
            "{data}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).contains("\"t1\""));
    }
    created.assert();

    let missing = api(
        &server.url(),
        &[
            "create-task",
            "--contact-id",
            "c1",
            "--data",
            "@/nonexistent/body.json",
        ],
        "",
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/body.json"));
}

/// A keyring that exists but is locked is called locked, not missing. Without a display
/// its unlock prompt cannot be shown (with one, the prompt would wait for a person).
#[cfg(target_os = "linux")]
#[test]
fn a_locked_keychain_is_called_locked() {
    let dir = tempfile::tempdir().unwrap();
    let script = r#"
        export XDG_DATA_HOME="$1/xdg" XDG_CONFIG_HOME="$1/config"
        eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
        printf x | secret-tool store --label=probe purpose test
        secret-tool lock --collection=login
        CONTACT_DESK_DATA_DIR="$1/data" "$2" doctor
    "#;
    let output = Command::new("timeout")
        .args(["60", "dbus-run-session", "--", "sh", "-c", script, "sh"])
        .arg(dir.path())
        .arg(env!("CARGO_BIN_EXE_contact-desk"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains("UNAVAILABLE: the keychain is locked or refused access"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
