//! `/contacts/:contactId/tags`: adding tags without replacing the others
//! (a contact update's `tags` replaces them all).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::client::{Api, Call};
use super::{decode, Error};

#[derive(Serialize)]
struct TagList<'a> {
    tags: &'a [String],
}

#[derive(Deserialize)]
struct AddedTags {
    #[serde(default, deserialize_with = "decode::or_default")]
    tags: Vec<String>,
}

pub struct Tags {
    api: Api,
    contact_id: String,
}

impl Api {
    pub fn tags(&self, contact_id: &str) -> Tags {
        Tags {
            api: self.clone(),
            contact_id: contact_id.to_owned(),
        }
    }
}

impl Tags {
    /// `POST /contacts/:contactId/tags`; answers with the contact's tags after the change.
    pub async fn add(&self, tags: &[String]) -> Result<Vec<String>, Error> {
        let call = Call::write(
            Method::POST,
            "/contacts/:contactId/tags",
            vec![&self.contact_id],
        )
        .body(&TagList { tags })?;
        Ok(self.api.send::<AddedTags>(call).await?.tags)
    }
}
