//! When syncs run: at start, every `interval` after that, on "Sync now", and when the
//! connection comes back. While offline it probes HighLevel instead of syncing.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

use super::{SyncScope, Syncer};
use crate::highlevel::ContactQuery;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    /// Minutes between automatic syncs; 0 turns them off ("Sync now" still works).
    pub interval_minutes: u32,
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            interval_minutes: 15,
        }
    }
}

/// How often an offline app checks whether HighLevel answers again.
const PROBE_EVERY: Duration = Duration::from_secs(10);

pub struct Scheduler {
    trigger: Arc<Notify>,
    schedule: watch::Sender<Schedule>,
    task: JoinHandle<()>,
}

impl Scheduler {
    /// Starts the loop on the current tokio runtime; it ends when the Scheduler drops.
    pub fn start(syncer: Arc<Syncer>, schedule: Schedule) -> Self {
        let trigger = Arc::new(Notify::new());
        let (sender, receiver) = watch::channel(schedule);
        let task = tokio::spawn(run_loop(syncer, trigger.clone(), receiver));
        Self {
            trigger,
            schedule: sender,
            task,
        }
    }

    pub fn sync_now(&self) {
        self.trigger.notify_one();
    }

    pub fn set_schedule(&self, schedule: Schedule) {
        self.schedule.send_replace(schedule);
    }
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run_loop(
    syncer: Arc<Syncer>,
    trigger: Arc<Notify>,
    mut schedule: watch::Receiver<Schedule>,
) {
    let mut connectivity = syncer.connectivity().subscribe();
    loop {
        syncer.set_schedule(*schedule.borrow());
        if syncer.connectivity().is_online() {
            if let Err(error) = syncer.run(SyncScope::Standard).await {
                tracing::warn!(%error, "scheduled sync failed");
            }
        }
        let wait = if syncer.connectivity().is_online() {
            let minutes = schedule.borrow().interval_minutes;
            (minutes > 0).then(|| Duration::from_secs(u64::from(minutes) * 60))
        } else {
            Some(PROBE_EVERY)
        };
        tokio::select! {
            () = sleep_or_forever(wait) => {
                if !syncer.connectivity().is_online() {
                    probe(&syncer).await;
                }
            }
            () = trigger.notified() => {}
            Ok(()) = schedule.changed() => {}
            Ok(()) = connectivity.changed() => {}
        }
    }
}

async fn sleep_or_forever(wait: Option<Duration>) {
    match wait {
        Some(wait) => tokio::time::sleep(wait).await,
        None => std::future::pending().await,
    }
}

/// One cheap request; its outcome moves the connectivity state.
async fn probe(syncer: &Syncer) {
    let query = ContactQuery {
        limit: 1,
        ..ContactQuery::default()
    };
    let answer = syncer.client().background().contacts().list(&query).await;
    syncer.note_connectivity(&answer);
}
