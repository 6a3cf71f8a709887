//! The accounts service against an in-memory secret store and a mockito HighLevel.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mockito::{Matcher, Mock, ServerGuard};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::*;
use crate::error::AppError;
use crate::highlevel::ContactQuery;
use crate::vault::{MemoryStore, VaultError};

const LOCATION: &str = "loc-1";
const TOKEN: &str = "pit-11111111-aaaa-bbbb-cccc-0000deadbeef";
const OTHER_TOKEN: &str = "pit-22222222-aaaa-bbbb-cccc-00000000c0de";
const CLIENT_ID: &str = "client-abc";
const CLIENT_SECRET: &str = "client-secret-xyz-123456";
const CONTACTS: &str = r#"{"contacts":[{"id":"c1","firstName":"Ada"}],"meta":{"total":42}}"#;

struct World {
    server: ServerGuard,
    dir: tempfile::TempDir,
    store: Arc<MemoryStore>,
    accounts: Accounts,
}

impl World {
    async fn new() -> Self {
        let store = Arc::new(MemoryStore::default());
        Self::with_store(store.clone(), store).await
    }

    async fn with_store(store: Arc<MemoryStore>, secrets: Arc<dyn SecretStore>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        Self {
            server: mockito::Server::new_async().await,
            accounts: Accounts::new(dir.path().to_owned(), secrets),
            dir,
            store,
        }
    }

    /// The same data directory and secrets, as a new process would see them.
    fn reopen(&self) -> Accounts {
        Accounts::new(self.dir.path().to_owned(), self.store.clone())
    }

    fn settings(&self, name: &str) -> NewProfile {
        NewProfile {
            name: name.into(),
            environment: "Production".into(),
            base_url: self.server.url(),
            location_id: LOCATION.into(),
        }
    }

    /// `GET /contacts/?locationId=loc-1&limit=1` answered `status` for `token`.
    async fn contacts(&mut self, token: &str, status: usize, body: &str) -> Mock {
        self.server
            .mock("GET", "/contacts/")
            .match_query(Matcher::AllOf(vec![
                Matcher::UrlEncoded("locationId".into(), LOCATION.into()),
                Matcher::UrlEncoded("limit".into(), "1".into()),
            ]))
            .match_header("authorization", format!("Bearer {token}").as_str())
            .with_status(status)
            .with_header("content-type", "application/json")
            .with_body(body)
            .create_async()
            .await
    }

    async fn add(&mut self, name: &str) -> Profile {
        let mock = self.contacts(TOKEN, 200, CONTACTS).await;
        let settings = self.settings(name);
        let profile = self
            .accounts
            .add_private_token(settings, SecretString::from(format!("{TOKEN}\n")))
            .await
            .unwrap();
        mock.remove_async().await;
        profile
    }

    fn profiles_json(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("profiles.json")).unwrap_or_default()
    }

    fn secret(&self, name: &str) -> Option<String> {
        let secret = self.store.get(name).unwrap()?;
        Some(secret.expose_secret().to_owned())
    }
}

fn api_error(status: usize, message: &str) -> String {
    serde_json::json!({"statusCode": status, "message": message}).to_string()
}

#[tokio::test]
async fn profiles_persist_and_exactly_one_is_active() {
    let mut world = World::new().await;
    let production = world.add("Production").await;
    let staging = world.add("Staging").await;
    assert_eq!(world.accounts.active().unwrap().unwrap().id, production.id);

    world.accounts.use_profile("staging").unwrap();
    let reopened = world.reopen();
    assert_eq!(reopened.active().unwrap().unwrap().id, staging.id);
    let views = reopened.list().unwrap();
    assert_eq!(views.len(), 2);
    let active: Vec<_> = views.iter().filter(|view| view.active).collect();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].profile, staging);
    assert_eq!(reopened.profile(&production.id).unwrap(), production);
    assert_eq!(production.location_id, LOCATION);
    assert_eq!(production.status, ProfileStatus::Connected);
    assert_eq!(production.write_access, WriteAccess::Unknown);

    let unknown = reopened.use_profile("nope").unwrap_err();
    assert!(matches!(unknown, AccountsError::UnknownProfile { .. }));
    let duplicate = world
        .accounts
        .add_private_token(world.settings("PRODUCTION"), SecretString::from(TOKEN))
        .await
        .unwrap_err();
    assert!(
        duplicate.to_string().contains("already exists"),
        "{duplicate}"
    );
}

