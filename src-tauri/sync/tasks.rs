//! Tasks through `POST /locations/:locationId/tasks/search`: a complete mirror daily,
//! and in between the task lists of the contacts that changed, in batches, and a watch
//! on every open task, so a task completed or deleted in HighLevel is seen even when its
//! contact did not change. The watch costs one request per page of open tasks; when that would
//! overspend the plan, a pass spans several syncs (see `plan`).

use std::collections::{BTreeSet, HashMap};

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::plan::{SWEEP_EVERY, TASK_BATCH, TASK_PAGE};
use super::{changes, Run, SyncError, SyncPhase, Syncer};
use crate::cache::ChangeEvent;
use crate::highlevel::{Error, Task, TaskSearch};

/// When the last complete task mirror finished.
const MIRRORED: &str = "tasks_mirrored";
/// The open-task watch's pass in progress.
const WATCH: &str = "tasks_watch";
/// Fields of the live API's task rows that describe the contact or the user again:
/// not kept, since the cache has both.
const REDUNDANT: [&str; 2] = ["contactDetails", "assignedToUserDetails"];

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Watch {
    /// Marks the open tasks this pass saw.
    pass: i64,
    /// Open tasks read so far in this pass.
    skip: u32,
}

/// How a server pages task searches. The spec gives `limit` no maximum; one that caps it
/// answers short pages, so a short page ends a list only once a full page was seen.
#[derive(Debug, Clone, Copy)]
pub(super) struct TaskPaging {
    limit: u32,
    /// Whether the server has answered a page of `limit` tasks.
    honoured: bool,
}

impl Default for TaskPaging {
    fn default() -> Self {
        Self {
            limit: TASK_PAGE,
            honoured: false,
        }
    }
}

/// A server would not cap pages below the documented default `limit`, 25: a shorter
/// page is the end of the list.
const MIN_PLAUSIBLE_CAP: u32 = 25;

/// A task search read page by page.
struct TaskWalk {
    search: TaskSearch,
    /// The last page's length.
    previous: Option<u32>,
    /// Whether another page may follow.
    more: bool,
}

impl TaskWalk {
    fn new(search: TaskSearch) -> Self {
        Self {
            search,
            previous: None,
            more: true,
        }
    }
}

impl Syncer {
    /// Mirrors every task when none were mirrored yet or the last mirror is a day old
    /// (which also finds completed tasks deleted in HighLevel, which the watch cannot
    /// see); otherwise refreshes the task lists of `changed` contacts and watches open
    /// tasks.
    pub(super) async fn sync_tasks(
        &self,
        run: &mut Run,
        changed: Vec<String>,
    ) -> Result<(), SyncError> {
        let every = SignedDuration::try_from(SWEEP_EVERY).unwrap_or_default();
        let mirrored = self.cache.state::<Timestamp>(MIRRORED)?;
        if mirrored.is_none_or(|mirrored| Timestamp::now() - every >= mirrored) {
            return self.mirror_tasks(run).await;
        }
        let mut stale: BTreeSet<String> = changed.into_iter().collect();
        stale.extend(self.watch_open_tasks(run).await?);
        self.refresh_task_lists(run, stale.into_iter().collect())
            .await
    }

    /// Reads every task of the location and replaces each live contact's list with its
    /// share (contacts without tasks get an empty one).
    async fn mirror_tasks(&self, run: &mut Run) -> Result<(), SyncError> {
        let mut by_contact: HashMap<String, Vec<Task>> = HashMap::new();
        let mut walk = TaskWalk::new(TaskSearch::default());
        while walk.more {
            self.update(|p| {
                p.phase = SyncPhase::Tasks;
                p.done = walk.search.skip;
                p.total = None;
                p.eta_seconds = None;
            });
            let tasks = self.task_page(run, &mut walk).await?;
            group_by_contact(&mut by_contact, tasks);
        }
        let contacts = self.cache.live_contact_ids()?;
        for chunk in contacts.chunks(500) {
            let lists = chunk
                .iter()
                .map(|id| (id.clone(), by_contact.remove(id).unwrap_or_default()))
                .collect();
            self.store_task_lists(run, lists)?;
        }
        self.cache.set_state(MIRRORED, &Timestamp::now())?;
        self.cache.clear_state(WATCH)?;
        Ok(())
    }

    /// Reads the next pages of open tasks, as many as the plan allows this sync. Returns
    /// the contacts whose stored tasks disagree with what HighLevel has open: those with
    /// a task unknown, reopened or rescheduled, and, when the pass ends, those with an
    /// open task the pass did not see.
    async fn watch_open_tasks(&self, run: &mut Run) -> Result<Vec<String>, SyncError> {
        let mut watch = self.cache.state::<Watch>(WATCH)?.unwrap_or_else(|| Watch {
            pass: Timestamp::now().as_millisecond(),
            skip: 0,
        });
        let mut stale = Vec::new();
        let mut walk = TaskWalk::new(TaskSearch {
            completed: Some(false),
            skip: watch.skip,
            ..TaskSearch::default()
        });
        for _ in 0..run.plan.watch_pages_per_sync() {
            self.update(|p| {
                p.phase = SyncPhase::Tasks;
                p.done = watch.skip;
                p.total = None;
                p.eta_seconds = None;
            });
            let tasks = self.task_page(run, &mut walk).await?;
            run.report.open_tasks_watched += u32::try_from(tasks.len()).unwrap_or(u32::MAX);
            watch.skip = walk.search.skip;
            stale.extend(self.cache.mark_open_tasks_seen(watch.pass, &tasks)?);
            if !walk.more {
                stale.extend(self.cache.contacts_with_unseen_open_tasks(watch.pass)?);
                self.cache.clear_state(WATCH)?;
                return Ok(stale);
            }
            self.cache.set_state(WATCH, &watch)?;
        }
        Ok(stale)
    }

