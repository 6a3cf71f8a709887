//! Bulk jobs against the sandbox and a real SQLite journal: batches, per-contact results,
//! undo, and the promise that survives a crash: no write is sent twice for one item.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mirrored.rs"]
mod mirrored;
#[path = "../support/sandbox_client.rs"]
mod sandbox_client;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use contact_desk::cache::{ContactRow, ItemState};
use contact_desk::highlevel::{BulkTags, NewTask, RateBudget, TagChange};
use contact_desk::jobs::{
    self, BulkAction, JobEvents, JobId, JobState, JobSummary, NewJob, Worker, Write,
};
use contact_desk::sandbox::{FaultKind, Sandbox, SandboxConfig};
use contact_desk::sync::Syncer;
use mirrored::{every_row, mirrored};
use tokio::sync::Notify;

const BULK_TAGS: &str = "POST /contacts/bulk/tags/update/:kind";
const BULK_BUSINESS: &str = "POST /contacts/bulk/business";
const CREATE_TASK: &str = "POST /contacts/:contactId/tasks";

/// Every job step, and a bell rung at each.
#[derive(Default)]
struct Steps {
    seen: Mutex<Vec<JobSummary>>,
    bell: Notify,
}

impl JobEvents for Steps {
    fn job_changed(&self, job: &JobSummary) {
        self.seen.lock().unwrap().push(job.clone());
        self.bell.notify_one();
    }
}

impl Steps {
    /// Waits until a step of job `id` shows `done` items finished.
    async fn until_done(&self, id: JobId, done: u32) {
        loop {
            let reached = self
                .seen
                .lock()
                .unwrap()
                .iter()
                .any(|job| job.id == id && job.items.done + job.items.failed >= done);
            if reached {
                return;
            }
            self.bell.notified().await;
        }
    }
}

struct World {
    sandbox: Sandbox,
    syncer: Arc<Syncer>,
    steps: Arc<Steps>,
    _dir: tempfile::TempDir,
}

/// `contacts` seeded contacts in 4 businesses, mirrored into a fresh cache.
async fn world(contacts: u32, latency: Duration) -> World {
    let mut config = SandboxConfig::seeded(13);
    config.contacts = contacts;
    config.businesses = 4;
    config.rate_limit.max = 10_000;
    config.latency = latency;
    let sandbox = Sandbox::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let budget = RateBudget::new(10_000, Duration::from_secs(10));
    let syncer = mirrored(&sandbox, budget, dir.path()).await;
    World {
        sandbox,
        syncer,
        steps: Arc::new(Steps::default()),
        _dir: dir,
    }
}

impl World {
    fn rows(&self) -> Vec<ContactRow> {
        every_row(&self.syncer)
    }

    /// Whether every cached contact has `tag`.
    fn everyone_tagged(&self, tag: &str) -> bool {
        self.rows()
            .iter()
            .all(|row| row.tags.iter().any(|t| t == tag))
    }

    fn start(&self, job: &NewJob) -> JobId {
        jobs::create(self.syncer.cache(), job).unwrap()
    }

    async fn run(&self) {
        jobs::run_waiting(self.syncer.clone(), self.steps.clone())
            .await
            .unwrap();
    }

    fn job(&self, id: JobId) -> JobSummary {
        jobs::summary(self.syncer.cache(), id).unwrap().unwrap()
    }

    /// The contact's tags as HighLevel has them.
    async fn tags_at_highlevel(&self, id: &str) -> Vec<String> {
        let api = self.syncer.client().interactive();
        api.contacts().get(id).await.unwrap().tags
    }
}

fn add_tag(tag: &str) -> BulkAction {
    BulkAction::AddTags {
        tags: vec![tag.into()],
    }
}

fn call_back() -> NewTask {
    NewTask {
        title: "Call back about the renewal".into(),
        body: None,
        due_date: "2026-12-24T10:00:00Z".parse().unwrap(),
        completed: false,
        assigned_to: None,
    }
}

#[tokio::test]
async fn tagging_250_contacts_sends_three_batches_and_undo_takes_back_only_what_it_added() {
    let w = world(250, Duration::ZERO).await;
    let rows = w.rows();
    let had_it: Vec<String> = rows
        .iter()
        .filter(|row| row.tags.iter().any(|t| t == "vip"))
        .map(|row| row.id.clone())
        .collect();
    let job = jobs::plan_job(&add_tag("vip"), &rows);
    let id = w.start(&job);
    w.run().await;
    let summary = w.job(id);
    assert_eq!(summary.state, JobState::Done);
    let batches = (rows.len() - had_it.len()).div_ceil(jobs::BATCH);
    let stats = w.sandbox.stats();
    assert_eq!(stats.of(BULK_TAGS), batches as u64);
    assert_eq!(stats.most_writes_to_one_contact(BULK_TAGS), 1);
    assert_eq!(stats.contacts_written(BULK_TAGS), rows.len() - had_it.len());
    // The cache follows HighLevel's answer: everyone shows the tag in the list.
    assert!(w.everyone_tagged("vip"));
    let outcomes = jobs::outcomes(w.syncer.cache(), id).unwrap();
    assert!(outcomes.iter().all(|o| o.ok && o.state == ItemState::Done));

    let undo = jobs::undo_job(w.syncer.cache(), id).unwrap().unwrap();
    let undo_id = w.start(&undo);
    w.run().await;
    assert_eq!(w.job(undo_id).state, JobState::Done);
    for row in rows.iter().take(40) {
        let tags = w.tags_at_highlevel(&row.id).await;
        let kept = had_it.contains(&row.id);
        assert_eq!(
            tags.iter().any(|t| t == "vip"),
            kept,
            "{}: {tags:?}",
            row.id
        );
    }
}

