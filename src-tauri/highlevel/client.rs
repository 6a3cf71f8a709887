//! The transport: builds each request, spends the rate budget, retries what is safe to
//! retry, classifies failures and records every request.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::budget::{Headroom, Lane, RateBudget};
use super::credentials::Credentials;
use super::error::{Error, Scope};
use super::record::{self, PathId, RecordSink, RequestRecord};
use super::server_text::{Redactor, ServerText};

pub const DEFAULT_BASE_URL: &str = "https://services.leadconnectorhq.com";
/// The only version the v2 Contacts API accepts.
pub const API_VERSION: &str = "2021-07-28";

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub base_url: Url,
    pub location_id: String,
    pub connect_timeout: Duration,
    /// For the whole exchange, body included.
    pub timeout: Duration,
    /// Extra attempts for idempotent requests after a 429, 5xx or network failure.
    pub max_retries: usize,
    pub retry_min_delay: Duration,
    pub retry_max_delay: Duration,
    /// How long a request waits out 429s (each spends no retry) before it gives up.
    pub rate_limit_patience: Duration,
}

impl ClientConfig {
    pub fn new(base_url: &str, location_id: &str) -> Result<Self, Error> {
        let base_url = Url::parse(base_url).map_err(|error| Error::Network {
            message: format!("invalid base URL {base_url:?}: {error}"),
        })?;
        Ok(Self {
            base_url,
            location_id: location_id.to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_retries: 4,
            retry_min_delay: Duration::from_millis(500),
            retry_max_delay: Duration::from_secs(20),
            rate_limit_patience: Duration::from_secs(60),
        })
    }
}

/// A HighLevel client for one location. Cheap to clone; clones share the rate budget.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    config: ClientConfig,
    credentials: Arc<dyn Credentials>,
    budget: Arc<RateBudget>,
    sink: Option<Arc<dyn RecordSink>>,
}

impl Client {
    pub fn new(config: ClientConfig, credentials: Arc<dyn Credentials>) -> Result<Self, Error> {
        Self::with_parts(
            config,
            credentials,
            Arc::new(RateBudget::highlevel_default()),
            None,
        )
    }

    /// `budget` is shared with every other client of the same location; `sink` gets each record.
    pub fn with_parts(
        config: ClientConfig,
        credentials: Arc<dyn Credentials>,
        budget: Arc<RateBudget>,
        sink: Option<Arc<dyn RecordSink>>,
    ) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .user_agent(concat!("contact-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| Error::Network {
                message: format!("the HTTP client could not start: {error}"),
            })?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                config,
                credentials,
                budget,
                sink,
            }),
        })
    }

    /// Requests a person is waiting for: they go ahead of background work.
    pub fn interactive(&self) -> Api {
        self.api(Lane::Interactive)
    }

    /// Requests nobody is watching (sync): they leave room for interactive ones.
    pub fn background(&self) -> Api {
        self.api(Lane::Background)
    }

    pub fn api(&self, lane: Lane) -> Api {
        Api {
            client: self.clone(),
            lane,
            cancel: None,
            observer: None,
        }
    }

    pub fn location_id(&self) -> &str {
        &self.inner.config.location_id
    }

    pub fn base_url(&self) -> &Url {
        &self.inner.config.base_url
    }

    pub fn budget(&self) -> &Arc<RateBudget> {
        &self.inner.budget
    }
}

/// The endpoints, reached through one lane and optionally cancellable.
#[derive(Clone)]
pub struct Api {
    client: Client,
    lane: Lane,
    cancel: Option<CancellationToken>,
    observer: Option<Arc<dyn RecordSink>>,
}

/// One contact's records of one kind (`R` is `Task`, `Note` or `Appointment`): what
/// `api.tasks(id)`, `api.notes(id)` and `api.appointments(id)` hand out.
pub struct OfContact<R> {
    pub(super) api: Api,
    pub(super) contact_id: String,
    records: PhantomData<fn() -> R>,
}

impl Api {
    pub(super) fn of_contact<R>(&self, contact_id: &str) -> OfContact<R> {
        OfContact {
            api: self.clone(),
            contact_id: contact_id.to_owned(),
            records: PhantomData,
        }
    }
}

