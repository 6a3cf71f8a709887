//! Accounts and credentials: profiles (in `profiles.json`), their secrets (in a
//! [`SecretStore`], the OS keychain in the app), Private Integration Tokens, OAuth 2.0
//! with self-refreshing credentials, and the HighLevel client for a profile.
//!
//! No Tauri here: the desktop and the CLI both drive [`Accounts`].

mod agency;
mod book;
mod error;
pub mod oauth;
mod private_token;
mod probe;
mod profile;
mod secrets;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

pub use agency::{Agency, AgencyAuth, AgencySetup};
pub use error::AccountsError;
pub use oauth::{BrowserStep, InstalledLocation, OAuthApp, OAuthCredentials, Redirect};
pub use private_token::PrivateTokenCredentials;
pub use probe::ConnectionReport;
pub use profile::{
    masked_hint, AgencyRef, AuthKind, NewProfile, Profile, ProfileStatus, ProfileView, WriteAccess,
    ROTATION_DAYS,
};

use crate::highlevel::{
    self, Client, ClientConfig, Credentials, RateBudget, RecordSink, Scope, StaticToken,
};
use crate::locks::lock;
use crate::vault::SecretStore;
use book::{Book, BookFile};

/// Everything an OAuth profile needs before the browser opens.
pub struct OAuthSetup {
    pub name: String,
    pub environment: String,
    /// The API's address; the token endpoint is `{base_url}/oauth/token`.
    pub base_url: String,
    pub app: OAuthApp,
    pub redirect: Redirect,
}

/// The profiles of one data directory and the secrets that go with them.
pub struct Accounts {
    data_dir: PathBuf,
    store: Arc<dyn SecretStore>,
    book: Arc<BookFile>,
    /// One set of credentials per profile, so all of a profile's clients refresh (or
    /// switch to a rotated token) together.
    credentials: Mutex<HashMap<String, ProfileCredentials>>,
    /// One set per agency OAuth app, shared by its locations: the agency token refreshes once.
    agency_credentials: Mutex<HashMap<String, Arc<OAuthCredentials>>>,
    /// One rate budget per location: HighLevel counts per location, not per client.
    budgets: Mutex<HashMap<String, Arc<RateBudget>>>,
}

impl Accounts {
    pub fn new(data_dir: PathBuf, store: Arc<dyn SecretStore>) -> Self {
        Self {
            book: Arc::new(BookFile::in_dir(&data_dir)),
            data_dir,
            store,
            credentials: Mutex::default(),
            agency_credentials: Mutex::default(),
            budgets: Mutex::default(),
        }
    }

    /// The directory holding profiles.json and every profile's cached data.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where a profile's cached data lives (`<data dir>/profiles/<id>/`).
    pub fn profile_data_dir(&self, profile_id: &str) -> PathBuf {
        crate::paths::profile_dir(&self.data_dir, profile_id)
    }

    /// The profiles without touching the keychain: works while it is unavailable.
    pub fn profiles(&self) -> Result<Vec<Profile>, AccountsError> {
        Ok(self.book.load()?.profiles)
    }

    /// The profiles as lists show them. A keychain that cannot be read only costs the hints.
    pub fn list(&self) -> Result<Vec<ProfileView>, AccountsError> {
        let book = self.book.load()?;
        let now = Timestamp::now();
        let views = book
            .profiles
            .iter()
            .map(|profile| ProfileView {
                active: book.active.as_deref() == Some(profile.id.as_str()),
                token_hint: self.token_hint(profile),
                token_age_days: profile.token_age_days(now),
                needs_rotation: profile.needs_rotation(now),
                profile: profile.clone(),
            })
            .collect();
        Ok(views)
    }

    /// A profile by id or (case-insensitive) name.
    pub fn profile(&self, reference: &str) -> Result<Profile, AccountsError> {
        self.book.load()?.find(reference).cloned()
    }

    pub fn active(&self) -> Result<Option<Profile>, AccountsError> {
        Ok(self.book.load()?.active_profile().cloned())
    }

