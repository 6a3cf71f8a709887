//! The duplicate rule: `GET /contacts/search/duplicate` finds by email, then phone, and
//! `POST /contacts/upsert` updates what it finds or creates.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{config, Api};

#[tokio::test]
async fn upsert_creates_then_updates_what_the_duplicate_rule_finds() {
    let api = Api::start(config()).await;
    let location = api.location().to_owned();
    let first =
        json!({"locationId": location, "email": "Upsert.Me@example.com", "firstName": "Ann"});
    let (status, created) = api.send(Method::POST, "/contacts/upsert", first).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["new"], true);
    let id = created["contact"]["id"].clone();

    let again = json!({"locationId": location, "email": "upsert.me@example.com", "city": "Lyon"});
    let (_, updated) = api.send(Method::POST, "/contacts/upsert", again).await;
    assert_eq!(
        (&updated["new"], &updated["contact"]["id"]),
        (&json!(false), &id)
    );
    assert_eq!(updated["contact"]["firstName"], "Ann");
    assert_eq!(updated["contact"]["city"], "Lyon");

    let found = duplicate(
        &api,
        &format!("email=UPSERT.ME%40example.com&locationId={location}"),
    )
    .await;
    assert_eq!(found["contact"]["id"], id);
    let none = duplicate(
        &api,
        &format!("email=nobody%40example.com&locationId={location}"),
    )
    .await;
    assert_eq!(none, json!({"contact": null}));

    let (status, _) = api
        .send(
            Method::POST,
            "/contacts/upsert",
            json!({"email": "x@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn an_email_match_keeps_a_phone_that_is_another_contacts() {
    let api = Api::start(config()).await;
    let location = api.location().to_owned();
    let by_phone = json!({"locationId": location, "phone": "+1 415-555-0100"});
    let (_, phone_owner) = api.send(Method::POST, "/contacts/upsert", by_phone).await;
    let by_email = json!({"locationId": location, "email": "mail.owner@example.com"});
    let (_, email_owner) = api.send(Method::POST, "/contacts/upsert", by_email).await;

    let found = duplicate(
        &api,
        &format!("number=%2B14155550100&locationId={location}"),
    )
    .await;
    assert_eq!(found["contact"]["id"], phone_owner["contact"]["id"]);

    let both = json!({"locationId": location, "email": "mail.owner@example.com", "phone": "+14155550100", "city": "Oslo"});
    let (status, answer) = api.send(Method::POST, "/contacts/upsert", both).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["contact"]["id"], email_owner["contact"]["id"]);
    assert_eq!(answer["contact"]["city"], "Oslo");
    assert!(answer["contact"].get("phone").is_none(), "{answer}");
    api.sandbox.shutdown().await;
}

async fn duplicate(api: &Api, query: &str) -> Value {
    let (status, body) = api
        .get(&format!("/contacts/search/duplicate?{query}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}
