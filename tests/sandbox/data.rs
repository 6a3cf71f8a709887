//! The seeded data: the same for the same seed and day, HighLevel's shapes, and hostile
//! strings on the newest contacts.

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{config, header, Api};

/// The first page as served, less the next page's URL (which names the sandbox's port).
async fn portless_first_page(api: &Api) -> Value {
    let mut page = api.first_page(50).await;
    page["meta"].as_object_mut().unwrap().remove("nextPageUrl");
    page
}

#[tokio::test]
async fn the_same_seed_and_day_serve_the_same_data() {
    let a = Api::start(config()).await;
    let b = Api::start(config()).await;
    let mut other = config();
    other.seed = 8;
    let c = Api::start(other).await;
    let first = portless_first_page(&a).await;
    assert_eq!(first, portless_first_page(&b).await);
    assert_ne!(first["contacts"], portless_first_page(&c).await["contacts"]);
    let notes = format!(
        "/contacts/{}/notes",
        first["contacts"][3]["id"].as_str().unwrap()
    );
    assert_eq!(a.get(&notes).await, b.get(&notes).await);
    for api in [a, b, c] {
        api.sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn records_have_highlevel_shapes() {
    let api = Api::start(config()).await;
    let contacts = api.first_contacts(100).await;
    let mut value_types = HashSet::new();
    for contact in &contacts {
        for field in contact["customFields"].as_array().unwrap() {
            value_types.insert(match &field["value"] {
                Value::String(_) => "string",
                Value::Number(_) => "number",
                Value::Array(_) => "array",
                Value::Object(_) => "object",
                _ => "other",
            });
        }
    }
    assert_eq!(value_types.len(), 4, "{value_types:?}");
    assert!(contacts.iter().any(|c| c.get("businessId").is_none()));
    assert!(contacts.iter().any(|c| c["dnd"] == true));

    let (mut saw_task, mut saw_appointment) = (false, false);
    for contact in contacts {
        let id = contact["id"].as_str().unwrap();
        let (_, detail) = api.get(&format!("/contacts/{id}")).await;
        assert_eq!(detail["contact"]["followers"], json!([]));
        assert_eq!(detail["contact"]["additionalEmails"], json!([]));
        let (_, tasks) = api.get(&format!("/contacts/{id}/tasks")).await;
        if let Some(task) = tasks["tasks"].as_array().unwrap().first() {
            let due = task["dueDate"].as_str().unwrap();
            assert!(
                due.len() == 24 && due.ends_with('Z') && due.as_bytes()[19] == b'.',
                "{due}"
            );
            saw_task = true;
        }
        let (_, events) = api.get(&format!("/contacts/{id}/appointments")).await;
        if let Some(event) = events["events"].as_array().unwrap().first() {
            let start = event["startTime"].as_str().unwrap();
            assert!(start.len() == 19 && start.as_bytes()[10] == b' ', "{start}");
            assert_eq!(event["contactId"], id);
            saw_appointment = true;
        }
        if saw_task && saw_appointment {
            break;
        }
    }
    assert!(saw_task && saw_appointment);

    let (status, body) = api.get("/contacts/x/y/z").await;
    assert_eq!(
        (status, body),
        (
            StatusCode::NOT_FOUND,
            json!({"statusCode": 404, "message": "Cannot GET /contacts/x/y/z", "error": "Not Found"})
        )
    );
    let before = api.sandbox.request_count();
    let first = api
        .request(Method::GET, "/contacts/x")
        .send()
        .await
        .unwrap();
    let second = api
        .request(Method::GET, "/contacts/x")
        .send()
        .await
        .unwrap();
    assert_ne!(header(&first, "traceid"), header(&second, "traceid"));
    assert_eq!(api.sandbox.request_count(), before + 2);
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn the_newest_contacts_carry_hostile_strings() {
    let api = Api::start(config()).await;
    let contacts = api.first_contacts(20).await;
    let values: Vec<String> = contacts
        .iter()
        .flat_map(|c| {
            let fields = ["firstName", "lastName", "companyName", "website"].map(|f| c[f].clone());
            fields
                .into_iter()
                .chain(c["tags"].as_array().unwrap().iter().cloned())
        })
        .filter_map(|value| value.as_str().map(str::to_owned))
        .collect();
    for hostile in [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        r#"=HYPERLINK("http://evil.example","click")"#,
        "+SUM(A1:A9)",
        "-2+3",
        "@cmd",
        "\tTabbed",
        "\rCarriage Return Ltd",
        "javascript:alert(1)",
        "\u{202E}txt.exe",
        "محمد",
        "שרה",
        "👩‍💻 Ada",
        "🚀 launch",
    ] {
        assert!(
            values.iter().any(|v| v == hostile),
            "{hostile:?} missing from the first page"
        );
    }
    assert!(
        values.iter().any(|v| v.chars().count() == 300),
        "no 300-character company"
    );

    let mut longest_note = 0;
    let mut task_titles = Vec::new();
    for contact in contacts {
        let id = contact["id"].as_str().unwrap();
        let (_, notes) = api.get(&format!("/contacts/{id}/notes")).await;
        for note in notes["notes"].as_array().unwrap() {
            longest_note = longest_note.max(note["body"].as_str().unwrap().chars().count());
        }
        let (_, tasks) = api.get(&format!("/contacts/{id}/tasks")).await;
        for task in tasks["tasks"].as_array().unwrap() {
            task_titles.push(task["title"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(longest_note, 5_000);
    assert!(task_titles.iter().any(|t| t.starts_with("=HYPERLINK(")));
    assert!(task_titles.iter().any(|t| t.starts_with('\r')));
    api.sandbox.shutdown().await;
}
