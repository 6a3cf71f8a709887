//! Agencies against the sandbox and the real keychain (or memory, where only the exchanges
//! are counted): an agency OAuth app connects, its installed locations are listed and
//! chosen, each location's token comes from `POST /oauth/locationToken` once, renews
//! single-flight through the agency's token, whose refresh tokens rotate, and is kept;
//! and the pasted-redirect fallback to the loopback listener.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use contact_desk::accounts::{
    Accounts, AgencyAuth, AgencySetup, AuthKind, BrowserStep, NewProfile, OAuthApp, OAuthSetup,
    Profile, Redirect,
};
use contact_desk::sandbox::{Sandbox, SandboxConfig};
use contact_desk::vault::{ExposeSecret, MemoryStore, SecretStore, SecretString};

use crate::{
    assert_no_secret_in, browse, keychain_accounts, keychain_entries, one_contact, stored,
};

/// Three locations of 12 contacts whose access tokens (the agency's and each location's)
/// last two seconds, less than the renewal margin: every request renews first.
async fn agency_sandbox() -> (Sandbox, SandboxConfig) {
    let mut config = SandboxConfig::seeded(41);
    config.contacts = 12;
    config.businesses = 2;
    config.locations = 3;
    config.oauth.access_token_ttl = Duration::from_secs(2);
    (Sandbox::start(config.clone()).await.unwrap(), config)
}

pub(crate) fn app(sandbox: &Sandbox, config: &SandboxConfig) -> OAuthApp {
    OAuthApp {
        client_id: config.oauth.client_id.clone(),
        client_secret: SecretString::from(config.oauth.client_secret.clone()),
        authorize_url: sandbox.base_url(),
    }
}

/// Connects the sandbox's agency as `name`, the browser approving at once.
async fn connect(
    accounts: &Accounts,
    sandbox: &Sandbox,
    config: &SandboxConfig,
    name: &str,
) -> contact_desk::accounts::Agency {
    let setup = AgencySetup {
        name: name.into(),
        base_url: sandbox.base_url(),
        app: app(sandbox, config),
        redirect: loopback(),
    };
    accounts.connect_agency(setup, browse).await.unwrap()
}

