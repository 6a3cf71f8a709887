//! Profiles against the real OS keychain (run inside `scripts/desktop-session.sh`): the
//! `contact-desk profile` commands across processes, and OAuth against the sandbox with
//! its rotating refresh tokens. Every HighLevel here is on loopback.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use contact_desk::accounts::{
    Accounts, BrowserStep, OAuthSetup, Profile, ProfileStatus, ProfileView, WriteAccess,
};
use contact_desk::highlevel::{Client, ContactQuery};
use contact_desk::sandbox::{Sandbox, SandboxConfig};
use contact_desk::vault::{ExposeSecret, KeychainStore, SecretStore};
use mockito::Matcher;
use tempfile::TempDir;

mod agency;
#[path = "../support/cli.rs"]
mod cli;

use cli::{add_profile, contact_desk, run, succeeded};

const LOCATION: &str = "loc-keychain";
const CONTACTS: &str = r#"{"contacts":[{"id":"c1","firstName":"Ada"}],"meta":{"total":7}}"#;

/// Unique per run, so entries from another run can never satisfy an assertion.
fn token(label: &str) -> String {
    format!(
        "pit-{label}-{}-{:08x}",
        std::process::id(),
        fastrand::u32(..)
    )
}

fn list(data_dir: &Path) -> Vec<ProfileView> {
    let stdout = succeeded(&run(data_dir, &["profile", "list", "--json"], ""));
    let views: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    views
        .into_iter()
        .map(|view| ProfileView {
            profile: serde_json::from_value(view["profile"].clone()).unwrap(),
            active: view["active"].as_bool().unwrap(),
            token_hint: view["tokenHint"].as_str().map(str::to_owned),
            token_age_days: view["tokenAgeDays"].as_u64().unwrap() as u32,
            needs_rotation: view["needsRotation"].as_bool().unwrap(),
        })
        .collect()
}

/// What `secret-tool` (libsecret, not our code) finds in the Secret Service.
fn keychain_entries() -> String {
    let output = Command::new("secret-tool")
        .args(["search", "--all", "service", "contact-desk"])
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A new process's view of the keychain: nothing remembered from earlier reads.
fn stored(name: &str) -> Option<String> {
    let secret = KeychainStore::default().get(name).unwrap()?;
    Some(secret.expose_secret().to_owned())
}

/// Every file under `dir`, read as text, must be free of every secret.
fn assert_no_secret_in(dir: &Path, secrets: &[&str]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_no_secret_in(&path, secrets);
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        for secret in secrets {
            assert!(!text.contains(secret), "{} holds a secret", path.display());
        }
    }
}

fn contacts_for(server: &mut mockito::Server, token: &str) -> mockito::Mock {
    server
        .mock("GET", "/contacts/")
        .match_query(Matcher::UrlEncoded("locationId".into(), LOCATION.into()))
        .match_header("authorization", format!("Bearer {token}").as_str())
        .with_header("content-type", "application/json")
        .with_body(CONTACTS)
        .create()
}

#[test]
fn a_private_token_profile_lives_in_the_keychain_across_processes() {
    let mut server = mockito::Server::new();
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let first = token("first");
    let second = token("second");
    contacts_for(&mut server, &first);
    let url = server.url();

    let added = add_profile(dir, "Production", LOCATION, &url, &first);
    assert!(succeeded(&added).contains("Added Production"));

    // New processes from here on: only profiles.json and the keychain connect them.
    let views = list(dir);
    assert_eq!(views.len(), 1);
    let profile = &views[0].profile;
    let id = profile.id.clone();
    assert!(views[0].active);
    assert_eq!(profile.status, ProfileStatus::Connected);
    let hint = format!("••••{}", &first[first.len() - 4..]);
    assert_eq!(views[0].token_hint.as_deref(), Some(hint.as_str()));
    assert_eq!(
        stored(&format!("profile/{id}/token")).as_deref(),
        Some(first.as_str())
    );
    assert!(keychain_entries().contains(&format!("profile/{id}/token")));

    let table = succeeded(&run(dir, &["profile", "list"], ""));
    assert!(table.contains("* Production"), "{table}");
    assert!(
        table.contains(&hint) && table.contains("connected"),
        "{table}"
    );
    assert!(!table.contains(&first));

    let tested = succeeded(&run(dir, &["profile", "test", "production"], ""));
    assert!(tested.contains("ok: 7 contacts"), "{tested}");
    let called = succeeded(&run(dir, &["api", "get-contacts", "--limit", "1"], ""));
    assert!(called.contains("\"c1\""), "{called}");

    contacts_for(&mut server, &second);
    let rotated = run(dir, &["profile", "rotate", &id], &format!("{second}\n"));
    assert!(succeeded(&rotated).contains("Rotated"));
    assert_eq!(
        stored(&format!("profile/{id}/token")).as_deref(),
        Some(second.as_str())
    );
    assert!(list(dir)[0].profile.rotated_at.is_some());
    succeeded(&run(dir, &["profile", "test"], ""));

    assert_no_secret_in(dir, &[&first, &second]);

    let unconfirmed = run(dir, &["profile", "remove", "Production"], "y\n");
    assert!(
        !unconfirmed.status.success(),
        "no TTY and no --yes: nothing removed"
    );
    assert_eq!(list(dir).len(), 1);
    let removed = run(dir, &["profile", "remove", "Production", "--yes"], "");
    assert!(succeeded(&removed).contains("Removed Production"));
    assert!(list(dir).is_empty());
    assert_eq!(stored(&format!("profile/{id}/token")), None);
    assert!(!keychain_entries().contains(&id));
}

