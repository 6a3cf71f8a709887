//! Overlapping runs, through the real binary against a sandbox process.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use contact_desk::cache::Cache;

use crate::offline::{add_profile, cache_path, SandboxProcess};

/// `contact-desk args` on `data_dir`, started without waiting for it.
fn spawn(data_dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_contact-desk"))
        .args(args)
        .env("CONTACT_DESK_DATA_DIR", data_dir)
        .env_remove("CONTACT_DESK_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn describe(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A fast sandbox of `contacts` contacts (no rate limit worth the name).
fn quick_sandbox(contacts: &str, extra: &[&str]) -> SandboxProcess {
    let mut args = vec![
        "--contacts",
        contacts,
        "--businesses",
        "5",
        "--rate-limit",
        "10000/10s",
    ];
    args.extend_from_slice(extra);
    SandboxProcess::start(&args)
}

#[test]
fn seven_overlapping_first_syncs_all_succeed() {
    let sandbox = quick_sandbox("50", &[]);
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        add_profile(dir.path(), &sandbox);
        let syncs: Vec<Child> = (0..7).map(|_| spawn(dir.path(), &["sync"])).collect();
        for sync in syncs {
            let output = sync.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                describe(&output)
            );
        }
        let cache = Cache::open(&cache_path(dir.path()).unwrap()).unwrap();
        assert_eq!(cache.integrity_check().unwrap(), "ok", "round {round}");
        assert_eq!(cache.live_contact_count().unwrap(), 50, "round {round}");
    }
}
