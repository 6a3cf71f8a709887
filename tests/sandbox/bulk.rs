//! The bulk endpoints: tags changed on every contact listed (each answered on its own, an
//! unknown one as an error), and contacts moved into and out of a business.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{config, Api};

#[tokio::test]
async fn bulk_tags_change_every_listed_contact() {
    let api = Api::start(config()).await;
    let a = api.create_contact("bulk.a@example.com").await["id"].clone();
    let b = api.create_contact("bulk.b@example.com").await["id"].clone();
    let location = api.location().to_owned();

    let add = json!({"locationId": location, "contacts": [a, b, "nope"], "tags": ["x", "y"]});
    let (status, added) = api
        .send(Method::POST, "/contacts/bulk/tags/update/add", add)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(
        (&added["succeded"], &added["errorCount"]),
        (&json!(false), &json!(1))
    );
    assert_eq!(added["responses"][0]["tagsAdded"], json!(["x", "y"]));
    assert_eq!(added["responses"][2]["type"], "error");

    let remove = json!({"locationId": location, "contacts": [a], "tags": ["x"]});
    let (_, removed) = api
        .send(Method::POST, "/contacts/bulk/tags/update/remove", remove)
        .await;
    assert_eq!(removed["responses"][0]["tagsRemoved"], json!(["x"]));
    let everything =
        json!({"locationId": location, "contacts": [b], "tags": [], "removeAllTags": true});
    api.send(
        Method::POST,
        "/contacts/bulk/tags/update/remove",
        everything,
    )
    .await;
    for (id, tags) in [(&a, json!(["y"])), (&b, json!([]))] {
        let (_, read) = api
            .get(&format!("/contacts/{}", id.as_str().unwrap()))
            .await;
        assert_eq!(read["contact"]["tags"], tags);
    }

    let wrong =
        json!({"locationId": location, "contacts": [a], "tags": ["x"], "removeAllTags": true});
    let (status, body) = api
        .send(Method::POST, "/contacts/bulk/tags/update/add", wrong)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["message"],
        json!(["removeAllTags can only be used with remove"])
    );
    let (status, _) = api
        .send(Method::POST, "/contacts/bulk/tags/update/swap", json!({}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn bulk_business_moves_contacts_in_and_out() {
    let api = Api::start(config()).await;
    let id = api.create_contact("bulk.business@example.com").await["id"].clone();
    let location = api.location().to_owned();
    let into = json!({"locationId": location, "ids": [id, "nope"], "businessId": "biz1"});
    let (status, moved) = api
        .send(Method::POST, "/contacts/bulk/business", into)
        .await;
    assert_eq!(
        (status, moved),
        (StatusCode::OK, json!({"success": true, "ids": [id]}))
    );
    let (_, read) = api
        .get(&format!("/contacts/{}", id.as_str().unwrap()))
        .await;
    assert_eq!(read["contact"]["businessId"], "biz1");

    let out = json!({"locationId": location, "ids": [id], "businessId": null});
    api.send(Method::POST, "/contacts/bulk/business", out).await;
    let (_, read) = api
        .get(&format!("/contacts/{}", id.as_str().unwrap()))
        .await;
    assert!(read["contact"].get("businessId").is_none(), "{read}");

    let (status, body) = api
        .send(
            Method::POST,
            "/contacts/bulk/business",
            json!({"locationId": location, "ids": [id]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], json!(["businessId must be a string"]));
    api.sandbox.shutdown().await;
}
