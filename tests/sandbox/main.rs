//! The sandbox's contract, checked from outside with a raw HTTP client over loopback:
//! HighLevel's paths, status codes, bodies, headers and quirks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::time::{Duration, Instant};

use contact_desk::sandbox::{FaultKind, RateLimit, Sandbox, SandboxConfig};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const VERSION: &str = "2021-07-28";

fn config() -> SandboxConfig {
    let mut config = SandboxConfig::seeded(7);
    config.today = jiff::civil::date(2025, 6, 15);
    config
}

/// A started sandbox and a client that speaks to it as HighLevel's clients do.
struct Api {
    sandbox: Sandbox,
    http: reqwest::Client,
}

impl Api {
    async fn start(config: SandboxConfig) -> Self {
        let sandbox = Sandbox::start(config).await.unwrap();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self { sandbox, http }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    /// A request with the full-access token and the Version header.
    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(self.sandbox.token())
            .header("Version", VERSION)
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        read(self.request(Method::GET, path).send().await.unwrap()).await
    }

    async fn send(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        read(self.request(method, path).json(&body).send().await.unwrap()).await
    }

    fn location(&self) -> &str {
        self.sandbox.location_id()
    }

    async fn first_page(&self, limit: u32) -> Value {
        let path = format!("/contacts/?locationId={}&limit={limit}", self.location());
        let (status, body) = self.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    /// Contacts whose name, email, phone or company contains `query`.
    async fn search_total(&self, query: &str) -> u64 {
        let path = format!("/contacts/?locationId={}&query={query}", self.location());
        let (_, body) = self.get(&path).await;
        body["meta"]["total"].as_u64().unwrap()
    }

    async fn create_contact(&self, email: &str) -> Value {
        let body = json!({"locationId": self.location(), "firstName": "Test", "email": email});
        let (status, body) = self.send(Method::POST, "/contacts/", body).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["contact"].clone()
    }
}

async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, body)
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

const RATE_LIMIT_HEADERS: [&str; 5] = [
    "x-ratelimit-limit-daily",
    "x-ratelimit-daily-remaining",
    "x-ratelimit-interval-milliseconds",
    "x-ratelimit-max",
    "x-ratelimit-remaining",
];

