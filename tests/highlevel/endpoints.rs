//! Each endpoint's request on the wire, and decoding of documented and real-world shapes.

use contact_desk::highlevel::{ContactFields, Error, ErrorClass, Lane, NewTask, TaskChanges};
use mockito::Matcher;
use serde_json::json;

use crate::support::{contact_json, json_reply, Harness, LOCATION};

#[tokio::test]
async fn get_contact_sends_the_contract_headers_and_decodes_tolerantly() {
    let mut h = Harness::new().await;
    let mock = h
        .serve_contact("abc123")
        .with_header("x-ratelimit-remaining", "97")
        .with_header("x-ratelimit-max", "100")
        .with_header("x-ratelimit-interval-milliseconds", "10000")
        .with_header("x-ratelimit-daily-remaining", "199990")
        .with_header("x-ratelimit-limit-daily", "200000")
        .with_header("traceid", "trace-77")
        .create_async()
        .await;

    let contact = h.get_contact("abc123").await.unwrap();
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
    let none = json!({"tasks": []});
    let mock = h.serve("GET", "/contacts/a%2Fb%20c/tasks", 200, none).await;
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
    let listed = json!({"tasks": [task, {"id": "t2", "completed": null}]});
    let list = h.serve("GET", "/contacts/c1/tasks", 200, listed).await;
    let get = h
        .serve("GET", "/contacts/c1/tasks/t1", 200, json!({"task": task}))
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
    let delete = h
        .serve(
            "DELETE",
            "/contacts/c1/tasks/t1",
            200,
            json!({"succeded": true}),
        )
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
    let note = json!({"id": "n1", "body": "lorem", "userId": "u1", "dateAdded": "2021-07-08T12:02:11.285Z",
        "contactId": "c1", "pinned": true, "color": "#FFAA00"});
    let mut h = Harness::new().await;
    let listed = json!({"notes": [note]});
    let notes = h.serve("GET", "/contacts/c1/notes", 200, listed).await;
    let one = h
        .serve("GET", "/contacts/c1/notes/n1", 200, json!({"note": note}))
        .await;
    let events = h.serve("GET", "/contacts/c1/appointments", 200, json!({"events": [{"id": "e1", "title": "Demo", "appointmentStatus": "confirmed", "startTime": "2021-07-16 11:00:00", "endTime": "2021-07-16 11:30:00", "users": null}]})).await;

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
    let delete = h
        .serve("DELETE", "/contacts/new1", 200, json!({"succeeded": true}))
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
    let added = h.add_tag("new1", "hot").await.unwrap();
    assert_eq!(added, ["vip", "lead", "hot"]);
    contacts.delete("new1").await.unwrap();
    for mock in [create, update, tags, delete] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn a_false_succeeded_is_an_error() {
    let mut h = Harness::new().await;
    h.serve("DELETE", "/contacts/x", 200, json!({"succeded": false}))
        .await;
    let contacts = h.client.interactive().contacts();
    let error = contacts.delete("x").await.unwrap_err();
    assert_eq!(error.class(), ErrorClass::Protocol);
}