#[tokio::test]
async fn a_private_token_is_checked_before_anything_is_saved() {
    let mut world = World::new().await;
    let cases = [
        (401, "Invalid JWT", "rejected the token"),
        (
            403,
            "The token does not have access to this location.",
            "does not have access to location loc-1",
        ),
        (
            401,
            "The token is not authorized for this scope.",
            "lacks the contacts.readonly scope",
        ),
    ];
    for (status, message, expected) in cases {
        let mock = world
            .contacts(TOKEN, status, &api_error(status, message))
            .await;
        let error = world
            .accounts
            .add_private_token(world.settings("Production"), SecretString::from(TOKEN))
            .await
            .unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
        mock.assert_async().await;
        mock.remove_async().await;
    }
    assert!(world.accounts.profiles().unwrap().is_empty());
    assert!(!world.dir.path().join("profiles.json").exists());
    let any_token = world.accounts.list().unwrap();
    assert!(any_token.is_empty());
}

#[tokio::test]
async fn credential_errors_reach_the_ui_as_typed_codes_without_the_token() {
    let mut world = World::new().await;
    let echo = format!("Invalid token {TOKEN}");
    world.contacts(TOKEN, 401, &api_error(401, &echo)).await;
    let error = world
        .accounts
        .add_private_token(world.settings("Production"), SecretString::from(TOKEN))
        .await
        .unwrap_err();
    assert!(!format!("{error} {error:?}").contains(TOKEN));
    let wire: AppError = error.into();
    assert!(matches!(wire, AppError::Unauthorized { .. }), "{wire:?}");
    let scope: AppError = AccountsError::MissingScope {
        scope: Scope::ContactsWrite,
    }
    .into();
    assert_eq!(
        scope,
        AppError::Forbidden {
            message: "the token lacks the contacts.write scope".into(),
            missing_scope: Some("contacts.write".into()),
        }
    );
    let location: AppError = AccountsError::WrongLocation {
        location_id: "x".into(),
    }
    .into();
    assert!(matches!(
        location,
        AppError::Forbidden {
            missing_scope: None,
            ..
        }
    ));
}

#[tokio::test]
async fn hints_are_masked_and_no_secret_reaches_profiles_json() {
    let mut world = World::new().await;
    let profile = world.add("Production").await;
    assert_eq!(
        world
            .secret(&format!("profile/{}/token", profile.id))
            .as_deref(),
        Some(TOKEN),
        "the piped line break is trimmed"
    );
    let view = world.accounts.list().unwrap().remove(0);
    assert_eq!(view.token_hint.as_deref(), Some("••••beef"));
    assert_eq!(view.token_age_days, 0);
    assert!(!view.needs_rotation);

    let json = world.profiles_json();
    assert!(json.contains("Production"), "{json}");
    assert!(
        !json.contains(TOKEN) && !json.contains("deadbeef"),
        "{json}"
    );
    let shown = format!(
        "{:?} {:?} {}",
        view,
        world.accounts.profile("Production").unwrap(),
        serde_json::to_string(&view).unwrap()
    );
    assert!(!shown.contains("deadbeef"), "{shown}");
}

#[tokio::test]
async fn an_old_private_token_asks_to_be_rotated() {
    let mut world = World::new().await;
    let profile = world.add("Production").await;
    let path = world.dir.path().join("profiles.json");
    let mut book: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let added = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 91);
    book["profiles"][0]["addedAt"] = serde_json::json!(added.to_string());
    std::fs::write(&path, book.to_string()).unwrap();

    let view = world.accounts.list().unwrap().remove(0);
    assert_eq!(view.profile.id, profile.id);
    assert_eq!(view.token_age_days, 91);
    assert!(view.needs_rotation);
}

