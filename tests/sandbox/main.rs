//! The sandbox's contract, checked from outside with a raw HTTP client over loopback:
//! HighLevel's paths, status codes, bodies, headers and quirks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod agency;
mod auth;
mod bulk;
mod calendars;
mod churn;
mod data;
mod enrollments;
mod faults;
mod notes;
mod paging;
mod scopes;
mod sdk;
mod search;
mod stats;
mod task_search;
mod upsert;
mod writes;

use contact_desk::sandbox::{OAuthApp, Sandbox, SandboxConfig};
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

    /// GETs `path` as `token` (none: anonymously) with `version` as the Version header
    /// (none: without one).
    async fn get_as(
        &self,
        path: &str,
        token: Option<&str>,
        version: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self.http.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(version) = version {
            request = request.header("Version", version);
        }
        request.send().await.unwrap()
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

    /// The contacts of the first page of `limit`.
    async fn first_contacts(&self, limit: u32) -> Vec<Value> {
        let page = self.first_page(limit).await;
        page["contacts"].as_array().unwrap().clone()
    }

    /// The id of the first contact listed.
    async fn first_contact_id(&self) -> String {
        let page = self.first_page(1).await;
        page["contacts"][0]["id"].as_str().unwrap().to_owned()
    }

    /// Contacts whose name, email, phone or company contains `query`.
    async fn search_total(&self, query: &str) -> u64 {
        let path = format!("/contacts/?locationId={}&query={query}", self.location());
        let (_, body) = self.get(&path).await;
        body["meta"]["total"].as_u64().unwrap()
    }

    /// Runs the chooser and `POST /oauth/token` for `user_type` (`Location` or `Company`):
    /// the grant's JSON.
    async fn grant(&self, app: &OAuthApp, user_type: &str) -> Value {
        let redirect_uri = "https://app.example.com/oauth/callback";
        let chooser = self.http.get(self.url("/oauth/chooselocation")).query(&[
            ("response_type", "code"),
            ("client_id", app.client_id.as_str()),
            ("redirect_uri", redirect_uri),
            ("state", "s"),
        ]);
        let chosen = chooser.send().await.unwrap();
        let landed = url::Url::parse(header(&chosen, "location")).unwrap();
        let code = landed
            .query_pairs()
            .find(|(key, _)| key == "code")
            .map(|(_, value)| value.into_owned())
            .unwrap();
        let form = [
            ("client_id", app.client_id.as_str()),
            ("client_secret", app.client_secret.as_str()),
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("user_type", user_type),
            ("redirect_uri", redirect_uri),
        ];
        let sent = self.http.post(self.url("/oauth/token")).form(&form).send();
        let (status, body) = read(sent.await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
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
