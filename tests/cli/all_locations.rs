//! `--all-locations`: three locations (three sandboxes, a profile each) synced, searched
//! and reported across from their caches, then one of them removed with its cache.

use std::path::Path;

use serde_json::Value;

use crate::cli::{run, succeeded};
use crate::sandbox::SandboxProcess;

const LOCATIONS: [&str; 3] = ["North", "South", "West"];

/// The profile's contacts, as `contacts list --json` prints them.
fn listed(data_dir: &Path, profile: &str) -> Vec<Value> {
    let args = [
        "contacts",
        "list",
        "--profile",
        profile,
        "--json",
        "--limit",
        "100",
    ];
    serde_json::from_str(&succeeded(&run(data_dir, &args, ""))).unwrap()
}

fn search_all(data_dir: &Path, text: &str) -> Vec<Value> {
    let args = [
        "contacts",
        "search",
        text,
        "--all-locations",
        "--json",
        "--limit",
        "500",
    ];
    serde_json::from_str(&succeeded(&run(data_dir, &args, ""))).unwrap()
}

#[test]
fn search_and_report_span_every_location_until_one_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let sandboxes: Vec<SandboxProcess> = (1..=3)
        .map(|seed| {
            let seed = seed.to_string();
            SandboxProcess::start(&[
                "--seed",
                &seed,
                "--contacts",
                "30",
                "--businesses",
                "3",
                "--rate-limit",
                "10000/10s",
            ])
        })
        .collect();
    for (sandbox, name) in sandboxes.iter().zip(LOCATIONS) {
        sandbox.add_profile_at(dir.path(), name, sandbox.base_url());
        succeeded(&run(dir.path(), &["sync", "--profile", name], ""));
    }

    // One contact of each location, found by its email across all of them.
    for name in LOCATIONS {
        let someone = listed(dir.path(), name)
            .into_iter()
            .find(|c| c["email"].is_string())
            .unwrap();
        let found = search_all(dir.path(), someone["email"].as_str().unwrap());
        let hit = found.iter().find(|row| row["id"] == someone["id"]).unwrap();
        assert_eq!(hit["location"], name, "{found:?}");
    }
    let table = succeeded(&run(
        dir.path(),
        &["contacts", "search", "example", "--all-locations"],
        "",
    ));
    assert!(table.starts_with("Location  "), "{table}");

    let csv_path = dir.path().join("agency.csv");
    let wrote = succeeded(&run(
        dir.path(),
        &[
            "report",
            "businesses",
            "--all-locations",
            "--csv",
            csv_path.to_str().unwrap(),
        ],
        "",
    ));
    assert!(wrote.contains("of 3 locations"), "{wrote}");
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    for name in LOCATIONS {
        let totals = records
            .iter()
            .find(|r| &r[0] == name && &r[1] == "All businesses")
            .unwrap();
        assert_eq!(&totals[2], "30", "{csv}");
    }
    let all = records.last().unwrap();
    assert_eq!((&all[0], &all[2]), ("All locations", "90"), "{csv}");

    let west = listed(dir.path(), "West");
    let cache_dir = {
        let accounts: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("profiles.json")).unwrap(),
        )
        .unwrap();
        let id = accounts["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "West")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        dir.path().join("profiles").join(id)
    };
    assert!(cache_dir.join("cache.sqlite").exists());
    succeeded(&run(
        dir.path(),
        &["profile", "remove", "West", "--yes"],
        "",
    ));
    assert!(!cache_dir.exists());
    let email = west.iter().find_map(|c| c["email"].as_str()).unwrap();
    assert!(search_all(dir.path(), email)
        .iter()
        .all(|row| row["location"] != "West"));
    let table = succeeded(&run(
        dir.path(),
        &["report", "businesses", "--all-locations"],
        "",
    ));
    assert!(
        !table.contains("West") && table.contains("North"),
        "{table}"
    );
}