#[test]
fn a_refused_token_is_reported_and_nothing_is_stored() {
    let mut server = mockito::Server::new();
    let data = tempfile::tempdir().unwrap();
    let refused = token("refused");
    server
        .mock("GET", "/contacts/")
        .match_query(Matcher::Any)
        .with_status(403)
        .with_header("content-type", "application/json")
        .with_body(
            r#"{"statusCode":403,"message":"The token does not have access to this location."}"#,
        )
        .create();
    let url = server.url();
    let output = add_profile(data.path(), "Wrong", LOCATION, &url, &refused);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("does not have access to location loc-keychain"),
        "{stderr}"
    );
    assert!(!stderr.contains(&refused));
    assert!(list(data.path()).is_empty());
    assert!(!keychain_entries().contains(&refused));
    assert_no_secret_in(data.path(), &[&refused]);
}

#[test]
fn api_without_a_profile_or_token_says_how_to_connect() {
    let data = tempfile::tempdir().unwrap();
    let output = run(data.path(), &["api", "get-contacts"], "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("contact-desk profile add"), "{stderr}");
}

// --- OAuth against the sandbox --------------------------------------------------------

async fn sandbox(access_token_ttl: Duration) -> (Sandbox, SandboxConfig) {
    let mut config = SandboxConfig::seeded(31);
    config.contacts = 12;
    config.businesses = 2;
    config.oauth.access_token_ttl = access_token_ttl;
    (Sandbox::start(config.clone()).await.unwrap(), config)
}

fn setup(sandbox: &Sandbox, config: &SandboxConfig, name: &str) -> OAuthSetup {
    OAuthSetup {
        name: name.into(),
        environment: "Sandbox".into(),
        base_url: sandbox.base_url(),
        app: agency::app(sandbox, config),
        redirect: agency::loopback(),
    }
}

/// The browser: follows the chooser, whose redirect lands on the loopback listener.
fn browse(chooser: &url::Url) {
    let chooser = chooser.clone();
    tokio::spawn(async move {
        let page = reqwest::get(chooser).await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page
            .text()
            .await
            .unwrap()
            .contains("You can close this tab"));
    });
}

async fn one_contact(client: &Client) -> Option<u32> {
    let query = ContactQuery {
        limit: 1,
        ..ContactQuery::default()
    };
    let page = client.interactive().contacts().list(&query).await.unwrap();
    page.meta.total
}

/// A sandbox whose access tokens last two seconds, its config, and a data directory whose
/// accounts hold a profile connected to it with OAuth.
async fn connected_briefly() -> (Sandbox, SandboxConfig, TempDir, Accounts, Profile) {
    let (sandbox, config) = sandbox(Duration::from_secs(2)).await;
    let data = tempfile::tempdir().unwrap();
    let accounts = keychain_accounts(data.path());
    let profile = accounts
        .connect_oauth(setup(&sandbox, &config, "Sandbox"), browse)
        .await
        .unwrap();
    (sandbox, config, data, accounts, profile)
}

