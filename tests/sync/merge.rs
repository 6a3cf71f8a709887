//! A merge of two duplicates the cache finds among the seeded contacts, sent as a journaled
//! job against the sandbox: the survivor ends with the other's tasks, notes and tags, the
//! other is gone, and a crash mid-merge sends no POST twice.

use std::collections::HashSet;
use std::sync::Arc;

use contact_desk::duplicates::{likely_pairs, plan_merge, MergeChoices, Reason};
use contact_desk::highlevel::{Error, NewTask, Note, Task};
use contact_desk::jobs::{self, ItemState, JobEvents, JobKind, JobState, NewJob, Write};
use contact_desk::sync::{ContactWorkspace, SyncScope};

use super::{world, World};

struct Unheard;
impl JobEvents for Unheard {}

/// The survivor and the other of a seeded pair found by name, both read fresh, the other
/// holding tasks, notes and a tag the survivor lacks.
async fn seeded_twins(w: &World) -> (ContactWorkspace, ContactWorkspace) {
    w.syncer.run(SyncScope::Standard).await.unwrap();
    let candidates = w.syncer.cache().duplicate_candidates().unwrap();
    let found = likely_pairs(&candidates, &HashSet::new());
    let by_name: Vec<_> = found
        .pairs
        .iter()
        .filter(|pair| {
            pair.reasons
                .iter()
                .any(|r| matches!(r, Reason::SameName | Reason::SimilarName))
        })
        .collect();
    assert!(by_name.len() >= 3, "{:?}", found.pairs);
    let pair = by_name[0];
    let api = w.syncer.client().interactive();
    let mut sides = Vec::new();
    for id in [&pair.first.id, &pair.second.id] {
        sides.push(w.syncer.refresh_workspace(id).await.unwrap());
    }
    let holds_work =
        |side: &ContactWorkspace| !side.details.tasks.is_empty() && !side.details.notes.is_empty();
    let other_index = sides
        .iter()
        .position(holds_work)
        .expect("a seeded copy has tasks and notes");
    let other = sides.remove(other_index);
    let survivor = sides.remove(0);
    api.tags(&other.contact.id)
        .add(&["only-on-the-twin".into()])
        .await
        .unwrap();
    let other = w.syncer.refresh_workspace(&other.contact.id).await.unwrap();
    (survivor, other)
}

fn merge_job(survivor: &ContactWorkspace, other: &ContactWorkspace) -> NewJob {
    let choices = MergeChoices {
        survivor_id: survivor.contact.id.clone(),
        other_id: other.contact.id.clone(),
        ..MergeChoices::default()
    };
    let plan = plan_merge(
        &survivor.contact,
        &other.contact,
        &other.details.tasks,
        &other.details.notes,
        &choices,
        jiff::Timestamp::now(),
    );
    NewJob {
        kind: JobKind::Merge,
        title: "Merge".into(),
        writes: plan.steps,
        undo_of: None,
    }
}

fn task_key(task: &Task) -> (Option<String>, Option<jiff::Timestamp>) {
    (task.title.clone(), task.due_date)
}

fn note_bodies(notes: &[Note]) -> Vec<Option<String>> {
    notes.iter().map(|note| note.body.clone()).collect()
}

