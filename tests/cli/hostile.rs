//! Overlapping runs, damaged cache files, a profile removed mid-sync and a deep sync
//! killed mid-way, all through the real binary against a sandbox process.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use contact_desk::cache::Cache;

use crate::cli::{contact_desk, run, succeeded};
use crate::offline::cache_path;
use crate::sandbox::SandboxProcess;

/// `contact-desk args` on `data_dir`, started without waiting for it.
fn spawn(data_dir: &Path, args: &[&str]) -> Child {
    contact_desk(data_dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn describe(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A fast sandbox of `contacts` contacts (no rate limit worth the name).
fn quick_sandbox(contacts: &str, extra: &[&str]) -> SandboxProcess {
    let mut args = vec![
        "--contacts",
        contacts,
        "--businesses",
        "5",
        "--rate-limit",
        "10000/10s",
    ];
    args.extend_from_slice(extra);
    SandboxProcess::start(&args)
}

/// A quick sandbox of `contacts` contacts, a data directory with a profile for it, and the
/// profile's cache path, once a sync has filled it.
fn synced(contacts: u32) -> (SandboxProcess, tempfile::TempDir, PathBuf) {
    let sandbox = quick_sandbox(&contacts.to_string(), &[]);
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    succeeded(&run(dir.path(), &["sync"], ""));
    let path = cache_path(dir.path()).unwrap();
    (sandbox, dir, path)
}

/// Polls (test plumbing, not a timing assert) until `ready` holds, or fails after a minute.
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Contacts whose details are in the cache, read straight from SQLite.
fn contacts_with_details(data_dir: &Path) -> HashSet<String> {
    let Some(path) = cache_path(data_dir) else {
        return HashSet::new();
    };
    let Ok(db) = rusqlite::Connection::open(path) else {
        return HashSet::new();
    };
    db.busy_timeout(Duration::from_secs(5)).unwrap();
    let Ok(mut statement) =
        // Notes are read one contact at a time only: the per-contact path's mark.
        db.prepare("SELECT id FROM contacts WHERE notes_synced_at IS NOT NULL")
    else {
        return HashSet::new();
    };
    statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn seven_overlapping_first_syncs_all_succeed() {
    let sandbox = quick_sandbox("50", &[]);
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        sandbox.add_profile(dir.path());
        let syncs: Vec<Child> = (0..7).map(|_| spawn(dir.path(), &["sync"])).collect();
        for sync in syncs {
            let output = sync.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                describe(&output)
            );
        }
        let cache = Cache::open(&cache_path(dir.path()).unwrap()).unwrap();
        assert_eq!(cache.integrity_check().unwrap(), "ok", "round {round}");
        assert_eq!(cache.live_contact_count().unwrap(), 50, "round {round}");
    }
}

/// Overwrites `pages` whole pages from the middle of the file with garbage.
fn damage_middle_pages(path: &Path, pages: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let page = 4096;
    let length = std::fs::metadata(path).unwrap().len();
    let start = (length / 2 / page) * page;
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(start)).unwrap();
    let garbage: Vec<u8> = (0..page * pages).map(|i| (i * 37 % 251) as u8).collect();
    file.write_all(&garbage).unwrap();
}

/// Overwrites the first page of `table` (its b-tree root), which the contact list and
/// the reports never read: only a check of the whole file notices.
fn damage_table_root(path: &Path, table: &str) {
    use std::io::{Seek, SeekFrom, Write};
    let root: i64 = rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = ?1",
            [table],
            |row| row.get(0),
        )
        .unwrap();
    let page = 4096;
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    let offset = u64::try_from(root - 1).unwrap() * page;
    file.seek(SeekFrom::Start(offset)).unwrap();
    file.write_all(&[0xEE; 4096]).unwrap();
}

/// Overwrites the "SQLite format 3" header, after folding the WAL into the file (a
/// process that wrote last may have left page 1 there, where SQLite would read it).
fn damage_header(path: &Path) {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let mut bytes = std::fs::read(path).unwrap();
    bytes[..16].copy_from_slice(b"not a database!!");
    std::fs::write(path, bytes).unwrap();
}

