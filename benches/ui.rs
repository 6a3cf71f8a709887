//! Desktop benchmarks of the optimised build under Xvfb; BENCHMARKS.md has the method and
//! the numbers. Run inside the desktop session: `scripts/desktop-session.sh cargo bench
//! --bench ui` (`make bench` does).
//!
//! - cold start: from asking tauri-driver for a session (which launches the app) to the
//!   first contact row in the DOM, with 10,000 contacts cached;
//! - opening a cached contact: from the click to the workspace painted (measured in the
//!   page: a MutationObserver, then the next animation frame);
//! - opening Reports the first time: from the click to the roll-up table painted, and to
//!   the charts drawn (measured in the page, like opening a contact);
//! - idle memory: PSS of the app and its WebKit processes, 100,000 contacts cached.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/cli.rs"]
mod cli;
#[path = "../tests/support/driver.rs"]
mod driver;
#[path = "../tests/support/sandbox.rs"]
mod sandbox;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::json;

use cli::{run, succeeded};
use driver::{connect, start_driver, Driver};
use sandbox::SandboxProcess;

const APP: &str = env!("CARGO_BIN_EXE_contact-desk");

fn main() {
    // `cargo bench --bench ui -- start` or `-- memory` runs one part.
    let only = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let runs = |part: &str| only.as_deref().is_none_or(|only| only == part);
    if runs("start") {
        launches();
    }
    if runs("memory") {
        let large = prepared_data_dir(100_000);
        idle_memory(large.path());
    }
}

/// Five launches on a 10,000-contact cache: each times the start and then the first
/// opening of Reports; the last also times opening contacts.
fn launches() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let small = prepared_data_dir(10_000);
    runtime.block_on(async {
        let mut starts = Vec::new();
        let mut reports = Vec::new();
        for run in 0..5 {
            let (client, driver, took) = launch_until_rows(small.path()).await;
            starts.push(took);
            if run == 4 {
                opening_contacts(&client).await;
            }
            reports.push(opening_reports(&client).await);
            let _ = client.close().await;
            drop(driver);
        }
        starts.sort();
        println!(
            "cold start to the first painted contact list (10,000 cached): median {:.0} ms, worst {:.0} ms over 5 launches (goal ≤ 1000 ms: {})",
            ms(starts[2]),
            ms(starts[4]),
            verdict(starts[2] <= Duration::from_secs(1))
        );
        reports.sort_by(|a, b| a.0.total_cmp(&b.0));
        let tables: Vec<f64> = reports.iter().map(|(table, _)| *table).collect();
        let mut charts: Vec<f64> = reports.iter().map(|(_, charts)| *charts).collect();
        charts.sort_by(f64::total_cmp);
        println!(
            "first opening of Reports (10,000 cached), click to painted table: median {:.0} ms, worst {:.0} ms; to drawn charts: median {:.0} ms, worst {:.0} ms over 5 launches (goal ≤ 300 ms for the table: {})",
            tables[2],
            tables[4],
            charts[2],
            charts[4],
            verdict(tables[4] <= 300.0)
        );
    });
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

