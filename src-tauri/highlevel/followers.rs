//! `/contacts/:contactId/followers`: the users who follow a contact, added or removed.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::client::{Api, Call, OfContact};
use super::{decode, Error};

/// `FollowersDTO`: user ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct FollowersBody {
    pub followers: Vec<String>,
}

/// The contact's followers after a change, and which of the ids given changed anything.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FollowersChange {
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<String>))]
    pub followers: Vec<String>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<String>))]
    pub followers_added: Vec<String>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<String>))]
    pub followers_removed: Vec<String>,
}

impl Api {
    pub fn followers(&self, contact_id: &str) -> OfContact<FollowersChange> {
        self.of_contact(contact_id)
    }
}

impl OfContact<FollowersChange> {
    /// `POST /contacts/:contactId/followers` (201)
    pub async fn add(&self, followers: &[String]) -> Result<FollowersChange, Error> {
        self.change(Method::POST, followers).await
    }

    /// `DELETE /contacts/:contactId/followers` (a DELETE with a body)
    pub async fn remove(&self, followers: &[String]) -> Result<FollowersChange, Error> {
        self.change(Method::DELETE, followers).await
    }

    async fn change(&self, method: Method, followers: &[String]) -> Result<FollowersChange, Error> {
        let body = FollowersBody {
            followers: followers.to_vec(),
        };
        let template = "/contacts/:contactId/followers";
        let call = Call::write(method, template, vec![&self.contact_id]).body(&body)?;
        self.api.send::<FollowersChange>(call).await
    }
}
