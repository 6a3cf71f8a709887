//! The bulk endpoints: the requests on the wire (the location added by the client, the
//! change in the path), and a round trip against the sandbox.

use contact_desk::highlevel::{BulkBusiness, BulkTags, TagChange};
use mockito::Matcher;
use serde_json::json;

use crate::listing::first_contact_id;
use crate::sandbox::{client, sandbox};
use crate::support::{json_reply, Harness, LOCATION};

#[tokio::test]
async fn bulk_writes_send_the_documented_bodies() {
    let mut h = Harness::new().await;
    let tags = json_reply(
        h.expect("POST", "/contacts/bulk/tags/update/remove")
            .match_body(Matcher::Json(json!({"locationId": LOCATION, "contacts": ["c1"], "tags": ["old"]}))),
        201,
        json!({"succeded": true, "errorCount": 0, "responses": [{"contactId": "c1", "type": "success", "tagsRemoved": ["old"]}]}),
    )
    .expect(1)
    .create_async()
    .await;
    let business = json_reply(
        h.expect("POST", "/contacts/bulk/business")
            .match_body(Matcher::Json(
                json!({"locationId": LOCATION, "ids": ["c1"], "businessId": null}),
            )),
        200,
        json!({"success": true, "ids": ["c1"]}),
    )
    .create_async()
    .await;

    let bulk = h.client.interactive().bulk();
    let body = BulkTags {
        contacts: vec!["c1".into()],
        tags: vec!["old".into()],
        remove_all_tags: None,
    };
    let result = bulk.tags(TagChange::Remove, &body).await.unwrap();
    assert_eq!(result.responses[0].tags_removed, ["old"]);
    assert_eq!(h.last_record().path, "/contacts/bulk/tags/update/:type");
    let out = BulkBusiness {
        ids: vec!["c1".into()],
        business_id: None,
    };
    assert_eq!(bulk.business(&out).await.unwrap().ids, ["c1"]);
    tags.assert_async().await;
    business.assert_async().await;
}

#[tokio::test]
async fn bulk_writes_round_trip_against_the_sandbox() {
    let sandbox = sandbox(5).await;
    let api = client(&sandbox).interactive();
    let contact_id = first_contact_id(&api).await;
    let body = BulkTags {
        contacts: vec![contact_id.clone()],
        tags: vec!["bulk-tag".into()],
        remove_all_tags: None,
    };
    for (change, tagged) in [(TagChange::Add, true), (TagChange::Remove, false)] {
        let result = api.bulk().tags(change, &body).await.unwrap();
        assert_eq!(result.succeded, Some(true));
        let tags = api.contacts().get(&contact_id).await.unwrap().tags;
        assert_eq!(tags.contains(&"bulk-tag".into()), tagged, "{change:?}");
    }

    let into = BulkBusiness {
        ids: vec![contact_id.clone()],
        business_id: Some("bizBulk".into()),
    };
    api.bulk().business(&into).await.unwrap();
    let contact = api.contacts().get(&contact_id).await.unwrap();
    assert_eq!(contact.business_id.as_deref(), Some("bizBulk"));
    sandbox.shutdown().await;
}
