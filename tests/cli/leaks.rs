//! A hostile server that echoes the `Authorization` header back everywhere it can: HTML
//! titles and bodies, JSON messages (a string and an array), response headers, and the
//! data of a successful answer. Whatever the CLI prints, logs or stores must not hold
//! the token.

use std::path::Path;
use std::process::Output;

use mockito::{Matcher, Request, Server, ServerGuard};
use tempfile::TempDir;

use crate::cli::{add_profile, contact_desk, run, succeeded};

const TOKEN: &str = "pit-0f1e2d3c-leak-canary-9a8b7c6d";
const CONTACTS: &str = r"^/contacts/(\?.*)?$";

/// What the server heard in the Authorization header, as a proxy's error page shows it.
fn echoed(request: &Request) -> String {
    request
        .header("authorization")
        .first()
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn html_page(request: &Request) -> Vec<u8> {
    let header = echoed(request);
    format!(
        "<html><head><title>Error: {header}</title></head><body><pre>{header}</pre></body></html>"
    )
    .into_bytes()
}

fn json_message(request: &Request) -> Vec<u8> {
    serde_json::json!({ "statusCode": 400, "message": format!("bad header {}", echoed(request)) })
        .to_string()
        .into_bytes()
}

fn json_messages(request: &Request) -> Vec<u8> {
    serde_json::json!({ "statusCode": 422, "message": [echoed(request), "second"] })
        .to_string()
        .into_bytes()
}

/// Where a route matches, its status, and the echoing body it answers with.
type Echo = (&'static str, usize, fn(&Request) -> Vec<u8>);

/// A data directory after `profile add` of `name` for `location` on an echoing server,
/// with the server and what the command printed.
fn profile_on_echoing_server(name: &str, location: &str) -> (ServerGuard, TempDir, Output) {
    let server = echoing_server();
    let dir = tempfile::tempdir().unwrap();
    let added = add_profile(dir.path(), name, location, &server.url(), TOKEN);
    (server, dir, added)
}

/// Two contacts whose names are the echoed header (by list or search), then bulk reads
/// and per-contact lists that fail in every echoing way. `locationId` picks how the
/// contact list answers.
fn echoing_server() -> ServerGuard {
    let mut server = Server::new();
    let echo_headers = |mock: mockito::Mock| {
        mock.with_header_from_request("traceid", echoed)
            .with_header_from_request("x-request-id", echoed)
    };
    let contacts = |request: &mockito::Request| {
        let name = echoed(request);
        serde_json::json!([
            { "id": "c1", "firstName": name, "email": "a@example.com", "dateAdded": "2026-01-01T00:00:00Z" },
            { "id": "c2", "firstName": "Plain", "companyName": name, "dateAdded": "2026-01-01T00:00:00Z" }
        ])
    };
    echo_headers(server.mock("GET", Matcher::Regex(CONTACTS.into())))
        .match_query(Matcher::UrlEncoded("locationId".into(), "ok".into()))
        .with_header("content-type", "application/json")
        .with_body_from_request(move |request| {
            serde_json::json!({
                "contacts": contacts(request),
                "meta": { "total": 2, "startAfter": null, "startAfterId": null }
            })
            .to_string()
            .into_bytes()
        })
        .create();
    echo_headers(server.mock("POST", "/contacts/search"))
        .with_header("content-type", "application/json")
        .with_body_from_request(move |request| {
            serde_json::json!({ "contacts": contacts(request), "total": 2 })
                .to_string()
                .into_bytes()
        })
        .create();
    let bulk: [(&str, Echo); 2] = [
        (
            "POST",
            (r"^/locations/[^/]+/tasks/search$", 422, json_messages),
        ),
        ("GET", (r"^/calendars/(\?.*)?$", 400, json_message)),
    ];
    for (method, (path, status, body)) in bulk {
        echo_headers(server.mock(method, Matcher::Regex(path.into())))
            .with_status(status)
            .with_body_from_request(body)
            .create();
    }
    let refusals: [Echo; 3] = [
        ("html", 404, html_page),
        ("json", 400, json_message),
        ("array", 422, json_messages),
    ];
    for (location, status, body) in refusals {
        echo_headers(server.mock("GET", Matcher::Regex(CONTACTS.into())))
            .match_query(Matcher::UrlEncoded("locationId".into(), location.into()))
            .with_status(status)
            .with_body_from_request(body)
            .create();
    }
    let details: [Echo; 3] = [
        (r"^/contacts/[^/]+/tasks(\?.*)?$", 401, html_page),
        (r"^/contacts/[^/]+/notes(\?.*)?$", 400, json_message),
        (r"^/contacts/[^/]+/appointments(\?.*)?$", 422, json_messages),
    ];
    for (path, status, body) in details {
        echo_headers(server.mock("GET", Matcher::Regex(path.into())))
            .with_status(status)
            .with_body_from_request(body)
            .create();
    }
    echo_headers(server.mock("GET", Matcher::Regex(r"^/contacts/[^/?]+$".into())))
        .with_status(502)
        .with_body_from_request(html_page)
        .create();
    server
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(!text.contains(TOKEN), "{what} holds the token:\n{text}");
}

fn assert_output_clean(what: &str, output: &Output) {
    assert_clean(&format!("{what}'s stdout"), &output.stdout);
    assert_clean(&format!("{what}'s stderr"), &output.stderr);
}

/// Every file under the data directory: profiles, the cache and its WAL, the request log.
fn assert_files_clean(dir: &Path) {
    for entry in walk(dir) {
        assert_clean(
            &entry.display().to_string(),
            &std::fs::read(&entry).unwrap(),
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// `contact-desk api …` with the token in the environment and every log line shown.
fn api(dir: &Path, server: &ServerGuard, location: &str, args: &[&str]) -> Output {
    contact_desk(dir)
        .arg("api")
        .args(args)
        .env("CONTACT_DESK_TOKEN", TOKEN)
        .env("CONTACT_DESK_BASE_URL", server.url())
        .env("CONTACT_DESK_LOCATION", location)
        .env("CONTACT_DESK_LOG", "debug")
        .output()
        .unwrap()
}

#[test]
fn api_errors_never_show_an_echoed_token() {
    let server = echoing_server();
    let dir = tempfile::tempdir().unwrap();
    let calls: [(&str, &[&str], &str); 6] = [
        (
            "html",
            &["get-contacts"],
            "an HTML page titled \"Error: Bearer [redacted]\"",
        ),
        ("json", &["get-contacts"], "bad header Bearer [redacted]"),
        ("array", &["get-contacts"], "Bearer [redacted]; second"),
        ("ok", &["get-contact", "--contact-id", "c1"], "[redacted]"),
        ("ok", &["get-all-tasks", "--contact-id", "c1"], "[redacted]"),
        (
            "ok",
            &["get-all-notes", "--contact-id", "c1"],
            "bad header Bearer [redacted]",
        ),
    ];
    for (location, args, shown) in calls {
        let output = api(dir.path(), &server, location, args);
        assert!(!output.status.success(), "{args:?} failed");
        assert_output_clean(&format!("api {args:?}"), &output);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(shown), "{args:?}: {stderr}");
    }
    let listed = api(dir.path(), &server, "ok", &["get-contacts"]);
    let stdout = succeeded(&listed);
    assert_output_clean("api get-contacts", &listed);
    assert!(stdout.contains("Bearer [redacted]"), "{stdout}");
    assert_files_clean(dir.path());
}

#[test]
fn profile_add_names_a_server_that_is_not_highlevel_without_echoing_the_token() {
    let (_server, dir, output) = profile_on_echoing_server("Proxy", "html");
    assert_eq!(output.status.code(), Some(5));
    assert_output_clean("profile add", &output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("does not look like HighLevel's API")
            && stderr.contains("an HTML page titled \"Error: Bearer [redacted]\""),
        "{stderr}"
    );
    assert_files_clean(dir.path());
}

#[test]
fn a_sync_against_an_echoing_server_stores_and_logs_no_token() {
    let (_server, dir, added) = profile_on_echoing_server("Echo", "ok");
    succeeded(&added);
    assert_output_clean("profile add", &added);

    let sync = contact_desk(dir.path())
        .arg("sync")
        .env("CONTACT_DESK_LOG", "debug")
        .output()
        .unwrap();
    assert_output_clean("sync", &sync);
    let log = String::from_utf8_lossy(&sync.stderr);
    assert!(log.contains("INFO highlevel"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "no colour codes in a redirected log"
    );
    let listed = run(dir.path(), &["contacts", "list", "--json"], "");
    let stdout = succeeded(&listed);
    assert!(
        stdout.contains("Bearer [redacted]"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&sync.stderr)
    );
    // The request log the Activity screen shows lives in the cache, with the trace ids
    // and error messages of the failed detail calls.
    let cache = walk(dir.path())
        .into_iter()
        .find(|path| path.ends_with("cache.sqlite"))
        .unwrap();
    let log = contact_desk::cache::Cache::open(&cache)
        .unwrap()
        .requests(contact_desk::cache::LogFilter::All, None, 100)
        .unwrap();
    assert!(log
        .iter()
        .any(|logged| logged.record.error_message.is_some()));
    assert!(log
        .iter()
        .any(|logged| logged.record.trace_id.as_deref() == Some("Bearer [redacted]")));
    assert_files_clean(dir.path());
    assert_log_files_hold_the_requests(dir.path());
    assert_support_bundle_clean(dir.path());
}

/// The daily log file (inside the data directory that `CONTACT_DESK_DATA_DIR` names)
/// recorded the sync's requests; `assert_files_clean` has scanned it with the rest.
fn assert_log_files_hold_the_requests(data_dir: &Path) {
    let logs: Vec<_> = walk(&data_dir.join("logs"));
    assert_eq!(logs.len(), 1, "one file for today: {logs:?}");
    let name = logs[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("contact-desk.") && name.ends_with(".log"),
        "{name}"
    );
    let text = std::fs::read_to_string(&logs[0]).unwrap();
    assert!(text.contains("INFO highlevel"), "{text}");
}

/// `doctor --export`'s zip, every entry read back uncompressed: the request log and the
/// log files it bundles hold the echoed header only as "[redacted]".
fn assert_support_bundle_clean(data_dir: &Path) {
    let out = tempfile::tempdir().unwrap();
    let bundle = out.path().join("support.zip");
    let exported = run(
        data_dir,
        &["doctor", "--export", bundle.to_str().unwrap()],
        "",
    );
    assert_output_clean("doctor --export", &exported);
    assert!(succeeded(&exported).contains("Support bundle:"));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&bundle).unwrap()).unwrap();
    let mut names = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        assert_clean(&format!("the bundle's {name}"), &bytes);
        if name == "requests.jsonl" {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains("Bearer [redacted]"), "{text}");
        }
        names.push(name);
    }
    for expected in ["versions.json", "doctor.json", "requests.jsonl"] {
        assert!(names.iter().any(|name| name == expected), "{names:?}");
    }
    assert!(
        names
            .iter()
            .any(|name| name.starts_with("logs/contact-desk.")),
        "{names:?}"
    );
}
