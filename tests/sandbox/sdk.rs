//! HighLevel's official JS SDK, a client written apart from ours, runs every one of its
//! Contacts operations against the sandbox unchanged (tests/sdk/contacts.mjs).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::{config, Api};

/// The Contacts operations of @gohighlevel/api-client 3.1.0 (package.json pins it).
const SDK_OPERATIONS: usize = 32;

#[tokio::test]
async fn the_official_sdk_runs_every_contacts_operation() {
    let api = Api::start(config()).await;
    let sandbox = &api.sandbox;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base_url = sandbox.base_url().to_owned();
    let token = sandbox.token().to_owned();
    let location_id = sandbox.location_id().to_owned();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(root.join("tests/sdk/contacts.mjs"))
            .current_dir(root)
            .env("SANDBOX_BASE_URL", base_url)
            .env("SANDBOX_TOKEN", token)
            .env("SANDBOX_LOCATION_ID", location_id)
            .output()
            .expect("node runs (scripts/setup.sh checks for it)")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let (coverage, operations) = lines.split_last().unwrap();
    assert_eq!(coverage["notRun"], serde_json::json!([]), "{stdout}");
    assert_eq!(operations.len(), SDK_OPERATIONS, "{stdout}");
    let failed: Vec<&Value> = operations
        .iter()
        .filter(|line| line["ok"] != true)
        .collect();
    assert!(failed.is_empty(), "the SDK failed: {failed:#?}");
}
