//! Scopes: the full token has every one; the read-only token has `contacts.readonly` alone,
//! so it searches contacts but gets HighLevel's 401 scope answer on tasks and calendars.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{config, read, Api, VERSION};

impl Api {
    async fn as_readonly(&self, method: Method, path: &str, body: Option<Value>) -> StatusCode {
        let token = config().readonly_token.unwrap();
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(token)
            .header("Version", VERSION);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let (status, answer) = read(request.send().await.unwrap()).await;
        if status == StatusCode::UNAUTHORIZED {
            assert_eq!(
                answer,
                json!({"statusCode": 401, "message": "The token is not authorized for this scope."})
            );
        }
        status
    }
}

#[tokio::test]
async fn the_read_only_token_searches_contacts_but_not_tasks_or_calendars() {
    let api = Api::start(config()).await;
    let location = api.location().to_owned();
    let search = json!({"locationId": location, "pageLimit": 5});
    let cases = [
        (
            Method::POST,
            "/contacts/search".to_owned(),
            Some(search),
            StatusCode::OK,
        ),
        (
            Method::POST,
            format!("/locations/{location}/tasks/search"),
            Some(json!({})),
            StatusCode::UNAUTHORIZED,
        ),
        (
            Method::GET,
            format!("/calendars/?locationId={location}"),
            None,
            StatusCode::UNAUTHORIZED,
        ),
        (
            Method::GET,
            format!("/calendars/events?locationId={location}&calendarId=x&startTime=0&endTime=1"),
            None,
            StatusCode::UNAUTHORIZED,
        ),
    ];
    for (method, path, body, expected) in cases {
        assert_eq!(
            api.as_readonly(method, &path, body).await,
            expected,
            "{path}"
        );
    }
    let tasks = format!("/locations/{location}/tasks/search");
    let calendars = format!("/calendars/?locationId={location}");
    assert_eq!(
        api.send(Method::POST, &tasks, json!({})).await.0,
        StatusCode::OK
    );
    assert_eq!(api.get(&calendars).await.0, StatusCode::OK);
    api.sandbox.shutdown().await;
}
