//! Note writes and tag removal: the requests on the wire, and a round trip against the
//! sandbox (created → read back → changed → deleted).

use contact_desk::highlevel::{Error, NoteFields};
use mockito::Matcher;
use serde_json::json;

use crate::listing::first_contact_id;
use crate::sandbox::{client, sandbox};
use crate::support::{json_reply, Harness};

fn note(body: &str) -> NoteFields {
    NoteFields {
        body: Some(body.into()),
        ..NoteFields::default()
    }
}

#[tokio::test]
async fn note_writes_send_the_documented_bodies_and_read_the_answers() {
    let mut h = Harness::new().await;
    let created = json!({"note": {"id": "n1", "body": "Called", "contactId": "c1", "dateAdded": "2026-11-01T09:00:00.000Z"}});
    let create = json_reply(
        h.expect("POST", "/contacts/c1/notes")
            .match_body(Matcher::Json(json!({"body": "Called", "pinned": true}))),
        201,
        created,
    )
    .expect(1)
    .create_async()
    .await;
    let changed = json!({"note": {"id": "n1", "body": "Called back", "pinned": null}});
    let update = json_reply(
        h.expect("PUT", "/contacts/c1/notes/n1")
            .match_body(Matcher::Json(json!({"body": "Called back"}))),
        200,
        changed,
    )
    .create_async()
    .await;
    let delete = h
        .reply(
            "DELETE",
            "/contacts/c1/notes/n1",
            200,
            json!({"succeded": true}),
        )
        .create_async()
        .await;

    let notes = h.client.interactive().notes("c1");
    let pinned = NoteFields {
        pinned: Some(true),
        ..note("Called")
    };
    let note_made = notes.create(&pinned).await.unwrap();
    assert_eq!(
        (note_made.id.as_str(), note_made.contact_id.as_deref()),
        ("n1", Some("c1"))
    );
    assert_eq!(h.last_record().attempts, 1);
    let note_changed = notes.update("n1", &note("Called back")).await.unwrap();
    assert_eq!(
        (note_changed.body.as_deref(), note_changed.pinned),
        (Some("Called back"), false)
    );
    notes.delete("n1").await.unwrap();
    for mock in [create, update, delete] {
        mock.assert_async().await;
    }
    assert_eq!(
        (
            h.last_record().method.as_str(),
            h.last_record().path.as_str()
        ),
        ("DELETE", "/contacts/:contactId/notes/:id")
    );
}

#[tokio::test]
async fn a_note_deletion_answered_as_failed_is_an_error() {
    let mut h = Harness::new().await;
    let refused = json!({"succeded": false});
    let _mock = h
        .reply("DELETE", "/contacts/c1/notes/n1", 200, refused)
        .create_async()
        .await;
    let error = h
        .client
        .interactive()
        .notes("c1")
        .delete("n1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Protocol { .. }), "{error:?}");
}

#[tokio::test]
async fn removing_tags_is_a_delete_with_a_body() {
    let mut h = Harness::new().await;
    let mock = json_reply(
        h.expect("DELETE", "/contacts/c1/tags")
            .match_header("content-type", "application/json")
            .match_body(Matcher::Json(json!({"tags": ["lead"]}))),
        200,
        json!({"tags": ["vip"]}),
    )
    .create_async()
    .await;
    let kept = h
        .client
        .interactive()
        .tags("c1")
        .remove(&["lead".into()])
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(kept, ["vip"]);
}

#[tokio::test]
async fn notes_and_tags_round_trip_against_the_sandbox() {
    let sandbox = sandbox(5).await;
    let api = client(&sandbox).interactive();
    let contact_id = first_contact_id(&api).await;
    let notes = api.notes(&contact_id);

    let created = notes.create(&note("Left a message")).await.unwrap();
    let read = notes.get(&created.id).await.unwrap();
    assert_eq!(read.body.as_deref(), Some("Left a message"));
    assert!(notes
        .list()
        .await
        .unwrap()
        .iter()
        .any(|n| n.id == created.id));

    let changes = NoteFields {
        pinned: Some(true),
        ..note("Booked a demo")
    };
    notes.update(&created.id, &changes).await.unwrap();
    let read = notes.get(&created.id).await.unwrap();
    assert_eq!(
        (read.body.as_deref(), read.pinned),
        (Some("Booked a demo"), true)
    );

    notes.delete(&created.id).await.unwrap();
    assert!(matches!(
        notes.get(&created.id).await,
        Err(Error::NotFound { .. })
    ));
    assert!(!notes
        .list()
        .await
        .unwrap()
        .iter()
        .any(|n| n.id == created.id));

    let tags = api.tags(&contact_id);
    tags.add(&["keep".into(), "drop".into()]).await.unwrap();
    let kept = tags.remove(&["drop".into()]).await.unwrap();
    assert!(kept.contains(&"keep".to_owned()) && !kept.contains(&"drop".to_owned()));
    let contact = api.contacts().get(&contact_id).await.unwrap();
    assert_eq!(contact.tags, kept);
    sandbox.shutdown().await;
}
