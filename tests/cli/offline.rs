//! Sync into the cache, then read and report from it with HighLevel gone.

use std::path::Path;

use crate::cli::{run, succeeded};
use crate::sandbox::SandboxProcess;

/// The one profile's cache, once the sync has created it.
pub(crate) fn cache_path(data_dir: &Path) -> Option<std::path::PathBuf> {
    let profiles = std::fs::read_dir(data_dir.join("profiles")).ok()?;
    let profile = profiles.filter_map(Result::ok).next()?.path();
    Some(profile.join("cache.sqlite")).filter(|path| path.exists())
}

#[test]
fn the_cache_answers_with_highlevel_gone() {
    let dir = tempfile::tempdir().unwrap();
    let mut sandbox = SandboxProcess::start(&[
        "--contacts",
        "60",
        "--businesses",
        "5",
        "--rate-limit",
        "10000/10s",
    ]);
    sandbox.add_profile(dir.path());
    let synced = succeeded(&run(dir.path(), &["sync"], ""));
    assert!(synced.contains("60 contacts listed"), "{synced}");
    sandbox.stop();

    let listed: Vec<serde_json::Value> = serde_json::from_str(&succeeded(&run(
        dir.path(),
        &["contacts", "list", "--limit", "100", "--json"],
        "",
    )))
    .unwrap();
    assert_eq!(listed.len(), 60);
    let someone = listed
        .iter()
        .find(|c| c["email"].is_string() && c["detailsSynced"] == true)
        .unwrap();
    let id = someone["id"].as_str().unwrap();
    let email = someone["email"].as_str().unwrap();

    let found = succeeded(&run(dir.path(), &["contacts", "search", email], ""));
    assert!(found.contains(id), "{found}");
    let shown: serde_json::Value = serde_json::from_str(&succeeded(&run(
        dir.path(),
        &["contacts", "show", id, "--json"],
        "",
    )))
    .unwrap();
    assert_eq!(shown["contact"]["contact"]["id"], id);
    assert!(shown["details"]["tasks"].is_array());

    let table = succeeded(&run(dir.path(), &["report", "businesses"], ""));
    assert!(table.starts_with("Business"), "{table}");
    assert!(table.contains("All businesses"), "{table}");
    let csv_path = dir.path().join("weekly.csv");
    succeeded(&run(
        dir.path(),
        &[
            "report",
            "businesses",
            "--csv",
            csv_path.to_str().unwrap(),
            "--bom",
        ],
        "",
    ));
    let csv = std::fs::read(&csv_path).unwrap();
    assert!(csv.starts_with("\u{feff}Business,Contacts,".as_bytes()));
    let business = someone["businessId"]
        .as_str()
        .map(str::to_owned)
        .or_else(|| {
            listed
                .iter()
                .find_map(|c| c["businessId"].as_str().map(str::to_owned))
        });
    let business = business.unwrap();
    let per_business = dir.path().join("business.csv");
    succeeded(&run(
        dir.path(),
        &[
            "report",
            "business",
            &business,
            "--csv",
            per_business.to_str().unwrap(),
        ],
        "",
    ));
    let text = std::fs::read_to_string(&per_business).unwrap();
    assert!(
        text.starts_with("Name,Email,Phone,Company,Owner,Tags,Added,Open tasks"),
        "{text}"
    );
    assert!(!text.contains(&business), "ids stay out unless asked for");
}