#[tokio::test]
async fn items_a_crash_left_sending_are_read_not_resent() {
    let w = world(250, Duration::ZERO).await;
    let rows: Vec<ContactRow> = w.rows();
    let job = jobs::plan_job(&add_tag("crash-test"), &rows);
    assert_eq!(job.writes.len(), 3);
    let id = w.start(&job);
    // Before the crash: item 0's request left and applied; item 1 was marked but not sent.
    let cache = w.syncer.cache();
    assert!(cache.move_item(id, 0, ItemState::Sending).unwrap());
    let Write::Tags { contacts, tags, .. } = &job.writes[0] else {
        panic!("a tags batch");
    };
    let body = BulkTags {
        contacts: contacts.clone(),
        tags: tags.clone(),
        remove_all_tags: None,
    };
    let api = w.syncer.client().interactive();
    api.bulk().tags(TagChange::Add, &body).await.unwrap();
    assert!(cache.move_item(id, 1, ItemState::Sending).unwrap());

    w.run().await;
    assert_eq!(w.job(id).state, JobState::Done);
    let stats = w.sandbox.stats();
    assert_eq!(
        stats.of(BULK_TAGS),
        3,
        "item 0 read back, items 1 and 2 sent once"
    );
    assert_eq!(stats.most_writes_to_one_contact(BULK_TAGS), 1);
    assert_eq!(stats.contacts_written(BULK_TAGS), 250);
    assert!(w.everyone_tagged("crash-test"));
}

#[tokio::test]
async fn an_answer_lost_after_the_write_applied_is_reconciled_by_reading() {
    let w = world(30, Duration::ZERO).await;
    let rows = w.rows();
    let job = jobs::plan_job(&add_tag("lost-answer"), &rows);
    let id = w.start(&job);
    // The sandbox applies the write, then fails the answer: the client sees a 500.
    w.sandbox.inject_faults(FaultKind::ServerError, 1);
    w.run().await;
    assert_eq!(w.job(id).state, JobState::Done);
    let stats = w.sandbox.stats();
    assert_eq!(
        stats.of(BULK_TAGS),
        1,
        "the lost answer was read back, not resent"
    );
    assert_eq!(stats.of("GET /contacts/:contactId"), 30);
    assert!(w.everyone_tagged("lost-answer"));
}

#[tokio::test]
async fn a_worker_stopped_mid_job_leaves_nothing_created_twice() {
    let w = world(12, Duration::from_millis(40)).await;
    let rows = w.rows();
    let action = BulkAction::AddTask { task: call_back() };
    let id = w.start(&jobs::plan_job(&action, &rows));
    let worker = Worker::start(w.syncer.clone(), w.steps.clone());
    worker.wake();
    w.steps.until_done(id, 5).await;
    // The crash: the request in flight is dropped, whatever HighLevel made of it.
    drop(worker);
    assert_ne!(w.job(id).state, JobState::Done);

    w.run().await;
    assert_eq!(w.job(id).state, JobState::Done);
    let stats = w.sandbox.stats();
    assert_eq!(stats.most_writes_to_one_contact(CREATE_TASK), 1);
    assert_eq!(stats.contacts_written(CREATE_TASK), 12);
    let api = w.syncer.client().interactive();
    for row in &rows {
        let tasks = api.tasks(&row.id).list().await.unwrap();
        let created = tasks
            .iter()
            .filter(|t| t.title.as_deref() == Some(&call_back().title));
        assert_eq!(created.count(), 1, "{}", row.id);
    }
}

#[tokio::test]
async fn moving_contacts_to_a_business_is_undone_to_each_ones_previous_business() {
    let w = world(40, Duration::ZERO).await;
    let rows = w.rows();
    let target = rows.iter().find_map(|row| row.business_id.clone()).unwrap();
    let action = BulkAction::SetBusiness {
        business_id: Some(target.clone()),
    };
    let preview = jobs::preview(&action, &rows);
    assert!(preview.unchanged > 0 && preview.changing > 0);
    let id = w.start(&jobs::plan_job(&action, &rows));
    w.run().await;
    assert_eq!(w.job(id).state, JobState::Done);
    assert_eq!(
        w.sandbox.stats().contacts_written(BULK_BUSINESS),
        preview.changing as usize
    );
    assert!(w
        .rows()
        .iter()
        .all(|row| row.business_id.as_ref() == Some(&target)));

    let undo = jobs::undo_job(w.syncer.cache(), id).unwrap().unwrap();
    w.start(&undo);
    w.run().await;
    let api = w.syncer.client().interactive();
    for row in &rows {
        let now = api.contacts().get(&row.id).await.unwrap();
        assert_eq!(now.business_id, row.business_id, "{}", row.id);
    }
}

#[tokio::test]
async fn cancelling_skips_what_was_not_sent() {
    let w = world(20, Duration::ZERO).await;
    let rows = w.rows();
    let id = w.start(&jobs::plan_job(&BulkAction::Delete, &rows));
    let cache = w.syncer.cache();
    assert!(cache
        .set_job_state(id, JobState::Cancelled, jiff::Timestamp::now())
        .unwrap());
    w.run().await;
    let job = w.job(id);
    assert_eq!((job.state, job.items.skipped), (JobState::Cancelled, 20));
    assert_eq!(w.sandbox.stats().of("DELETE /contacts/:contactId"), 0);
    assert_eq!(cache.live_contact_count().unwrap(), 20);
}
