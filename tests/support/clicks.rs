//! A user's clicks, for the benches that time them against background work.

use std::time::{Duration, Instant};

use contact_desk::sync::Syncer;

/// Opens each contact through the interactive lane, one per second: each load's time,
/// shortest first.
pub async fn clicks(syncer: &Syncer, ids: &[String]) -> Vec<Duration> {
    let mut timings = Vec::new();
    for id in ids {
        let started = Instant::now();
        syncer.refresh_workspace(id).await.unwrap();
        timings.push(started.elapsed());
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    timings.sort();
    timings
}