impl Api {
    pub fn lane(&self) -> Lane {
        self.lane
    }

    /// Also hands this handle's records to `observer` (e.g. to show one call's timing).
    pub fn observed_by(mut self, observer: Arc<dyn RecordSink>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Every request made through this handle fails with `Error::Cancelled` once `token` fires.
    pub fn cancel_on(mut self, token: CancellationToken) -> Self {
        self.cancel = Some(token);
        self
    }

    pub fn location_id(&self) -> &str {
        self.client.location_id()
    }

    /// Sends `call` with its retries and decodes the successful body. A body that does
    /// not decode counts as a failed attempt, so an idempotent read is tried again.
    pub(crate) async fn send<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, Error> {
        let started = Instant::now();
        let at = jiff::Timestamp::now();
        let mut delays = self.backoff();
        let mut attempts = 0_u32;
        let mut renewed = false;
        let outcome = loop {
            attempts += 1;
            let attempt = self.attempt(&call).await.decode::<T>();
            let Err(error) = &attempt.result else {
                break attempt;
            };
            if let (Error::Unauthorized { .. }, false, Some(token)) =
                (error, renewed, &attempt.token)
            {
                renewed = true;
                match self.client.inner.credentials.renew(token).await {
                    Ok(true) => continue,
                    Ok(false) => break attempt,
                    Err(renew_error) => {
                        break Attempt {
                            result: Err(renew_error),
                            ..attempt
                        }
                    }
                }
            }
            if !self.may_retry(&call, error, attempt.reached_server) {
                break attempt.unconfirmed_if_write(&call);
            }
            if let Error::RateLimited { retry_after } = error {
                // A 429 ran nothing, so it spends no retry: the request waits its turn
                // (a click included) while patience lasts, instead of failing.
                if started.elapsed() >= self.client.inner.config.rate_limit_patience {
                    break attempt;
                }
                let wait = (*retry_after).max(self.client.inner.config.retry_min_delay);
                // The budget holds back this lane; the next attempt waits on it.
                self.client.inner.budget.pause(self.lane, wait);
                continue;
            }
            let Some(delay) = delays.next() else {
                break attempt.unconfirmed_if_write(&call);
            };
            if self.pause(delay).await.is_err() {
                break Attempt {
                    result: Err(Error::Cancelled),
                    ..attempt
                };
            }
        };
        self.record(&call, at, started, attempts, &outcome);
        outcome.result
    }

    /// Idempotent requests retry transient failures; a POST that writes only when it
    /// never left (a search sent as a POST is a read, and retries like one).
    fn may_retry(&self, call: &Call<'_>, error: &Error, reached_server: bool) -> bool {
        if call.is_create() {
            return !reached_server && matches!(error, Error::Network { .. });
        }
        error.is_transient()
    }

    fn backoff(&self) -> impl Iterator<Item = Duration> {
        let config = &self.client.inner.config;
        ExponentialBuilder::default()
            .with_jitter()
            .with_min_delay(config.retry_min_delay)
            .with_max_delay(config.retry_max_delay)
            .with_max_times(config.max_retries)
            .build()
    }

    async fn pause(&self, delay: Duration) -> Result<(), Error> {
        self.cancellable(async {
            tokio::time::sleep(delay).await;
            Ok(())
        })
        .await
    }

    async fn cancellable<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        match &self.cancel {
            None => work.await,
            Some(token) => tokio::select! {
                biased;
                () = token.cancelled() => Err(Error::Cancelled),
                result = work => result,
            },
        }
    }

