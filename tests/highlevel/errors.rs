//! Every error class: HTTP statuses, scopes, validation, duplicates, HTML and broken bodies.

use contact_desk::highlevel::{ContactFields, Error, ErrorClass, Scope};
use serde_json::json;

use crate::support::{no_access, task_titled, Harness, NO_ACCESS, TOKEN};

#[tokio::test]
async fn http_errors_become_typed_errors() {
    let mut h = Harness::new().await;
    let cases = [
        ("e401", 401, "Invalid JWT", ErrorClass::Unauthorized),
        ("e403", 403, NO_ACCESS, ErrorClass::Forbidden),
        ("e404", 404, "Contact not found", ErrorClass::NotFound),
        ("e400", 400, "Contact not found", ErrorClass::NotFound),
        ("e409", 409, "Conflict", ErrorClass::Rejected),
    ];
    for (id, status, message, _) in cases {
        let body = json!({"statusCode": status, "message": message});
        let path = format!("/contacts/{id}");
        h.serve("GET", path.as_str(), status, body).await;
    }
    for (id, _, _, class) in cases {
        let error = h.get_contact(id).await.unwrap_err();
        assert_eq!(error.class(), class, "/contacts/{id}: {error}");
    }
    let error = h.get_contact("e403").await.unwrap_err();
    assert_eq!(error, no_access());
}

#[tokio::test]
async fn a_scope_refusal_on_a_write_names_contacts_write() {
    let mut h = Harness::new().await;
    h.serve(
        "POST",
        "/contacts/c1/tags",
        401,
        json!({"statusCode": 401, "message": "The token is not authorized for this scope."}),
    )
    .await;
    let error = h.add_tag("c1", "x").await.unwrap_err();
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
    let refusal = json!({
        "statusCode": 422,
        "message": ["title must be a string", "dueDate must be a valid ISO 8601 date string"],
        "error": "Unprocessable Entity"
    });
    let error = h.refused_task(&task_titled(""), 422, refusal).await;
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
    let refusal = json!({
        "statusCode": 400,
        "message": "This location does not allow duplicated contacts.",
        "meta": {"contactId": "c1"}
    });
    h.serve("POST", "/contacts/", 400, refusal).await;
    let contacts = h.client.interactive().contacts();
    let error = contacts
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
async fn an_html_error_page_is_named_by_its_title() {
    let mut h = Harness::new().await;
    h.serve_raw(
        "/contacts/c1",
        502,
        "text/html",
        "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    )
    .await;
    let error = h.get_contact("c1").await.unwrap_err();
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
    h.serve_raw("/contacts/c1", 200, "application/json", body)
        .await;
    let error = h.get_contact("c1").await.unwrap_err();
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
    h.serve_raw(
        "/contacts/c1/tasks",
        200,
        "text/html",
        "<!doctype html><html><body>Maintenance</body></html>",
    )
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
    let error = h.get_contact("c1").await.unwrap_err();
    assert!(
        error.is_connectivity() || error.class() == ErrorClass::Decode,
        "{error:?}"
    );
}