    /// Makes `reference` the active profile, for this and every later run.
    pub fn use_profile(&self, reference: &str) -> Result<Profile, AccountsError> {
        self.book.update(|book| {
            let profile = book.find(reference)?.clone();
            book.active = Some(profile.id.clone());
            Ok(profile)
        })
    }

    /// Checks `token` with a real one-contact read, then stores it and the profile. The
    /// first profile becomes the active one. Nothing is saved when the check fails.
    pub async fn add_private_token(
        &self,
        settings: NewProfile,
        token: SecretString,
    ) -> Result<Profile, AccountsError> {
        settings.check()?;
        let token = trimmed(&token)?;
        let location_id = settings.location_id.trim().to_owned();
        if location_id.is_empty() {
            return Err(AccountsError::invalid("the location id must not be empty"));
        }
        self.check_name_free(&settings.name)?;
        let client = self.probe_client(&settings.base_url, &location_id, &token)?;
        probe::one_contact(&client).await?;

        let profile = NewProfile {
            location_id,
            ..settings
        }
        .into_profile(self.new_id()?, AuthKind::PrivateToken, WriteAccess::Unknown);
        self.save_new(profile, |id| {
            Ok(self.store.set(&secrets::token_name(id), &token)?)
        })
    }

    /// Runs the OAuth flow (browser, loopback redirect, code exchange) and adds the
    /// profile for the location the user picked. `open` receives the chooser's address.
    pub async fn connect_oauth(
        &self,
        mut setup: OAuthSetup,
        open: impl FnOnce(&Url) + Send,
    ) -> Result<Profile, AccountsError> {
        let mut settings = NewProfile {
            name: setup.name,
            environment: setup.environment,
            base_url: setup.base_url,
            location_id: String::new(),
        };
        settings.check()?;
        if setup.app.client_id.trim().is_empty() {
            return Err(AccountsError::invalid(
                "the OAuth client id must not be empty",
            ));
        }
        setup.app.client_id = setup.app.client_id.trim().to_owned();
        setup.app.client_secret = trimmed(&setup.app.client_secret)?;
        self.check_name_free(&settings.name)?;
        let endpoint = oauth::TokenEndpoint::new(
            &settings.base_url,
            &setup.app.client_id,
            setup.app.client_secret.clone(),
        )?;
        let grant =
            oauth::authorize(&setup.app, &endpoint, oauth::SCOPES, setup.redirect, open).await?;
        settings.location_id = granted_location(&grant)?;

        let auth = AuthKind::OAuth {
            client_id: setup.app.client_id,
            authorize_url: setup.app.authorize_url,
        };
        let profile = settings.into_profile(self.new_id()?, auth, write_access_of(&grant));
        self.save_new(profile, |id| {
            self.store
                .set(&secrets::client_secret_name(id), &setup.app.client_secret)?;
            secrets::write_oauth(&*self.store, id, &grant.tokens)
        })
    }

    /// Runs the OAuth flow again for a profile whose refresh token died, with the app
    /// already on file. The user must pick the same location.
    pub async fn reconnect_oauth(
        &self,
        reference: &str,
        redirect: impl Into<Redirect>,
        open: impl FnOnce(&Url) + Send,
    ) -> Result<Profile, AccountsError> {
        let profile = self.profile(reference)?;
        let AuthKind::OAuth {
            client_id,
            authorize_url,
        } = &profile.auth
        else {
            return Err(AccountsError::invalid(
                "only a profile with its own OAuth app reconnects: rotate a Private \
                 Integration Token, reconnect an agency's location through its agency",
            ));
        };
        let app = OAuthApp {
            client_id: client_id.clone(),
            client_secret: secrets::read_client_secret(&*self.store, &profile.id)?,
            authorize_url: authorize_url.clone(),
        };
        let endpoint = oauth::TokenEndpoint::new(
            &profile.base_url,
            &app.client_id,
            app.client_secret.clone(),
        )?;
        let grant = oauth::authorize(&app, &endpoint, oauth::SCOPES, redirect.into(), open).await?;
        if granted_location(&grant)? != profile.location_id {
            return Err(AccountsError::Authorization {
                message: format!(
                    "a different sub-account was chosen; pick location {} or add a new profile",
                    profile.location_id
                ),
            });
        }
        secrets::write_oauth(&*self.store, &profile.id, &grant.tokens)?;
        self.forget_credentials(&profile.id);
        self.book.update(|book| {
            let stored = book.find_mut(&profile.id)?;
            stored.status = ProfileStatus::Connected;
            stored.write_access = write_access_of(&grant);
            Ok(stored.clone())
        })
    }

