//! The engine when another run, or the user, gets in its way: a second engine on the same
//! cache file (as a second process would be), and a cache removed mid-run.

use std::sync::Arc;

use contact_desk::cache::Cache;
use contact_desk::sync::{ConnectivityMonitor, SyncScope, Syncer};

use super::{loose_budget, world, Recorder, World};
use crate::sandbox_client::sandbox_client;

/// Another engine on `w`'s cache file, with its own connections, as another process has.
fn second_engine(w: &World) -> Arc<Syncer> {
    let cache = Arc::new(Cache::open(w.syncer.cache().path()).unwrap());
    let client = sandbox_client(&w.sandbox, loose_budget(), |_| {});
    Syncer::new(
        client,
        cache,
        Arc::new(Recorder::default()),
        Arc::new(ConnectivityMonitor::default()),
    )
}

#[tokio::test]
async fn a_second_engine_on_the_same_cache_waits_for_the_first_run() {
    let w = world(80).await;
    let other = second_engine(&w);
    let (first, second) = tokio::join!(
        w.syncer.run(SyncScope::Standard),
        other.run(SyncScope::Standard)
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    // One run fetched everyone's tasks; the other began after it ended and found
    // nothing changed. Overlapping, both would have fetched many.
    let mut fetched = [first.tasks_refreshed, second.tasks_refreshed];
    fetched.sort_unstable();
    assert_eq!(fetched, [0, 80], "{first:?} {second:?}");
    assert_eq!(w.syncer.cache().integrity_check().unwrap(), "ok");
}

#[tokio::test]
async fn a_run_whose_cache_was_removed_does_not_succeed() {
    let w = world(30).await;
    std::fs::remove_file(w.syncer.cache().path()).unwrap();
    let error = w.syncer.run(SyncScope::Contacts).await.unwrap_err();
    assert!(error.to_string().contains("was removed"), "{error}");
    let last = w.events.progress.lock().unwrap().last().cloned().unwrap();
    assert!(last.last_error.unwrap().contains("was removed"));
    assert!(
        last.last_finished.is_none(),
        "not recorded as a finished sync"
    );
}
