//! The client against the sandbox (a faithful local HighLevel): the Contacts endpoints in
//! round trips, paging to the end, and the scope and location refusals.

use std::sync::Arc;

use contact_desk::highlevel::{
    BusinessQuery, Client, ClientConfig, ContactFields, ContactQuery, Error, NewTask, Scope,
    StaticToken, TaskChanges,
};
use contact_desk::sandbox::{Sandbox, SandboxConfig};
use secrecy::SecretString;

use crate::listing::{every_contact, first_contact_id};
use crate::support::no_access;

pub async fn sandbox(contacts: u32) -> Sandbox {
    let mut config = SandboxConfig::seeded(11);
    config.contacts = contacts;
    config.businesses = 6;
    Sandbox::start(config).await.unwrap()
}

pub fn client_with(sandbox: &Sandbox, token: &str, location: &str) -> Client {
    let config = ClientConfig::new(&sandbox.base_url(), location).unwrap();
    Client::new(
        config,
        Arc::new(StaticToken::new(SecretString::from(token.to_owned()))),
    )
    .unwrap()
}

pub fn client(sandbox: &Sandbox) -> Client {
    client_with(sandbox, sandbox.token(), sandbox.location_id())
}

#[tokio::test]
async fn every_endpoint_round_trips_against_the_sandbox() {
    let sandbox = sandbox(30).await;
    let api = client(&sandbox).interactive();

    // POST /contacts/ then GET /contacts/:id
    let fields = ContactFields {
        first_name: Some("Ada".into()),
        last_name: Some("Lovelace".into()),
        email: Some("ada.roundtrip@example.com".into()),
        tags: Some(vec!["engine".into()]),
        ..ContactFields::default()
    };
    let created = api.contacts().create(&fields).await.unwrap();
    let read = api.contacts().get(&created.id).await.unwrap();
    assert_eq!(read.email.as_deref(), Some("ada.roundtrip@example.com"));
    assert_eq!(read.tags, ["engine"]);

    // PUT /contacts/:id replaces tags; POST /contacts/:id/tags adds without replacing.
    let update = ContactFields {
        company_name: Some("Analytical Engines".into()),
        tags: Some(vec!["vip".into()]),
        ..ContactFields::default()
    };
    let updated = api
        .contacts()
        .update(&created.id, &update)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (updated.company_name.as_deref(), updated.tags.clone()),
        (Some("Analytical Engines"), vec!["vip".to_owned()])
    );
    let tags = api
        .tags(&created.id)
        .add(&["lead".into(), "vip".into()])
        .await
        .unwrap();
    assert_eq!(tags, ["vip", "lead"]);

    // Tasks: create, list, get, update, complete, delete.
    let tasks = api.tasks(&created.id);
    let new_task = NewTask {
        title: "Send the plans".into(),
        body: Some("Note G".into()),
        due_date: "2026-12-10T09:00:00Z".parse().unwrap(),
        completed: false,
        assigned_to: None,
    };
    let task = tasks.create(&new_task).await.unwrap();
    assert_eq!(tasks.list().await.unwrap().len(), 1);
    assert_eq!(
        tasks.get(&task.id).await.unwrap().title.as_deref(),
        Some("Send the plans")
    );
    let moved = TaskChanges {
        due_date: Some("2026-12-12T09:00:00Z".parse().unwrap()),
        ..TaskChanges::default()
    };
    let task = tasks.update(&task.id, &moved).await.unwrap();
    assert_eq!(task.due_date, Some("2026-12-12T09:00:00Z".parse().unwrap()));
    assert!(tasks.set_completed(&task.id, true).await.unwrap().completed);
    assert!(tasks.get(&task.id).await.unwrap().completed);
    tasks.delete(&task.id).await.unwrap();
    assert!(matches!(
        tasks.get(&task.id).await.unwrap_err(),
        Error::NotFound { .. }
    ));

    // Notes and appointments of a seeded contact that has some.
    let everyone = every_contact(&api).await;
    let mut saw_note = false;
    let mut saw_appointment = false;
    for contact in &everyone {
        let notes = api.notes(&contact.id).list().await.unwrap();
        if let Some(note) = notes.first() {
            assert_eq!(
                api.notes(&contact.id).get(&note.id).await.unwrap().id,
                note.id
            );
            saw_note = true;
        }
        let appointments = api.appointments(&contact.id).list().await.unwrap();
        saw_appointment |= appointments.iter().any(|a| a.start_time.is_some());
        if saw_note && saw_appointment {
            break;
        }
    }
    assert!(saw_note && saw_appointment);

    // GET /contacts/business/:businessId pages with skip/limit.
    let business = everyone.iter().find_map(|c| c.business_id.clone()).unwrap();
    let first = api
        .contacts()
        .by_business(
            &business,
            &BusinessQuery {
                skip: 0,
                limit: 1,
                query: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(first.contacts.len(), 1);
    assert!(first.count.unwrap() >= 1);
    assert!(first
        .contacts
        .iter()
        .all(|c| c.business_id.as_deref() == Some(business.as_str())));

    // DELETE /contacts/:id, then it is gone.
    api.contacts().delete(&created.id).await.unwrap();
    assert!(matches!(
        api.contacts().get(&created.id).await.unwrap_err(),
        Error::NotFound { .. }
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn paging_walks_every_contact_once() {
    let sandbox = sandbox(250).await;
    let api = client(&sandbox).background();
    let query = ContactQuery {
        limit: 40,
        ..ContactQuery::default()
    };
    let all = api.contacts().pager(query).collect().await.unwrap();
    let mut ids: Vec<_> = all.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids.len(), 250);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 250, "no contact twice");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_read_only_token_is_told_which_scope_it_lacks() {
    let sandbox = sandbox(5).await;
    let mut config = SandboxConfig::seeded(11);
    config.contacts = 5;
    let readonly = config.readonly_token.clone().unwrap();
    let api = client_with(&sandbox, &readonly, sandbox.location_id()).interactive();
    let id = first_contact_id(&api).await;
    match api.tags(&id).add(&["x".into()]).await.unwrap_err() {
        Error::Forbidden { missing_scope, .. } => {
            assert_eq!(missing_scope, Some(Scope::ContactsWrite))
        }
        other => panic!("expected a scope refusal, got {other:?}"),
    }
    let wrong_place = client_with(&sandbox, sandbox.token(), "NotTheRightLocation1").interactive();
    let error = wrong_place
        .contacts()
        .list(&ContactQuery::default())
        .await
        .unwrap_err();
    assert_eq!(error, no_access());
    sandbox.shutdown().await;
}
