//! Names instead of ids through the real window: a contact's owner reads as the person in
//! the list and the workspace, and its custom fields by their names.

use serde_json::Value;

use crate::harness::App;
use crate::raw::raw_get;
use crate::sandbox::SandboxProcess;
use crate::workspace::search_and_open_contact;

/// What HighLevel (the sandbox) lists at `path`, under `key`.
async fn listed(sandbox: &SandboxProcess, path: &str, key: &str) -> Vec<Value> {
    let url = format!("{}{path}", sandbox.base_url());
    let location = ("locationId", sandbox.location_id().to_owned());
    let answer = raw_get(&reqwest::Client::new(), &url, sandbox.token(), &[location]).await;
    answer[key].as_array().cloned().unwrap_or_default()
}

/// The name of the record in `list` whose id is `id`.
fn name_of(list: &[Value], id: &str) -> String {
    let record = list.iter().find(|record| record["id"] == id).unwrap();
    record["name"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_list_and_the_workspace_show_the_owners_name_and_custom_fields_by_name() {
    let sandbox = SandboxProcess::start(&[]);
    let users = listed(&sandbox, "/users/", "users").await;
    let location_fields = format!("/locations/{}/customFields", sandbox.location_id());
    let fields = listed(&sandbox, &location_fields, "customFields").await;
    let contacts = listed(&sandbox, "/contacts/", "contacts").await;
    // A contact with an owner, an email to find it by and a custom field.
    let contact = contacts
        .iter()
        .find(|c| {
            c["assignedTo"].is_string()
                && c["email"].is_string()
                && c["customFields"].as_array().is_some_and(|f| !f.is_empty())
        })
        .expect("a seeded contact with an owner, an email and custom fields");
    let owner = name_of(&users, contact["assignedTo"].as_str().unwrap());
    let field = name_of(&fields, contact["customFields"][0]["id"].as_str().unwrap());

    let dir = tempfile::tempdir().unwrap();
    sandbox.add_profile(dir.path());
    let app = App::launch_with(dir).await;
    crate::onboarding::wait_for_active_account(&app, "Sandbox").await;
    let id = contact["id"].as_str().unwrap();
    search_and_open_contact(&app, contact["email"].as_str().unwrap(), id).await;

    // The first sync reads the names; both the list row and Details then show the person.
    let shown = app
        .content_with("[data-testid='workspace'] [data-testid='owner']", &owner)
        .await;
    assert!(
        !shown.contains(contact["assignedTo"].as_str().unwrap()),
        "{shown}"
    );
    let row_owner = format!("[data-contact-id='{id}'] [data-testid='row-owner']");
    app.content_with(&row_owner, &owner).await;
    app.content_with("[data-testid='custom-fields']", &field)
        .await;
    app.close().await;
}
