//! Agencies: a group of profiles, each still one location with its own cache. Connected
//! either through an agency-level OAuth app (`user_type` Company: its installed locations
//! are listed, and each chosen one gets a location token) or by grouping profiles that
//! each have their own Private Integration Token.

use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use url::Url;

use super::oauth::{
    self, AgencyApi, Holder, InstalledLocation, LocationCredentials, LocationGrant, OAuthApp,
    Redirect,
};
use super::profile::{AgencyRef, AuthKind, NewProfile, Profile, ProfileStatus, WriteAccess};
use super::{secrets, trimmed, Accounts, AccountsError, ProfileCredentials};
use crate::highlevel::Credentials;
use crate::locks::lock;

/// A group of locations synced together and read together ("All locations").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Agency {
    pub id: String,
    pub name: String,
    pub base_url: String,
    pub auth: AgencyAuth,
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub added_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(tag = "kind", rename_all_fields = "camelCase")]
pub enum AgencyAuth {
    /// The agency's Marketplace app; its secret and Company token are in the keychain.
    OAuth {
        client_id: String,
        authorize_url: String,
        company_id: String,
    },
    /// Profiles with their own Private Integration Tokens, grouped.
    PrivateTokens,
}

/// Everything connecting an agency needs before the browser opens.
pub struct AgencySetup {
    pub name: String,
    pub base_url: String,
    pub app: OAuthApp,
    pub redirect: Redirect,
}

impl Agency {
    pub fn reference(&self) -> AgencyRef {
        AgencyRef {
            id: self.id.clone(),
            name: self.name.clone(),
        }
    }
}

impl Accounts {
    pub fn agencies(&self) -> Result<Vec<Agency>, AccountsError> {
        Ok(self.book.load()?.agencies)
    }

    pub fn agency(&self, reference: &str) -> Result<Agency, AccountsError> {
        self.book.load()?.agency(reference).cloned()
    }

    /// Runs OAuth for an agency-level app (a Company token) and keeps the agency; its
    /// locations are added next, with [`Accounts::add_agency_locations`].
    pub async fn connect_agency(
        &self,
        mut setup: AgencySetup,
        open: impl FnOnce(&Url) + Send,
    ) -> Result<Agency, AccountsError> {
        let name = setup.name.trim().to_owned();
        if name.is_empty() {
            return Err(AccountsError::invalid("the agency name must not be empty"));
        }
        super::profile::check_base_url(&setup.base_url)?;
        setup.app.client_id = setup.app.client_id.trim().to_owned();
        setup.app.client_secret = trimmed(&setup.app.client_secret)?;
        self.check_agency_name_free(&name)?;
        let endpoint = oauth::TokenEndpoint::new(
            &setup.base_url,
            &setup.app.client_id,
            setup.app.client_secret.clone(),
        )?
        .for_agency();
        let grant = oauth::authorize(
            &setup.app,
            &endpoint,
            oauth::AGENCY_SCOPES,
            setup.redirect,
            open,
        )
        .await?;
        let company_id = grant
            .company_id
            .clone()
            .ok_or_else(|| AccountsError::Authorization {
                message:
                    "HighLevel's answer named no agency: the app must be an agency (Company) app"
                        .to_owned(),
            })?;
        let agency = Agency {
            id: self.new_id()?,
            name,
            base_url: setup.base_url,
            auth: AgencyAuth::OAuth {
                client_id: setup.app.client_id,
                authorize_url: setup.app.authorize_url,
                company_id,
            },
            added_at: Timestamp::now(),
        };
        let store = &*self.store;
        let saved = store
            .set(
                &secrets::agency_client_secret_name(&agency.id),
                &setup.app.client_secret,
            )
            .map_err(AccountsError::from)
            .and_then(|()| {
                secrets::write_oauth_at(
                    store,
                    &secrets::agency_oauth_name(&agency.id),
                    &grant.tokens,
                )
            })
            .and_then(|()| {
                self.book.update(|book| {
                    book.agencies.push(agency.clone());
                    Ok(())
                })
            });
        if saved.is_err() {
            // Best effort: the first failure is the one worth reporting.
            let _ = self.delete_agency_secrets(&agency.id);
        }
        saved.map(|()| agency)
    }

