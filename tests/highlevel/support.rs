//! A client pointed at a mockito server, with records captured and retries made fast, and
//! the contact it serves.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use contact_desk::highlevel::{Client, ClientConfig, RateBudget, RequestRecord, StaticToken};
use mockito::{Matcher, Mock, ServerGuard};
use secrecy::SecretString;
use serde_json::json;

pub const TOKEN: &str = "test-token-4f1c";
pub const LOCATION: &str = "ve9EPM428h8vShlRW1KT";

pub struct Harness {
    pub server: ServerGuard,
    pub client: Client,
    pub records: Arc<Mutex<Vec<RequestRecord>>>,
}

impl Harness {
    pub async fn new() -> Self {
        Self::with_budget(RateBudget::highlevel_default()).await
    }

    pub async fn with_budget(budget: RateBudget) -> Self {
        let server = mockito::Server::new_async().await;
        let config = fast_config(&server.url());
        let records = Arc::new(Mutex::new(Vec::new()));
        let sink = {
            let records = records.clone();
            move |record: &RequestRecord| records.lock().unwrap().push(record.clone())
        };
        let client = Client::with_parts(
            config,
            Arc::new(StaticToken::new(SecretString::from(TOKEN))),
            Arc::new(budget),
            Some(Arc::new(sink)),
        )
        .unwrap();
        Self {
            server,
            client,
            records,
        }
    }

    /// A mock that insists on HighLevel's three headers, as every request must send them.
    pub fn expect(&mut self, method: &str, path: impl Into<Matcher>) -> Mock {
        self.server
            .mock(method, path)
            .match_header("authorization", format!("Bearer {TOKEN}").as_str())
            .match_header("version", "2021-07-28")
            .match_header("accept", "application/json")
    }

    pub fn last_record(&self) -> RequestRecord {
        self.records
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a request record")
    }
}

/// Quick retries and a short timeout, so failure paths finish fast.
fn fast_config(url: &str) -> ClientConfig {
    let mut config = ClientConfig::new(url, LOCATION).unwrap();
    config.retry_min_delay = Duration::from_millis(5);
    config.retry_max_delay = Duration::from_millis(20);
    config.rate_limit_patience = Duration::from_millis(300);
    config.timeout = Duration::from_millis(1500);
    config
}

/// A loopback server that accepts connections and never answers (mockito cannot stall
/// one response without stalling every test that shares its runtime).
pub struct SilentServer {
    url: String,
    _task: tokio::task::JoinHandle<()>,
}

impl SilentServer {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        Self { url, _task: task }
    }

    pub fn client(&self) -> Client {
        let mut config = fast_config(&self.url);
        config.max_retries = 0;
        config.timeout = Duration::from_millis(300);
        let token = Arc::new(StaticToken::new(SecretString::from(TOKEN)));
        Client::new(config, token).unwrap()
    }
}

pub fn json_reply(mock: Mock, status: usize, body: serde_json::Value) -> Mock {
    mock.with_status(status)
        .with_header("content-type", "application/json")
        .with_body(body.to_string())
}

pub fn query(pairs: &[(&str, &str)]) -> Matcher {
    Matcher::AllOf(
        pairs
            .iter()
            .map(|(name, value)| Matcher::UrlEncoded((*name).into(), (*value).into()))
            .collect(),
    )
}

/// A contact as HighLevel sends it: documented fields, every custom field shape, and
/// fields nobody documented.
pub fn contact_json(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "locationId": LOCATION,
        "firstName": "Rubika",
        "lastName": "Deo",
        "email": "rubika@deos.com",
        "phone": "+18832327657",
        "companyName": "DGS VolMAX",
        "businessId": "641c094001436dbc2081e642",
        "tags": ["vip", "referral"],
        "dnd": false,
        "dndSettings": {"SMS": {"status": "active", "message": "asked", "code": "101"}},
        "dateAdded": "2021-07-02T05:18:26.704Z",
        "customFields": [
            {"id": "cf1", "value": "text"},
            {"id": "cf2", "value": 42.5},
            {"id": "cf3", "value": ["a", "b"]},
            {"id": "cf4", "value": {"nested": true}}
        ],
        "followers": [],
        "someFieldNobodyDocumented": {"x": 1}
    })
}