#[tokio::test]
async fn rotation_checks_the_new_token_before_it_replaces_the_old() {
    let mut world = World::new().await;
    let profile = world.add("Production").await;
    let name = format!("profile/{}/token", profile.id);

    let refused = world
        .contacts(OTHER_TOKEN, 401, &api_error(401, "Invalid JWT"))
        .await;
    let error = world
        .accounts
        .rotate("Production", SecretString::from(OTHER_TOKEN))
        .await
        .unwrap_err();
    assert!(matches!(error, AccountsError::TokenRejected { .. }));
    assert_eq!(world.secret(&name).as_deref(), Some(TOKEN));
    refused.remove_async().await;

    // A client made before the rotation switches with it.
    let client = world.accounts.client(&profile.id).unwrap();
    world.contacts(OTHER_TOKEN, 200, CONTACTS).await;
    let old_used = world.contacts(TOKEN, 401, &api_error(401, "revoked")).await;
    let rotated = world
        .accounts
        .rotate(&profile.id, SecretString::from(OTHER_TOKEN))
        .await
        .unwrap();
    assert!(rotated.rotated_at.is_some());
    assert_eq!(world.secret(&name).as_deref(), Some(OTHER_TOKEN));
    let page = client
        .interactive()
        .contacts()
        .list(&ContactQuery {
            limit: 1,
            ..ContactQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.meta.total, Some(42));
    old_used.expect(0).create_async().await;

    let records = Arc::new(Mutex::new(Vec::new()));
    let sink = {
        let records = records.clone();
        move |record: &highlevel::RequestRecord| records.lock().unwrap().push(record.path.clone())
    };
    let logged = world
        .accounts
        .client_with_sink("Production", Some(Arc::new(sink)))
        .unwrap();
    list_one(&logged).await.unwrap();
    assert_eq!(*records.lock().unwrap(), ["/contacts/"]);
    assert_eq!(world.reopen().profile(&profile.id).unwrap(), rotated);
}

#[tokio::test]
async fn removing_a_profile_deletes_its_secrets_and_cached_data() {
    let mut world = World::new().await;
    let kept = world.add("Staging").await;
    let removed = world.add("Production").await;
    world.accounts.use_profile("Production").unwrap();
    let data = world.accounts.profile_data_dir(&removed.id);
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("cache.sqlite"), b"rows").unwrap();
    world
        .store
        .set(
            &format!("profile/{}/oauth", removed.id),
            &SecretString::from("{}"),
        )
        .unwrap();

    world.accounts.remove("production").unwrap();
    assert!(!data.exists());
    for entry in ["token", "oauth", "client-secret"] {
        assert_eq!(
            world.secret(&format!("profile/{}/{entry}", removed.id)),
            None
        );
    }
    assert!(world
        .secret(&format!("profile/{}/token", kept.id))
        .is_some());
    let reopened = world.reopen();
    assert_eq!(reopened.active().unwrap(), None);
    assert_eq!(reopened.profiles().unwrap(), vec![kept]);
}

#[tokio::test]
async fn write_access_is_learned_from_the_first_write() {
    let mut world = World::new().await;
    let profile = world.add("Production").await;
    let id = profile.id.as_str();

    let unrelated: Result<(), _> = Err(highlevel::Error::Timeout);
    let access = world.accounts.note_write_outcome(id, &unrelated).unwrap();
    assert_eq!(access, WriteAccess::Unknown);

    let refused: Result<(), _> = Err(highlevel::Error::Forbidden {
        message: "The token lacks the contacts.write scope.".into(),
        missing_scope: Some(Scope::ContactsWrite),
    });
    let access = world.accounts.note_write_outcome(id, &refused).unwrap();
    assert_eq!(
        access,
        WriteAccess::Missing {
            reason: "the token lacks contacts.write".into()
        }
    );
    assert_eq!(world.reopen().profile(id).unwrap().write_access, access);

    let written: Result<u8, highlevel::Error> = Ok(1);
    let access = world.accounts.note_write_outcome(id, &written).unwrap();
    assert_eq!(access, WriteAccess::Granted);
    assert_eq!(
        world.reopen().profile(id).unwrap().write_access,
        WriteAccess::Granted
    );
}