/// A data directory whose active profile points at a sandbox (stopped again) and whose
/// cache holds `contacts` contacts, synced with the CLI.
fn prepared_data_dir(contacts: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut sandbox = SandboxProcess::start(&[
        "--contacts",
        &contacts.to_string(),
        "--businesses",
        &(contacts / 20).to_string(),
        "--rate-limit",
        "1000000/10s",
    ]);
    sandbox.add_profile(dir.path());
    let started = Instant::now();
    succeeded(&run(dir.path(), &["sync", "--list-only"], ""));
    println!(
        "(prepared a cache of {contacts} contacts in {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    // Offline from here on: nothing but the cache and the app itself is measured.
    sandbox.stop();
    dir
}

async fn launch_until_rows(data_dir: &Path) -> (Client, Driver, Duration) {
    let (driver, port) = start_driver(data_dir, false);
    let started = Instant::now();
    let started_at = unix_ms();
    let client = connect(port).await;
    let took = loop {
        let found = client
            .execute(
                "return document.querySelector('[data-contact-id]') && performance.timeOrigin;",
                vec![],
            )
            .await
            .unwrap();
        if let Some(page_started_at) = found.as_f64() {
            let took = started.elapsed();
            let before_page = page_started_at - started_at;
            println!(
                "  launch to first row {:.0} ms: {before_page:.0} ms before the page began loading (WebDriver, the process, GTK, WebKit), {:.0} ms from there",
                ms(took),
                ms(took) - before_page
            );
            break took;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no contact rows appeared"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    (client, driver, took)
}

fn unix_ms() -> f64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.unwrap().as_secs_f64() * 1000.0
}

/// Clicks contact rows one by one; the page times each click to the painted workspace.
async fn opening_contacts(client: &Client) {
    const SCRIPT: &str = r#"
        const [index, done] = arguments;
        const rows = document.querySelectorAll('[data-contact-id]');
        const row = rows[index % rows.length];
        const id = row.dataset.contactId;
        const started = performance.now();
        const painted = () => requestAnimationFrame(() => done(performance.now() - started));
        const ready = () => document.querySelector(`[data-testid=workspace][data-contact-id="${id}"]`);
        if (ready()) { done(-1); return; }
        new MutationObserver((_, observer) => {
            if (ready()) { observer.disconnect(); painted(); }
        }).observe(document.body, { childList: true, subtree: true, attributes: true });
        row.click();
    "#;
    let mut times = Vec::new();
    for index in 1..=30 {
        let elapsed = client
            .execute_async(SCRIPT, vec![json!(index)])
            .await
            .unwrap();
        if let Some(elapsed) = elapsed.as_f64().filter(|e| *e >= 0.0) {
            times.push(elapsed);
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    times.sort_by(f64::total_cmp);
    let p95 = times[((times.len() - 1) as f64 * 0.95).round() as usize];
    println!(
        "opening a cached contact to paint: median {:.1} ms, p95 {p95:.1} ms over {} clicks (goal ≤ 100 ms: {})",
        times[times.len() / 2],
        times.len(),
        verdict(p95 <= 100.0)
    );
}

/// Opens Reports for the first time in a launch; the page times the click to the roll-up
/// table painted and to the charts drawn (the frame after each appears).
async fn opening_reports(client: &Client) -> (f64, f64) {
    const SCRIPT: &str = r#"
        const [done] = arguments;
        const started = performance.now();
        const painted = (selector) => new Promise((resolve) => {
            const frame = () => requestAnimationFrame(() => resolve(performance.now() - started));
            new MutationObserver((_, observer) => {
                if (document.querySelector(selector)) { observer.disconnect(); frame(); }
            }).observe(document.body, { childList: true, subtree: true });
        });
        const times = Promise.all([
            painted('[data-testid=rollup-table] tbody tr'),
            painted('[data-testid=chart-trend] canvas'),
        ]);
        document.querySelector('button[data-section="reports"]').click();
        times.then(done);
    "#;
    let times = client.execute_async(SCRIPT, vec![]).await.unwrap();
    let time = |index: usize| times[index].as_f64().unwrap();
    println!(
        "  Reports: table painted after {:.0} ms, charts after {:.0} ms",
        time(0),
        time(1)
    );
    (time(0), time(1))
}

/// Starts the app directly (no WebDriver), leaves it idle, and sums PSS over its tree.
fn idle_memory(data_dir: &Path) {
    let mut app = Command::new(APP)
        .env("CONTACT_DESK_DATA_DIR", data_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(25));
    let pids = tree(app.id());
    let mut kib = 0;
    for pid in &pids {
        let [pss, anon, file] =
            ["Pss:", "Pss_Anon:", "Pss_File:"].map(|field| pss_kib(*pid, field));
        kib += pss;
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        println!(
            "  {}: {:.0} MB PSS ({:.0} MB anonymous, {:.0} MB file-backed)",
            name.trim(),
            pss as f64 / 1024.0,
            anon as f64 / 1024.0,
            file as f64 / 1024.0
        );
    }
    println!(
        "idle memory with 100,000 contacts cached: {:.0} MB PSS over {} processes (the app and its WebKit processes) (goal ≤ 200 MB: {})",
        kib as f64 / 1024.0,
        pids.len(),
        verdict(kib <= 200 * 1024)
    );
    let _ = app.kill();
    let _ = app.wait();
}

/// `pid` and all its descendants.
fn tree(pid: u32) -> Vec<u32> {
    let mut found = vec![pid];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            // The parent pid is the second field after the command name in parentheses.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(parent) && !found.contains(&child) {
                found.push(child);
            }
        }
        index += 1;
    }
    found
}

/// One `field` of the process's `smaps_rollup` (`Pss:`, `Pss_Anon:`, …), in KiB.
fn pss_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}
