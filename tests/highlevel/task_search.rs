//! The location-wide task search through the client: the pending set paged with
//! `TASK_SEARCH_PAGE`, tasks read with their `_id`, and a completion made elsewhere seen
//! at the next look.

use contact_desk::highlevel::{Api, Task, TaskSearch, TASK_SEARCH_PAGE};

use crate::sandbox::{client, sandbox};

async fn pending(api: &Api) -> Vec<Task> {
    let mut tasks = Vec::new();
    loop {
        let search = TaskSearch {
            completed: Some(false),
            skip: u32::try_from(tasks.len()).unwrap(),
            ..TaskSearch::default()
        };
        let page = api.location_tasks().search(&search).await.unwrap();
        let last = page.len() < TASK_SEARCH_PAGE as usize;
        tasks.extend(page);
        if last {
            return tasks;
        }
    }
}

/// Each task's id, title and status, by id.
fn summary(tasks: Vec<Task>) -> Vec<(String, Option<String>, bool)> {
    let mut summary: Vec<_> = tasks
        .into_iter()
        .map(|task| (task.id, task.title, task.completed))
        .collect();
    summary.sort();
    summary
}

#[tokio::test]
async fn a_completion_made_elsewhere_leaves_the_pending_set() {
    let sandbox = sandbox(120).await;
    let api = client(&sandbox).background();
    let before = pending(&api).await;
    assert!(before.len() > TASK_SEARCH_PAGE as usize, "{}", before.len());
    assert!(before.iter().all(|t| !t.completed && !t.id.is_empty()));

    let done = &before[before.len() / 2];
    let contact_id = done.contact_id.clone().unwrap();
    let of_contact = TaskSearch {
        contact_ids: vec![contact_id.clone()],
        ..TaskSearch::default()
    };
    let found = api.location_tasks().search(&of_contact).await.unwrap();
    let listed = api.tasks(&contact_id).list().await.unwrap();
    assert_eq!(summary(found), summary(listed));

    api.tasks(&contact_id)
        .set_completed(&done.id, true)
        .await
        .unwrap();
    let after = pending(&api).await;
    assert_eq!(after.len(), before.len() - 1);
    assert!(after.iter().all(|t| t.id != done.id));
    sandbox.shutdown().await;
}