    /// A real one-contact call with the profile's credentials. Credential problems come
    /// back inside the report (and a rejected token marks the profile); only an unknown
    /// profile or an unreadable profiles.json is an `Err`.
    pub async fn test_connection(
        &self,
        reference: &str,
    ) -> Result<ConnectionReport, AccountsError> {
        let profile = self.profile(reference)?;
        let outcome = match self.client(&profile.id) {
            Ok(client) => probe::one_contact(&client).await,
            Err(error) => Err(error),
        };
        // The credentials may have marked the profile meanwhile (a refused refresh).
        let profile = self.profile(&profile.id)?;
        let status = match (&outcome, &profile.status) {
            (Ok(_), _) => ProfileStatus::Connected,
            (Err(AccountsError::TokenRejected { message }), ProfileStatus::Connected) => {
                ProfileStatus::ReconnectRequired {
                    reason: format!("HighLevel rejected the token ({message})"),
                }
            }
            (Err(_), status) => status.clone(),
        };
        let profile = self.set_status(&profile, status)?;
        let (contact_total, error) = match outcome {
            Ok(total) => (total, None),
            Err(error) => (None, Some(error.into())),
        };
        Ok(ConnectionReport {
            profile_id: profile.id,
            ok: error.is_none(),
            error,
            contact_total,
            write_access: profile.write_access,
            status: profile.status,
        })
    }

    /// Replaces a Private Integration Token: the new one is checked first, then written
    /// over the old one in one keychain write (so there is never a moment without a
    /// working token), then every client of the profile switches to it.
    pub async fn rotate(
        &self,
        reference: &str,
        token: SecretString,
    ) -> Result<Profile, AccountsError> {
        let profile = self.profile(reference)?;
        if profile.is_oauth() {
            return Err(AccountsError::invalid(
                "OAuth tokens renew themselves; reconnect the profile instead",
            ));
        }
        let token = trimmed(&token)?;
        let client = self.probe_client(&profile.base_url, &profile.location_id, &token)?;
        probe::one_contact(&client).await?;
        self.store.set(&secrets::token_name(&profile.id), &token)?;
        if let Some(ProfileCredentials::PrivateToken(current)) =
            lock(&self.credentials).get(&profile.id)
        {
            current.switch(token);
        }
        self.book.update(|book| {
            let stored = book.find_mut(&profile.id)?;
            stored.rotated_at = Some(Timestamp::now());
            stored.status = ProfileStatus::Connected;
            // A new token may carry other scopes: learn write access again.
            stored.write_access = WriteAccess::Unknown;
            Ok(stored.clone())
        })
    }