#[tokio::test]
async fn test_connection_reports_the_total_and_marks_a_rejected_token() {
    let mut world = World::new().await;
    let profile = world.add("Production").await;
    let ok = world.contacts(TOKEN, 200, CONTACTS).await;
    let report = world.accounts.test_connection("Production").await.unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.contact_total, Some(42));
    assert_eq!(report.profile_id, profile.id);
    ok.remove_async().await;

    world
        .contacts(TOKEN, 401, &api_error(401, "Invalid JWT"))
        .await;
    let report = world.accounts.test_connection("Production").await.unwrap();
    assert!(!report.ok);
    assert!(matches!(report.error, Some(AppError::Unauthorized { .. })));
    let stored = world.reopen().profile(&profile.id).unwrap();
    assert!(matches!(
        stored.status,
        ProfileStatus::ReconnectRequired { .. }
    ));
}

/// A keychain that refuses everything, as a locked one does.
struct LockedKeychain;

impl SecretStore for LockedKeychain {
    fn get(&self, _: &str) -> Result<Option<SecretString>, VaultError> {
        Err(locked())
    }
    fn set(&self, _: &str, _: &SecretString) -> Result<(), VaultError> {
        Err(locked())
    }
    fn delete(&self, _: &str) -> Result<(), VaultError> {
        Err(locked())
    }
}

fn locked() -> VaultError {
    VaultError::Unavailable {
        reason: "the keychain is locked".into(),
    }
}

#[tokio::test]
async fn without_a_keychain_profiles_stay_readable_and_adding_fails_clearly() {
    let mut world = World::new().await;
    let profile = world.add("Production").await;
    let locked_out = Accounts::new(world.dir.path().to_owned(), Arc::new(LockedKeychain));

    let views = locked_out.list().unwrap();
    assert_eq!(views[0].profile, profile);
    assert_eq!(views[0].token_hint, None);
    assert!(views[0].active);

    world.contacts(OTHER_TOKEN, 200, CONTACTS).await;
    let mut settings = world.settings("Staging");
    settings.base_url = world.server.url();
    let error = locked_out
        .add_private_token(settings, SecretString::from(OTHER_TOKEN))
        .await
        .unwrap_err();
    let wire: AppError = error.into();
    assert_eq!(
        wire,
        AppError::KeychainUnavailable {
            reason: "the keychain is locked".into()
        }
    );
    assert_eq!(locked_out.profiles().unwrap().len(), 1);
    assert!(matches!(
        locked_out.client(&profile.id),
        Err(AccountsError::Keychain(_))
    ));
}

// --- OAuth ---------------------------------------------------------------------------

fn token_body(access: &str, refresh: &str, expires_in: u32) -> String {
    serde_json::json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "refresh_token": refresh,
        "scope": "contacts.readonly contacts.write",
        "userType": "Location",
        "locationId": LOCATION,
    })
    .to_string()
}

fn form_field(name: &str, value: &str) -> Matcher {
    Matcher::UrlEncoded(name.into(), value.into())
}

fn client_fields() -> Vec<Matcher> {
    vec![
        form_field("client_id", CLIENT_ID),
        form_field("client_secret", CLIENT_SECRET),
        form_field("user_type", "Location"),
    ]
}

impl World {
    /// `POST /oauth/token` trading `code-1` for the first pair.
    async fn code_exchange(&mut self, expires_in: u32) -> Mock {
        let mut fields = client_fields();
        fields.extend([
            form_field("grant_type", "authorization_code"),
            form_field("code", "code-1"),
            Matcher::Regex(r"redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback".into()),
        ]);
        self.server
            .mock("POST", "/oauth/token")
            .match_header("content-type", "application/x-www-form-urlencoded")
            .match_body(Matcher::AllOf(fields))
            .with_header("content-type", "application/json")
            .with_body(token_body("access-1", "refresh-1", expires_in))
            .create_async()
            .await
    }