#[tokio::test]
async fn a_missing_or_unknown_token_gets_401() {
    let api = Api::start(config()).await;
    let path = format!("/contacts/?locationId={}", api.location());
    let anonymous = api
        .http
        .get(api.url(&path))
        .header("Version", VERSION)
        .send()
        .await
        .unwrap();
    for name in RATE_LIMIT_HEADERS {
        header(&anonymous, name);
    }
    assert_eq!(
        read(anonymous).await,
        (
            StatusCode::UNAUTHORIZED,
            json!({"statusCode": 401, "message": "Invalid JWT"})
        )
    );
    let wrong = api
        .http
        .get(api.url(&path))
        .bearer_auth("sandbox-token-00000000000000000000000000000000")
        .header("Version", VERSION)
        .send()
        .await
        .unwrap();
    assert_eq!(
        read(wrong).await,
        (
            StatusCode::UNAUTHORIZED,
            json!({"statusCode": 401, "message": "Invalid JWT"})
        )
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn the_version_header_is_required() {
    let api = Api::start(config()).await;
    let path = format!("/contacts/?locationId={}", api.location());
    let without = api
        .http
        .get(api.url(&path))
        .bearer_auth(api.sandbox.token())
        .send()
        .await
        .unwrap();
    assert_eq!(
        read(without).await,
        (
            StatusCode::BAD_REQUEST,
            json!({"statusCode": 400, "message": "Version header was not found"})
        )
    );
    let other = api
        .http
        .get(api.url(&path))
        .bearer_auth(api.sandbox.token())
        .header("Version", "2021-04-15")
        .send()
        .await
        .unwrap();
    assert_eq!(
        read(other).await,
        (
            StatusCode::BAD_REQUEST,
            json!({"statusCode": 400, "message": "Invalid version"})
        )
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn another_or_a_missing_location_gets_403() {
    let api = Api::start(config()).await;
    let forbidden = json!({
        "statusCode": 403,
        "message": "The token does not have access to this location."
    });
    for path in [
        "/contacts/?locationId=someOtherLocation12",
        "/contacts/?limit=10",
        "/contacts/business/641c094001436dbc2081e642?limit=10",
    ] {
        assert_eq!(
            api.get(path).await,
            (StatusCode::FORBIDDEN, forbidden.clone()),
            "{path}"
        );
    }
    let contact_id = api.first_page(1).await["contacts"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let elsewhere = format!("/contacts/{contact_id}/tasks?locationId=someOtherLocation12");
    assert_eq!(
        api.get(&elsewhere).await,
        (StatusCode::FORBIDDEN, forbidden.clone())
    );
    let create = json!({"locationId": "someOtherLocation12", "email": "a@b.example"});
    assert_eq!(
        api.send(Method::POST, "/contacts/", create).await,
        (StatusCode::FORBIDDEN, forbidden.clone())
    );

    // The second page, asked for as peers did: the cursor without the locationId.
    let first = api.first_page(100).await;
    let next = first["meta"]["nextPageUrl"].as_str().unwrap();
    let mut url = url::Url::parse(next).unwrap();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != "locationId")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut().clear().extend_pairs(kept);
    let path = format!("{}?{}", url.path(), url.query().unwrap());
    assert_eq!(api.get(&path).await, (StatusCode::FORBIDDEN, forbidden));
    api.sandbox.shutdown().await;
}

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

    let contact_id = api.first_page(1).await["contacts"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let task = json!({"title": 7, "dueDate": "next week", "body": "x"});
    let (status, body) = api
        .send(Method::POST, &format!("/contacts/{contact_id}/tasks"), task)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["message"],
        json!([
            "title must be a string",
            "dueDate must be a valid ISO 8601 date string",
            "completed must be a boolean value"
        ])
    );

    let bad_email = json!({"locationId": api.location(), "email": "not-an-email"});
    let (status, body) = api.send(Method::POST, "/contacts/", bad_email).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], json!(["email must be an email"]));

    // UpdateContactDto has no locationId: sending one is refused, not ignored.
    let update = json!({"locationId": api.location(), "firstName": "Ann"});
    let (status, body) = api
        .send(Method::PUT, &format!("/contacts/{contact_id}"), update)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["message"],
        json!(["property locationId should not exist"])
    );

    let tags = json!({"tags": "vip"});
    let (status, body) = api
        .send(Method::POST, &format!("/contacts/{contact_id}/tags"), tags)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], json!(["tags must be an array"]));
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn exceeding_the_rate_limit_gets_429_and_is_not_processed() {
    let mut config = config();
    config.rate_limit = RateLimit {
        max: 5,
        interval: Duration::from_secs(1),
    };
    let api = Api::start(config).await;
    let path = format!("/contacts/?locationId={}&limit=1", api.location());
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let response = api.request(Method::GET, &path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "x-ratelimit-max"), "5");
        assert_eq!(
            header(&response, "x-ratelimit-interval-milliseconds"),
            "1000"
        );
        assert_eq!(header(&response, "x-ratelimit-limit-daily"), "200000");
        remaining.push(header(&response, "x-ratelimit-remaining").to_owned());
    }
    assert_eq!(remaining, ["4", "3", "2", "1", "0"]);

    let email = "over.the.limit@sandbox.example";
    let create = json!({"locationId": api.location(), "email": email});
    let refused = api
        .request(Method::POST, "/contacts/")
        .json(&create)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    for name in RATE_LIMIT_HEADERS {
        header(&refused, name);
    }
    assert_eq!(header(&refused, "x-ratelimit-remaining"), "0");
    assert_eq!(header(&refused, "x-ratelimit-daily-remaining"), "199995");
    assert!(refused.headers().get("retry-after").is_none());
    assert_eq!(
        read(refused).await.1,
        json!({"statusCode": 429, "message": "Too Many Requests"})
    );
    assert_eq!(api.sandbox.rate_limited_count(), 1);
    assert_eq!(api.sandbox.max_requests_in_window(), 6);

    tokio::time::sleep(Duration::from_millis(1_050)).await;
    assert_eq!(
        api.search_total("over.the.limit").await,
        0,
        "the 429'd create ran"
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn paging_visits_every_contact_once_and_ends_with_a_null_cursor() {
    let api = Api::start(config()).await;
    let mut url = api.url(&format!(
        "/contacts/?locationId={}&limit=40",
        api.location()
    ));
    let mut ids = Vec::new();
    let mut order = Vec::new();
    let mut pages = 0;
    loop {
        let response = api
            .http
            .get(&url)
            .bearer_auth(api.sandbox.token())
            .header("Version", VERSION)
            .send()
            .await
            .unwrap();
        let (status, body) = read(response).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        pages += 1;
        let meta = &body["meta"];
        assert_eq!(meta["total"], 250);
        assert_eq!(meta["currentPage"], pages);
        assert_eq!(
            meta["prevPage"],
            if pages == 1 {
                json!(null)
            } else {
                json!(pages - 1)
            }
        );
        for contact in body["contacts"].as_array().unwrap() {
            ids.push(contact["id"].as_str().unwrap().to_owned());
            order.push((
                contact["dateAdded"].as_str().unwrap().to_owned(),
                contact["id"].as_str().unwrap().to_owned(),
            ));
        }
        match meta["nextPageUrl"].as_str() {
            Some(next) => {
                let last = body["contacts"].as_array().unwrap().last().unwrap();
                assert_eq!(meta["startAfterId"], last["id"]);
                assert!(next.contains("locationId=") && next.contains("limit=40"));
                assert_eq!(meta["nextPage"], pages + 1);
                url = next.to_owned();
            }
            None => {
                assert_eq!(meta["startAfter"], json!(null));
                assert_eq!(meta["startAfterId"], json!(null));
                assert_eq!(meta["nextPage"], json!(null));
                break;
            }
        }
        assert!(pages < 20, "paging does not end");
    }
    assert_eq!(pages, 7);
    assert_eq!(ids.len(), 250);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 250);
    assert!(
        order.windows(2).all(|pair| pair[0] > pair[1]),
        "not newest first"
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn half_a_cursor_silently_lists_page_one_again() {
    let api = Api::start(config()).await;
    let first = api.first_page(20).await;
    let page_one: Vec<&Value> = first["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["id"])
        .collect();
    let meta = &first["meta"];
    let base = format!("/contacts/?locationId={}&limit=20", api.location());
    let halves = [
        format!(
            "{base}&startAfterId={}",
            meta["startAfterId"].as_str().unwrap()
        ),
        format!("{base}&startAfter={}", meta["startAfter"]),
    ];
    for path in halves {
        let (status, body) = api.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        let ids: Vec<&Value> = body["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["id"])
            .collect();
        assert_eq!(ids, page_one, "{path}");
        assert_eq!(body["meta"]["currentPage"], 1);
    }
    let both = format!(
        "{base}&startAfter={}&startAfterId={}",
        meta["startAfter"],
        meta["startAfterId"].as_str().unwrap()
    );
    let (_, second) = api.get(&both).await;
    assert_ne!(second["contacts"][0]["id"], first["contacts"][0]["id"]);
    assert_eq!(second["meta"]["currentPage"], 2);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn a_business_lists_its_contacts_with_string_skip_and_limit() {
    let api = Api::start(config()).await;
    let all = api.first_page(100).await;
    let mut sizes = std::collections::HashMap::<String, usize>::new();
    for contact in all["contacts"].as_array().unwrap() {
        if let Some(id) = contact["businessId"].as_str() {
            *sizes.entry(id.to_owned()).or_default() += 1;
        }
    }
    let (business, _) = sizes.iter().max_by_key(|(_, size)| **size).unwrap();
    let base = format!(
        "/contacts/business/{business}?locationId={}",
        api.location()
    );
    let (status, everyone) = api.get(&format!("{base}&limit=100")).await;
    assert_eq!(status, StatusCode::OK);
    let count = everyone["count"].as_u64().unwrap() as usize;
    assert!(count >= sizes[business], "{count}");
    assert!(everyone.get("meta").is_none());
    let members: Vec<&Value> = everyone["contacts"].as_array().unwrap().iter().collect();
    assert!(members.iter().all(|c| c["businessId"] == json!(business)));

    let (_, page) = api.get(&format!("{base}&limit=3&skip=2")).await;
    let ids: Vec<&Value> = page["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["id"])
        .collect();
    let expected: Vec<&Value> = members[2..5].iter().map(|c| &c["id"]).collect();
    assert_eq!(
        (ids, page["count"].as_u64().unwrap() as usize),
        (expected, count)
    );

    let (status, body) = api.get(&format!("{base}&skip=two")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], json!(["skip must be a number string"]));
    let (_, unknown) = api
        .get(&format!(
            "/contacts/business/000000000000000000000000?locationId={}",
            api.location()
        ))
        .await;
    assert_eq!(unknown, json!({"contacts": [], "count": 0}));
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

#[tokio::test]
async fn the_readonly_token_reads_but_cannot_write() {
    let config = config();
    let readonly = config.readonly_token.clone().unwrap();
    let api = Api::start(config).await;
    let contact_id = api.first_page(1).await["contacts"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let scope =
        json!({"statusCode": 401, "message": "The token is not authorized for this scope."});
    let as_readonly = |method: Method, path: String| {
        api.http
            .request(method, api.url(&path))
            .bearer_auth(&readonly)
            .header("Version", VERSION)
            .json(&json!({"firstName": "Changed", "tags": ["x"], "locationId": api.location()}))
            .send()
    };
    let (status, _) = read(
        as_readonly(Method::GET, format!("/contacts/{contact_id}"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for (method, path) in [
        (Method::POST, "/contacts/".to_owned()),
        (Method::PUT, format!("/contacts/{contact_id}")),
        (Method::POST, format!("/contacts/{contact_id}/tags")),
        (Method::DELETE, format!("/contacts/{contact_id}")),
    ] {
        let response = as_readonly(method.clone(), path.clone()).await.unwrap();
        assert_eq!(
            read(response).await,
            (StatusCode::UNAUTHORIZED, scope.clone()),
            "{method} {path}"
        );
    }
    let (status, still) = api.get(&format!("/contacts/{contact_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(still["contact"]["firstName"], "Changed");
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn oauth_codes_are_exchanged_once_and_refresh_tokens_rotate() {
    let config = config();
    let app = config.oauth.clone();
    let api = Api::start(config).await;
    let redirect_uri = "http://127.0.0.1:1/callback";
    let choose = |client_id: &str| {
        api.http
            .get(api.url("/oauth/chooselocation"))
            .query(&[
                ("response_type", "code"),
                ("client_id", client_id),
                ("redirect_uri", redirect_uri),
                ("scope", "contacts.readonly contacts.write"),
                ("state", "xyz 1"),
            ])
            .send()
    };
    let unknown = choose("not-our-app").await.unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);

    let chosen = choose(&app.client_id).await.unwrap();
    assert_eq!(chosen.status(), StatusCode::FOUND);
    let location = url::Url::parse(header(&chosen, "location")).unwrap();
    assert!(location.as_str().starts_with(redirect_uri));
    let param = |name: &str| {
        location
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .unwrap()
    };
    assert_eq!(param("state"), "xyz 1");
    let code = param("code");

    let grant = |form: Vec<(&'static str, String)>| {
        api.http.post(api.url("/oauth/token")).form(&form).send()
    };
    let exchange = vec![
        ("client_id", app.client_id.clone()),
        ("client_secret", app.client_secret.clone()),
        ("grant_type", "authorization_code".into()),
        ("code", code),
        ("user_type", "Location".into()),
        ("redirect_uri", redirect_uri.into()),
    ];
    let (status, tokens) = read(grant(exchange.clone()).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["scope"], "contacts.readonly contacts.write");
    assert_eq!(tokens["userType"], "Location");
    assert_eq!(tokens["locationId"], api.location());
    assert_eq!(tokens["expires_in"], 86_399);
    for field in ["companyId", "userId"] {
        assert!(tokens[field].is_string(), "{field}");
    }
    let (status, reused) = read(grant(exchange).await.unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(reused["error"], "invalid_grant");

    let access = tokens["access_token"].as_str().unwrap();
    let path = format!("/contacts/?locationId={}&limit=1", api.location());
    let with_access = |token: String| {
        api.http
            .get(api.url(&path))
            .bearer_auth(token)
            .header("Version", VERSION)
            .send()
    };
    assert_eq!(
        with_access(access.into()).await.unwrap().status(),
        StatusCode::OK
    );

    let refresh = |token: &str| {
        grant(vec![
            ("client_id", app.client_id.clone()),
            ("client_secret", app.client_secret.clone()),
            ("grant_type", "refresh_token".into()),
            ("refresh_token", token.to_owned()),
        ])
    };
    let old_refresh = tokens["refresh_token"].as_str().unwrap();
    let (status, rotated) = read(refresh(old_refresh).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(rotated["refresh_token"], tokens["refresh_token"]);
    assert_ne!(rotated["access_token"], tokens["access_token"]);
    assert_eq!(
        read(refresh(old_refresh).await.unwrap()).await,
        (
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_grant", "error_description": "Invalid grant: refresh token is invalid"})
        )
    );
    let newest = rotated["refresh_token"].as_str().unwrap();
    let (status, _) = read(refresh(newest).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);

    let bad_secret = vec![
        ("client_id", app.client_id.clone()),
        ("client_secret", "wrong".into()),
        ("grant_type", "refresh_token".into()),
        ("refresh_token", "whatever".into()),
    ];
    let (status, body) = read(grant(bad_secret).await.unwrap()).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::UNAUTHORIZED, &json!("invalid_client"))
    );
    assert_eq!(api.sandbox.token_grants(), 6);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn an_expired_access_token_gets_401() {
    let mut config = config();
    config.oauth.access_token_ttl = Duration::from_secs(1);
    let app = config.oauth.clone();
    let api = Api::start(config).await;
    let chosen = api
        .http
        .get(api.url("/oauth/chooselocation"))
        .query(&[
            ("response_type", "code"),
            ("client_id", app.client_id.as_str()),
            ("redirect_uri", "http://127.0.0.1:1/cb"),
        ])
        .send()
        .await
        .unwrap();
    let location = url::Url::parse(header(&chosen, "location")).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let form = [
        ("client_id", app.client_id.as_str()),
        ("client_secret", app.client_secret.as_str()),
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
    ];
    let response = api
        .http
        .post(api.url("/oauth/token"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let (_, tokens) = read(response).await;
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let path = format!("/contacts/?locationId={}&limit=1", api.location());
    let call = || {
        api.http
            .get(api.url(&path))
            .bearer_auth(&access)
            .header("Version", VERSION)
            .send()
    };
    assert_eq!(call().await.unwrap().status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(
        read(call().await.unwrap()).await,
        (
            StatusCode::UNAUTHORIZED,
            json!({"statusCode": 401, "message": "Invalid JWT"})
        )
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn injected_faults_look_like_the_real_failures() {
    let api = Api::start(config()).await;
    let path = format!("/contacts/?locationId={}&limit=5", api.location());
    let get = || api.request(Method::GET, &path).send();

    api.sandbox.inject_faults(FaultKind::ServerError, 1);
    assert_eq!(
        read(get().await.unwrap()).await,
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"statusCode": 500, "message": "Internal server error"})
        )
    );
    assert_eq!(
        get().await.unwrap().status(),
        StatusCode::OK,
        "one fault, then normal"
    );

    for (kind, status, marker) in [
        (
            FaultKind::BadGateway,
            StatusCode::BAD_GATEWAY,
            "<title>502 Bad Gateway</title>",
        ),
        (
            FaultKind::HtmlErrorPage,
            StatusCode::SERVICE_UNAVAILABLE,
            "Service Unavailable",
        ),
    ] {
        api.sandbox.inject_faults(kind, 1);
        let response = get().await.unwrap();
        assert_eq!(response.status(), status);
        assert!(header(&response, "content-type").starts_with("text/html"));
        assert!(response.text().await.unwrap().contains(marker));
    }

    api.sandbox.inject_faults(FaultKind::MalformedJson, 1);
    let response = get().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "content-type").starts_with("application/json"));
    let text = response.text().await.unwrap();
    assert!(!text.is_empty());
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");

    // The headers arrive, then the connection drops before the body is complete.
    api.sandbox.inject_faults(FaultKind::ConnectionReset, 1);
    let response = get().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let reset = response.bytes().await.unwrap_err();
    assert!(reset.is_body() || reset.is_decode(), "{reset:?}");

    api.sandbox.inject_faults(FaultKind::Timeout, 1);
    let started = Instant::now();
    let error = api
        .request(Method::GET, &path)
        .timeout(Duration::from_millis(500))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(500));

    assert_eq!(get().await.unwrap().status(), StatusCode::OK);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn a_failed_create_still_creates_the_contact() {
    let api = Api::start(config()).await;
    api.sandbox.inject_faults(FaultKind::ServerError, 1);
    let create = json!({"locationId": api.location(), "email": "ghost@sandbox.example"});
    let (status, _) = api.send(Method::POST, "/contacts/", create.clone()).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.search_total("ghost@sandbox").await, 1);

    // Retrying the POST, as a client must not, meets the duplicate the failure left behind.
    let (status, body) = api.send(Method::POST, "/contacts/", create).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["meta"]["matchingField"], "email");
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn random_faults_follow_the_seed() {
    let statuses = |seed: u64| async move {
        let mut config = config();
        config.seed = seed;
        config.fault_rate = 0.4;
        config.fault_kinds = vec![FaultKind::ServerError, FaultKind::BadGateway];
        let api = Api::start(config).await;
        let path = format!("/contacts/?locationId={}&limit=1", api.location());
        let mut statuses = Vec::new();
        for _ in 0..40 {
            statuses.push(
                api.request(Method::GET, &path)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16(),
            );
        }
        api.sandbox.shutdown().await;
        statuses
    };
    let first = statuses(11).await;
    assert_eq!(first, statuses(11).await);
    let failures = first.iter().filter(|&&status| status != 200).count();
    assert!(
        (6..=28).contains(&failures),
        "{failures} of 40 failed: {first:?}"
    );
    assert!(first.contains(&500) && first.contains(&502), "{first:?}");
}

#[tokio::test]
async fn latency_delays_every_response() {
    let mut config = config();
    config.latency = Duration::from_millis(250);
    let api = Api::start(config).await;
    let started = Instant::now();
    let (status, _) = api.get("/contacts/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(started.elapsed() >= Duration::from_millis(250));
    api.sandbox.shutdown().await;
}

/// The first page as served, less the next page's URL (which names the sandbox's port).
async fn portless_first_page(api: &Api) -> Value {
    let mut page = api.first_page(50).await;
    page["meta"].as_object_mut().unwrap().remove("nextPageUrl");
    page
}

#[tokio::test]
async fn the_same_seed_and_day_serve_the_same_data() {
    let a = Api::start(config()).await;
    let b = Api::start(config()).await;
    let mut other = config();
    other.seed = 8;
    let c = Api::start(other).await;
    let first = portless_first_page(&a).await;
    assert_eq!(first, portless_first_page(&b).await);
    assert_ne!(first["contacts"], portless_first_page(&c).await["contacts"]);
    let notes = format!(
        "/contacts/{}/notes",
        first["contacts"][3]["id"].as_str().unwrap()
    );
    assert_eq!(a.get(&notes).await, b.get(&notes).await);
    for api in [a, b, c] {
        api.sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn records_have_highlevel_shapes() {
    let api = Api::start(config()).await;
    let page = api.first_page(100).await;
    let contacts = page["contacts"].as_array().unwrap();
    let mut value_types = HashSet::new();
    for contact in contacts {
        for field in contact["customFields"].as_array().unwrap() {
            value_types.insert(match &field["value"] {
                Value::String(_) => "string",
                Value::Number(_) => "number",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
                _ => "other",
            });
        }
    }
    assert_eq!(value_types.len(), 4, "{value_types:?}");
    assert!(contacts.iter().any(|c| c.get("businessId").is_none()));
    assert!(contacts.iter().any(|c| c["dnd"] == true));

    let (mut saw_task, mut saw_appointment) = (false, false);
    for contact in contacts {
        let id = contact["id"].as_str().unwrap();
        let (_, detail) = api.get(&format!("/contacts/{id}")).await;
        assert_eq!(detail["contact"]["followers"], json!([]));
        assert_eq!(detail["contact"]["additionalEmails"], json!([]));
        let (_, tasks) = api.get(&format!("/contacts/{id}/tasks")).await;
        if let Some(task) = tasks["tasks"].as_array().unwrap().first() {
            let due = task["dueDate"].as_str().unwrap();
            assert!(
                due.len() == 24 && due.ends_with('Z') && due.as_bytes()[19] == b'.',
                "{due}"
            );
            saw_task = true;
        }
        let (_, events) = api.get(&format!("/contacts/{id}/appointments")).await;
        if let Some(event) = events["events"].as_array().unwrap().first() {
            let start = event["startTime"].as_str().unwrap();
            assert!(start.len() == 19 && start.as_bytes()[10] == b' ', "{start}");
            assert_eq!(event["contactId"], id);
            saw_appointment = true;
        }
        if saw_task && saw_appointment {
            break;
        }
    }
    assert!(saw_task && saw_appointment);

    let (status, body) = api.get("/contacts/x/y/z").await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({"statusCode": 404, "message": "Cannot GET /contacts/x/y/z", "error": "Not Found"})
        )
    );
    let before = api.sandbox.request_count();
    let first = api
        .request(Method::GET, "/contacts/x")
        .send()
        .await
        .unwrap();
    let second = api
        .request(Method::GET, "/contacts/x")
        .send()
        .await
        .unwrap();
    assert_ne!(header(&first, "traceid"), header(&second, "traceid"));
    assert_eq!(api.sandbox.request_count(), before + 2);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn the_newest_contacts_carry_hostile_strings() {
    let api = Api::start(config()).await;
    let page = api.first_page(20).await;
    let contacts = page["contacts"].as_array().unwrap();
    let values: Vec<String> = contacts
        .iter()
        .flat_map(|c| {
            let fields = ["firstName", "lastName", "companyName", "website"].map(|f| c[f].clone());
            fields
                .into_iter()
                .chain(c["tags"].as_array().unwrap().iter().cloned())
        })
        .filter_map(|value| value.as_str().map(str::to_owned))
        .collect();
    for hostile in [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        r#"=HYPERLINK("http://evil.example","click")"#,
        "+SUM(A1:A9)",
        "-2+3",
        "@cmd",
        "\tTabbed",
        "\rCarriage Return Ltd",
        "javascript:alert(1)",
        "\u{202E}txt.exe",
        "محمد",
        "שרה",
        "👩‍💻 Ada",
        "🚀 launch",
    ] {
        assert!(
            values.iter().any(|v| v == hostile),
            "{hostile:?} missing from the first page"
        );
    }
    assert!(
        values.iter().any(|v| v.chars().count() == 300),
        "no 300-character company"
    );

    let mut longest_note = 0;
    let mut task_titles = Vec::new();
    for contact in contacts {
        let id = contact["id"].as_str().unwrap();
        let (_, notes) = api.get(&format!("/contacts/{id}/notes")).await;
        for note in notes["notes"].as_array().unwrap() {
            longest_note = longest_note.max(note["body"].as_str().unwrap().chars().count());
        }
        let (_, tasks) = api.get(&format!("/contacts/{id}/tasks")).await;
        for task in tasks["tasks"].as_array().unwrap() {
            task_titles.push(task["title"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(longest_note, 5_000);
    assert!(task_titles.iter().any(|t| t.starts_with("=HYPERLINK(")));
    assert!(task_titles.iter().any(|t| t.starts_with('\r')));
    api.sandbox.shutdown().await;
}