    /// Deletes the profile's keychain entries and cached data, then the profile itself.
    /// When the keychain cannot delete, nothing is removed, so the user can try again.
    pub fn remove(&self, reference: &str) -> Result<Profile, AccountsError> {
        let profile = self.profile(reference)?;
        // profiles.json is a user-editable file: never let an id steer a recursive delete.
        if !profile.id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(AccountsError::invalid(format!(
                "profile id {:?} is not one Contact Desk made; fix profiles.json",
                profile.id
            )));
        }
        secrets::delete_all(&*self.store, &profile.id)?;
        self.forget_credentials(&profile.id);
        let data = self.profile_data_dir(&profile.id);
        match std::fs::remove_dir_all(&data) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                let context = format!("could not delete {}", data.display());
                return Err(AccountsError::storage(&context, error));
            }
        }
        self.book.update(|book| {
            book.profiles.retain(|stored| stored.id != profile.id);
            if book.active.as_deref() == Some(profile.id.as_str()) {
                book.active = None;
            }
            Ok(())
        })?;
        Ok(profile)
    }

    /// Learns write access from a write's outcome: success grants it, HighLevel's scope
    /// refusal takes it away, anything else says nothing about it.
    pub fn note_write_outcome<T>(
        &self,
        profile_id: &str,
        outcome: &Result<T, highlevel::Error>,
    ) -> Result<WriteAccess, AccountsError> {
        let learned = match outcome {
            Ok(_) => WriteAccess::Granted,
            Err(highlevel::Error::Forbidden {
                missing_scope: Some(Scope::ContactsWrite),
                ..
            }) => WriteAccess::missing_write_scope(),
            Err(_) => return Ok(self.profile(profile_id)?.write_access),
        };
        if self.profile(profile_id)?.write_access == learned {
            return Ok(learned);
        }
        self.book.update(|book| {
            book.find_mut(profile_id)?.write_access = learned.clone();
            Ok(())
        })?;
        Ok(learned)
    }

    /// The credentials of a profile, shared by all its clients in this process.
    pub fn credentials(&self, reference: &str) -> Result<Arc<dyn Credentials>, AccountsError> {
        let profile = self.profile(reference)?;
        if let Some(known) = lock(&self.credentials).get(&profile.id) {
            return Ok(known.shared());
        }
        let loaded = self.load_credentials(&profile)?;
        let mut cache = lock(&self.credentials);
        // A concurrent caller may have loaded them first; theirs win, so there is one.
        Ok(cache.entry(profile.id).or_insert(loaded).shared())
    }

    /// A client for the profile's location, with its credentials and the location's budget.
    pub fn client(&self, reference: &str) -> Result<Client, AccountsError> {
        self.client_with_sink(reference, None)
    }

    /// [`Accounts::client`] whose request records also go to `sink` (the activity log).
    pub fn client_with_sink(
        &self,
        reference: &str,
        sink: Option<Arc<dyn RecordSink>>,
    ) -> Result<Client, AccountsError> {
        let profile = self.profile(reference)?;
        let credentials = self.credentials(&profile.id)?;
        let config = ClientConfig::new(&profile.base_url, &profile.location_id)?;
        let budget = self.budget(&profile.location_id);
        Ok(Client::with_parts(config, credentials, budget, sink)?)
    }

    fn load_credentials(&self, profile: &Profile) -> Result<ProfileCredentials, AccountsError> {
        match &profile.auth {
            AuthKind::PrivateToken => {
                let token = secrets::read_token(&*self.store, &profile.id)?;
                let credentials = PrivateTokenCredentials::new(token);
                Ok(ProfileCredentials::PrivateToken(Arc::new(credentials)))
            }
            AuthKind::OAuth { client_id, .. } => {
                if let ProfileStatus::ReconnectRequired { reason } = &profile.status {
                    return Err(AccountsError::ReconnectRequired {
                        profile_id: profile.id.clone(),
                        reason: reason.clone(),
                    });
                }
                let tokens = secrets::read_oauth(&*self.store, &profile.id)?;
                let secret = secrets::read_client_secret(&*self.store, &profile.id)?;
                let endpoint = oauth::TokenEndpoint::new(&profile.base_url, client_id, secret)?;
                Ok(ProfileCredentials::OAuth(Arc::new(OAuthCredentials::new(
                    oauth::Holder::Profile(profile.id.clone()),
                    tokens,
                    self.store.clone(),
                    self.book.clone(),
                    endpoint,
                ))))
            }
            AuthKind::AgencyOAuth => self.location_credentials(profile),
        }
    }

    fn forget_credentials(&self, profile_id: &str) {
        lock(&self.credentials).remove(profile_id);
    }

    fn budget(&self, location_id: &str) -> Arc<RateBudget> {
        lock(&self.budgets)
            .entry(location_id.to_owned())
            .or_insert_with(|| Arc::new(RateBudget::highlevel_default()))
            .clone()
    }

    /// A client for checking a token before it is stored: one retry, not four, so a
    /// wrong address fails while the user is still looking.
    fn probe_client(
        &self,
        base_url: &str,
        location_id: &str,
        token: &SecretString,
    ) -> Result<Client, AccountsError> {
        let mut config = ClientConfig::new(base_url, location_id)?;
        config.max_retries = 1;
        let credentials = Arc::new(StaticToken::new(token.clone()));
        Ok(Client::with_parts(
            config,
            credentials,
            self.budget(location_id),
            None,
        )?)
    }

    /// The Private Integration Token's last characters; OAuth access tokens change daily,
    /// so a hint of one would identify nothing.
    fn token_hint(&self, profile: &Profile) -> Option<String> {
        match profile.auth {
            AuthKind::PrivateToken => {
                let secret = secrets::read_token(&*self.store, &profile.id).ok()?;
                Some(masked_hint(secret.expose_secret()))
            }
            AuthKind::OAuth { .. } | AuthKind::AgencyOAuth => None,
        }
    }

    fn check_name_free(&self, name: &str) -> Result<(), AccountsError> {
        match self.book.load()?.name_taken(name) {
            true => Err(name_taken(name)),
            false => Ok(()),
        }
    }

    fn new_id(&self) -> Result<String, AccountsError> {
        let book = self.book.load()?;
        Ok(profile::new_profile_id(|id| book.id_taken(id)))
    }

    /// Stores a new profile's secrets, then the profile. If either fails, the secrets go
    /// again, so no orphaned token stays in the keychain.
    fn save_new(
        &self,
        profile: Profile,
        store_secrets: impl FnOnce(&str) -> Result<(), AccountsError>,
    ) -> Result<Profile, AccountsError> {
        let id = profile.id.clone();
        let saved =
            store_secrets(&id).and_then(|()| self.book.update(|book| insert(book, profile)));
        if saved.is_err() {
            // Best effort: the first failure is the one worth reporting.
            let _ = secrets::delete_all(&*self.store, &id);
        }
        saved
    }

    fn set_status(
        &self,
        profile: &Profile,
        status: ProfileStatus,
    ) -> Result<Profile, AccountsError> {
        if profile.status == status {
            return Ok(profile.clone());
        }
        self.book.update(|book| {
            let stored = book.find_mut(&profile.id)?;
            stored.status = status;
            Ok(stored.clone())
        })
    }
}