/// Every cache-reading command fails with a non-zero code and names the damage.
fn assert_every_command_reports_damage(data_dir: &Path) {
    for args in [
        &["contacts", "list"][..],
        &["report", "businesses"],
        &["sync"],
        &["doctor"],
    ] {
        let output = run(data_dir, args, "");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            describe(&output)
        );
        assert!(stderr.contains("is damaged"), "{args:?}: {stderr}");
        assert!(stderr.contains("sync --rebuild"), "{args:?}: {stderr}");
        assert!(
            stderr.lines().count() <= 3,
            "{args:?} says it once: {stderr}"
        );
    }
}

#[test]
fn a_damaged_cache_is_reported_by_every_command_and_rebuilds() {
    let (_sandbox, dir, path) = synced(120);

    damage_table_root(&path, "request_log");
    assert_every_command_reports_damage(dir.path());

    damage_middle_pages(&path, 8);
    assert_every_command_reports_damage(dir.path());

    damage_header(&path);
    assert_every_command_reports_damage(dir.path());

    let rebuilt = succeeded(&run(dir.path(), &["sync", "--rebuild"], ""));
    assert!(rebuilt.contains("120 contacts listed"), "{rebuilt}");
    let doctor = succeeded(&run(dir.path(), &["doctor"], ""));
    assert!(
        doctor.contains("Cache:           Sandbox: sound (120 contacts)"),
        "{doctor}"
    );
}

/// Counts the rebuilds the app would announce.
#[derive(Default)]
struct Rebuilds(std::sync::Mutex<Vec<String>>);

impl contact_desk::sync::SyncEvents for Rebuilds {
    fn cache_rebuilt(&self, profile_name: &str, _damage: &str) {
        self.0.lock().unwrap().push(profile_name.to_owned());
    }
}

/// The app opens a profile whose cache is damaged with a fresh cache (the CLI refuses).
#[test]
fn the_app_rebuilds_a_damaged_cache_when_it_opens_the_profile() {
    use contact_desk::accounts::Accounts;
    use contact_desk::error::AppError;
    use contact_desk::session::Session;
    use contact_desk::vault::KeychainStore;
    use std::sync::Arc;

    let (_sandbox, dir, path) = synced(30);
    damage_header(&path);

    let accounts = Accounts::new(dir.path().to_owned(), Arc::new(KeychainStore::default()));
    let profile = accounts.active().unwrap().unwrap();
    let events = Arc::new(Rebuilds::default());
    let refused = Session::open_profile(&accounts, &profile.id, events.clone()).err();
    assert!(
        matches!(refused, Some(AppError::CacheDamaged { .. })),
        "plain opening reports the damage: {refused:?}"
    );
    let session = Session::open_profile_rebuilding(&accounts, &profile.id, events.clone()).unwrap();
    assert_eq!(*events.0.lock().unwrap(), vec!["Sandbox".to_owned()]);
    let cache = session.syncer().cache();
    assert_eq!(cache.integrity_check().unwrap(), "ok");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let report = runtime
        .block_on(
            session
                .syncer()
                .run(contact_desk::sync::SyncScope::Contacts),
        )
        .unwrap();
    assert_eq!(report.contacts_listed, 30, "the next sync fills it again");
}

#[test]
fn a_profile_removed_during_its_sync_fails_the_sync() {
    let sandbox = quick_sandbox("200", &["--latency-ms", "100"]);
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    let sync = spawn(dir.path(), &["sync", "--deep"]);
    wait_until("some details", || {
        !contacts_with_details(dir.path()).is_empty()
    });
    let profile_dir = cache_path(dir.path()).unwrap();
    let profile_dir = profile_dir.parent().unwrap().to_owned();
    succeeded(&run(
        dir.path(),
        &["profile", "remove", "Sandbox", "--yes"],
        "",
    ));

    let output = sync.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{}", describe(&output));
    assert!(
        stderr.contains("the profile Sandbox was removed while it synced"),
        "{stderr}"
    );
    assert!(
        !profile_dir.exists(),
        "the removed profile left files behind"
    );
}

