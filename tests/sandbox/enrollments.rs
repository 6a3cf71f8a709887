//! Followers, campaigns and workflows: followers stored on the contact and sent by its
//! reads, enrollments in the known campaigns and workflows, HighLevel's 404 for others.

use contact_desk::sandbox::{CAMPAIGN_IDS, WORKFLOW_IDS};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{config, Api};

#[tokio::test]
async fn followers_are_added_and_removed_on_the_contact() {
    let api = Api::start(config()).await;
    let contact = format!("/contacts/{}", api.first_contact_id().await);
    let followers = format!("{contact}/followers");

    let (status, added) = api
        .send(Method::POST, &followers, json!({"followers": ["u1", "u2"]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(
        added,
        json!({"followers": ["u1", "u2"], "followersAdded": ["u1", "u2"]})
    );
    let (_, again) = api
        .send(Method::POST, &followers, json!({"followers": ["u2", "u3"]}))
        .await;
    assert_eq!(again["followersAdded"], json!(["u3"]));

    let (status, removed) = api
        .send(
            Method::DELETE,
            &followers,
            json!({"followers": ["u1", "u9"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        removed,
        json!({"followers": ["u2", "u3"], "followersRemoved": ["u1"]})
    );
    let (_, read) = api.get(&contact).await;
    assert_eq!(read["contact"]["followers"], json!(["u2", "u3"]));

    let (status, refused) = api
        .send(Method::POST, &followers, json!({"followers": "u1"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["message"], json!(["followers must be an array"]));
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn known_campaigns_and_workflows_enroll_and_others_are_404() {
    let api = Api::start(config()).await;
    let contact = format!("/contacts/{}", api.first_contact_id().await);
    let campaign = format!("{contact}/campaigns/{}", CAMPAIGN_IDS[0]);
    let workflow = format!("{contact}/workflow/{}", WORKFLOW_IDS[0]);
    let done = json!({"succeded": true});

    let answers = [
        (
            Method::POST,
            campaign.clone(),
            json!({}),
            StatusCode::CREATED,
        ),
        (Method::DELETE, campaign, json!({}), StatusCode::OK),
        (
            Method::DELETE,
            format!("{contact}/campaigns/removeAll"),
            json!({}),
            StatusCode::OK,
        ),
        (
            Method::POST,
            workflow.clone(),
            json!({"eventStartTime": "2026-12-01T09:00:00+01:00"}),
            StatusCode::OK,
        ),
        (Method::DELETE, workflow, json!({}), StatusCode::OK),
    ];
    for (method, path, body, status) in answers {
        let answer = api.send(method, &path, body).await;
        assert_eq!(answer, (status, done.clone()), "{path}");
    }

    let unknown = [
        (
            format!("{contact}/campaigns/cmpUnknown"),
            "Campaign not found",
        ),
        (
            format!("{contact}/workflow/wfUnknown"),
            "Workflow not found",
        ),
    ];
    for (path, message) in unknown {
        let (status, body) = api.send(Method::POST, &path, json!({})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["message"], message);
        assert_eq!(body["statusCode"], 404);
    }
    let (status, body) = api
        .send(
            Method::POST,
            &format!("{contact}/workflow/{}", WORKFLOW_IDS[1]),
            json!({"eventStartTime": "soon"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["message"],
        json!(["eventStartTime must be a valid ISO 8601 date string"])
    );
    api.sandbox.shutdown().await;
}