/// A profile's credentials, kept by kind so a rotation can switch them in place.
enum ProfileCredentials {
    PrivateToken(Arc<PrivateTokenCredentials>),
    OAuth(Arc<OAuthCredentials>),
    AgencyLocation(Arc<oauth::LocationCredentials>),
}

impl ProfileCredentials {
    fn shared(&self) -> Arc<dyn Credentials> {
        match self {
            ProfileCredentials::PrivateToken(credentials) => credentials.clone(),
            ProfileCredentials::OAuth(credentials) => credentials.clone(),
            ProfileCredentials::AgencyLocation(credentials) => credentials.clone(),
        }
    }
}

fn insert(book: &mut Book, profile: Profile) -> Result<Profile, AccountsError> {
    if book.name_taken(&profile.name) {
        return Err(name_taken(&profile.name));
    }
    if book.active_profile().is_none() {
        book.active = Some(profile.id.clone());
    }
    book.profiles.push(profile.clone());
    Ok(profile)
}

fn name_taken(name: &str) -> AccountsError {
    AccountsError::invalid(format!("a profile named {:?} already exists", name.trim()))
}

/// The secret as typed or piped, without the line break a pipe adds.
fn trimmed(secret: &SecretString) -> Result<SecretString, AccountsError> {
    let text = secret.expose_secret().trim();
    if text.is_empty() {
        return Err(AccountsError::invalid("the token must not be empty"));
    }
    Ok(SecretString::from(text.to_owned()))
}

/// HighLevel names the location a Location token was issued for.
fn granted_location(grant: &oauth::Grant) -> Result<String, AccountsError> {
    grant
        .location_id
        .clone()
        .ok_or_else(|| AccountsError::Authorization {
            message: "HighLevel's answer named no location: choose a sub-account, not an agency"
                .to_owned(),
        })
}

fn write_access_of(grant: &oauth::Grant) -> WriteAccess {
    match oauth::grants_write(grant.scope.as_deref()) {
        Some(true) => WriteAccess::Granted,
        Some(false) => WriteAccess::missing_write_scope(),
        None => WriteAccess::Unknown,
    }
}
