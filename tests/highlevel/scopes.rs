//! A token without a resource's scope: each new endpoint names the scope it lacks, which the
//! sync engine's fallbacks key on; the contact search needs only `contacts.readonly`.

use contact_desk::highlevel::{ContactSearch, Error, EventOwner, EventQuery, Scope, TaskSearch};
use contact_desk::sandbox::SandboxConfig;

use crate::sandbox::{client_with, sandbox};

fn lacks(result: Result<impl std::fmt::Debug, Error>, scope: Scope) {
    match result {
        Err(Error::Forbidden { missing_scope, .. }) => assert_eq!(missing_scope, Some(scope)),
        other => panic!(
            "expected a refusal naming {}, got {other:?}",
            scope.as_str()
        ),
    }
}

#[tokio::test]
async fn the_read_only_token_is_told_which_scope_each_resource_needs() {
    let sandbox = sandbox(5).await;
    let readonly = SandboxConfig::seeded(11).readonly_token.unwrap();
    let api = client_with(&sandbox, &readonly, sandbox.location_id()).background();

    let page = api.contacts().search(&ContactSearch::new(5)).await.unwrap();
    assert_eq!(page.contacts.len(), 5);
    let tasks = api.location_tasks().search(&TaskSearch::default()).await;
    lacks(tasks, Scope::LocationsTasksReadonly);
    lacks(api.calendars().list().await, Scope::CalendarsReadonly);
    let query = EventQuery {
        owner: EventOwner::Calendar("k1".into()),
        start: jiff::Timestamp::UNIX_EPOCH,
        end: jiff::Timestamp::now(),
    };
    lacks(
        api.calendars().events(&query).await,
        Scope::CalendarsEventsReadonly,
    );
    sandbox.shutdown().await;
}
