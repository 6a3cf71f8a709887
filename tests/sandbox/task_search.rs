//! `POST /locations/:locationId/tasks/search`: filters, `limit` (25 by default) and `skip`
//! over a stable order, the live API's `_id`, and HighLevel's refusals.

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{config, Api};

impl Api {
    async fn search_tasks(&self, body: Value) -> (StatusCode, Value) {
        let path = format!("/locations/{}/tasks/search", self.location());
        self.send(Method::POST, &path, body).await
    }

    async fn found_tasks(&self, body: Value) -> Vec<Value> {
        let (status, answer) = self.search_tasks(body).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        answer["tasks"].as_array().unwrap().clone()
    }
}

fn ids(tasks: &[Value]) -> Vec<String> {
    tasks
        .iter()
        .map(|t| t["_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn skip_pages_the_pending_set_in_a_stable_order() {
    let api = Api::start(config()).await;
    assert_eq!(
        api.found_tasks(json!({})).await.len(),
        25,
        "the default limit"
    );

    let mut pending = Vec::new();
    loop {
        let page = api
            .found_tasks(json!({"completed": false, "limit": 40, "skip": pending.len()}))
            .await;
        assert!(page.iter().all(|task| task["completed"] == false));
        if page.is_empty() {
            break;
        }
        pending.extend(ids(&page));
    }
    let unique: HashSet<&String> = pending.iter().collect();
    assert_eq!(unique.len(), pending.len(), "no task twice");
    let all = api.found_tasks(json!({"limit": 10_000})).await;
    let open = all.iter().filter(|task| task["completed"] == false).count();
    assert_eq!(pending.len(), open);
    assert!(all
        .iter()
        .all(|task| task.get("id").is_none() && task["dateAdded"].is_string()));
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn contact_ids_assignees_and_text_narrow_the_search() {
    let api = Api::start(config()).await;
    let all = api.found_tasks(json!({"limit": 10_000})).await;
    let task = &all[0];
    let contact_id = task["contactId"].as_str().unwrap();
    let of_contact = api
        .found_tasks(json!({"contactId": [contact_id, "noSuchContact"], "limit": 100}))
        .await;
    let expected: Vec<&Value> = all
        .iter()
        .filter(|t| t["contactId"] == contact_id)
        .collect();
    assert_eq!(of_contact.len(), expected.len());
    assert_eq!(of_contact[0]["contactDetails"]["id"], contact_id);

    let title = task["title"].as_str().unwrap();
    let by_title = api
        .found_tasks(json!({"query": title.to_uppercase(), "limit": 10_000}))
        .await;
    assert!(by_title.iter().all(|t| t["title"] == title) && !by_title.is_empty());

    if let Some(assignee) = task["assignedTo"].as_str() {
        let assigned = api
            .found_tasks(json!({"assignedTo": [assignee], "limit": 10_000}))
            .await;
        assert!(assigned.iter().all(|t| t["assignedTo"] == assignee));
    }
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn bad_bodies_and_other_locations_are_refused() {
    let api = Api::start(config()).await;
    let (status, answer) = api
        .search_tasks(json!({"contactId": "c1", "completed": "no", "limit": -1, "sort": 1}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer["message"],
        json!([
            "property sort should not exist",
            "contactId must be an array",
            "completed must be a boolean value",
            "limit must be a number conforming to the specified constraints",
        ])
    );
    let other = "/locations/someOtherLocation12/tasks/search";
    assert_eq!(
        api.send(Method::POST, other, json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    api.sandbox.shutdown().await;
}