/// Accounts on `data_dir` with their secrets in the OS keychain, as the app keeps them.
fn keychain_accounts(data_dir: &Path) -> Accounts {
    Accounts::new(data_dir.to_owned(), Arc::new(KeychainStore::default()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oauth_against_the_sandbox_survives_rotating_refresh_tokens() {
    // Shorter than the refresh margin: every request refreshes first, spending the last
    // refresh token; one refresh out of turn and the sandbox refuses the next.
    let (sandbox, config, data, accounts, profile) = connected_briefly().await;
    assert_eq!(profile.location_id, sandbox.location_id());
    assert_eq!(profile.write_access, WriteAccess::Granted);
    assert_eq!(sandbox.token_grants(), 1);

    let client = accounts.client(&profile.id).unwrap();
    let calls = (0..4).map(|_| one_contact(&client));
    let totals = futures_util::future::join_all(calls).await;
    assert!(totals.iter().all(|total| *total == Some(12)), "{totals:?}");
    assert_eq!(
        sandbox.token_grants(),
        5,
        "one refresh per request, in turn"
    );

    // A new process reads the last pair from the keychain and refreshes with it.
    let name = format!("profile/{}/oauth", profile.id);
    let pair = stored(&name).unwrap();
    let reopened = keychain_accounts(data.path());
    assert_eq!(
        one_contact(&reopened.client(&profile.id).unwrap()).await,
        Some(12)
    );
    assert_ne!(
        stored(&name).unwrap(),
        pair,
        "the rotated pair replaced the spent one"
    );
    assert_eq!(
        reopened.profile(&profile.id).unwrap().status,
        ProfileStatus::Connected
    );

    // Everything secret sits in the keychain, nothing in the data directory.
    let secret = stored(&format!("profile/{}/client-secret", profile.id)).unwrap();
    assert_eq!(secret, config.oauth.client_secret);
    let pair: serde_json::Value = serde_json::from_str(&stored(&name).unwrap()).unwrap();
    let access = pair["accessToken"].as_str().unwrap();
    let refresh = pair["refreshToken"].as_str().unwrap();
    assert_no_secret_in(data.path(), &[&secret, access, refresh]);

    reopened.remove(&profile.id).unwrap();
    assert_eq!(stored(&name), None);
    assert!(!keychain_entries().contains(&profile.id));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_refresh_token_asks_for_reconnection_and_reconnect_fixes_it() {
    let (sandbox, config, data, accounts, profile) = connected_briefly().await;
    // Another installation spends the refresh token behind this one's back.
    let pair: serde_json::Value =
        serde_json::from_str(&stored(&format!("profile/{}/oauth", profile.id)).unwrap()).unwrap();
    let stolen = reqwest::Client::new()
        .post(format!("{}/oauth/token", sandbox.base_url()))
        .form(&[
            ("client_id", config.oauth.client_id.as_str()),
            ("client_secret", config.oauth.client_secret.as_str()),
            ("grant_type", "refresh_token"),
            ("refresh_token", pair["refreshToken"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(stolen.status(), 200);

    let report = accounts.test_connection(&profile.id).await.unwrap();
    assert!(!report.ok);
    let stored_profile = keychain_accounts(data.path()).profile(&profile.id).unwrap();
    assert!(
        matches!(&stored_profile.status, ProfileStatus::ReconnectRequired { reason } if reason.contains("invalid_grant")),
        "{stored_profile:?}"
    );

    let reconnected = accounts
        .reconnect_oauth(
            &profile.id,
            BrowserStep {
                redirect_port: 0,
                timeout: Duration::from_secs(30),
            },
            browse,
        )
        .await
        .unwrap();
    assert_eq!(reconnected.status, ProfileStatus::Connected);
    assert_eq!(
        one_contact(&accounts.client(&profile.id).unwrap()).await,
        Some(12)
    );
    accounts.remove(&profile.id).unwrap();
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_add_oauth_runs_the_browser_flow_from_the_cli() {
    let (sandbox, config) = sandbox(Duration::from_secs(86_399)).await;
    let data = tempfile::tempdir().unwrap();
    let base = sandbox.base_url();
    let mut child = contact_desk(data.path())
        .args([
            "profile",
            "add-oauth",
            "--name",
            "Sandbox",
            "--environment",
            "Sandbox",
            "--client-id",
            &config.oauth.client_id,
            "--authorize-url",
            &base,
            "--base-url",
            &base,
            "--redirect-port",
            "0",
        ])
        // No browser here: the URL the CLI prints is what the test follows.
        .env("PATH", "/nonexistent")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", config.oauth.client_secret).unwrap();
    drop(stdin);
    // Drain stderr to the end, so the CLI never writes into a closed pipe.
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (found, chooser) = tokio::sync::oneshot::channel();
    let drained = tokio::task::spawn_blocking(move || {
        let mut found = Some(found);
        let mut lines = Vec::new();
        for line in stderr.lines().map(Result::unwrap) {
            if line.starts_with("http") {
                if let Some(found) = found.take() {
                    found.send(line.clone()).unwrap();
                }
            }
            lines.push(line);
        }
        lines.join("\n")
    });
    let chooser = chooser.await.unwrap();
    let params: HashMap<String, String> = url::Url::parse(&chooser)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    assert_eq!(params["scope"], "contacts.readonly contacts.write");
    assert!(params["redirect_uri"].starts_with("http://127.0.0.1:"));

    // A forged redirect with the wrong state is turned away; the real one lands.
    let forged = format!("{}?code=forged&state=guess", params["redirect_uri"]);
    assert_eq!(reqwest::get(forged).await.unwrap().status(), 400);
    let page = reqwest::get(&chooser).await.unwrap();
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("You can close this tab"));
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let stderr = drained.await.unwrap();
    assert!(output.status.success(), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("Added Sandbox"));
    assert!(!stderr.contains(&config.oauth.client_secret));

    let views = list(data.path());
    assert_eq!(views[0].profile.location_id, sandbox.location_id());
    let id = views[0].profile.id.clone();
    let tested = succeeded(&run(data.path(), &["profile", "test"], ""));
    assert!(
        tested.contains("ok: 12 contacts; write access granted"),
        "{tested}"
    );
    assert_no_secret_in(data.path(), &[&config.oauth.client_secret]);
    succeeded(&run(data.path(), &["profile", "remove", &id, "--yes"], ""));
    assert!(!keychain_entries().contains(&id));
    sandbox.shutdown().await;
}
