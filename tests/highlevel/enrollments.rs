//! Followers, campaigns and workflows: the requests on the wire, and a round trip against
//! the sandbox, where an unknown campaign or workflow is HighLevel's 404.

use contact_desk::highlevel::{Error, WorkflowStart};
use contact_desk::sandbox::{CAMPAIGN_IDS, WORKFLOW_IDS};
use mockito::Matcher;
use serde_json::json;

use crate::listing::first_contact_id;
use crate::sandbox::{client, sandbox};
use crate::support::{json_reply, Harness};

#[tokio::test]
async fn enrollment_writes_send_the_documented_requests() {
    let mut h = Harness::new().await;
    let done = json!({"succeded": true});
    let followers = json_reply(
        h.expect("POST", "/contacts/c1/followers")
            .match_body(Matcher::Json(json!({"followers": ["u1"]}))),
        201,
        json!({"followers": ["u0", "u1"], "followersAdded": ["u1"]}),
    )
    .create_async()
    .await;
    let campaign = json_reply(
        h.expect("POST", "/contacts/c1/campaigns/cmp1")
            .match_body(Matcher::Json(json!({}))),
        201,
        done.clone(),
    )
    .expect(1)
    .create_async()
    .await;
    let every = h
        .reply(
            "DELETE",
            "/contacts/c1/campaigns/removeAll",
            200,
            done.clone(),
        )
        .create_async()
        .await;
    let workflow = json_reply(
        h.expect("DELETE", "/contacts/c1/workflow/wf1")
            .match_body(Matcher::Json(
                json!({"eventStartTime": "2026-12-01T09:00:00+01:00"}),
            )),
        200,
        done,
    )
    .create_async()
    .await;

    let api = h.client.interactive();
    let changed = api.followers("c1").add(&["u1".into()]).await.unwrap();
    assert_eq!(
        (changed.followers, changed.followers_added),
        (vec!["u0".into(), "u1".into()], vec!["u1".into()])
    );
    api.campaigns("c1").add("cmp1").await.unwrap();
    assert_eq!(
        h.last_record().path,
        "/contacts/:contactId/campaigns/:campaignId"
    );
    api.campaigns("c1").remove_all().await.unwrap();
    let start = WorkflowStart {
        event_start_time: Some("2026-12-01T09:00:00+01:00".into()),
    };
    api.workflows("c1").remove("wf1", &start).await.unwrap();
    for mock in [followers, campaign, every, workflow] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn enrollments_round_trip_against_the_sandbox() {
    let sandbox = sandbox(5).await;
    let api = client(&sandbox).interactive();
    let contact_id = first_contact_id(&api).await;

    let followers = api.followers(&contact_id);
    followers.add(&["u1".into(), "u2".into()]).await.unwrap();
    let removed = followers.remove(&["u1".into()]).await.unwrap();
    assert_eq!(
        (removed.followers, removed.followers_removed),
        (vec!["u2".into()], vec!["u1".into()])
    );
    let contact = api.contacts().get(&contact_id).await.unwrap();
    assert_eq!(contact.extra["followers"], json!(["u2"]));

    let campaigns = api.campaigns(&contact_id);
    campaigns.add(CAMPAIGN_IDS[1]).await.unwrap();
    campaigns.remove(CAMPAIGN_IDS[1]).await.unwrap();
    campaigns.remove_all().await.unwrap();
    let unknown = campaigns.add("cmpNobodyKnows").await.unwrap_err();
    assert!(matches!(unknown, Error::NotFound { .. }), "{unknown:?}");

    let workflows = api.workflows(&contact_id);
    workflows
        .add(WORKFLOW_IDS[2], &WorkflowStart::default())
        .await
        .unwrap();
    workflows
        .remove(WORKFLOW_IDS[2], &WorkflowStart::default())
        .await
        .unwrap();
    let unknown = workflows
        .add("wfNobodyKnows", &WorkflowStart::default())
        .await;
    assert!(
        matches!(unknown, Err(Error::NotFound { .. })),
        "{unknown:?}"
    );
    sandbox.shutdown().await;
}