    async fn attempt(&self, call: &Call<'_>) -> Attempt<bytes::Bytes> {
        let inner = &self.client.inner;
        let token = match self.cancellable(inner.credentials.bearer()).await {
            Ok(token) => token,
            Err(error) => return Attempt::failed_before_sending(error),
        };
        if self
            .cancellable(async {
                inner.budget.acquire(self.lane).await;
                Ok(())
            })
            .await
            .is_err()
        {
            return Attempt::failed_before_sending(Error::Cancelled);
        }
        let request = match self.request(call, &token) {
            Ok(request) => request,
            Err(error) => return Attempt::failed_before_sending(error),
        };
        let sent = self.cancellable(async { Ok(request.send().await) }).await;
        let response = match sent {
            Ok(Ok(response)) => response,
            Ok(Err(error)) => {
                return Attempt {
                    reached_server: !error.is_connect(),
                    result: Err(wire_error(&error)),
                    ..Attempt::failed_before_sending(Error::Cancelled)
                }
            }
            // Cancelled mid-flight: the request may have arrived.
            Err(error) => {
                return Attempt {
                    reached_server: true,
                    ..Attempt::failed_before_sending(error)
                }
            }
        };
        let redactor = Redactor::new([&token]);
        let status = response.status();
        let headroom = headroom(response.headers());
        let trace_id = trace_id(response.headers(), &redactor);
        if let Some(headroom) = &headroom {
            inner.budget.observe(headroom);
        }
        let retry_after = retry_after(response.headers());
        let bytes = self
            .cancellable(async { response.bytes().await.map_err(|error| wire_error(&error)) })
            .await;
        let result = bytes
            .map(|bytes| redactor.body(bytes))
            .and_then(|bytes| classify(call, status, bytes, retry_after, &redactor));
        Attempt {
            result,
            reached_server: true,
            token: Some(token),
            status: Some(status.as_u16()),
            trace_id,
            headroom,
        }
    }

    fn request(
        &self,
        call: &Call<'_>,
        token: &SecretString,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let inner = &self.client.inner;
        let url = call.url(&inner.config.base_url)?;
        let mut request = inner
            .http
            .request(call.method.clone(), url)
            .header(AUTHORIZATION, format!("Bearer {}", token.expose_secret()))
            .header("Version", call.version)
            .header(ACCEPT, "application/json")
            .query(&call.query);
        if let Some(body) = &call.body {
            request = request.header(CONTENT_TYPE, "application/json").json(body);
        }
        Ok(request)
    }

    fn record<T>(
        &self,
        call: &Call<'_>,
        at: jiff::Timestamp,
        started: Instant,
        attempts: u32,
        outcome: &Attempt<T>,
    ) {
        let error = outcome.result.as_ref().err();
        let record = RequestRecord {
            at,
            method: call.method.to_string(),
            path: call.template.to_owned(),
            ids: call.path_ids(),
            lane: self.lane,
            status: outcome.status,
            duration_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
            attempts,
            trace_id: outcome.trace_id.clone(),
            error: error.map(Error::class),
            error_message: error.map(ToString::to_string),
            headroom: outcome.headroom,
        };
        record::log(&record, self.client.inner.sink.as_ref());
        if let Some(observer) = &self.observer {
            observer.record(&record);
        }
    }
}

struct Attempt<T> {
    result: Result<T, Error>,
    /// False only when the request provably never left this machine.
    reached_server: bool,
    token: Option<SecretString>,
    status: Option<u16>,
    trace_id: Option<String>,
    headroom: Option<Headroom>,
}

impl Attempt<bytes::Bytes> {
    /// Reads a successful body as `T`; the excerpt of a bad one never shows the token.
    fn decode<T: DeserializeOwned>(self) -> Attempt<T> {
        let result = self.result.and_then(|bytes| {
            serde_json::from_slice(&bytes).map_err(|error| {
                let redactor = Redactor::new(&self.token);
                Error::Decode {
                    message: redactor.text(&error.to_string()),
                    excerpt: describe_body(&bytes, &redactor),
                }
            })
        });
        Attempt {
            result,
            reached_server: self.reached_server,
            token: self.token,
            status: self.status,
            trace_id: self.trace_id,
            headroom: self.headroom,
        }
    }
}

impl<T> Attempt<T> {
    /// A POST that reached HighLevel and then timed out, broke off or came back
    /// truncated was, in practice, applied: say so rather than invite a second send.
    fn unconfirmed_if_write(self, call: &Call<'_>) -> Self {
        let lost_answer = matches!(
            &self.result,
            Err(Error::Timeout | Error::Network { .. } | Error::Decode { .. })
        );
        if !call.is_create() || !self.reached_server || !lost_answer {
            return self;
        }
        let cause = self
            .result
            .as_ref()
            .err()
            .map(ToString::to_string)
            .unwrap_or_default();
        Self {
            result: Err(Error::Unconfirmed { cause }),
            ..self
        }
    }