/// (contact id) of every tasks request the log holds after `after` (its row id).
fn task_requests_after(data_dir: &Path, after: i64) -> Vec<String> {
    let db = rusqlite::Connection::open(cache_path(data_dir).unwrap()).unwrap();
    let mut statement = db
        .prepare(
            "SELECT json_extract(ids, '$[0].value') FROM request_log
             WHERE id > ?1 AND path = '/contacts/:contactId/tasks'",
        )
        .unwrap();
    statement
        .query_map([after], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn last_request_id(data_dir: &Path) -> i64 {
    let db = rusqlite::Connection::open(cache_path(data_dir).unwrap()).unwrap();
    db.query_row("SELECT coalesce(max(id), 0) FROM request_log", [], |row| {
        row.get(0)
    })
    .unwrap()
}

#[test]
fn a_killed_deep_sync_resumes_its_details_phase() {
    let sandbox = quick_sandbox("200", &["--latency-ms", "60"]);
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    let mut sync = spawn(dir.path(), &["sync", "--deep"]);
    wait_until("40 contacts' details", || {
        contacts_with_details(dir.path()).len() >= 40
    });
    sync.kill().unwrap(); // SIGKILL: no chance to clean up
    sync.wait().unwrap();
    let fetched = contacts_with_details(dir.path());
    assert!(fetched.len() < 200, "killed too late: {}", fetched.len());
    let before_rerun = last_request_id(dir.path());

    let rerun = succeeded(&run(dir.path(), &["sync", "--deep"], ""));
    assert!(rerun.contains("200 contacts listed"), "{rerun}");
    let refetched: HashSet<String> = task_requests_after(dir.path(), before_rerun)
        .into_iter()
        .collect();
    let again: Vec<&String> = refetched.intersection(&fetched).collect();
    assert!(
        again.is_empty(),
        "{} of {} already fetched contacts fetched again",
        again.len(),
        fetched.len()
    );
    assert_eq!(
        refetched.len() + fetched.len(),
        200,
        "the rerun fetches the rest"
    );
    assert_eq!(contacts_with_details(dir.path()).len(), 200);

    // Finished, the deep run starts over next time.
    let next = succeeded(&run(dir.path(), &["sync", "--deep"], ""));
    assert!(next.contains("details of 200 fetched"), "{next}");
}

/// A proxy on 127.0.0.1 in front of the sandbox: `answer` may answer a request itself
/// (by method and path); everything else passes through.
struct Proxy {
    base_url: String,
    _runtime: tokio::runtime::Runtime,
}

type Answer = dyn Fn(&axum::http::Method, &str) -> Option<axum::response::Response> + Send + Sync;

impl Proxy {
    fn start(upstream: &str, answer: Box<Answer>) -> Self {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let upstream = upstream.to_owned();
        let answer = std::sync::Arc::new(answer);
        let client = reqwest::Client::new();
        let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
            let (upstream, answer, client) = (upstream.clone(), answer.clone(), client.clone());
            async move {
                match answer(request.method(), request.uri().path()) {
                    Some(response) => response,
                    None => forward(&client, &upstream, request).await,
                }
            }
        });
        runtime.spawn(async move { axum::serve(listener, app).await });
        Self {
            base_url,
            _runtime: runtime,
        }
    }

    /// Answers 500 to every `/contacts/<id>/tasks` request of the first `failing`
    /// contacts it sees.
    fn failing_tasks(upstream: &str, failing: usize) -> Self {
        let chosen = std::sync::Mutex::new(Vec::<String>::new());
        Self::start(
            upstream,
            Box::new(move |_, path| {
                let id = tasks_contact(path)?;
                let mut chosen = chosen.lock().unwrap();
                if chosen.len() < failing && !chosen.contains(&id) {
                    chosen.push(id.clone());
                }
                chosen.contains(&id).then(|| {
                    (
                        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                        r#"{"statusCode":500,"message":"Internal server error"}"#,
                    )
                        .into_response()
                })
            }),
        )
    }
}

use axum::response::IntoResponse;

/// The contact id of `/contacts/<id>/tasks`.
fn tasks_contact(path: &str) -> Option<String> {
    let id = path.strip_prefix("/contacts/")?.strip_suffix("/tasks")?;
    (!id.contains('/')).then(|| id.to_owned())
}

async fn forward(
    client: &reqwest::Client,
    upstream: &str,
    request: axum::extract::Request,
) -> axum::response::Response {
    let url = format!(
        "{upstream}{}",
        request.uri().path_and_query().map_or("", |p| p.as_str())
    );
    let mut outgoing = client.request(request.method().clone(), url);
    for (name, value) in request.headers() {
        if name != axum::http::header::HOST {
            outgoing = outgoing.header(name, value);
        }
    }
    let body = axum::body::to_bytes(request.into_body(), usize::MAX)
        .await
        .unwrap();
    let answer = outgoing.body(body).send().await.unwrap();
    let mut response = axum::http::Response::builder().status(answer.status());
    for (name, value) in answer.headers() {
        response = response.header(name, value);
    }
    response
        .body(axum::body::Body::from(answer.bytes().await.unwrap()))
        .unwrap()
}