    /// Fetches the complete task lists of `contact_ids`, a batch of contacts a request.
    pub(super) async fn refresh_task_lists(
        &self,
        run: &mut Run,
        contact_ids: Vec<String>,
    ) -> Result<(), SyncError> {
        for batch in contact_ids.chunks(TASK_BATCH) {
            let mut tasks: HashMap<String, Vec<Task>> = HashMap::new();
            let mut walk = TaskWalk::new(TaskSearch {
                contact_ids: batch.to_vec(),
                ..TaskSearch::default()
            });
            while walk.more {
                let page = self.task_page(run, &mut walk).await?;
                group_by_contact(&mut tasks, page);
            }
            let lists = batch
                .iter()
                .map(|id| (id.clone(), tasks.remove(id).unwrap_or_default()))
                .collect();
            self.store_task_lists(run, lists)?;
        }
        Ok(())
    }

    /// The next page of `walk`, learning how the server pages (see [`TaskPaging`]). A
    /// server that refuses the large page is asked again with HighLevel's usual 100.
    async fn task_page(&self, run: &Run, walk: &mut TaskWalk) -> Result<Vec<Task>, SyncError> {
        walk.search.limit = self.task_paging().limit;
        let tasks = match self
            .spend(run, run.api.location_tasks().search(&walk.search))
            .await
        {
            Err(SyncError::Api(Error::Validation { .. })) if walk.search.limit > 100 => {
                self.set_task_paging(TaskPaging {
                    limit: 100,
                    honoured: false,
                });
                walk.search.limit = 100;
                self.spend(run, run.api.location_tasks().search(&walk.search))
                    .await?
            }
            other => other?,
        };
        let count = u32::try_from(tasks.len()).unwrap_or(u32::MAX);
        let mut paging = self.task_paging();
        walk.more = match walk.previous {
            _ if count == 0 => false,
            _ if count >= walk.search.limit => {
                paging.honoured = true;
                true
            }
            _ if paging.honoured || count < MIN_PLAUSIBLE_CAP => false,
            // A short page after another: the server caps pages at the longer one.
            Some(previous) => {
                paging = TaskPaging {
                    limit: previous.max(count),
                    honoured: true,
                };
                count >= previous
            }
            // A short first page: the end, or the server's cap. One more page tells.
            None => true,
        };
        self.set_task_paging(paging);
        walk.previous = Some(count);
        walk.search.skip += count;
        Ok(tasks.into_iter().map(without_redundant_fields).collect())
    }

    /// Stores complete task lists with the changes they reveal, and announces them.
    fn store_task_lists(
        &self,
        run: &mut Run,
        lists: Vec<(String, Vec<Task>)>,
    ) -> Result<(), SyncError> {
        let ids: Vec<String> = lists.iter().map(|(id, _)| id.clone()).collect();
        let stored = self.cache.stored_task_lists(&ids)?;
        let now = Timestamp::now();
        let mut fresh_lists = Vec::with_capacity(stored.len());
        let mut events: Vec<ChangeEvent> = Vec::new();
        let mut lists: HashMap<String, Vec<Task>> = lists.into_iter().collect();
        for before in &stored {
            let after = lists.remove(&before.contact_id).unwrap_or_default();
            if let Some(before_at) = before.synced_at {
                events.extend(changes::task_changes(
                    &before.contact_id,
                    &before.name,
                    &before.tasks,
                    before_at,
                    &after,
                    now,
                ));
            }
            fresh_lists.push((before.contact_id.clone(), after));
        }
        let fresh = self.cache.store_task_lists(&fresh_lists, &events, now)?;
        run.report.tasks_refreshed += u32::try_from(fresh_lists.len()).unwrap_or(u32::MAX);
        run.report.changes += u32::try_from(fresh.len()).unwrap_or(u32::MAX);
        for before in &stored {
            let theirs: Vec<ChangeEvent> = fresh
                .iter()
                .filter(|event| event.contact_id == before.contact_id)
                .cloned()
                .collect();
            if !theirs.is_empty() {
                self.events.changes(&theirs, before.watched);
            }
        }
        self.events.contacts_changed();
        Ok(())
    }
}

fn group_by_contact(by_contact: &mut HashMap<String, Vec<Task>>, tasks: Vec<Task>) {
    for task in tasks {
        if let Some(contact_id) = task.contact_id.clone() {
            by_contact.entry(contact_id).or_default().push(task);
        }
    }
}

fn without_redundant_fields(mut task: Task) -> Task {
    for field in REDUNDANT {
        task.extra.remove(field);
    }
    task
}