    fn failed_before_sending(error: Error) -> Self {
        Self {
            result: Err(error),
            reached_server: false,
            token: None,
            status: None,
            trace_id: None,
            headroom: None,
        }
    }
}

/// One endpoint call: a route template with its ids, query and JSON body.
pub(crate) struct Call<'a> {
    pub method: Method,
    /// `/contacts/:contactId/tasks/:taskId`; a trailing `/` is kept (`/contacts/`).
    pub template: &'static str,
    pub ids: Vec<&'a str>,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Value>,
    /// The scope HighLevel checks for this operation.
    pub scope: Scope,
    /// The `Version` header: each API family has its own.
    pub version: &'static str,
}

impl<'a> Call<'a> {
    pub fn get(template: &'static str, ids: Vec<&'a str>) -> Self {
        Self::new(Method::GET, template, ids, Scope::ContactsReadonly)
    }

    pub fn write(method: Method, template: &'static str, ids: Vec<&'a str>) -> Self {
        Self::new(method, template, ids, Scope::ContactsWrite)
    }

    pub fn new(method: Method, template: &'static str, ids: Vec<&'a str>, scope: Scope) -> Self {
        Self {
            method,
            template,
            ids,
            query: Vec::new(),
            body: None,
            scope,
            version: API_VERSION,
        }
    }

    pub fn version(mut self, version: &'static str) -> Self {
        self.version = version;
        self
    }

    /// A POST that writes: never sent twice once it may have arrived.
    fn is_create(&self) -> bool {
        self.method == Method::POST && self.scope.is_write()
    }

    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    pub fn body(mut self, body: &impl serde::Serialize) -> Result<Self, Error> {
        let value = serde_json::to_value(body).map_err(|error| Error::Invalid {
            message: format!("the request could not be encoded: {error}"),
        })?;
        self.body = Some(value);
        Ok(self)
    }

    /// Fills the template; every id is percent-encoded as one path segment.
    fn url(&self, base: &Url) -> Result<Url, Error> {
        let mut url = base.clone();
        let mut ids = self.ids.iter();
        {
            let mut segments = url.path_segments_mut().map_err(|()| Error::Network {
                message: format!("{base} cannot be a base URL"),
            })?;
            segments.pop_if_empty();
            for segment in self.template.trim_start_matches('/').split('/') {
                let Some(name) = segment.strip_prefix(':') else {
                    segments.push(segment);
                    continue;
                };
                let id = ids.next().copied().unwrap_or_default();
                segments.push(path_id(name, id)?);
            }
        }
        Ok(url)
    }

    fn path_ids(&self) -> Vec<PathId> {
        self.template
            .split('/')
            .filter_map(|segment| segment.strip_prefix(':'))
            .zip(&self.ids)
            .map(|(name, value)| PathId {
                name: name.to_owned(),
                value: (*value).to_owned(),
            })
            .collect()
    }
}

/// An id as one path segment. `.` and `..` would be resolved away (`GET /contacts/..`
/// is `GET /`), control characters silently dropped by URL parsing: refuse them here.
fn path_id<'a>(name: &str, id: &'a str) -> Result<&'a str, Error> {
    let problem = if id.is_empty() {
        "must not be empty"
    } else if id == "." || id == ".." {
        "cannot be \".\" or \"..\""
    } else if id.chars().any(char::is_control) {
        "must not contain control characters"
    } else {
        return Ok(id);
    };
    Err(Error::Invalid {
        message: format!("{name} {problem}"),
    })
}

/// Turns a complete response into the body (2xx) or the error it stands for.
fn classify(
    call: &Call<'_>,
    status: StatusCode,
    body: bytes::Bytes,
    retry_after: Option<Duration>,
    redactor: &Redactor,
) -> Result<bytes::Bytes, Error> {
    if status.is_success() {
        return Ok(body);
    }
    let message = error_message(&body, redactor);
    let text = message.joined(redactor);
    let error = match status.as_u16() {
        401 if text.as_str().to_ascii_lowercase().contains("scope") => Error::Forbidden {
            message: redactor.text(&format!(
                "The token lacks the {} scope. ({text})",
                call.scope.as_str()
            )),
            missing_scope: Some(call.scope),
        },
        401 => Error::Unauthorized { message: text },
        403 => Error::Forbidden {
            message: text,
            missing_scope: None,
        },
        404 => Error::NotFound { message: text },
        400 if text.as_str().to_ascii_lowercase().contains("not found") => {
            Error::NotFound { message: text }
        }
        422 => Error::Validation {
            messages: message.into_messages(),
        },
        429 => Error::RateLimited {
            retry_after: retry_after.unwrap_or(Duration::ZERO),
        },
        code @ 500..=599 => Error::Server {
            status: code,
            message: text,
        },
        code => Error::Rejected {
            status: code,
            message: text,
        },
    };
    Err(error)
}

