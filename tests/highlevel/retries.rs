//! Retries and the rate limit, writes never resent, timeouts, cancellation and lanes.

use std::time::Duration;

use contact_desk::highlevel::{Error, ErrorClass, RateBudget, RequestRecord};
use mockito::{Matcher, Mock};
use serde_json::json;

use crate::support;
use crate::support::{contact_json, json_reply, task_titled, Harness};

/// The contact most of these tests ask for.
const C1: &str = "/contacts/c1";

/// Gets contact c1 once `limited` has had its hits, and the record of that request.
async fn contact_after(h: &mut Harness, limited: Mock) -> RequestRecord {
    let ok = h.serve_contact("c1").create_async().await;
    let contact = h.get_contact("c1").await.unwrap();
    assert_eq!(contact.id, "c1");
    limited.assert_async().await;
    ok.assert_async().await;
    h.last_record()
}

#[tokio::test]
async fn a_click_waits_out_429s_beyond_the_retry_budget() {
    let mut h = Harness::new().await;
    // mockito answers with the first matching mock still short of its expected hits.
    let limited = h.rate_limited(C1).expect(7).create_async().await;
    // Seven 429s, more than the four retries a failure gets: a 429 ran nothing, so
    // the click keeps its place and gets its answer.
    let record = contact_after(&mut h, limited).await;
    assert_eq!((record.attempts, record.status), (8, Some(200)));
}

#[tokio::test]
async fn a_429_that_never_ends_fails_once_patience_runs_out() {
    let mut h = Harness::new().await;
    let limited = h.rate_limited(C1).expect_at_least(6);
    let limited = limited.create_async().await;
    let error = h.get_contact("c1").await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    limited.assert_async().await;
    assert_eq!(h.last_record().status, Some(429));
}

#[tokio::test]
async fn a_429_then_success_returns_the_data() {
    let mut h = Harness::new().await;
    // mockito answers with the first matching mock still short of its expected hits.
    let limited = h
        .reply("GET", C1, 429, json!({"statusCode": 429}))
        .with_header("retry-after", "0")
        .expect(1)
        .create_async()
        .await;
    let record = contact_after(&mut h, limited).await;
    assert_eq!(
        (record.attempts, record.status, record.error),
        (2, Some(200), None)
    );
}

#[tokio::test]
async fn a_post_is_never_retried_once_sent() {
    let mut h = Harness::new().await;
    for (status, body) in [
        (429, json!({"statusCode": 429})),
        (500, json!({"statusCode": 500, "message": "boom"})),
    ] {
        let error = h.refused_task(&task_titled("t"), status, body).await;
        assert!(
            matches!(error, Error::RateLimited { .. } | Error::Server { .. }),
            "{error:?}"
        );
        assert_eq!(h.last_record().attempts, 1);
    }
}

#[tokio::test]
async fn server_errors_on_reads_are_retried_then_reported() {
    let mut h = Harness::new().await;
    let failure = json!({"statusCode": 500, "message": "Internal server error"});
    let mock = h
        .reply("GET", "/contacts/c1/notes", 500, failure)
        .expect(5)
        .create_async()
        .await;
    let error = h.client.background().notes("c1").list().await.unwrap_err();
    mock.assert_async().await;
    assert_eq!(
        error,
        Error::Server {
            status: 500,
            message: "Internal server error".into()
        }
    );
}

#[tokio::test]
async fn a_write_whose_answer_is_lost_may_have_been_applied() {
    let mut h = Harness::new().await;
    let created = h
        .expect("POST", "/contacts/c1/tasks")
        .with_status(201)
        .with_chunked_body(|writer| {
            writer.write_all(b"{\"task\": {\"id\": \"t1\"")?;
            Err(std::io::Error::other("connection reset"))
        })
        .expect(1)
        .create_async()
        .await;
    let task = task_titled("t");
    let truncated = h.create_task("c1", &task).await.unwrap_err();
    assert_eq!(truncated.class(), ErrorClass::Unconfirmed, "{truncated:?}");
    assert!(
        truncated.to_string().contains("may have applied"),
        "{truncated}"
    );
    created.assert_async().await;

    let silent = support::SilentServer::start().await;
    let timed_out = silent
        .client()
        .interactive()
        .tasks("c1")
        .create(&task)
        .await
        .unwrap_err();
    assert_eq!(timed_out.class(), ErrorClass::Unconfirmed, "{timed_out:?}");
    assert!(
        timed_out.to_string().contains("may have applied"),
        "{timed_out}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let silent = support::SilentServer::start().await;
    let client = silent.client();
    let error = client
        .interactive()
        .contacts()
        .get("slow")
        .await
        .unwrap_err();
    assert_eq!(error, Error::Timeout);
}

#[tokio::test]
async fn cancellation_stops_a_request_in_flight() {
    let silent = support::SilentServer::start().await;
    let token = tokio_util::sync::CancellationToken::new();
    let api = silent.client().interactive().cancel_on(token.clone());
    let canceller = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        token.cancel();
    });
    let error = api.contacts().get("slow").await.unwrap_err();
    canceller.await.unwrap();
    assert_eq!(error, Error::Cancelled);
}

#[tokio::test]
async fn an_interactive_call_overtakes_waiting_background_calls() {
    // Three requests per second: the background batch fills the window and queues.
    let mut h = Harness::with_budget(RateBudget::new(3, Duration::from_secs(1))).await;
    let background_calls = h.expect("GET", Matcher::Regex("^/contacts/bg".into()));
    let body = json!({"contact": contact_json("bg")});
    json_reply(background_calls, 200, body).create_async().await;
    h.serve_contact("click").create_async().await;

    let mut background = Vec::new();
    for n in 0..6 {
        let api = h.client.background();
        background.push(tokio::spawn(async move {
            api.contacts().get(&format!("bg{n}")).await
        }));
    }
    // bg0..bg2 go out at once; bg3..bg5 queue for the next window.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let click = h.get_contact("click").await.unwrap();
    assert_eq!(click.id, "click");
    for task in background {
        task.await.unwrap().unwrap();
    }
    // The click arrived last, yet took a slot of the second window ahead of queued
    // background work, so only two of bg3..bg5 shared that window with it.
    let order: Vec<_> = h
        .records
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.ids[0].value.clone())
        .collect();
    let position = |id: &str| order.iter().position(|seen| seen == id).unwrap();
    let later_background = ["bg3", "bg4", "bg5"]
        .iter()
        .filter(|id| position(id) > position("click"))
        .count();
    assert!(
        later_background >= 1,
        "some queued background call waited for the click: {order:?}"
    );
}
