//! `/contacts/:contactId/campaigns/…`: a contact added to or removed from a campaign, or
//! from every one. HighLevel answers `{succeded: true}` and nothing else.

use reqwest::Method;
use serde_json::{Map, Value};

use super::client::{Api, Call, OfContact};
use super::decode::Succeeded;
use super::Error;

/// A campaign's membership; the Contacts API never lists campaigns, it only enrolls.
pub struct Campaign;

impl Api {
    pub fn campaigns(&self, contact_id: &str) -> OfContact<Campaign> {
        self.of_contact(contact_id)
    }
}

impl OfContact<Campaign> {
    /// `POST /contacts/:contactId/campaigns/:campaignId` (201; `AddContactToCampaignDto` is
    /// an empty object). Never retried.
    pub async fn add(&self, campaign_id: &str) -> Result<(), Error> {
        let template = "/contacts/:contactId/campaigns/:campaignId";
        let call = Call::write(Method::POST, template, vec![&self.contact_id, campaign_id])
            .body(&Map::<String, Value>::new())?;
        self.api
            .send::<Succeeded>(call)
            .await?
            .check("campaign enrollment")
    }

    /// `DELETE /contacts/:contactId/campaigns/:campaignId`
    pub async fn remove(&self, campaign_id: &str) -> Result<(), Error> {
        let template = "/contacts/:contactId/campaigns/:campaignId";
        let call = Call::write(
            Method::DELETE,
            template,
            vec![&self.contact_id, campaign_id],
        );
        self.api
            .send::<Succeeded>(call)
            .await?
            .check("campaign removal")
    }

    /// `DELETE /contacts/:contactId/campaigns/removeAll`
    pub async fn remove_all(&self) -> Result<(), Error> {
        let template = "/contacts/:contactId/campaigns/removeAll";
        let call = Call::write(Method::DELETE, template, vec![&self.contact_id]);
        self.api
            .send::<Succeeded>(call)
            .await?
            .check("campaign removal")
    }
}
