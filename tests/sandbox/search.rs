//! `POST /contacts/search`: HighLevel's 422s, filters and sort, the `searchAfter` cursor past
//! the 10,000 records `page` reaches, `dateUpdated` moved by contact writes only, and the
//! search lag.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{config, Api};

impl Api {
    async fn search(&self, mut body: Value) -> (StatusCode, Value) {
        body["locationId"] = json!(self.location());
        self.send(Method::POST, "/contacts/search", body).await
    }

    /// The ids a successful search answers.
    async fn search_ids(&self, body: Value) -> Vec<String> {
        let (status, page) = self.search(body).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        page["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|contact| contact["id"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The contact added first that has an email: a plain one (the newest are hostile).
    async fn oldest_with_email(&self) -> Value {
        let (_, page) = self
            .search(json!({
                "pageLimit": 1,
                "filters": [{"field": "email", "operator": "exists"}],
                "sort": [{"field": "dateAdded", "direction": "asc"}],
            }))
            .await;
        page["contacts"][0].clone()
    }

    /// Contacts changed at or after `since` (RFC 3339), oldest change first.
    async fn changed_since(&self, since: &str) -> Vec<String> {
        self.search_ids(json!({
            "pageLimit": 100,
            "filters": [{"field": "dateUpdated", "operator": "range", "value": {"gte": since}}],
            "sort": [{"field": "dateUpdated", "direction": "asc"}],
        }))
        .await
    }
}

#[tokio::test]
async fn bodies_highlevel_refuses_get_its_422s() {
    let api = Api::start(config()).await;
    let long = "x".repeat(76);
    let cases = [
        (json!({}), json!(["pageLimit should not be empty"])),
        (
            json!({"pageLimit": 501}),
            json!(["pageLimit must not be greater than 500"]),
        ),
        (
            json!({"pageLimit": 500, "page": 21}),
            json!(["page and pageLimit reach past the first 10000 records; use searchAfter"]),
        ),
        (
            json!({"pageLimit": 10, "page": 2, "searchAfter": [1, "a"]}),
            json!(["page and searchAfter cannot be used together"]),
        ),
        (
            json!({"pageLimit": 10, "query": long}),
            json!(["query must be shorter than or equal to 75 characters"]),
        ),
        (
            json!({"pageLimit": 10, "filters": [{"group": "AND", "filters": [
                {"field": "city", "operator": "eq", "value": long}]}]}),
            json!(["filters.0.filters.0.value must be shorter than or equal to 75 characters"]),
        ),
        (
            json!({"pageLimit": 10, "filters": [{"field": "city", "operator": "like"}]}),
            json!(["filters.0.operator must be one of the following values: eq, not_eq, contains, not_contains, exists, not_exists, range"]),
        ),
    ];
    for (body, messages) in cases {
        let (status, answer) = api.search(body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            answer,
            json!({"statusCode": 422, "message": messages, "error": "Unprocessable Entity"}),
            "{body}"
        );
    }
    let (status, _) = api
        .send(
            Method::POST,
            "/contacts/search",
            json!({"locationId": "someOtherLocation12", "pageLimit": 10}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn the_cursor_goes_on_past_ten_thousand_records_in_a_total_order() {
    let mut config = config();
    config.contacts = 10_120;
    let api = Api::start(config).await;
    let mut body = json!({"pageLimit": 500, "sort": [{"field": "dateAdded", "direction": "asc"}]});
    let mut seen: Vec<(i64, String)> = Vec::new();
    loop {
        let (status, page) = api.search(body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["total"], 10_120);
        let contacts = page["contacts"].as_array().unwrap();
        let Some(last) = contacts.last() else { break };
        for contact in contacts {
            let cursor = &contact["searchAfter"];
            seen.push((
                cursor[0].as_i64().unwrap(),
                cursor[1].as_str().unwrap().into(),
            ));
        }
        body["searchAfter"] = last["searchAfter"].clone();
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen.len(), 10_120);
    assert_eq!(seen, sorted, "ascending, each contact once");
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn filters_groups_query_and_pages_narrow_the_results() {
    let api = Api::start(config()).await;
    let contact = api.oldest_with_email().await;
    let email = contact["email"].as_str().unwrap();
    let by_email = json!({"pageLimit": 10, "filters": [{"group": "OR", "filters": [
        {"field": "email", "operator": "eq", "value": email},
        {"field": "email", "operator": "eq", "value": "nobody@nowhere.example"},
    ]}]});
    assert_eq!(
        api.search_ids(by_email).await,
        [contact["id"].as_str().unwrap()]
    );

    let (_, all) = api.search(json!({"pageLimit": 1})).await;
    let (_, without_email) = api
        .search(json!({"pageLimit": 1, "filters": [{"field": "email", "operator": "not_exists"}]}))
        .await;
    let (_, with_email) = api
        .search(json!({"pageLimit": 1, "filters": [{"field": "email", "operator": "exists"}]}))
        .await;
    let total = |page: &Value| page["total"].as_u64().unwrap();
    assert_eq!(total(&without_email) + total(&with_email), total(&all));

    let by_name = json!({"pageLimit": 5, "query": email});
    assert!(api
        .search_ids(by_name)
        .await
        .contains(&contact["id"].as_str().unwrap().to_owned()));

    let sorted = json!({"pageLimit": 4, "sort": [{"field": "dateAdded", "direction": "desc"}]});
    let first_two_pages = api.search_ids(sorted.clone()).await;
    let mut second = sorted;
    second["pageLimit"] = json!(2);
    second["page"] = json!(2);
    assert_eq!(api.search_ids(second).await, first_two_pages[2..]);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn contact_writes_move_date_updated_and_task_writes_do_not() {
    let api = Api::start(config()).await;
    let contact = api.create_contact("search.moved@example.com").await;
    let id = contact["id"].as_str().unwrap();
    let created = contact["dateUpdated"].as_str().unwrap().to_owned();
    assert!(api.changed_since(&created).await.contains(&id.to_owned()));

    let task = json!({"title": "Call", "dueDate": "2025-06-20T09:00:00Z", "completed": false});
    let (status, _) = api
        .send(Method::POST, &format!("/contacts/{id}/tasks"), task)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, after_task) = api.get(&format!("/contacts/{id}")).await;
    assert_eq!(after_task["contact"]["dateUpdated"], created.as_str());

    let (_, tagged) = api
        .send(
            Method::POST,
            &format!("/contacts/{id}/tags"),
            json!({"tags": ["new"]}),
        )
        .await;
    assert_eq!(tagged["tags"], json!(["new"]));
    let (_, after_tags) = api.get(&format!("/contacts/{id}")).await;
    let moved = after_tags["contact"]["dateUpdated"].as_str().unwrap();
    assert!(moved >= created.as_str());
    assert_eq!(
        api.changed_since(moved).await.last().map(String::as_str),
        Some(id)
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn writes_inside_the_search_lag_are_not_searchable_yet() {
    let mut config = config();
    config.search_lag = Duration::from_secs(3_600);
    let api = Api::start(config).await;
    let existing = api.oldest_with_email().await;
    let existing_id = existing["id"].as_str().unwrap();
    let since = "2000-01-01T00:00:00.000Z";
    let before = api.changed_since(since).await;
    assert_ne!(before[0], existing_id);

    let created = api.create_contact("lagging@example.com").await;
    let created_id = created["id"].as_str().unwrap();
    let created_at = created["dateUpdated"].as_str().unwrap();
    let (status, _) = api
        .send(
            Method::PUT,
            &format!("/contacts/{existing_id}"),
            json!({"firstName": "Renamed"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = api
        .send(
            Method::DELETE,
            &format!("/contacts/{}", before[0]),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // The store has every write; search still serves what it had indexed.
    let (status, _) = api.get(&format!("/contacts/{created_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(api.changed_since(since).await, before);
    assert!(api.changed_since(created_at).await.is_empty());
    let renamed = json!({"pageLimit": 5, "filters": [
        {"field": "firstName", "operator": "eq", "value": "Renamed"}]});
    assert!(api.search_ids(renamed).await.is_empty());
    api.sandbox.shutdown().await;
}