    /// The locations the agency's app is installed in, for the user to pick from.
    pub async fn installed_locations(
        &self,
        agency: &str,
    ) -> Result<Vec<InstalledLocation>, AccountsError> {
        let agency = self.agency(agency)?;
        let (client_id, company_id) = oauth_app_of(&agency)?;
        let api = AgencyApi::new(&agency.base_url)?;
        let credentials = self.agency_credentials(&agency)?;
        api.installed_locations(&*credentials, company_id, oauth::app_id(client_id))
            .await
    }

    /// Adds a profile for each chosen location not yet in the agency, each with its own
    /// location token (kept in the keychain). Run again later to add more.
    pub async fn add_agency_locations(
        &self,
        agency: &str,
        location_ids: &[String],
    ) -> Result<Vec<Profile>, AccountsError> {
        let agency = self.agency(agency)?;
        let (_, company_id) = oauth_app_of(&agency)?;
        let installed = self.installed_locations(&agency.id).await?;
        let api = AgencyApi::new(&agency.base_url)?;
        let credentials = self.agency_credentials(&agency)?;
        let mut added = Vec::new();
        for location_id in location_ids {
            if self.agency_has_location(&agency.id, location_id)? {
                continue;
            }
            let Some(location) = installed.iter().find(|found| &found.id == location_id) else {
                return Err(AccountsError::invalid(format!(
                    "the agency's app is not installed in location {location_id}"
                )));
            };
            let token = api
                .location_token(&*credentials, company_id, location_id)
                .await?;
            let settings = NewProfile {
                name: self.free_profile_name(&location.name)?,
                environment: agency.name.clone(),
                base_url: agency.base_url.clone(),
                location_id: location_id.clone(),
            };
            let mut profile =
                settings.into_profile(self.new_id()?, AuthKind::AgencyOAuth, WriteAccess::Unknown);
            profile.agency = Some(agency.reference());
            added
                .push(self.save_new(profile, |id| secrets::write_oauth(&*self.store, id, &token))?);
        }
        Ok(added)
    }

