//! The duplicate search and upsert: the requests on the wire, and a round trip against the
//! sandbox (created, found, updated).

use contact_desk::highlevel::ContactFields;
use mockito::Matcher;
use serde_json::json;

use crate::sandbox::{client, sandbox};
use crate::support::{contact_json, json_reply, query, Harness, LOCATION};

#[tokio::test]
async fn duplicate_search_and_upsert_send_the_documented_requests() {
    let mut h = Harness::new().await;
    let found = json_reply(
        h.expect("GET", "/contacts/search/duplicate")
            .match_query(query(&[
                ("locationId", LOCATION),
                ("email", "a+b@example.com"),
            ])),
        200,
        json!({"contact": null}),
    )
    .create_async()
    .await;
    let upsert = json_reply(
        h.expect("POST", "/contacts/upsert")
            .match_body(Matcher::Json(
                json!({"locationId": LOCATION, "email": "a+b@example.com"}),
            )),
        200,
        json!({"new": true, "contact": contact_json("c9"), "traceId": "t"}),
    )
    .expect(1)
    .create_async()
    .await;

    let contacts = h.client.interactive().contacts();
    let none = contacts
        .duplicate(Some("a+b@example.com"), None)
        .await
        .unwrap();
    assert_eq!(none, None);
    let fields = ContactFields {
        email: Some("a+b@example.com".into()),
        ..ContactFields::default()
    };
    let upserted = contacts.upsert(&fields).await.unwrap();
    assert_eq!((upserted.new, upserted.contact.id.as_str()), (true, "c9"));
    found.assert_async().await;
    upsert.assert_async().await;
}

#[tokio::test]
async fn upsert_round_trips_against_the_sandbox() {
    let sandbox = sandbox(5).await;
    let contacts = client(&sandbox).interactive().contacts();
    let fields = ContactFields {
        email: Some("upserted@example.com".into()),
        first_name: Some("Ada".into()),
        ..ContactFields::default()
    };
    let created = contacts.upsert(&fields).await.unwrap();
    assert!(created.new);
    let found = contacts
        .duplicate(Some("upserted@example.com"), None)
        .await
        .unwrap();
    assert_eq!(found.map(|c| c.id), Some(created.contact.id.clone()));

    let changes = ContactFields {
        email: Some("upserted@example.com".into()),
        company_name: Some("Engines".into()),
        ..ContactFields::default()
    };
    let updated = contacts.upsert(&changes).await.unwrap();
    assert!(!updated.new);
    assert_eq!(updated.contact.id, created.contact.id);
    let read = contacts.get(&created.contact.id).await.unwrap();
    assert_eq!(
        (read.first_name.as_deref(), read.company_name.as_deref()),
        (Some("Ada"), Some("Engines"))
    );
    sandbox.shutdown().await;
}