#[test]
fn a_sync_whose_details_partly_failed_says_so_and_exits_10() {
    let sandbox = quick_sandbox("30", &[]);
    let proxy = Proxy::failing_tasks(sandbox.base_url(), 2);
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile_at(dir.path(), "Flaky", &proxy.base_url);

    // A deep run reads every contact's tasks one by one.
    let output = run(dir.path(), &["sync", "--deep"], "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(10), "{}", describe(&output));
    let summary: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("contact-desk sync:"))
        .collect();
    assert_eq!(summary.len(), 1, "{stderr}");
    assert!(
        summary[0].starts_with("contact-desk sync: details of 2 of 30 contacts failed: "),
        "{stderr}"
    );
    assert!(summary[0].contains("500"), "{stderr}");
}

#[test]
fn a_server_that_refuses_the_search_body_gets_the_full_listing_instead() {
    let sandbox = quick_sandbox("140", &[]);
    let proxy = Proxy::start(
        sandbox.base_url(),
        Box::new(|method, path| {
            (method == axum::http::Method::POST && path == "/contacts/search").then(|| {
                (
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    r#"{"statusCode":422,"message":["property sort should not exist"],"error":"Unprocessable Entity"}"#,
                )
                    .into_response()
            })
        }),
    );
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile_at(dir.path(), "Strict", &proxy.base_url);

    let first = succeeded(&run(dir.path(), &["sync"], ""));
    assert!(first.contains("140 contacts listed"), "{first}");
    let again = succeeded(&run(dir.path(), &["sync"], ""));
    assert!(again.contains("140 contacts listed"), "{again}");
    let db = rusqlite::Connection::open(cache_path(dir.path()).unwrap()).unwrap();
    let searches: i64 = db
        .query_row(
            "SELECT count(*) FROM request_log WHERE path = '/contacts/search'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(
        searches, 1,
        "the refused search is not sent again within the day"
    );
    let fallbacks: String = db
        .query_row(
            "SELECT value FROM sync_state WHERE key = 'fallbacks'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert!(
        fallbacks.contains("Contacts") && fallbacks.contains("property sort should not exist"),
        "{fallbacks}"
    );
}

#[test]
fn a_killed_incremental_sync_keeps_its_high_water_mark() {
    let sandbox = quick_sandbox("3000", &["--latency-ms", "80"]);
    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    let mut sync = spawn(dir.path(), &["sync", "--list-only"]);
    wait_until("a stored high-water mark", || {
        high_water(dir.path()).is_some()
    });
    sync.kill().unwrap(); // SIGKILL: no chance to clean up
    sync.wait().unwrap();
    let mark = high_water(dir.path()).unwrap();

    let rerun = succeeded(&run(dir.path(), &["sync", "--list-only"], ""));
    // At least one page of 500 was stored: the rerun reads on from the mark (less a
    // five-minute overlap), not from the start.
    let listed: u32 = rerun.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(
        listed <= 2_520,
        "resumed from {mark} instead of starting over ({listed} contacts read again)"
    );
    let db = rusqlite::Connection::open(cache_path(dir.path()).unwrap()).unwrap();
    let live: i64 = db
        .query_row(
            "SELECT count(*) FROM contacts WHERE deleted = 0",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(live, 3000);
    assert!(
        high_water(dir.path()).unwrap() >= mark,
        "the mark never moves back"
    );
}

/// The incremental sync's stored high-water mark (the newest `dateUpdated` stored),
/// read straight from SQLite.
fn high_water(data_dir: &Path) -> Option<jiff::Timestamp> {
    let db = rusqlite::Connection::open(cache_path(data_dir)?).ok()?;
    db.busy_timeout(Duration::from_secs(5)).ok()?;
    let json: String = db
        .query_row(
            "SELECT value FROM sync_state WHERE key = 'contacts_high_water'",
            [],
            |row| row.get(0),
        )
        .ok()?;
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    value["updated"].as_str()?.parse().ok()
}
