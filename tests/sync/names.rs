//! Names for ids: a sync reads the users, custom fields and businesses once, again only a
//! day later or when a changed contact names an id no list has, and a token without their
//! scopes leaves ids with a hint naming the scope.

use std::sync::Arc;

use contact_desk::cache::Cache;
use contact_desk::highlevel::{Client, ClientConfig, ContactFields, StaticToken};
use contact_desk::sandbox::SandboxStats;
use contact_desk::sync::{ConnectivityMonitor, NameHint, NameList, SyncScope, Syncer};

use super::sandbox::SandboxProcess;
use super::{config, loose_budget, world, world_of, Access, Recorder, World};

const LISTS: [&str; 3] = [
    "GET /users/",
    "GET /locations/:locationId/customFields",
    "GET /businesses/",
];

/// Requests each list received since `before`.
fn list_reads(w: &World, before: &SandboxStats) -> [u64; 3] {
    let after = w.sandbox.stats();
    LISTS.map(|list| after.of(list) - before.of(list))
}

async fn sync(w: &World) -> [u64; 3] {
    let before = w.sandbox.stats();
    w.syncer.run(SyncScope::Standard).await.unwrap();
    list_reads(w, &before)
}

#[tokio::test]
async fn owners_fields_and_businesses_read_as_highlevel_names_them() {
    let w = world(40).await;
    assert_eq!(sync(&w).await, [1, 1, 1]);
    let cache = w.syncer.cache();
    let names = cache.names().unwrap();
    let api = w.syncer.client().interactive();
    let users = api.users().list().await.unwrap();
    assert_eq!(names.users.len(), users.len());
    for contact in cache.live_contact_ids().unwrap() {
        let cached = cache.contact(&contact).unwrap().unwrap().contact;
        if let Some(owner) = cached.assigned_to.as_deref() {
            let user = users.iter().find(|user| user.id == owner).unwrap();
            assert_eq!(names.user(owner), user.name.as_deref());
        }
    }
    let fields: Vec<_> = names
        .custom_fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "Interests",
            "Lifetime value",
            "Preferred contact time",
            "Signed contract"
        ]
    );
    let businesses = api.businesses().list().await.unwrap();
    for row in cache.businesses(None).unwrap() {
        let listed = businesses.iter().find(|b| b.id == row.id).unwrap();
        assert_eq!(Some(row.name), listed.name.clone());
    }
    assert!(w.syncer.name_hints().unwrap().is_empty());

    // Within the day nothing is read again…
    assert_eq!(sync(&w).await, [0, 0, 0]);
    // …until a contact names an owner no list has, which is read for once.
    let fields = ContactFields {
        first_name: Some("Newly".into()),
        assigned_to: Some("uNewHire000000000001".into()),
        ..ContactFields::default()
    };
    api.contacts().create(&fields).await.unwrap();
    assert_eq!(sync(&w).await, [1, 1, 1]);
    assert_eq!(
        sync(&w).await,
        [0, 0, 0],
        "an id no list names is asked for once"
    );
}

#[tokio::test]
async fn without_their_scopes_ids_stay_ids_with_a_hint_naming_the_scope() {
    let w = world_of(config(12), Access::ContactsReadOnly).await;
    assert_eq!(sync(&w).await, [1, 1, 1]);
    let hints: Vec<(NameList, Option<String>)> = w
        .syncer
        .name_hints()
        .unwrap()
        .into_iter()
        .map(
            |NameHint {
                 list,
                 missing_scope,
                 ..
             }| (list, missing_scope),
        )
        .collect();
    assert_eq!(
        hints,
        [
            (NameList::Users, Some("users.readonly".to_owned())),
            (
                NameList::CustomFields,
                Some("locations/customFields.readonly".to_owned())
            ),
            (NameList::Businesses, Some("businesses.readonly".to_owned())),
        ]
    );
    let names = w.syncer.cache().names().unwrap();
    assert!(names.users.is_empty() && names.custom_fields.is_empty());
    // The business list keeps the contacts' company names.
    let rows = w.syncer.cache().businesses(None).unwrap();
    assert!(rows.iter().all(|row| row.name != row.id), "{rows:?}");
    // The refusal is not asked again at every sync.
    assert_eq!(sync(&w).await, [0, 0, 0]);
}

/// An engine syncing the `contact-desk sandbox` process with one of its tokens.
fn process_syncer(sandbox: &SandboxProcess, token: &str, dir: &tempfile::TempDir) -> Arc<Syncer> {
    let config = ClientConfig::new(sandbox.base_url(), sandbox.location_id()).unwrap();
    let token = Arc::new(StaticToken::new(token.to_owned().into()));
    let client = Client::with_parts(config, token, Arc::new(loose_budget()), None).unwrap();
    let cache = Arc::new(Cache::open(&dir.path().join("cache.sqlite")).unwrap());
    let events = Arc::new(Recorder::default());
    Syncer::new(
        client,
        cache,
        events,
        Arc::new(ConnectivityMonitor::default()),
    )
}

#[tokio::test]
async fn against_the_sandbox_process_names_resolve_and_the_read_only_token_leaves_ids() {
    let sandbox = SandboxProcess::start(&["--contacts", "30", "--rate-limit", "10000/10s"]);
    let (full_dir, readonly_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());

    let full = process_syncer(&sandbox, sandbox.token(), &full_dir);
    full.run(SyncScope::Standard).await.unwrap();
    let cache = full.cache();
    let names = cache.names().unwrap();
    let owners = cache.unnamed_ids(&[]).unwrap();
    assert!(
        owners.is_empty(),
        "every owner and business is named: {owners:?}"
    );
    assert!(!names.users.is_empty() && names.custom_fields.len() == 4);
    assert!(full.name_hints().unwrap().is_empty());

    let readonly_token = sandbox.printed["readonly_token"].clone();
    let readonly = process_syncer(&sandbox, &readonly_token, &readonly_dir);
    readonly.run(SyncScope::Standard).await.unwrap();
    let names = readonly.cache().names().unwrap();
    assert!(names.users.is_empty() && names.custom_fields.is_empty());
    let hints = readonly.name_hints().unwrap();
    let scopes: Vec<_> = hints
        .iter()
        .filter_map(|hint| hint.missing_scope.as_deref())
        .collect();
    assert_eq!(
        scopes,
        [
            "users.readonly",
            "locations/customFields.readonly",
            "businesses.readonly"
        ]
    );
    // The contacts' owners stay ids, known to be unnamed.
    assert!(!readonly.cache().unnamed_ids(&[]).unwrap().is_empty());
}
