//! `/contacts/:contactId/tags`: adding or removing tags without replacing the others
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
struct TagsAfter {
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
        self.change(Method::POST, tags).await
    }

    /// `DELETE /contacts/:contactId/tags` (a DELETE with a body); answers with the
    /// contact's tags after the change.
    pub async fn remove(&self, tags: &[String]) -> Result<Vec<String>, Error> {
        self.change(Method::DELETE, tags).await
    }

    async fn change(&self, method: Method, tags: &[String]) -> Result<Vec<String>, Error> {
        let call = Call::write(method, "/contacts/:contactId/tags", vec![&self.contact_id])
            .body(&TagList { tags })?;
        Ok(self.api.send::<TagsAfter>(call).await?.tags)
    }
}
