//! Note writes and tag removal as HighLevel answers them: created notes listed, changes
//! kept, deletions gone, and the DTOs' 422s.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{config, Api};

#[tokio::test]
async fn a_note_is_created_listed_changed_and_deleted() {
    let api = Api::start(config()).await;
    let notes = format!("/contacts/{}/notes", api.first_contact_id().await);
    let before = listed_ids(&api, &notes).await;

    let sent = json!({"body": "Called, left a message", "title": "Follow-up", "pinned": false});
    let (status, created) = api.send(Method::POST, &notes, sent).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["note"]["id"].as_str().unwrap().to_owned();
    assert_eq!(created["note"]["body"], "Called, left a message");
    assert!(!before.contains(&id));
    assert!(listed_ids(&api, &notes).await.contains(&id));

    let note = format!("{notes}/{id}");
    let (status, changed) = api
        .send(Method::PUT, &note, json!({"pinned": true, "title": null}))
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    let (_, read) = api.get(&note).await;
    assert_eq!(read["note"]["pinned"], true);
    assert_eq!(read["note"]["body"], "Called, left a message");
    assert!(read["note"].get("title").is_none(), "{read}");

    let (status, deleted) = api.send(Method::DELETE, &note, json!({})).await;
    assert_eq!(
        (status, deleted),
        (StatusCode::OK, json!({"succeded": true}))
    );
    assert_eq!(listed_ids(&api, &notes).await, before);
    let (status, _) = api.get(&note).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn note_bodies_are_checked_as_the_dtos_say() {
    let api = Api::start(config()).await;
    let notes = format!("/contacts/{}/notes", api.first_contact_id().await);
    let cases = [
        (
            Method::POST,
            notes.clone(),
            json!({"title": "no body", "color": 3}),
            json!(["body must be a string", "color must be a string"]),
        ),
        (
            Method::POST,
            notes.clone(),
            json!({"body": "x", "contactId": "y"}),
            json!(["property contactId should not exist"]),
        ),
    ];
    for (method, path, sent, messages) in cases {
        let (status, body) = api.send(method, &path, sent).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["message"], messages);
    }
    let unknown = format!("{notes}/nope");
    let (status, _) = api.send(Method::PUT, &unknown, json!({"body": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api.send(Method::DELETE, &unknown, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api
        .send(Method::POST, "/contacts/nope/notes", json!({"body": "x"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn removing_tags_keeps_the_others() {
    let api = Api::start(config()).await;
    let contact = api.create_contact("tags.removed@example.com").await;
    let tags = format!("/contacts/{}/tags", contact["id"].as_str().unwrap());
    let added = json!({"tags": ["vip", "lead", "hot"]});
    let (status, _) = api.send(Method::POST, &tags, added).await;
    assert_eq!(status, StatusCode::CREATED);

    let removed = json!({"tags": ["lead", "never-had"]});
    let (status, body) = api.send(Method::DELETE, &tags, removed).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"tags": ["vip", "hot"]}))
    );
    let (_, read) = api
        .get(&format!("/contacts/{}", contact["id"].as_str().unwrap()))
        .await;
    assert_eq!(read["contact"]["tags"], json!(["vip", "hot"]));

    let (status, body) = api.send(Method::DELETE, &tags, json!({"tags": []})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], json!(["tags should not be empty"]));
    api.sandbox.shutdown().await;
}

async fn listed_ids(api: &Api, notes: &str) -> Vec<String> {
    let (status, body) = api.get(notes).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|note| note["id"].as_str().map(str::to_owned))
        .collect::<Vec<_>>()
}
