//! `/contacts/bulk/…`: tags added to or removed from many contacts at once, and many
//! contacts moved into or out of a business. `locationId` comes from the client.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call};
use super::{decode, Error};

/// The `{type}` of `POST /contacts/bulk/tags/update/{type}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum TagChange {
    Add,
    Remove,
}

impl TagChange {
    fn as_str(self) -> &'static str {
        match self {
            TagChange::Add => "add",
            TagChange::Remove => "remove",
        }
    }
}

/// `UpdateTagsDTO` less its `locationId`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BulkTags {
    pub contacts: Vec<String>,
    pub tags: Vec<String>,
    /// With `remove` only: every tag goes.
    pub remove_all_tags: Option<bool>,
}

/// What happened to each contact; one failing does not fail the others.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BulkTagsResult {
    #[serde(default, alias = "succeeded")]
    pub succeded: Option<bool>,
    #[serde(default)]
    #[cfg_attr(feature = "desktop", specta(type = Option<f64>))]
    pub error_count: Option<u64>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<BulkTagResponse>))]
    pub responses: Vec<BulkTagResponse>,
}

/// One contact's outcome: `type` is `success` or `error`, `message` says why.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BulkTagResponse {
    pub contact_id: Option<String>,
    pub message: Option<String>,
    #[serde(rename = "type")]
    pub outcome: Option<String>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<String>))]
    pub old_tags: Vec<String>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<String>))]
    pub tags_added: Vec<String>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<String>))]
    pub tags_removed: Vec<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

/// `ContactsBusinessUpdate` less its `locationId`: `businessId` null takes the contacts out
/// of their business (it is sent either way).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BulkBusiness {
    pub ids: Vec<String>,
    pub business_id: Option<String>,
}

/// `ContactsBulkUpateResponse` (sic).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct BulkBusinessResult {
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = bool))]
    pub success: bool,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<String>))]
    pub ids: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InLocation<'a, T> {
    location_id: &'a str,
    #[serde(flatten)]
    body: &'a T,
}

pub struct Bulk {
    api: Api,
}

impl Api {
    pub fn bulk(&self) -> Bulk {
        Bulk { api: self.clone() }
    }
}

impl Bulk {
    /// `POST /contacts/bulk/tags/update/:type` (201). Never retried.
    pub async fn tags(&self, change: TagChange, body: &BulkTags) -> Result<BulkTagsResult, Error> {
        let template = "/contacts/bulk/tags/update/:type";
        let call =
            Call::write(Method::POST, template, vec![change.as_str()]).body(&self.located(body))?;
        self.api.send(call).await
    }

    /// `POST /contacts/bulk/business`. Never retried.
    pub async fn business(&self, body: &BulkBusiness) -> Result<BulkBusinessResult, Error> {
        let call = Call::write(Method::POST, "/contacts/bulk/business", vec![])
            .body(&self.located(body))?;
        self.api.send(call).await
    }

    fn located<'a, T>(&'a self, body: &'a T) -> InLocation<'a, T> {
        InLocation {
            location_id: self.api.location_id(),
            body,
        }
    }
}
