//! Writes: validation as 422s, contacts, tasks and tags created, changed and removed.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{config, Api};

#[tokio::test]
async fn validation_failures_are_422_with_message_arrays() {
    let api = Api::start(config()).await;
    let too_many = format!("/contacts/?locationId={}&limit=101", api.location());
    assert_eq!(
        api.get(&too_many).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({
                "statusCode": 422,
                "message": ["limit must not be greater than 100"],
                "error": "Unprocessable Entity"
            })
        )
    );

    let contact_id = api.first_contact_id().await;
    let contact = format!("/contacts/{contact_id}");
    let cases = [
        (
            Method::POST,
            format!("{contact}/tasks"),
            json!({"title": 7, "dueDate": "next week", "body": "x"}),
            json!([
                "title must be a string",
                "dueDate must be a valid ISO 8601 date string",
                "completed must be a boolean value"
            ]),
        ),
        (
            Method::POST,
            "/contacts/".to_owned(),
            json!({"locationId": api.location(), "email": "not-an-email"}),
            json!(["email must be an email"]),
        ),
        // UpdateContactDto has no locationId: sending one is refused, not ignored.
        (
            Method::PUT,
            contact.clone(),
            json!({"locationId": api.location(), "firstName": "Ann"}),
            json!(["property locationId should not exist"]),
        ),
        (
            Method::POST,
            format!("{contact}/tags"),
            json!({"tags": "vip"}),
            json!(["tags must be an array"]),
        ),
    ];
    for (method, path, sent, messages) in cases {
        let (status, body) = api.send(method, &path, sent).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(body["message"], messages, "{path}");
    }
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn contacts_are_created_read_updated_and_deleted() {
    let api = Api::start(config()).await;
    let create = json!({
        "locationId": api.location(),
        "firstName": "Rosan",
        "lastName": "Deo",
        "email": "Rosan@Deos.example",
        "phone": "+1 888-888-8888",
        "tags": ["first", "second"],
        "dateOfBirth": "1990-09-25",
    });
    let (status, created) = api.send(Method::POST, "/contacts/", create).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let contact = &created["contact"];
    let id = contact["id"].as_str().unwrap();
    assert_eq!(id.len(), 20);
    assert_eq!(contact["phone"], "+18888888888");
    assert_eq!(contact["emailLowerCase"], "rosan@deos.example");
    assert_eq!(contact["dateOfBirth"], "1990-09-25T00:00:00.000Z");
    assert!(contact.get("businessId").is_none());

    let (status, read_back) = api.get(&format!("/contacts/{id}")).await;
    assert_eq!((status, &read_back["contact"]), (StatusCode::OK, contact));
    assert_eq!(
        api.first_page(1).await["contacts"][0]["id"],
        id,
        "not the newest"
    );

    let duplicate = json!({"locationId": api.location(), "email": "ROSAN@deos.example"});
    assert_eq!(
        api.send(Method::POST, "/contacts/", duplicate).await,
        (
            StatusCode::BAD_REQUEST,
            json!({
                "statusCode": 400,
                "message": "This location does not allow duplicated contacts.",
                "meta": {"contactName": "Rosan Deo", "contactId": id, "matchingField": "email"}
            })
        )
    );

    let update = json!({"tags": ["replaced"], "city": "Dolomite"});
    let (status, updated) = api
        .send(Method::PUT, &format!("/contacts/{id}"), update)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["succeded"], true);
    assert_eq!(updated["contact"]["tags"], json!(["replaced"]));
    let (_, read_back) = api.get(&format!("/contacts/{id}")).await;
    assert_eq!(read_back["contact"]["tags"], json!(["replaced"]));
    assert_eq!(read_back["contact"]["city"], "Dolomite");
    assert_eq!(read_back["contact"]["firstName"], "Rosan");

    let (status, body) = api
        .send(Method::DELETE, &format!("/contacts/{id}"), json!({}))
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"succeded": true})));
    assert_eq!(
        api.get(&format!("/contacts/{id}")).await,
        (
            StatusCode::NOT_FOUND,
            json!({"statusCode": 404, "message": "Contact not found", "error": "Not Found"})
        )
    );
    let (status, _) = api.get(&format!("/contacts/{id}/tasks")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn tasks_are_created_updated_completed_and_deleted() {
    let api = Api::start(config()).await;
    let contact = api.create_contact("tasks@sandbox.example").await;
    let tasks = format!("/contacts/{}/tasks", contact["id"].as_str().unwrap());
    let create =
        json!({"title": "Send proposal", "dueDate": "2025-06-20T09:30:00Z", "completed": false});
    let (status, created) = api.send(Method::POST, &tasks, create).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let task = &created["task"];
    assert_eq!(task["dueDate"], "2025-06-20T09:30:00.000Z");
    assert_eq!(task["contactId"], contact["id"]);
    let one = format!("{tasks}/{}", task["id"].as_str().unwrap());

    let (_, list) = api.get(&tasks).await;
    assert_eq!(list["tasks"], json!([task]));

    let (status, updated) = api
        .send(
            Method::PUT,
            &one,
            json!({"title": "Send the proposal", "body": "v2"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["task"]["title"], "Send the proposal");
    assert_eq!(updated["task"]["completed"], false);

    let (status, completed) = api
        .send(
            Method::PUT,
            &format!("{one}/completed"),
            json!({"completed": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(completed["task"]["completed"], true);
    assert_eq!(api.get(&one).await.1["task"]["completed"], true);

    let (status, body) = api
        .send(Method::PUT, &format!("{one}/completed"), json!({}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["message"],
        json!(["completed must be a boolean value"])
    );

    let (status, body) = api.send(Method::DELETE, &one, json!({})).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"succeded": true})));
    assert_eq!(
        api.get(&one).await,
        (
            StatusCode::NOT_FOUND,
            json!({"statusCode": 404, "message": "Task not found", "error": "Not Found"})
        )
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn added_tags_are_deduplicated_in_order() {
    let api = Api::start(config()).await;
    let create = json!({"locationId": api.location(), "email": "tags@sandbox.example", "tags": ["vip", "lead"]});
    let (_, created) = api.send(Method::POST, "/contacts/", create).await;
    let path = format!(
        "/contacts/{}/tags",
        created["contact"]["id"].as_str().unwrap()
    );
    let (status, body) = api
        .send(
            Method::POST,
            &path,
            json!({"tags": ["newsletter", "vip", "newsletter", "referral"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        body,
        json!({"tags": ["vip", "lead", "newsletter", "referral"]})
    );
    api.sandbox.shutdown().await;
}