    /// Puts profiles (each with its own Private Integration Token) into the agency named
    /// `name`, made when no agency has that name.
    pub fn group_into_agency(
        &self,
        name: &str,
        profiles: &[String],
    ) -> Result<Agency, AccountsError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AccountsError::invalid("the agency name must not be empty"));
        }
        let new_id = self.new_id()?;
        self.book.update(|book| {
            let agency = match book.agency(name) {
                Ok(agency) => agency.clone(),
                Err(_) => {
                    let first = profiles
                        .first()
                        .map(|reference| book.find(reference))
                        .transpose()?;
                    let agency = Agency {
                        id: new_id,
                        name: name.to_owned(),
                        base_url: first
                            .map(|profile| profile.base_url.clone())
                            .unwrap_or_default(),
                        auth: AgencyAuth::PrivateTokens,
                        added_at: Timestamp::now(),
                    };
                    book.agencies.push(agency.clone());
                    agency
                }
            };
            for reference in profiles {
                let profile = book.find_mut(reference)?;
                if profile.auth != AuthKind::PrivateToken {
                    return Err(AccountsError::invalid(format!(
                        "{} is not a Private Integration Token profile",
                        profile.name
                    )));
                }
                profile.agency = Some(agency.reference());
            }
            Ok(agency)
        })
    }

    /// The profiles of an agency, in the order they were added.
    pub fn agency_profiles(&self, agency: &str) -> Result<Vec<Profile>, AccountsError> {
        let agency = self.agency(agency)?;
        Ok(self
            .profiles()?
            .into_iter()
            .filter(|profile| profile.agency.as_ref().is_some_and(|of| of.id == agency.id))
            .collect())
    }

    /// Removes every profile of the agency (keychain entries and caches), then the agency
    /// and its own secrets.
    pub fn remove_agency(&self, reference: &str) -> Result<Agency, AccountsError> {
        let agency = self.agency(reference)?;
        for profile in self.agency_profiles(&agency.id)? {
            self.remove(&profile.id)?;
        }
        self.delete_agency_secrets(&agency.id)?;
        lock(&self.agency_credentials).remove(&agency.id);
        self.book.update(|book| {
            book.agencies.retain(|stored| stored.id != agency.id);
            Ok(())
        })?;
        Ok(agency)
    }

    /// What "All locations" spans, and `sync --all` syncs: the profiles of the active
    /// profile's agency, or every connected profile when it belongs to none.
    pub fn all_locations(&self) -> Result<Vec<Profile>, AccountsError> {
        let book = self.book.load()?;
        let agency = book
            .active_profile()
            .and_then(|active| active.agency.clone());
        Ok(book
            .profiles
            .into_iter()
            .filter(|profile| match &agency {
                Some(agency) => profile.agency.as_ref().is_some_and(|of| of.id == agency.id),
                None => profile.status == ProfileStatus::Connected,
            })
            .collect())
    }

    /// The credentials of a location connected through its agency's app.
    pub(super) fn location_credentials(
        &self,
        profile: &Profile,
    ) -> Result<ProfileCredentials, AccountsError> {
        let agency_ref = profile.agency.as_ref().ok_or_else(|| {
            AccountsError::invalid(format!("{} names no agency; add it again", profile.name))
        })?;
        let agency = self.agency(&agency_ref.id)?;
        let (_, company_id) = oauth_app_of(&agency)?;
        let token = secrets::read_oauth(&*self.store, &profile.id)?;
        let grant = LocationGrant {
            profile_id: &profile.id,
            company_id,
            location_id: &profile.location_id,
            base_url: &agency.base_url,
        };
        let agency_credentials: Arc<dyn Credentials> = self.agency_credentials(&agency)?;
        let credentials =
            LocationCredentials::new(&grant, token, agency_credentials, self.store.clone())?;
        Ok(ProfileCredentials::AgencyLocation(Arc::new(credentials)))
    }

    /// The agency's Company token, one per process, refreshing single-flight.
    fn agency_credentials(
        &self,
        agency: &Agency,
    ) -> Result<Arc<oauth::OAuthCredentials>, AccountsError> {
        if let Some(known) = lock(&self.agency_credentials).get(&agency.id) {
            return Ok(known.clone());
        }
        let (client_id, _) = oauth_app_of(agency)?;
        let tokens = secrets::read_oauth_at(
            &*self.store,
            &secrets::agency_oauth_name(&agency.id),
            &agency.id,
        )?;
        let secret = self
            .store
            .get(&secrets::agency_client_secret_name(&agency.id))?
            .ok_or_else(|| AccountsError::SecretMissing {
                profile_id: agency.id.clone(),
                what: "OAuth client secret",
            })?;
        let endpoint = oauth::TokenEndpoint::new(&agency.base_url, client_id, secret)?.for_agency();
        let loaded = Arc::new(oauth::OAuthCredentials::new(
            Holder::Agency(agency.id.clone()),
            tokens,
            self.store.clone(),
            self.book.clone(),
            endpoint,
        ));
        let mut known = lock(&self.agency_credentials);
        // A concurrent caller may have loaded them first; theirs win, so there is one.
        Ok(known.entry(agency.id.clone()).or_insert(loaded).clone())
    }

    fn agency_has_location(
        &self,
        agency_id: &str,
        location_id: &str,
    ) -> Result<bool, AccountsError> {
        Ok(self.profiles()?.iter().any(|profile| {
            profile.location_id == location_id
                && profile.agency.as_ref().is_some_and(|of| of.id == agency_id)
        }))
    }

    /// The location's name, or with " (2)", " (3)"… when a profile has it already.
    fn free_profile_name(&self, name: &str) -> Result<String, AccountsError> {
        let book = self.book.load()?;
        let base = match name.trim() {
            "" => "Location",
            trimmed => trimmed,
        };
        Ok((1..)
            .map(|n| match n {
                1 => base.to_owned(),
                n => format!("{base} ({n})"),
            })
            .find(|candidate| !book.name_taken(candidate))
            .unwrap_or_else(|| base.to_owned()))
    }

    fn check_agency_name_free(&self, name: &str) -> Result<(), AccountsError> {
        match self.book.load()?.agency(name) {
            Ok(_) => Err(AccountsError::invalid(format!(
                "an agency named {name:?} already exists"
            ))),
            Err(_) => Ok(()),
        }
    }

    fn delete_agency_secrets(&self, agency_id: &str) -> Result<(), AccountsError> {
        self.store.delete(&secrets::agency_oauth_name(agency_id))?;
        self.store
            .delete(&secrets::agency_client_secret_name(agency_id))?;
        Ok(())
    }
}

/// The agency's app and company, or why this agency has none (grouped tokens).
fn oauth_app_of(agency: &Agency) -> Result<(&str, &str), AccountsError> {
    match &agency.auth {
        AgencyAuth::OAuth {
            client_id,
            company_id,
            ..
        } => Ok((client_id, company_id)),
        AgencyAuth::PrivateTokens => Err(AccountsError::invalid(format!(
            "{} groups Private Integration Tokens: add a location with `profile add --agency`",
            agency.name
        ))),
    }
}
