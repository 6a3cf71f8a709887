//! The HighLevel client against mockito: each endpoint's request on the wire, decoding of
//! documented and real-world shapes, every error class, paging, retries and lanes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/first_contact.rs"]
mod first_contact;
mod sandbox;
mod support;

use std::time::Duration;

use contact_desk::highlevel::{
    BusinessQuery, ContactFields, ContactQuery, Cursor, Error, ErrorClass, Lane, NewTask,
    RateBudget, Scope, TaskChanges,
};
use mockito::Matcher;
use serde_json::json;
use support::{json_reply, query, Harness, LOCATION, TOKEN};

fn contact_json(id: &str) -> serde_json::Value {
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

#[tokio::test]
async fn get_contact_sends_the_contract_headers_and_decodes_tolerantly() {
    let mut h = Harness::new().await;
    let mock = json_reply(
        h.expect("GET", "/contacts/abc123"),
        200,
        json!({"contact": contact_json("abc123")}),
    )
    .with_header("x-ratelimit-remaining", "97")
    .with_header("x-ratelimit-max", "100")
    .with_header("x-ratelimit-interval-milliseconds", "10000")
    .with_header("x-ratelimit-daily-remaining", "199990")
    .with_header("x-ratelimit-limit-daily", "200000")
    .with_header("traceid", "trace-77")
    .create_async()
    .await;

    let contact = h
        .client
        .interactive()
        .contacts()
        .get("abc123")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(contact.display_name(), "Rubika Deo");
    assert_eq!(contact.tags, ["vip", "referral"]);
    assert_eq!(contact.custom_fields[1].value, json!(42.5));
    assert_eq!(contact.custom_fields[3].value, json!({"nested": true}));
    assert_eq!(
        contact.dnd_settings["SMS"].status.as_deref(),
        Some("active")
    );
    assert_eq!(
        contact.date_added.unwrap().as_millisecond(),
        1_625_203_106_704
    );
    assert_eq!(contact.extra["someFieldNobodyDocumented"], json!({"x": 1}));

    let record = h.last_record();
    assert_eq!(
        (record.method.as_str(), record.path.as_str()),
        ("GET", "/contacts/:contactId")
    );
    assert_eq!(record.ids[0].value, "abc123");
    assert_eq!((record.status, record.attempts), (Some(200), 1));
    assert_eq!(record.trace_id.as_deref(), Some("trace-77"));
    let headroom = record.headroom.unwrap();
    assert_eq!(
        (headroom.remaining, headroom.max, headroom.daily_remaining),
        (97, 100, Some(199_990))
    );
    assert_eq!(record.lane, Lane::Interactive);
}

#[tokio::test]
async fn ids_are_percent_encoded_as_one_path_segment() {
    let mut h = Harness::new().await;
    let mock = json_reply(
        h.expect("GET", "/contacts/a%2Fb%20c/tasks"),
        200,
        json!({"tasks": []}),
    )
    .create_async()
    .await;
    let tasks = h.client.interactive().tasks("a/b c").list().await.unwrap();
    mock.assert_async().await;
    assert!(tasks.is_empty());
}

#[tokio::test]
async fn ids_that_would_change_the_route_never_leave_the_machine() {
    let mut h = Harness::new().await;
    // Nothing may arrive: `..` would be resolved to `GET /contacts`, `.` to the list,
    // an empty id would address another route, control characters would be dropped.
    let anything = h.expect("GET", Matcher::Any).expect(0).create_async().await;
    let refused = [
        ("", "contactId must not be empty"),
        ("..", "contactId cannot be \".\" or \"..\""),
        (".", "contactId cannot be \".\" or \"..\""),
        ("a\u{7}b", "contactId must not contain control characters"),
        ("c1\n", "contactId must not contain control characters"),
    ];
    for (id, message) in refused {
        let error = h.client.interactive().tasks(id).list().await.unwrap_err();
        assert_eq!(
            error,
            Error::Invalid {
                message: message.into()
            },
            "{id:?}"
        );
    }
    let error = h
        .client
        .interactive()
        .tasks("c1")
        .get("..")
        .await
        .unwrap_err();
    assert_eq!(error.class(), ErrorClass::Invalid);
    anything.assert_async().await;
}

#[tokio::test]
async fn tasks_are_listed_read_and_written() {
    let mut h = Harness::new().await;
    let task = json!({"id": "t1", "title": "Call back", "body": "re: quote", "assignedTo": "u1",
        "dueDate": "2021-07-08T02:30:00.000Z", "completed": false, "contactId": "c1"});
    let list = json_reply(
        h.expect("GET", "/contacts/c1/tasks"),
        200,
        json!({"tasks": [task, {"id": "t2", "completed": null}]}),
    )
    .create_async()
    .await;
    let get = json_reply(
        h.expect("GET", "/contacts/c1/tasks/t1"),
        200,
        json!({"task": task}),
    )
    .create_async()
    .await;
    let create = json_reply(
        h.expect("POST", "/contacts/c1/tasks")
            .match_body(Matcher::Json(json!({
                "title": "Send contract", "dueDate": "2026-12-01T09:00:00Z", "completed": false
            }))),
        201,
        json!({"task": {"id": "t3", "title": "Send contract", "completed": false}}),
    )
    .create_async()
    .await;
    let update = json_reply(
        h.expect("PUT", "/contacts/c1/tasks/t1")
            .match_body(Matcher::Json(json!({"title": "Call back today"}))),
        200,
        json!({"task": {"id": "t1", "title": "Call back today"}}),
    )
    .create_async()
    .await;
    let complete = json_reply(
        h.expect("PUT", "/contacts/c1/tasks/t1/completed")
            .match_body(Matcher::Json(json!({"completed": true}))),
        200,
        json!({"task": {"id": "t1", "completed": true}}),
    )
    .create_async()
    .await;
    let delete = json_reply(
        h.expect("DELETE", "/contacts/c1/tasks/t1"),
        200,
        json!({"succeded": true}),
    )
    .create_async()
    .await;

    let api = h.client.interactive();
    let tasks = api.tasks("c1");
    let listed = tasks.list().await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(!listed[1].completed, "completed: null reads as false");
    assert_eq!(
        tasks.get("t1").await.unwrap().title.as_deref(),
        Some("Call back")
    );
    let new_task = NewTask {
        title: "Send contract".into(),
        body: None,
        due_date: "2026-12-01T09:00:00Z".parse().unwrap(),
        completed: false,
        assigned_to: None,
    };
    assert_eq!(tasks.create(&new_task).await.unwrap().id, "t3");
    let changes = TaskChanges {
        title: Some("Call back today".into()),
        ..TaskChanges::default()
    };
    assert_eq!(
        tasks.update("t1", &changes).await.unwrap().title.as_deref(),
        Some("Call back today")
    );
    assert!(tasks.set_completed("t1", true).await.unwrap().completed);
    tasks.delete("t1").await.unwrap();
    for mock in [list, get, create, update, complete, delete] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn notes_and_appointments_decode_their_real_shapes() {
    let mut h = Harness::new().await;
    let note = json!({"id": "n1", "body": "lorem", "userId": "u1", "dateAdded": "2021-07-08T12:02:11.285Z",
        "contactId": "c1", "pinned": true, "color": "#FFAA00"});
    let notes = json_reply(
        h.expect("GET", "/contacts/c1/notes"),
        200,
        json!({"notes": [note]}),
    )
    .create_async()
    .await;
    let one = json_reply(
        h.expect("GET", "/contacts/c1/notes/n1"),
        200,
        json!({"note": note}),
    )
    .create_async()
    .await;
    let events = json_reply(
        h.expect("GET", "/contacts/c1/appointments"),
        200,
        json!({"events": [{"id": "e1", "title": "Demo", "appointmentStatus": "confirmed",
            "startTime": "2021-07-16 11:00:00", "endTime": "2021-07-16 11:30:00", "users": null}]}),
    )
    .create_async()
    .await;

    let api = h.client.interactive();
    assert!(api.notes("c1").list().await.unwrap()[0].pinned);
    assert_eq!(
        api.notes("c1").get("n1").await.unwrap().color.as_deref(),
        Some("#FFAA00")
    );
    let appointments = api.appointments("c1").list().await.unwrap();
    assert_eq!(
        appointments[0].start_time.unwrap().to_string(),
        "2021-07-16T11:00:00"
    );
    assert!(appointments[0].users.is_empty());
    for mock in [notes, one, events] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn contact_writes_send_their_bodies_and_read_both_spellings_of_succeeded() {
    let mut h = Harness::new().await;
    let create = json_reply(
        h.expect("POST", "/contacts/").match_body(Matcher::Json(json!({
            "locationId": LOCATION, "firstName": "Ada", "email": "ada@example.com", "tags": ["vip"]
        }))),
        201,
        json!({"contact": contact_json("new1")}),
    )
    .create_async()
    .await;
    let update = json_reply(
        h.expect("PUT", "/contacts/new1")
            .match_body(Matcher::Json(json!({"tags": ["vip", "lead"]}))),
        200,
        json!({"succeded": true, "contact": contact_json("new1")}),
    )
    .create_async()
    .await;
    let delete = json_reply(
        h.expect("DELETE", "/contacts/new1"),
        200,
        json!({"succeeded": true}),
    )
    .create_async()
    .await;
    let tags = json_reply(
        h.expect("POST", "/contacts/new1/tags")
            .match_body(Matcher::Json(json!({"tags": ["hot"]}))),
        201,
        json!({"tags": ["vip", "lead", "hot"]}),
    )
    .create_async()
    .await;

    let contacts = h.client.interactive().contacts();
    let fields = ContactFields {
        first_name: Some("Ada".into()),
        email: Some("ada@example.com".into()),
        tags: Some(vec!["vip".into()]),
        ..ContactFields::default()
    };
    assert_eq!(contacts.create(&fields).await.unwrap().id, "new1");
    let retag = ContactFields {
        tags: Some(vec!["vip".into(), "lead".into()]),
        ..ContactFields::default()
    };
    assert!(contacts.update("new1", &retag).await.unwrap().is_some());
    let added = h
        .client
        .interactive()
        .tags("new1")
        .add(&["hot".into()])
        .await
        .unwrap();
    assert_eq!(added, ["vip", "lead", "hot"]);
    contacts.delete("new1").await.unwrap();
    for mock in [create, update, tags, delete] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn a_false_succeeded_is_an_error() {
    let mut h = Harness::new().await;
    json_reply(
        h.expect("DELETE", "/contacts/x"),
        200,
        json!({"succeded": false}),
    )
    .create_async()
    .await;
    let error = h
        .client
        .interactive()
        .contacts()
        .delete("x")
        .await
        .unwrap_err();
    assert_eq!(error.class(), ErrorClass::Protocol);
}

#[tokio::test]
async fn business_contacts_page_by_string_skip_and_limit() {
    let mut h = Harness::new().await;
    let mock = json_reply(
        h.expect("GET", "/contacts/business/b1")
            .match_query(query(&[
                ("locationId", LOCATION),
                ("skip", "50"),
                ("limit", "25"),
            ])),
        200,
        json!({"contacts": [contact_json("c9")], "count": 51}),
    )
    .create_async()
    .await;
    let page = h
        .client
        .interactive()
        .contacts()
        .by_business(
            "b1",
            &BusinessQuery {
                skip: 50,
                limit: 25,
                query: None,
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!((page.contacts.len(), page.count), (1, Some(51)));
}

fn page_of(ids: &[&str], next: Option<(i64, &str)>) -> serde_json::Value {
    let contacts: Vec<_> = ids.iter().map(|id| contact_json(id)).collect();
    let meta = match next {
        Some((start_after, id)) => {
            json!({"total": 5, "startAfter": start_after, "startAfterId": id,
            "nextPageUrl": "https://services.leadconnectorhq.com/contacts/?next"})
        }
        None => json!({"total": 5, "startAfter": null, "startAfterId": null, "nextPageUrl": null}),
    };
    json!({"contacts": contacts, "meta": meta})
}

#[tokio::test]
async fn paging_resends_every_parameter_on_every_page_and_stops_at_the_end() {
    let mut h = Harness::new().await;
    let first = json_reply(
        h.expect("GET", "/contacts/").match_query(query(&[
            ("locationId", LOCATION),
            ("limit", "2"),
            ("query", "deo"),
        ])),
        200,
        page_of(&["c1", "c2"], Some((1000, "c2"))),
    )
    .expect(1)
    .create_async()
    .await;
    let second = json_reply(
        h.expect("GET", "/contacts/").match_query(query(&[
            ("locationId", LOCATION),
            ("limit", "2"),
            ("query", "deo"),
            ("startAfter", "1000"),
            ("startAfterId", "c2"),
        ])),
        200,
        page_of(&["c3", "c4"], Some((900, "c4"))),
    )
    .expect(1)
    .create_async()
    .await;
    let third = json_reply(
        h.expect("GET", "/contacts/").match_query(query(&[
            ("locationId", LOCATION),
            ("limit", "2"),
            ("query", "deo"),
            ("startAfter", "900"),
            ("startAfterId", "c4"),
        ])),
        200,
        page_of(&["c5"], None),
    )
    .expect(1)
    .create_async()
    .await;

    let query = ContactQuery {
        query: Some("deo".into()),
        limit: 2,
        cursor: None,
    };
    let all = h
        .client
        .background()
        .contacts()
        .pager(query)
        .collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"]);
    for mock in [first, second, third] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn a_repeated_cursor_fails_loudly_instead_of_looping() {
    let mut h = Harness::new().await;
    json_reply(
        h.expect("GET", "/contacts/").match_query(Matcher::Any),
        200,
        page_of(&["c1", "c2"], Some((1000, "c2"))),
    )
    .create_async()
    .await;
    let mut pager = h.client.background().contacts().pager(ContactQuery {
        limit: 2,
        ..ContactQuery::default()
    });
    assert!(pager.next_page().await.unwrap().is_some());
    assert_eq!(
        pager.cursor(),
        Some(&Cursor {
            start_after: 1000,
            start_after_id: "c2".into()
        })
    );
    let error = pager.next_page().await.unwrap_err();
    assert!(matches!(error, Error::Protocol { .. }), "{error:?}");
    assert!(pager.next_page().await.unwrap().is_none());
}

#[tokio::test]
async fn the_specs_count_shape_pages_by_the_last_row() {
    let mut h = Harness::new().await;
    let mut c2 = contact_json("c2");
    c2["dateAdded"] = json!(1500);
    json_reply(
        h.expect("GET", "/contacts/").match_query(Matcher::Any),
        200,
        json!({"contacts": [contact_json("c1"), c2], "count": 2}),
    )
    .create_async()
    .await;
    let mut pager = h.client.background().contacts().pager(ContactQuery {
        limit: 2,
        ..ContactQuery::default()
    });
    pager.next_page().await.unwrap();
    assert_eq!(
        pager.cursor(),
        Some(&Cursor {
            start_after: 1500,
            start_after_id: "c2".into()
        })
    );
}

#[tokio::test]
async fn http_errors_become_typed_errors() {
    let mut h = Harness::new().await;
    let cases = [
        (
            "/contacts/e401",
            401,
            json!({"statusCode": 401, "message": "Invalid JWT"}),
            ErrorClass::Unauthorized,
        ),
        (
            "/contacts/e403",
            403,
            json!({"statusCode": 403, "message": "The token does not have access to this location."}),
            ErrorClass::Forbidden,
        ),
        (
            "/contacts/e404",
            404,
            json!({"statusCode": 404, "message": "Contact not found"}),
            ErrorClass::NotFound,
        ),
        (
            "/contacts/e400",
            400,
            json!({"statusCode": 400, "message": "Contact not found"}),
            ErrorClass::NotFound,
        ),
        (
            "/contacts/e409",
            409,
            json!({"statusCode": 409, "message": "Conflict"}),
            ErrorClass::Rejected,
        ),
    ];
    for (path, status, body, _) in &cases {
        json_reply(h.expect("GET", *path), *status, body.clone())
            .create_async()
            .await;
    }
    for (path, _, _, class) in cases {
        let id = path.trim_start_matches("/contacts/");
        let error = h.client.interactive().contacts().get(id).await.unwrap_err();
        assert_eq!(error.class(), class, "{path}: {error}");
    }
    let error = h
        .client
        .interactive()
        .contacts()
        .get("e403")
        .await
        .unwrap_err();
    assert_eq!(
        error,
        Error::Forbidden {
            message: "The token does not have access to this location.".into(),
            missing_scope: None
        }
    );
}

#[tokio::test]
async fn a_scope_refusal_on_a_write_names_contacts_write() {
    let mut h = Harness::new().await;
    json_reply(
        h.expect("POST", "/contacts/c1/tags"),
        401,
        json!({"statusCode": 401, "message": "The token is not authorized for this scope."}),
    )
    .create_async()
    .await;
    let error = h
        .client
        .interactive()
        .tags("c1")
        .add(&["x".into()])
        .await
        .unwrap_err();
    match error {
        Error::Forbidden {
            missing_scope,
            message,
        } => {
            assert_eq!(missing_scope, Some(Scope::ContactsWrite));
            assert!(message.as_str().contains("contacts.write"), "{message}");
        }
        other => panic!("expected a scope error, got {other:?}"),
    }
}

#[tokio::test]
async fn validation_errors_keep_every_message() {
    let mut h = Harness::new().await;
    json_reply(
        h.expect("POST", "/contacts/c1/tasks"),
        422,
        json!({"statusCode": 422, "message": ["title must be a string", "dueDate must be a valid ISO 8601 date string"], "error": "Unprocessable Entity"}),
    )
    .expect(1)
    .create_async()
    .await;
    let task = NewTask {
        title: String::new(),
        body: None,
        due_date: jiff::Timestamp::UNIX_EPOCH,
        completed: false,
        assigned_to: None,
    };
    let error = h
        .client
        .interactive()
        .tasks("c1")
        .create(&task)
        .await
        .unwrap_err();
    assert_eq!(
        error,
        Error::Validation {
            messages: vec![
                "title must be a string".into(),
                "dueDate must be a valid ISO 8601 date string".into()
            ]
        }
    );
}

#[tokio::test]
async fn a_duplicate_contact_is_a_rejection_with_highlevels_words() {
    let mut h = Harness::new().await;
    json_reply(
        h.expect("POST", "/contacts/"),
        400,
        json!({"statusCode": 400, "message": "This location does not allow duplicated contacts.", "meta": {"contactId": "c1"}}),
    )
    .create_async()
    .await;
    let error = h
        .client
        .interactive()
        .contacts()
        .create(&ContactFields::default())
        .await
        .unwrap_err();
    assert_eq!(
        error,
        Error::Rejected {
            status: 400,
            message: "This location does not allow duplicated contacts.".into()
        }
    );
}

#[tokio::test]
async fn a_click_waits_out_429s_beyond_the_retry_budget() {
    let mut h = Harness::new().await;
    // mockito answers with the first matching mock still short of its expected hits.
    let limited = json_reply(
        h.expect("GET", "/contacts/c1"),
        429,
        json!({"statusCode": 429, "message": "Too Many Requests"}),
    )
    .expect(7)
    .create_async()
    .await;
    let ok = json_reply(
        h.expect("GET", "/contacts/c1"),
        200,
        json!({"contact": contact_json("c1")}),
    )
    .create_async()
    .await;
    // Seven 429s, more than the four retries a failure gets: a 429 ran nothing, so
    // the click keeps its place and gets its answer.
    let contact = h.client.interactive().contacts().get("c1").await.unwrap();
    assert_eq!(contact.id, "c1");
    limited.assert_async().await;
    ok.assert_async().await;
    let record = h.last_record();
    assert_eq!((record.attempts, record.status), (8, Some(200)));
}

#[tokio::test]
async fn a_429_that_never_ends_fails_once_patience_runs_out() {
    let mut h = Harness::new().await;
    let limited = json_reply(
        h.expect("GET", "/contacts/c1"),
        429,
        json!({"statusCode": 429, "message": "Too Many Requests"}),
    )
    .expect_at_least(6)
    .create_async()
    .await;
    let error = h
        .client
        .interactive()
        .contacts()
        .get("c1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    limited.assert_async().await;
    assert_eq!(h.last_record().status, Some(429));
}

#[tokio::test]
async fn a_429_then_success_returns_the_data() {
    let mut h = Harness::new().await;
    // mockito answers with the first matching mock still short of its expected hits.
    let limited = json_reply(
        h.expect("GET", "/contacts/c1"),
        429,
        json!({"statusCode": 429}),
    )
    .with_header("retry-after", "0")
    .expect(1)
    .create_async()
    .await;
    let ok = json_reply(
        h.expect("GET", "/contacts/c1"),
        200,
        json!({"contact": contact_json("c1")}),
    )
    .create_async()
    .await;
    let contact = h.client.interactive().contacts().get("c1").await.unwrap();
    assert_eq!(contact.id, "c1");
    limited.assert_async().await;
    ok.assert_async().await;
    let record = h.last_record();
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
        let mock = json_reply(h.expect("POST", "/contacts/c1/tasks"), status, body)
            .expect(1)
            .create_async()
            .await;
        let task = NewTask {
            title: "t".into(),
            body: None,
            due_date: jiff::Timestamp::UNIX_EPOCH,
            completed: false,
            assigned_to: None,
        };
        let error = h
            .client
            .interactive()
            .tasks("c1")
            .create(&task)
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::RateLimited { .. } | Error::Server { .. }),
            "{error:?}"
        );
        mock.assert_async().await;
        assert_eq!(h.last_record().attempts, 1);
        mock.remove_async().await;
    }
}

#[tokio::test]
async fn server_errors_on_reads_are_retried_then_reported() {
    let mut h = Harness::new().await;
    let mock = json_reply(
        h.expect("GET", "/contacts/c1/notes"),
        500,
        json!({"statusCode": 500, "message": "Internal server error"}),
    )
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
async fn an_html_error_page_is_named_by_its_title() {
    let mut h = Harness::new().await;
    h.expect("GET", "/contacts/c1")
        .with_status(502)
        .with_header("content-type", "text/html")
        .with_body("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
        .create_async()
        .await;
    let error = h
        .client
        .interactive()
        .contacts()
        .get("c1")
        .await
        .unwrap_err();
    let Error::Server { status, message } = &error else {
        panic!("expected a server error, got {error:?}")
    };
    assert_eq!(*status, 502);
    assert_eq!(message.as_str(), "an HTML page titled \"502 Bad Gateway\"");
    assert!(message.is_page(), "a page, not HighLevel's JSON");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_a_secret_free_excerpt() {
    let mut h = Harness::new().await;
    let body = format!("{{\"contact\": {{\"id\": \"c1\", \"echo\": \"Bearer {TOKEN}\", ");
    h.expect("GET", "/contacts/c1")
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(body)
        .create_async()
        .await;
    let error = h
        .client
        .interactive()
        .contacts()
        .get("c1")
        .await
        .unwrap_err();
    let Error::Decode { excerpt, .. } = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert!(
        excerpt
            .as_str()
            .starts_with("{\"contact\": {\"id\": \"c1\""),
        "{excerpt}"
    );
    assert!(!excerpt.as_str().contains(TOKEN) && !error.to_string().contains(TOKEN));
    assert!(excerpt.as_str().contains("[redacted]"));
    let record = h.last_record();
    assert_eq!(record.error, Some(ErrorClass::Decode));
    assert!(!record.error_message.unwrap().contains(TOKEN));
}

#[tokio::test]
async fn a_200_html_page_is_a_decode_error() {
    let mut h = Harness::new().await;
    h.expect("GET", "/contacts/c1/tasks")
        .with_status(200)
        .with_header("content-type", "text/html")
        .with_body("<!doctype html><html><body>Maintenance</body></html>")
        .create_async()
        .await;
    let error = h.client.interactive().tasks("c1").list().await.unwrap_err();
    assert_eq!(error.class(), ErrorClass::Decode);
}

#[tokio::test]
async fn a_body_cut_off_mid_transfer_is_a_network_error() {
    let mut h = Harness::new().await;
    h.expect("GET", "/contacts/c1")
        .with_status(200)
        .with_chunked_body(|writer| {
            writer.write_all(b"{\"contact\": {\"id\": \"c1\"")?;
            Err(std::io::Error::other("connection reset"))
        })
        .create_async()
        .await;
    let error = h
        .client
        .interactive()
        .contacts()
        .get("c1")
        .await
        .unwrap_err();
    assert!(
        error.is_connectivity() || error.class() == ErrorClass::Decode,
        "{error:?}"
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
    let task = NewTask {
        title: "t".into(),
        body: None,
        due_date: jiff::Timestamp::UNIX_EPOCH,
        completed: false,
        assigned_to: None,
    };
    let truncated = h
        .client
        .interactive()
        .tasks("c1")
        .create(&task)
        .await
        .unwrap_err();
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
    json_reply(
        h.expect("GET", Matcher::Regex("^/contacts/bg".into())),
        200,
        json!({"contact": contact_json("bg")}),
    )
    .create_async()
    .await;
    json_reply(
        h.expect("GET", "/contacts/click"),
        200,
        json!({"contact": contact_json("click")}),
    )
    .create_async()
    .await;

    let mut background = Vec::new();
    for n in 0..6 {
        let api = h.client.background();
        background.push(tokio::spawn(async move {
            api.contacts().get(&format!("bg{n}")).await
        }));
    }
    // bg0..bg2 go out at once; bg3..bg5 queue for the next window.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let click = h
        .client
        .interactive()
        .contacts()
        .get("click")
        .await
        .unwrap();
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
