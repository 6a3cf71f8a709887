//! `contact-desk api` writes against a `contact-desk sandbox` process: a note created,
//! read back, changed and deleted, tags removed, campaigns and workflows enrolled in, each
//! named by HighLevel's operationId.

use std::process::Output;

use contact_desk::sandbox::{CAMPAIGN_IDS, WORKFLOW_IDS};
use serde_json::Value;

use crate::cli::{contact_desk, run_piped, succeeded};
use crate::sandbox::SandboxProcess;

/// `contact-desk api args` against `sandbox`, its token from the environment.
fn api(sandbox: &SandboxProcess, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut api = contact_desk(dir.path());
    api.arg("api")
        .args(args)
        .env("CONTACT_DESK_TOKEN", sandbox.token())
        .env("CONTACT_DESK_BASE_URL", sandbox.base_url())
        .env("CONTACT_DESK_LOCATION", sandbox.location_id());
    run_piped(&mut api, "")
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&succeeded(output)).unwrap()
}

#[test]
fn create_note_and_its_siblings_work_against_a_sandbox_process() {
    let sandbox = SandboxProcess::start(&["--contacts", "3"]);
    let listed = json(&api(&sandbox, &["get-contacts", "--limit", "1"]));
    let contact_id = listed["contacts"][0]["id"].as_str().unwrap().to_owned();
    let contact = ["--contact-id", contact_id.as_str()];

    let created = json(&api(
        &sandbox,
        &[
            &["create-note"][..],
            &contact,
            &["--data", r#"{"body":"x"}"#],
        ]
        .concat(),
    ));
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["body"], "x");
    let note = [&contact[..], &["--id", id.as_str()]].concat();

    let read = json(&api(&sandbox, &[&["get-note"][..], &note].concat()));
    assert_eq!(read["body"], "x");
    let changes = ["--data", r#"{"body":"y","pinned":true}"#];
    let changed = json(&api(
        &sandbox,
        &[&["update-note"][..], &note, &changes].concat(),
    ));
    assert_eq!(
        (&changed["body"], &changed["pinned"]),
        (&"y".into(), &true.into())
    );
    let deleted = json(&api(&sandbox, &[&["delete-note"][..], &note].concat()));
    assert_eq!(deleted["succeeded"], true);
    let gone = api(&sandbox, &[&["get-note"][..], &note].concat());
    assert_eq!(gone.status.code(), Some(4));

    let blank = api(
        &sandbox,
        &[
            &["create-note"][..],
            &contact,
            &["--data", r#"{"body":" "}"#],
        ]
        .concat(),
    );
    assert_eq!(blank.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&blank.stderr).contains("A note needs some text."));

    let tagged = ["--data", r#"{"tags":["keep","drop"]}"#];
    json(&api(
        &sandbox,
        &[&["add-tags"][..], &contact, &tagged].concat(),
    ));
    let dropped = ["--data", r#"{"tags":["drop"]}"#];
    let kept = json(&api(
        &sandbox,
        &[&["remove-tags"][..], &contact, &dropped].concat(),
    ));
    let kept: Vec<&str> = kept
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        kept.contains(&"keep") && !kept.contains(&"drop"),
        "{kept:?}"
    );
}

#[test]
fn enrollments_take_known_ids_and_refuse_others_as_not_found() {
    let sandbox = SandboxProcess::start(&["--contacts", "2"]);
    let listed = json(&api(&sandbox, &["get-contacts", "--limit", "1"]));
    let contact_id = listed["contacts"][0]["id"].as_str().unwrap().to_owned();
    let contact = ["--contact-id", contact_id.as_str()];

    let known = [&contact[..], &["--campaign-id", CAMPAIGN_IDS[0]]].concat();
    let enrolled = json(&api(
        &sandbox,
        &[&["add-contact-to-campaign"][..], &known].concat(),
    ));
    assert_eq!(enrolled["succeeded"], true);
    let workflow = [&contact[..], &["--workflow-id", WORKFLOW_IDS[0]]].concat();
    json(&api(
        &sandbox,
        &[&["add-contact-to-workflow"][..], &workflow].concat(),
    ));
    json(&api(
        &sandbox,
        &[&["remove-contact-from-every-campaign"][..], &contact].concat(),
    ));

    let unknown = [&contact[..], &["--campaign-id", "cmpUnknown"]].concat();
    let refused = api(
        &sandbox,
        &[&["add-contact-to-campaign"][..], &unknown].concat(),
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("Campaign not found"), "{stderr}");
}

#[test]
fn create_association_takes_its_type_as_a_flag() {
    let sandbox = SandboxProcess::start(&["--contacts", "2"]);
    let listed = json(&api(&sandbox, &["get-contacts", "--limit", "1"]));
    let contact_id = listed["contacts"][0]["id"].as_str().unwrap();
    let body = format!(r#"{{"contacts":["{contact_id}"],"tags":["bulk"]}}"#);
    let added = json(&api(
        &sandbox,
        &["create-association", "--type", "add", "--data", &body],
    ));
    assert_eq!(
        added["responses"][0]["tagsAdded"],
        serde_json::json!(["bulk"])
    );
    let refused = api(
        &sandbox,
        &["create-association", "--type", "swap", "--data", &body],
    );
    assert_eq!(refused.status.code(), Some(5));
}