enum ErrorMessage {
    One(ServerText),
    Many(Vec<ServerText>),
}

impl ErrorMessage {
    fn joined(&self, redactor: &Redactor) -> ServerText {
        match self {
            ErrorMessage::One(text) => text.clone(),
            ErrorMessage::Many(texts) => redactor.text(
                &texts
                    .iter()
                    .map(ServerText::as_str)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }
    }

    fn into_messages(self) -> Vec<ServerText> {
        match self {
            ErrorMessage::One(text) => vec![text],
            ErrorMessage::Many(texts) => texts,
        }
    }
}

/// HighLevel's `message` (a string, or an array of strings on 422), or a short excerpt
/// of whatever else came back (an HTML error page from a proxy, say).
fn error_message(body: &[u8], redactor: &Redactor) -> ErrorMessage {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let message = parsed.as_ref().and_then(|value| {
        value
            .get("message")
            .or_else(|| value.get("error_description"))
            .or_else(|| value.get("error"))
    });
    match message {
        Some(Value::String(text)) => ErrorMessage::One(redactor.text(text)),
        Some(Value::Array(items)) => ErrorMessage::Many(
            items
                .iter()
                .map(|item| match item {
                    Value::String(text) => redactor.text(text),
                    other => redactor.text(&other.to_string()),
                })
                .collect(),
        ),
        Some(other) => ErrorMessage::One(redactor.text(&other.to_string())),
        None => ErrorMessage::One(describe_body(body, redactor)),
    }
}

/// A body without a message to quote: the start of its JSON, or what page it was
/// (its HTML title, or its start) when it was not JSON at all.
fn describe_body(body: &[u8], redactor: &Redactor) -> ServerText {
    let json = body
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|first| matches!(first, b'{' | b'['));
    if json {
        return redactor.text(&excerpt(body));
    }
    match html_title(body) {
        Some(title) => redactor.page(&format!("an HTML page titled {title:?}")),
        None => redactor.page(&excerpt(body)),
    }
}

fn html_title(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    Some(text[start..end].trim().to_owned())
}

/// At most 160 characters of a body, printable. Redact it before showing it.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut excerpt: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(160)
        .collect();
    if text.chars().count() > 160 {
        excerpt.push('…');
    }
    if excerpt.trim().is_empty() {
        return "(empty body)".to_owned();
    }
    excerpt
}

fn header_u32(headers: &HeaderMap, name: &str) -> Option<u32> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

fn headroom(headers: &HeaderMap) -> Option<Headroom> {
    Some(Headroom {
        remaining: header_u32(headers, "x-ratelimit-remaining")?,
        max: header_u32(headers, "x-ratelimit-max")?,
        interval_ms: header_u32(headers, "x-ratelimit-interval-milliseconds")?,
        daily_remaining: header_u32(headers, "x-ratelimit-daily-remaining"),
        daily_limit: header_u32(headers, "x-ratelimit-limit-daily"),
    })
}

/// A header is server text too: a proxy may echo the request's into it.
fn trace_id(headers: &HeaderMap, redactor: &Redactor) -> Option<String> {
    ["traceid", "x-trace-id", "x-request-id"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .map(|value| redactor.text(value).as_str().chars().take(64).collect())
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: f64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Duration::try_from_secs_f64(seconds).ok()
}

/// Sorts reqwest's failures into ours; a connect failure means the request never left.
fn wire_error(error: &reqwest::Error) -> Error {
    let context = match error.is_connect() {
        true => "could not connect to HighLevel",
        false => "the connection failed mid-request",
    };
    Error::network(error, context)
}