pub(crate) fn loopback() -> Redirect {
    BrowserStep {
        redirect_port: 0,
        timeout: Duration::from_secs(30),
    }
    .into()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agency_connects_chosen_locations_whose_tokens_renew_through_it() {
    let (sandbox, config) = agency_sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let accounts = keychain_accounts(data.path());
    let agency = connect(&accounts, &sandbox, &config, "Acme Agency").await;
    let installed = accounts.installed_locations(&agency.id).await.unwrap();
    let ids: Vec<String> = installed
        .iter()
        .map(|location| location.id.clone())
        .collect();
    let expected: Vec<String> = sandbox
        .locations()
        .into_iter()
        .map(|l| l.location_id)
        .collect();
    assert_eq!(ids, expected);

    let added = accounts
        .add_agency_locations(&agency.id, &ids[..2])
        .await
        .unwrap();
    assert_eq!(added.len(), 2);
    for (profile, location) in added.iter().zip(&installed) {
        assert_eq!(profile.name, location.name);
        assert_eq!(profile.location_id, location.id);
        assert_eq!(profile.auth, AuthKind::AgencyOAuth);
        assert_eq!(profile.agency, Some(agency.reference()));
    }

    // Three calls at once on each location: each location token renews in turn, and
    // each renewal first refreshes the agency's token, whose refresh tokens die on use;
    // one refresh out of turn and the next would be refused.
    let grants_before = sandbox.token_grants();
    let clients: Vec<_> = added
        .iter()
        .map(|profile| accounts.client(&profile.id).unwrap())
        .collect();
    let calls = clients
        .iter()
        .flat_map(|client| (0..3).map(|_| one_contact(client)));
    let totals = futures_util::future::join_all(calls).await;
    assert_eq!(totals, vec![Some(12); 6]);
    assert_eq!(
        sandbox.token_grants() - grants_before,
        6,
        "one agency refresh per renewal, in turn"
    );
    for profile in &added {
        assert_eq!(sandbox.location_request_count(&profile.location_id), 3);
    }

    // Another process finds each location's token, and the agency's pair, in the keychain.
    let location_token = stored(&format!("profile/{}/oauth", added[0].id)).unwrap();
    let agency_pair = stored(&format!("agency/{}/oauth", agency.id)).unwrap();
    let reopened = keychain_accounts(data.path());
    assert_eq!(
        one_contact(&reopened.client(&added[1].id).unwrap()).await,
        Some(12)
    );
    let pair: serde_json::Value = serde_json::from_str(&agency_pair).unwrap();
    let token: serde_json::Value = serde_json::from_str(&location_token).unwrap();
    assert_no_secret_in(
        data.path(),
        &[
            pair["accessToken"].as_str().unwrap(),
            pair["refreshToken"].as_str().unwrap(),
            token["accessToken"].as_str().unwrap(),
            &config.oauth.client_secret,
        ],
    );

    // More later: only the location not in the agency yet is added.
    let more = accounts
        .add_agency_locations(&agency.id, &ids)
        .await
        .unwrap();
    assert_eq!(more.len(), 1);
    assert_eq!(more[0].location_id, ids[2]);
    let spanned: Vec<String> = accounts
        .all_locations()
        .unwrap()
        .into_iter()
        .map(|profile| profile.location_id)
        .collect();
    assert_eq!(spanned, ids);

    accounts.remove(&added[0].id).unwrap();
    assert_eq!(accounts.agency_profiles(&agency.id).unwrap().len(), 2);
    assert_eq!(stored(&format!("profile/{}/oauth", added[0].id)), None);
    accounts.remove_agency(&agency.id).unwrap();
    assert!(accounts.profiles().unwrap().is_empty());
    assert!(accounts.agencies().unwrap().is_empty());
    assert!(!keychain_entries().contains(&agency.id));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_integration_tokens_group_into_one_agency() {
    let (sandbox, _) = agency_sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let accounts = keychain_accounts(data.path());
    let lone = NewProfile {
        name: "Elsewhere".into(),
        environment: "Production".into(),
        base_url: sandbox.base_url(),
        location_id: sandbox.location_id().into(),
    };
    let token = SecretString::from(sandbox.token().to_owned());
    accounts.add_private_token(lone, token).await.unwrap();
    let mut names = Vec::new();
    for location in sandbox.locations().into_iter().skip(1) {
        let settings = NewProfile {
            name: location.name.clone(),
            environment: "Production".into(),
            base_url: sandbox.base_url(),
            location_id: location.location_id.clone(),
        };
        let token = SecretString::from(location.token.clone());
        accounts.add_private_token(settings, token).await.unwrap();
        names.push(location.name);
    }
    let agency = accounts.group_into_agency("Acme", &names).unwrap();
    assert_eq!(agency.auth, AgencyAuth::PrivateTokens);
    assert_eq!(accounts.agency_profiles("acme").unwrap().len(), 2);
    // With no agency active, "all locations" is every connected profile.
    assert_eq!(accounts.all_locations().unwrap().len(), 3);
    accounts.use_profile(&names[0]).unwrap();
    let spanned: Vec<String> = accounts
        .all_locations()
        .unwrap()
        .into_iter()
        .map(|profile| profile.name)
        .collect();
    assert_eq!(spanned, names);
    let refused = accounts.installed_locations("Acme").await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("groups Private Integration Tokens"),
        "{refused}"
    );
    accounts.remove_agency("Acme").unwrap();
    accounts.remove("Elsewhere").unwrap();
    assert!(accounts.profiles().unwrap().is_empty());
    sandbox.shutdown().await;
}

/// The pasted-redirect fallback: `open` follows the chooser like a browser registered with
/// an https redirect would, and hands what it landed on (maybe `tampered`) to the paste.
fn pasted_setup(
    sandbox: &Sandbox,
    config: &SandboxConfig,
    tamper: fn(String) -> String,
) -> (OAuthSetup, impl FnOnce(&url::Url) + Send) {
    let (landed, pasted) = tokio::sync::oneshot::channel::<String>();
    let landed = Arc::new(Mutex::new(Some(landed)));
    let setup = OAuthSetup {
        name: "Pasted".into(),
        environment: "Sandbox".into(),
        base_url: sandbox.base_url(),
        app: app(sandbox, config),
        redirect: Redirect::Pasted {
            redirect_uri: "https://app.example.com/oauth/callback".into(),
            pasted: Box::pin(async move { Ok(pasted.await.unwrap()) }),
        },
    };
    let open = move |chooser: &url::Url| {
        let chooser = chooser.clone();
        let sender = landed.lock().unwrap().take().unwrap();
        tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let answer = http.get(chooser).send().await.unwrap();
            let location = answer.headers()["location"].to_str().unwrap().to_owned();
            assert!(location.starts_with("https://app.example.com/oauth/callback?"));
            sender.send(tamper(location)).unwrap();
        });
    };
    (setup, open)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_redirect_connects_when_its_state_is_this_sign_ins() {
    let (sandbox, config) = agency_sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let accounts = keychain_accounts(data.path());

    let forged = |landed: String| landed.replace("state=", "state=0");
    let (setup, open) = pasted_setup(&sandbox, &config, forged);
    let refused = accounts.connect_oauth(setup, open).await.unwrap_err();
    assert!(refused.to_string().contains("state differs"), "{refused}");
    assert!(accounts.profiles().unwrap().is_empty());

    let (setup, open) = pasted_setup(&sandbox, &config, |landed| landed);
    let profile = accounts.connect_oauth(setup, open).await.unwrap();
    assert_eq!(profile.location_id, sandbox.location_id());
    assert_eq!(
        one_contact(&accounts.client(&profile.id).unwrap()).await,
        Some(12)
    );
    accounts.remove(&profile.id).unwrap();
    sandbox.shutdown().await;
}

