//! `GET /businesses/?locationId=` (Businesses API, scope `businesses.readonly`): the
//! location's businesses by their own names, paged by `skip` and `limit` (strings).

use std::collections::HashSet;

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call};
use super::{decode, Error, Scope};

/// Businesses asked for per page: the spec's default.
pub const BUSINESS_PAGE: u32 = 100;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Business {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

#[derive(Deserialize)]
struct BusinessList {
    #[serde(default, deserialize_with = "decode::records")]
    businesses: Vec<Business>,
}

pub struct Businesses {
    api: Api,
}

impl Api {
    pub fn businesses(&self) -> Businesses {
        Businesses { api: self.clone() }
    }
}

impl Businesses {
    /// `GET /businesses/?locationId=&limit=&skip=`: one page.
    pub async fn page(&self, skip: u32, limit: u32) -> Result<Vec<Business>, Error> {
        let call = Call::new(
            Method::GET,
            "/businesses/",
            vec![],
            Scope::BusinessesReadonly,
        )
        .query("locationId", self.api.location_id())
        .query("limit", limit)
        .query("skip", skip);
        Ok(self.api.send::<BusinessList>(call).await?.businesses)
    }

    /// Every business, page after page until a short one. A page of nothing new (a
    /// server that ignores `skip`) ends the walk instead of looping.
    pub async fn list(&self) -> Result<Vec<Business>, Error> {
        let mut all = Vec::new();
        let mut seen = HashSet::new();
        loop {
            let skip = u32::try_from(all.len()).unwrap_or(u32::MAX);
            let page = self.page(skip, BUSINESS_PAGE).await?;
            let full = page.len() >= BUSINESS_PAGE as usize;
            let before = all.len();
            all.extend(page.into_iter().filter(|b| seen.insert(b.id.clone())));
            if !full || all.len() == before {
                return Ok(all);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use secrecy::SecretString;
    use serde_json::json;

    use super::*;
    use crate::highlevel::{Client, ClientConfig, RequestRecord, StaticToken};
    use crate::sandbox::{Sandbox, SandboxConfig};

    /// 250 businesses (each with a contact) take three pages, the last one short.
    #[tokio::test]
    async fn every_business_is_read_page_by_page_until_a_short_one() {
        let mut config = SandboxConfig::seeded(3);
        config.contacts = 300;
        config.businesses = 250;
        let sandbox = Sandbox::start(config).await.unwrap();
        let token = SecretString::from(sandbox.token().to_owned());
        let config = ClientConfig::new(&sandbox.base_url(), sandbox.location_id()).unwrap();
        let pages: Arc<Mutex<u32>> = Arc::default();
        let counted = pages.clone();
        let api = Client::new(config, Arc::new(StaticToken::new(token)))
            .unwrap()
            .interactive()
            .observed_by(Arc::new(move |_: &RequestRecord| {
                *counted.lock().unwrap() += 1;
            }));
        let businesses = api.businesses().list().await.unwrap();
        let ids: std::collections::HashSet<_> = businesses.iter().map(|b| &b.id).collect();
        assert_eq!((businesses.len(), ids.len()), (250, 250));
        assert!(businesses.iter().all(|b| b.name.is_some()));
        assert_eq!(*pages.lock().unwrap(), 3);
        sandbox.shutdown().await;
    }

    #[test]
    fn businesses_decode_as_the_spec_shapes_them_and_as_the_field_varies() {
        let list: BusinessList = serde_json::from_value(json!({"businesses": [
            {"id": "b1", "name": "Microsoft", "locationId": "loc", "email": "abc@microsoft.com",
             "createdBy": {"source": "INTEGRATION"}},
            {"_id": "b2", "name": null},
        ]}))
        .unwrap();
        assert_eq!(list.businesses[0].name.as_deref(), Some("Microsoft"));
        assert_eq!(list.businesses[0].extra["locationId"], "loc");
        assert_eq!(
            (list.businesses[1].id.as_str(), &list.businesses[1].name),
            ("b2", &None)
        );
        let none: BusinessList = serde_json::from_value(json!({})).unwrap();
        assert!(none.businesses.is_empty());
    }
}
