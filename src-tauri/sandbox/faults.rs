//! The ways HighLevel (and the network in front of it) fail, on demand.
//!
//! A fault is drawn per admitted API request: first from the queue that
//! [`super::Sandbox::inject_faults`] fills (deterministic, for tests), otherwise at random
//! with the configured rate from a generator seeded by the sandbox's seed.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fastrand::Rng;
use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;

use super::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// 500 with HighLevel's JSON error body.
    ServerError,
    /// 502 with the HTML page a gateway sends.
    BadGateway,
    /// No response for two minutes (or until the sandbox shuts down).
    Timeout,
    /// The connection drops after the headers and part of the body.
    ConnectionReset,
    /// 200 `application/json` whose body is cut short.
    MalformedJson,
    /// 503 with an HTML "Service Unavailable" page.
    HtmlErrorPage,
}

impl FaultKind {
    pub const ALL: [FaultKind; 6] = [
        FaultKind::ServerError,
        FaultKind::BadGateway,
        FaultKind::Timeout,
        FaultKind::ConnectionReset,
        FaultKind::MalformedJson,
        FaultKind::HtmlErrorPage,
    ];

    /// The name `contact-desk sandbox --faults` takes.
    pub fn cli_name(self) -> &'static str {
        match self {
            FaultKind::ServerError => "500",
            FaultKind::BadGateway => "502",
            FaultKind::Timeout => "timeout",
            FaultKind::ConnectionReset => "reset",
            FaultKind::MalformedJson => "malformed-json",
            FaultKind::HtmlErrorPage => "html",
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cli_name())
    }
}

impl FromStr for FaultKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text.trim();
        Self::ALL
            .into_iter()
            .find(|kind| kind.cli_name().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|kind| kind.cli_name()).collect();
                format!(
                    "unknown fault {name:?}: expected one of {}",
                    known.join(", ")
                )
            })
    }
}

/// Which fault, if any, the next admitted request gets.
pub(crate) struct FaultPlan {
    queued: VecDeque<FaultKind>,
    rng: Rng,
    rate: f64,
    kinds: Vec<FaultKind>,
}

/// Mixed into the seed so that random faults do not follow the data's random stream.
const FAULT_SALT: u64 = 0xfa17_5eed_0000_0002;

impl FaultPlan {
    pub(crate) fn new(seed: u64, rate: f64, kinds: Vec<FaultKind>) -> Self {
        Self {
            queued: VecDeque::new(),
            rng: Rng::with_seed(seed ^ FAULT_SALT),
            rate,
            kinds,
        }
    }

    pub(crate) fn inject(&mut self, kind: FaultKind, count: u32) {
        self.queued
            .extend(std::iter::repeat_n(kind, count as usize));
    }

    pub(crate) fn next_fault(&mut self) -> Option<FaultKind> {
        if let Some(kind) = self.queued.pop_front() {
            return Some(kind);
        }
        if self.rate <= 0.0 || self.kinds.is_empty() || self.rng.f64() >= self.rate {
            return None;
        }
        Some(self.kinds[self.rng.usize(..self.kinds.len())])
    }
}

/// Longer than any reasonable client timeout: a timed-out request simply hangs.
const HANG: Duration = Duration::from_secs(120);

/// The failed response the client sees. `handled` is the response of a write that already
/// took effect (faults on writes come after the handler); reads fail before it runs.
pub(crate) async fn respond(
    kind: FaultKind,
    handled: Option<Response>,
    shutdown: &CancellationToken,
) -> Response {
    match kind {
        FaultKind::ServerError => ApiError::internal().into_response(),
        FaultKind::BadGateway => html(StatusCode::BAD_GATEWAY, BAD_GATEWAY_PAGE),
        FaultKind::HtmlErrorPage => html(StatusCode::SERVICE_UNAVAILABLE, UNAVAILABLE_PAGE),
        FaultKind::Timeout => {
            tokio::select! {
                () = tokio::time::sleep(HANG) => {}
                () = shutdown.cancelled() => {}
            }
            html(StatusCode::GATEWAY_TIMEOUT, GATEWAY_TIMEOUT_PAGE)
        }
        FaultKind::ConnectionReset => reset_midway(),
        FaultKind::MalformedJson => truncated_json(handled).await,
    }
}

const BAD_GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
const UNAVAILABLE_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request. Please try again later.</p></body></html>\n";
const GATEWAY_TIMEOUT_PAGE: &str = "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n";

/// What a read gets: the start of a listing, cut off.
const TRUNCATED_READ: &str = r#"{"contacts":[{"id":"abc"#;

fn html(status: StatusCode, page: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// Sends the headers and a first chunk, then fails the body stream, which makes the server
/// drop the connection before the message is complete.
fn reset_midway() -> Response {
    let first = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(
        TRUNCATED_READ.as_bytes(),
    ))]);
    let broken = futures_util::stream::once(async {
        // Lets the first chunk reach the client before the connection goes.
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "sandbox fault: connection reset",
        ))
    });
    json_response(Body::from_stream(first.chain(broken)))
}

/// A 200 whose JSON stops halfway: the write's real body when there is one.
async fn truncated_json(handled: Option<Response>) -> Response {
    let body = match handled {
        Some(response) => axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .ok()
            .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
            .map(|text| first_half(&text).to_owned()),
        None => None,
    };
    json_response(Body::from(
        body.unwrap_or_else(|| TRUNCATED_READ.to_owned()),
    ))
}

/// A proper prefix of a JSON document is never valid JSON; cut on a character boundary so
/// that the client's error is about JSON, not UTF-8.
fn first_half(text: &str) -> &str {
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

fn json_response(body: Body) -> Response {
    let mut response = Response::new(body);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_cli_name() {
        for kind in FaultKind::ALL {
            assert_eq!(kind.cli_name().parse(), Ok(kind));
        }
        assert_eq!("MALFORMED-JSON".parse(), Ok(FaultKind::MalformedJson));
        let error = "teapot".parse::<FaultKind>().unwrap_err();
        assert!(
            error.contains("500, 502, timeout, reset, malformed-json, html"),
            "{error}"
        );
    }

    #[test]
    fn queued_faults_come_first_then_the_seeded_draw() {
        let mut never = FaultPlan::new(1, 0.0, FaultKind::ALL.to_vec());
        never.inject(FaultKind::Timeout, 2);
        assert_eq!(never.next_fault(), Some(FaultKind::Timeout));
        assert_eq!(never.next_fault(), Some(FaultKind::Timeout));
        assert_eq!(never.next_fault(), None);

        let draws = |seed| {
            let mut plan = FaultPlan::new(seed, 0.3, vec![FaultKind::ServerError]);
            (0..200).map(|_| plan.next_fault()).collect::<Vec<_>>()
        };
        let first = draws(9);
        assert_eq!(first, draws(9));
        let failures = first.iter().flatten().count();
        assert!((35..=85).contains(&failures), "{failures} of 200");
    }

    #[test]
    fn truncation_keeps_utf8_and_breaks_json() {
        let text = r#"{"name":"Zoë 🚀"}"#;
        let half = first_half(text);
        assert!(text.starts_with(half) && half.len() < text.len());
        assert!(serde_json::from_str::<serde_json::Value>(half).is_err());
    }
}