#[tokio::test]
async fn a_merge_moves_tasks_notes_and_tags_onto_the_survivor_and_deletes_the_other() {
    let w = world(200).await;
    let (survivor, other) = seeded_twins(&w).await;
    let cache = w.syncer.cache();

    let id = jobs::create(cache, &merge_job(&survivor, &other)).unwrap();
    jobs::run_waiting(w.syncer.clone(), Arc::new(Unheard))
        .await
        .unwrap();

    assert_eq!(cache.job(id).unwrap().unwrap().state, JobState::Done);
    let api = w.syncer.client().interactive();
    let merged = api.contacts().get(&survivor.contact.id).await.unwrap();
    for tag in other.contact.tags.iter().chain(&survivor.contact.tags) {
        assert!(
            merged.tags.contains(tag),
            "{tag} missing from {:?}",
            merged.tags
        );
    }
    let tasks = api.tasks(&survivor.contact.id).list().await.unwrap();
    assert_eq!(
        tasks.len(),
        survivor.details.tasks.len() + other.details.tasks.len()
    );
    let keys: Vec<_> = tasks.iter().map(task_key).collect();
    for task in &other.details.tasks {
        assert!(keys.contains(&task_key(task)), "{:?} not moved", task.title);
    }
    let notes = note_bodies(&api.notes(&survivor.contact.id).list().await.unwrap());
    for body in note_bodies(&other.details.notes) {
        assert!(notes.contains(&body), "{body:?} not moved");
    }
    let gone = api.contacts().get(&other.contact.id).await.unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone:?}");
    assert!(cache.contact(&other.contact.id).unwrap().is_none());
}

#[tokio::test]
async fn a_task_whose_post_left_before_a_crash_is_not_sent_again() {
    let w = world(200).await;
    let (survivor, other) = seeded_twins(&w).await;
    let cache = w.syncer.cache();
    let job = merge_job(&survivor, &other);
    let (seq, task): (u32, NewTask) = job
        .writes
        .iter()
        .enumerate()
        .find_map(|(seq, write)| match write {
            Write::CreateTask { task, .. } => Some((seq as u32, task.clone())),
            _ => None,
        })
        .unwrap();
    let id = jobs::create(cache, &job).unwrap();
    // The app died after marking the item and sending its POST, before the answer.
    assert!(cache.move_item(id, seq, ItemState::Sending).unwrap());
    let api = w.syncer.client().interactive();
    api.tasks(&survivor.contact.id).create(&task).await.unwrap();
    let posts_before = task_posts(&w);

    jobs::run_waiting(w.syncer.clone(), Arc::new(Unheard))
        .await
        .unwrap();

    assert_eq!(cache.job(id).unwrap().unwrap().state, JobState::Done);
    let creates = job
        .writes
        .iter()
        .filter(|w| matches!(w, Write::CreateTask { .. }));
    assert_eq!(task_posts(&w) - posts_before, creates.count() as u64 - 1);
    let tasks = api.tasks(&survivor.contact.id).list().await.unwrap();
    let copies = tasks.iter().filter(|t| {
        t.title.as_deref() == Some(task.title.as_str()) && t.due_date == Some(task.due_date)
    });
    let before = survivor.details.tasks.iter().filter(|t| {
        t.title.as_deref() == Some(task.title.as_str()) && t.due_date == Some(task.due_date)
    });
    assert_eq!(copies.count(), before.count() + 1);
}

fn task_posts(w: &World) -> u64 {
    let stats = w.sandbox.stats();
    stats
        .by_endpoint
        .get("POST /contacts/:contactId/tasks")
        .copied()
        .unwrap_or(0)
}

#[tokio::test]
async fn a_merge_stops_at_a_refused_write_and_keeps_the_other_contact() {
    let w = world(200).await;
    let (survivor, other) = seeded_twins(&w).await;
    let cache = w.syncer.cache();
    let mut job = merge_job(&survivor, &other);
    // The survivor was deleted in HighLevel meanwhile: its first task is refused (404).
    let missing = "aaaaaaaaaaaaaaaaaaaa".to_owned();
    for write in &mut job.writes {
        if let Write::CreateTask { contact_id, .. } = write {
            *contact_id = missing.clone();
        }
    }

    let id = jobs::create(cache, &job).unwrap();
    jobs::run_waiting(w.syncer.clone(), Arc::new(Unheard))
        .await
        .unwrap();

    assert_eq!(cache.job(id).unwrap().unwrap().state, JobState::Failed);
    let api = w.syncer.client().interactive();
    api.contacts().get(&other.contact.id).await.unwrap();
    assert!(cache.contact(&other.contact.id).unwrap().is_some());
}
