//! A client pointed at a mockito server, with records captured and retries made fast, and
//! the contact it serves.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use contact_desk::highlevel::{
    Client, ClientConfig, Contact, Error, NewTask, RateBudget, RequestRecord, StaticToken, Task,
};
use mockito::{Matcher, Mock, ServerGuard};
use secrecy::SecretString;
use serde_json::{json, Value};

pub const TOKEN: &str = "test-token-4f1c";
pub const LOCATION: &str = "ve9EPM428h8vShlRW1KT";
/// HighLevel's words for a token used on a location it was not made for.
pub const NO_ACCESS: &str = "The token does not have access to this location.";

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

    /// `expect(method, path)` answered with `status` and a JSON `body`.
    pub fn reply(&mut self, method: &str, path: &str, status: usize, body: Value) -> Mock {
        json_reply(self.expect(method, path), status, body)
    }

    /// The contact `id`, asked for by a click.
    pub async fn get_contact(&self, id: &str) -> Result<Contact, Error> {
        self.client.interactive().contacts().get(id).await
    }

    /// `reply`, ready to answer.
    pub async fn serve(&mut self, method: &str, path: &str, status: usize, body: Value) -> Mock {
        self.reply(method, path, status, body).create_async().await
    }

    /// `GET /contacts/id` answered with the contact `id`.
    pub fn serve_contact(&mut self, id: &str) -> Mock {
        let body = json!({"contact": contact_json(id)});
        self.reply("GET", format!("/contacts/{id}").as_str(), 200, body)
    }

    /// `GET path` answered with `status` and `body` as `content_type`, not necessarily JSON.
    pub async fn serve_raw(
        &mut self,
        path: &str,
        status: usize,
        content_type: &str,
        body: impl AsRef<[u8]>,
    ) -> Mock {
        let mock = self.expect("GET", path).with_status(status);
        let mock = mock.with_header("content-type", content_type);
        mock.with_body(body).create_async().await
    }

    /// `GET path` answered with HighLevel's 429.
    pub fn rate_limited(&mut self, path: &str) -> Mock {
        let body = json!({"statusCode": 429, "message": "Too Many Requests"});
        self.reply("GET", path, 429, body)
    }

    /// `tag` added to the contact `contact_id`, by a click.
    pub async fn add_tag(&self, contact_id: &str, tag: &str) -> Result<Vec<String>, Error> {
        self.client
            .interactive()
            .tags(contact_id)
            .add(&[tag.into()])
            .await
    }

    /// `task` sent to contact c1 and refused with `status` and `body`: the error, once the
    /// request is known to have been sent exactly once.
    pub async fn refused_task(&mut self, task: &NewTask, status: usize, body: Value) -> Error {
        let path = "/contacts/c1/tasks";
        let mock = self.reply("POST", path, status, body).expect(1);
        let mock = mock.create_async().await;
        let error = self.create_task("c1", task).await.unwrap_err();
        mock.assert_async().await;
        mock.remove_async().await;
        error
    }

    /// `task` created on the contact `contact_id`, by a click.
    pub async fn create_task(&self, contact_id: &str, task: &NewTask) -> Result<Task, Error> {
        self.client
            .interactive()
            .tasks(contact_id)
            .create(task)
            .await
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

/// The error for HighLevel's `NO_ACCESS` refusal.
pub fn no_access() -> Error {
    Error::Forbidden {
        message: NO_ACCESS.into(),
        missing_scope: None,
    }
}

/// A task due at the epoch: for tests where only the request matters.
pub fn task_titled(title: impl Into<String>) -> NewTask {
    NewTask {
        title: title.into(),
        body: None,
        due_date: jiff::Timestamp::UNIX_EPOCH,
        completed: false,
        assigned_to: None,
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