    /// `POST /oauth/token` spending `refresh-1` for the second pair.
    fn refresh(&mut self) -> mockito::Mock {
        let mut fields = client_fields();
        fields.extend([
            form_field("grant_type", "refresh_token"),
            form_field("refresh_token", "refresh-1"),
        ]);
        self.server
            .mock("POST", "/oauth/token")
            .match_body(Matcher::AllOf(fields))
            .with_header("content-type", "application/json")
    }

    /// Expects exactly one refresh, which hands out `access-2`/`refresh-2` for a day.
    async fn one_good_refresh(&mut self) -> mockito::Mock {
        self.refresh()
            .with_body(token_body("access-2", "refresh-2", 86_399))
            .expect(1)
            .create_async()
            .await
    }

    fn oauth_setup(&self, name: &str) -> OAuthSetup {
        OAuthSetup {
            name: name.into(),
            environment: "Staging".into(),
            base_url: self.server.url(),
            app: OAuthApp {
                client_id: CLIENT_ID.into(),
                client_secret: SecretString::from(CLIENT_SECRET),
                authorize_url: self.server.url(),
            },
            redirect: BrowserStep {
                redirect_port: 0,
                timeout: Duration::from_secs(20),
            }
            .into(),
        }
    }

    /// Connects "Staging" by OAuth; the first access token lives `expires_in` seconds.
    async fn connect_oauth(&mut self, expires_in: u32) -> Profile {
        let exchange = self.code_exchange(expires_in).await;
        let setup = self.oauth_setup("Staging");
        let profile = self
            .accounts
            .connect_oauth(setup, approve_in_browser)
            .await
            .unwrap();
        exchange.assert_async().await;
        exchange.remove_async().await;
        profile
    }
}

/// Stands in for the browser: the user approves at once and HighLevel redirects back.
fn approve_in_browser(chooser: &Url) {
    let params: HashMap<String, String> = chooser.query_pairs().into_owned().collect();
    let redirect = format!(
        "{}?code=code-1&state={}",
        params["redirect_uri"], params["state"]
    );
    tokio::spawn(async move { reqwest::get(redirect).await.unwrap().error_for_status() });
}

async fn list_one(client: &Client) -> Result<crate::highlevel::ContactPage, highlevel::Error> {
    let query = ContactQuery {
        limit: 1,
        ..ContactQuery::default()
    };
    client.interactive().contacts().list(&query).await
}

#[tokio::test]
async fn oauth_exchanges_the_code_and_files_every_secret_in_the_keychain() {
    let mut world = World::new().await;
    let profile = world.connect_oauth(86_399).await;

    assert_eq!(profile.location_id, LOCATION);
    assert_eq!(profile.write_access, WriteAccess::Granted);
    assert_eq!(
        profile.auth,
        AuthKind::OAuth {
            client_id: CLIENT_ID.into(),
            authorize_url: world.server.url(),
        }
    );
    let id = &profile.id;
    assert_eq!(
        world
            .secret(&format!("profile/{id}/client-secret"))
            .as_deref(),
        Some(CLIENT_SECRET)
    );
    let pair = world.secret(&format!("profile/{id}/oauth")).unwrap();
    assert!(pair.contains("access-1") && pair.contains("refresh-1"));
    let json = world.profiles_json();
    for secret in [CLIENT_SECRET, "access-1", "refresh-1", "code-1"] {
        assert!(!json.contains(secret), "{secret} leaked into {json}");
    }

    world.contacts("access-1", 200, CONTACTS).await;
    let report = world.accounts.test_connection("Staging").await.unwrap();
    assert!(report.ok, "{report:?}");
    // An OAuth access token changes daily: no hint of it is shown.
    assert_eq!(world.accounts.list().unwrap()[0].token_hint, None);
}

