//! A sync engine for an in-process sandbox whose cache already holds every contact, as
//! after a first sync: for the jobs tests and the bulk benchmark.

use std::path::Path;
use std::sync::Arc;

use contact_desk::cache::{Cache, ContactFilter, ContactRow, ContactSort};
use contact_desk::highlevel::RateBudget;
use contact_desk::sandbox::Sandbox;
use contact_desk::sync::{ConnectivityMonitor, SyncEvents, SyncScope, Syncer};

use crate::sandbox_client::sandbox_client;

struct Quiet;
impl SyncEvents for Quiet {}

/// A syncer for `sandbox` with `budget`, its cache in `dir`, every contact synced into it.
pub async fn mirrored(sandbox: &Sandbox, budget: RateBudget, dir: &Path) -> Arc<Syncer> {
    let cache = Arc::new(Cache::open(&dir.join("cache.sqlite")).expect("a cache"));
    let client = sandbox_client(sandbox, budget, |_| {});
    let monitor = Arc::new(ConnectivityMonitor::default());
    let syncer = Syncer::new(client, cache, Arc::new(Quiet), monitor);
    syncer.run(SyncScope::Contacts).await.expect("a first sync");
    syncer
}

/// Every live contact in the cache, by name.
pub fn every_row(syncer: &Syncer) -> Vec<ContactRow> {
    let filter = ContactFilter::default();
    let now = jiff::Timestamp::now();
    let page = syncer
        .cache()
        .list_contacts(&filter, ContactSort::Name, 0, u32::MAX, now);
    page.expect("the contact list").rows
}
