//! Failures as HighLevel has them: the rate limit, injected and seeded faults, latency.

use std::time::{Duration, Instant};

use contact_desk::sandbox::{FaultKind, RateLimit};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{config, header, read, Api, RATE_LIMIT_HEADERS};

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