/// An agency of two locations (5 contacts each, tokens living a day) connected through its
/// OAuth app, both added, its secrets in memory.
async fn agency_of_two() -> (
    Sandbox,
    tempfile::TempDir,
    Arc<MemoryStore>,
    Accounts,
    Vec<Profile>,
) {
    let mut config = SandboxConfig::seeded(71);
    config.contacts = 5;
    config.locations = 2;
    let sandbox = Sandbox::start(config.clone()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::default());
    let accounts = Accounts::new(dir.path().to_owned(), store.clone());
    let agency = connect(&accounts, &sandbox, &config, "Agency").await;
    let ids: Vec<String> = sandbox
        .locations()
        .into_iter()
        .map(|l| l.location_id)
        .collect();
    let profiles = accounts
        .add_agency_locations(&agency.id, &ids)
        .await
        .unwrap();
    (sandbox, dir, store, accounts, profiles)
}

/// The location token the store holds for a profile.
fn stored_access(store: &MemoryStore, profile: &Profile) -> String {
    let pair = store
        .get(&format!("profile/{}/oauth", profile.id))
        .unwrap()
        .unwrap();
    let pair: serde_json::Value = serde_json::from_str(pair.expose_secret()).unwrap();
    pair["accessToken"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_location_token_is_exchanged_once_and_renewed_single_flight() {
    let (sandbox, _dir, store, accounts, profiles) = agency_of_two().await;
    assert_eq!(
        sandbox.location_token_grants(),
        2,
        "one exchange per location added"
    );
    let mut refused = Vec::new();
    for profile in &profiles {
        let credentials = accounts.credentials(&profile.id).unwrap();
        let token = credentials.bearer().await.unwrap();
        assert_eq!(token.expose_secret(), stored_access(&store, profile));
        refused.push((credentials, token));
    }
    // Five requests of each location come back 401 at once: each location asks for one
    // new token, and every request then uses it.
    let renewals = refused
        .iter()
        .flat_map(|(credentials, token)| (0..5).map(move |_| credentials.renew(token)));
    let renewed = futures_util::future::join_all(renewals).await;
    assert!(
        renewed.iter().all(|renewed| renewed == &Ok(true)),
        "{renewed:?}"
    );
    assert_eq!(
        sandbox.location_token_grants(),
        4,
        "one renewal per location"
    );
    for ((credentials, old), profile) in refused.iter().zip(&profiles) {
        let new = credentials.bearer().await.unwrap();
        assert_ne!(new.expose_secret(), old.expose_secret());
        assert_eq!(
            new.expose_secret(),
            stored_access(&store, profile),
            "kept in the keychain"
        );
        assert_eq!(
            one_contact(&accounts.client(&profile.id).unwrap()).await,
            Some(5)
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_location_token_is_read_from_the_keychain_not_exchanged_again() {
    let (sandbox, dir, store, _accounts, profiles) = agency_of_two().await;
    let reopened = Accounts::new(dir.path().to_owned(), store);
    let client = reopened.client(&profiles[1].id).unwrap();
    assert_eq!(one_contact(&client).await, Some(5));
    assert_eq!(
        sandbox.location_token_grants(),
        2,
        "the stored token was still good"
    );
    sandbox.shutdown().await;
}
