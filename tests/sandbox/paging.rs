//! Listing: cursors to the end, a half cursor, and a business's contacts by skip and limit.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{config, read, Api, VERSION};

#[tokio::test]
async fn paging_visits_every_contact_once_and_ends_with_a_null_cursor() {
    let api = Api::start(config()).await;
    let mut url = api.url(&format!(
        "/contacts/?locationId={}&limit=40",
        api.location()
    ));
    let mut ids = Vec::new();
    let mut order = Vec::new();
    let mut pages = 0;
    loop {
        let response = api
            .http
            .get(&url)
            .bearer_auth(api.sandbox.token())
            .header("Version", VERSION)
            .send()
            .await
            .unwrap();
        let (status, body) = read(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        pages += 1;
        let meta = &body["meta"];
        assert_eq!(meta["total"], 250);
        assert_eq!(meta["currentPage"], pages);
        assert_eq!(
            meta["prevPage"],
            if pages == 1 {
                json!(null)
            } else {
                json!(pages - 1)
            }
        );
        for contact in body["contacts"].as_array().unwrap() {
            ids.push(contact["id"].as_str().unwrap().to_owned());
            order.push((
                contact["dateAdded"].as_str().unwrap().to_owned(),
                contact["id"].as_str().unwrap().to_owned(),
            ));
        }
        match meta["nextPageUrl"].as_str() {
            Some(next) => {
                let last = body["contacts"].as_array().unwrap().last().unwrap();
                assert_eq!(meta["startAfterId"], last["id"]);
                assert!(next.contains("locationId=") && next.contains("limit=40"));
                assert_eq!(meta["nextPage"], pages + 1);
                url = next.to_owned();
            }
            None => {
                assert_eq!(meta["startAfter"], json!(null));
                assert_eq!(meta["startAfterId"], json!(null));
                assert_eq!(meta["nextPage"], json!(null));
                break;
            }
        }
        assert!(pages < 20, "paging does not end");
    }
    assert_eq!(pages, 7);
    assert_eq!(ids.len(), 250);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 250);
    assert!(
        order.windows(2).all(|pair| pair[0] > pair[1]),
        "not newest first"
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn half_a_cursor_silently_lists_page_one_again() {
    let api = Api::start(config()).await;
    let first = api.first_page(20).await;
    let page_one = ids(&first);
    let meta = &first["meta"];
    let base = format!("/contacts/?locationId={}&limit=20", api.location());
    let halves = [
        format!(
            "{base}&startAfterId={}",
            meta["startAfterId"].as_str().unwrap()
        ),
        format!("{base}&startAfter={}", meta["startAfter"]),
    ];
    for path in halves {
        let (status, body) = api.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ids(&body), page_one, "{path}");
        assert_eq!(body["meta"]["currentPage"], 1);
    }
    let both = format!(
        "{base}&startAfter={}&startAfterId={}",
        meta["startAfter"],
        meta["startAfterId"].as_str().unwrap()
    );
    let (_, second) = api.get(&both).await;
    assert_ne!(second["contacts"][0]["id"], first["contacts"][0]["id"]);
    assert_eq!(second["meta"]["currentPage"], 2);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn a_business_lists_its_contacts_with_string_skip_and_limit() {
    let api = Api::start(config()).await;
    let mut sizes = std::collections::HashMap::<String, usize>::new();
    for contact in api.first_contacts(100).await {
        if let Some(id) = contact["businessId"].as_str() {
            *sizes.entry(id.to_owned()).or_default() += 1;
        }
    }
    let (business, _) = sizes.iter().max_by_key(|(_, size)| **size).unwrap();
    let base = format!(
        "/contacts/business/{business}?locationId={}",
        api.location()
    );
    let (status, everyone) = api.get(&format!("{base}&limit=100")).await;
    assert_eq!(status, StatusCode::OK);
    let count = everyone["count"].as_u64().unwrap() as usize;
    assert!(count >= sizes[business], "{count}");
    assert!(everyone.get("meta").is_none());
    let members: Vec<&Value> = everyone["contacts"].as_array().unwrap().iter().collect();
    assert!(members.iter().all(|c| c["businessId"] == json!(business)));

    let (_, page) = api.get(&format!("{base}&limit=3&skip=2")).await;
    let expected: Vec<&Value> = members[2..5].iter().map(|c| &c["id"]).collect();
    assert_eq!(
        (ids(&page), page["count"].as_u64().unwrap() as usize),
        (expected, count)
    );

    let (status, body) = api.get(&format!("{base}&skip=two")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], json!(["skip must be a number string"]));
    let (_, unknown) = api
        .get(&format!(
            "/contacts/business/000000000000000000000000?locationId={}",
            api.location()
        ))
        .await;
    assert_eq!(unknown, json!({"contacts": [], "count": 0}));
    api.sandbox.shutdown().await;
}

/// The ids of a page's contacts, in order.
fn ids(page: &Value) -> Vec<&Value> {
    let contacts = page["contacts"].as_array().unwrap();
    contacts.iter().map(|c| &c["id"]).collect()
}