#[tokio::test]
async fn oauth_is_refused_when_the_browser_comes_back_with_an_error() {
    let mut world = World::new().await;
    let exchange = world.code_exchange(86_399).await.expect(0);
    let setup = world.oauth_setup("Staging");
    let error = world
        .accounts
        .connect_oauth(setup, |chooser: &Url| {
            let params: HashMap<String, String> = chooser.query_pairs().into_owned().collect();
            let denied = format!(
                "{}?error=access_denied&state={}",
                params["redirect_uri"], params["state"]
            );
            tokio::spawn(reqwest::get(denied));
        })
        .await
        .unwrap_err();
    assert!(error.to_string().contains("access_denied"), "{error}");
    exchange.assert_async().await;
    assert!(world.accounts.profiles().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_401s_cause_exactly_one_refresh() {
    let mut world = World::new().await;
    let profile = world.connect_oauth(86_399).await;
    let expired = world
        .contacts("access-1", 401, &api_error(401, "Invalid JWT"))
        .await
        .expect_at_least(1);
    let fresh = world.contacts("access-2", 200, CONTACTS).await.expect(2);
    let refresh = world.one_good_refresh().await;

    let first = world.accounts.client(&profile.id).unwrap();
    let second = world.accounts.client("Staging").unwrap();
    let (a, b) = tokio::join!(list_one(&first), list_one(&second));
    a.unwrap();
    b.unwrap();
    refresh.assert_async().await;
    expired.assert_async().await;
    fresh.assert_async().await;
    let pair = world
        .secret(&format!("profile/{}/oauth", profile.id))
        .unwrap();
    assert!(pair.contains("refresh-2"), "the new pair is on file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renewals_of_the_same_refused_token_share_one_refresh() {
    let mut world = World::new().await;
    let profile = world.connect_oauth(86_399).await;
    let refresh = world.one_good_refresh().await;
    let credentials = world.accounts.credentials(&profile.id).unwrap();
    let refused = credentials.bearer().await.unwrap();
    let (a, b, c) = tokio::join!(
        credentials.renew(&refused),
        credentials.renew(&refused),
        credentials.renew(&refused)
    );
    assert!(a.unwrap() && b.unwrap() && c.unwrap());
    refresh.assert_async().await;
    let now = credentials.bearer().await.unwrap();
    assert_eq!(now.expose_secret(), "access-2");
}

/// Records each OAuth pair written, in order with the requests that use a token.
struct RecordingStore {
    inner: Arc<MemoryStore>,
    events: Arc<Mutex<Vec<String>>>,
}

impl SecretStore for RecordingStore {
    fn get(&self, name: &str) -> Result<Option<SecretString>, VaultError> {
        self.inner.get(name)
    }
    fn set(&self, name: &str, secret: &SecretString) -> Result<(), VaultError> {
        if name.ends_with("/oauth") {
            let pair: serde_json::Value = serde_json::from_str(secret.expose_secret()).unwrap();
            let stored = format!("stored {}", pair["refreshToken"].as_str().unwrap());
            self.events.lock().unwrap().push(stored);
        }
        self.inner.set(name, secret)
    }
    fn delete(&self, name: &str) -> Result<(), VaultError> {
        self.inner.delete(name)
    }
}

#[tokio::test]
async fn the_rotated_refresh_token_is_persisted_before_the_new_access_token_is_used() {
    let events = Arc::new(Mutex::new(Vec::new()));
    let memory = Arc::new(MemoryStore::default());
    let recording = Arc::new(RecordingStore {
        inner: memory.clone(),
        events: events.clone(),
    });
    let mut world = World::with_store(memory, recording).await;
    // The first access token expires within the refresh margin: it is refreshed up front.
    let profile = world.connect_oauth(60).await;
    world.one_good_refresh().await;
    let seen = events.clone();
    world
        .server
        .mock("GET", "/contacts/")
        .match_query(Matcher::Any)
        .with_header("content-type", "application/json")
        .with_body_from_request(move |request| {
            let bearer = request.header("authorization")[0]
                .to_str()
                .unwrap()
                .to_owned();
            seen.lock().unwrap().push(format!("used {bearer}"));
            CONTACTS.into()
        })
        .create_async()
        .await;

    list_one(&world.accounts.client(&profile.id).unwrap())
        .await
        .unwrap();
    assert_eq!(
        *events.lock().unwrap(),
        [
            "stored refresh-1",
            "stored refresh-2",
            "used Bearer access-2"
        ]
    );
}

#[tokio::test]
async fn a_refused_refresh_requires_reconnection_and_says_so_on_disk() {
    let mut world = World::new().await;
    let profile = world.connect_oauth(86_399).await;
    world
        .contacts("access-1", 401, &api_error(401, "Invalid JWT"))
        .await;
    let refresh = world
        .refresh()
        .with_status(400)
        .with_body(r#"{"error":"invalid_grant","error_description":"Invalid grant: refresh token is invalid"}"#)
        .expect(1)
        .create_async()
        .await;

    let client = world.accounts.client(&profile.id).unwrap();
    let error = list_one(&client).await.unwrap_err();
    assert!(
        matches!(error, highlevel::Error::Unauthorized { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("reconnect"), "{error}");
    // The dead credentials fail at once, without spending another call.
    assert!(list_one(&client).await.is_err());
    refresh.assert_async().await;

    let stored = world.reopen().profile(&profile.id).unwrap();
    let ProfileStatus::ReconnectRequired { reason } = stored.status else {
        panic!("still connected: {stored:?}");
    };
    assert!(reason.contains("invalid_grant"), "{reason}");
    assert!(matches!(
        world.reopen().client(&profile.id),
        Err(AccountsError::ReconnectRequired { .. })
    ));
}

#[tokio::test]
async fn a_location_403_never_triggers_a_refresh() {
    let mut world = World::new().await;
    let profile = world.connect_oauth(86_399).await;
    let forbidden = world
        .contacts(
            "access-1",
            403,
            &api_error(403, "The token does not have access to this location."),
        )
        .await
        .expect(1);
    let refresh = world.refresh().expect(0).create_async().await;

    let report = world.accounts.test_connection(&profile.id).await.unwrap();
    assert!(!report.ok);
    assert!(matches!(
        report.error,
        Some(AppError::Forbidden {
            missing_scope: None,
            ..
        })
    ));
    forbidden.assert_async().await;
    refresh.assert_async().await;
    assert_eq!(report.status, ProfileStatus::Connected);
}

#[tokio::test]
async fn reconnecting_replaces_the_dead_pair() {
    let mut world = World::new().await;
    let profile = world.connect_oauth(86_399).await;
    world
        .accounts
        .set_status(
            &profile,
            ProfileStatus::ReconnectRequired {
                reason: "refused".into(),
            },
        )
        .unwrap();
    let exchange = world.code_exchange(86_399).await;
    let step = BrowserStep {
        redirect_port: 0,
        timeout: Duration::from_secs(20),
    };
    let reconnected = world
        .accounts
        .reconnect_oauth("Staging", step, approve_in_browser)
        .await
        .unwrap();
    exchange.assert_async().await;
    assert_eq!(reconnected.status, ProfileStatus::Connected);
    world.contacts("access-1", 200, CONTACTS).await;
    list_one(&world.accounts.client(&profile.id).unwrap())
        .await
        .unwrap();
}

/// The desktop runs these on Tauri's async runtime, which needs `Send` futures.
#[test]
fn the_async_operations_can_run_on_any_worker_thread() {
    fn send<T: Send>(_: &T) {}
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::new(dir.path().to_owned(), Arc::new(MemoryStore::default()));
    let settings = NewProfile {
        name: "P".into(),
        environment: "Production".into(),
        base_url: "http://127.0.0.1:9".into(),
        location_id: LOCATION.into(),
    };
    send(&accounts.add_private_token(settings, SecretString::from(TOKEN)));
    send(&accounts.rotate("P", SecretString::from(TOKEN)));
    send(&accounts.test_connection("P"));
    let setup = OAuthSetup {
        name: "O".into(),
        environment: "Production".into(),
        base_url: "http://127.0.0.1:9".into(),
        app: OAuthApp {
            client_id: CLIENT_ID.into(),
            client_secret: SecretString::from(CLIENT_SECRET),
            authorize_url: "http://127.0.0.1:9".into(),
        },
        redirect: BrowserStep::default().into(),
    };
    send(&accounts.connect_oauth(setup, |_: &Url| {}));
    send(&accounts.reconnect_oauth("O", BrowserStep::default(), |_: &Url| {}));
}
