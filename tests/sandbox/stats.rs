//! `GET /__sandbox/stats`: every API request counted by method and route template, 401s
//! and 429s included, on a path outside auth and the rate limit.

use contact_desk::sandbox::SandboxStats;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{config, Api, VERSION};

impl Api {
    async fn stats(&self) -> SandboxStats {
        let response = self
            .http
            .get(self.url("/__sandbox/stats"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }
}

#[tokio::test]
async fn requests_are_counted_per_endpoint_refused_ones_included() {
    let mut config = config();
    config.rate_limit = "3/3600s".parse().unwrap();
    let api = Api::start(config).await;
    let id = api.first_contact_id().await;
    let tasks = format!("/contacts/{id}/tasks");
    assert_eq!(api.get(&tasks).await.0, StatusCode::OK);
    let search = json!({"locationId": api.location(), "pageLimit": 1});
    assert_eq!(
        api.send(Method::POST, "/contacts/search", search).await.0,
        StatusCode::OK
    );
    // The window is spent: a 429, then a 401 for a request without a token.
    assert_eq!(api.get(&tasks).await.0, StatusCode::TOO_MANY_REQUESTS);
    let anonymous = api.get_as(&tasks, None, Some(VERSION)).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        api.get("/no/such/route").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );

    let stats = api.stats().await;
    assert_eq!(stats, api.sandbox.stats());
    assert_eq!(stats.total, 6);
    assert_eq!(stats.of("GET /contacts/"), 1);
    assert_eq!(stats.of("GET /contacts/:contactId/tasks"), 3);
    assert_eq!(stats.of("POST /contacts/search"), 1);
    assert_eq!(stats.of("GET (no route)"), 1);
    assert_eq!(
        api.stats().await.total,
        6,
        "reading the stats is not counted"
    );
    api.sandbox.shutdown().await;
}
