//! The app's writes against the sandbox: HighLevel changes first, then the cache holds
//! what it answered. Notes written, edited and deleted; one tag removed without re-sending
//! the others; the Explorer's bulk and follower writes patched into the cached contacts.

use contact_desk::highlevel::{Api, BulkBusiness, BulkTags, NoteFields, TagChange};
use contact_desk::sync::SyncScope;

use crate::{world, World};

/// A world of `contacts` after a `scope` sync, its newest contact, and a handle to write with.
async fn synced(contacts: u32, scope: SyncScope) -> (World, String, Api) {
    let w = world(contacts).await;
    w.syncer.run(scope).await.unwrap();
    let id = w.newest_cached_id();
    let api = w.syncer.client().interactive();
    (w, id, api)
}

#[tokio::test]
async fn a_note_is_written_edited_and_deleted_in_highlevel_and_the_cache() {
    let (w, id, api) = synced(4, SyncScope::Deep).await;
    let note = |body: &str| NoteFields {
        body: Some(body.into()),
        ..NoteFields::default()
    };
    let notes_before = w.syncer.cache().details(&id).unwrap().notes.len();

    let created = w
        .syncer
        .create_note(&api, &id, &note("Called, left a message"))
        .await
        .unwrap();
    let cached = |w: &World| w.syncer.cache().details(&id).unwrap().notes;
    assert_eq!(cached(&w).len(), notes_before + 1);
    assert!(cached(&w).contains(&created));

    let edited = w
        .syncer
        .update_note(&api, &id, &created.id, &note("Called back, booked a demo"))
        .await
        .unwrap();
    let in_highlevel = api.notes(&id).get(&created.id).await.unwrap();
    assert_eq!(
        in_highlevel.body.as_deref(),
        Some("Called back, booked a demo")
    );
    let stored = cached(&w).into_iter().find(|n| n.id == created.id).unwrap();
    assert_eq!(stored, edited);

    w.syncer.delete_note(&api, &id, &created.id).await.unwrap();
    assert!(api.notes(&id).get(&created.id).await.is_err());
    assert_eq!(cached(&w).len(), notes_before);
}

#[tokio::test]
async fn removing_one_tag_sends_one_delete_and_keeps_the_others() {
    let (w, id, api) = synced(4, SyncScope::Contacts).await;
    let tags = |names: &[&str]| names.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    let both = tags(&["keep-me", "drop-me"]);
    w.syncer
        .change_tags(&api, &id, TagChange::Add, &both)
        .await
        .unwrap();
    let puts_before = w.sandbox.stats().of("PUT /contacts/:contactId");

    let after = w
        .syncer
        .change_tags(&api, &id, TagChange::Remove, &tags(&["drop-me"]))
        .await
        .unwrap();
    assert!(after.contains(&"keep-me".to_string()) && !after.contains(&"drop-me".to_string()));
    let stats = w.sandbox.stats();
    assert_eq!(stats.of("DELETE /contacts/:contactId/tags"), 1);
    assert_eq!(stats.of("PUT /contacts/:contactId"), puts_before);
    let cached = w.syncer.cache().contact(&id).unwrap().unwrap().contact;
    assert_eq!(cached.tags, after);
    assert_eq!(api.contacts().get(&id).await.unwrap().tags, after);
}

#[tokio::test]
async fn bulk_tags_business_and_followers_land_in_the_cached_contacts() {
    let (w, id, api) = synced(6, SyncScope::Contacts).await;
    let contacts = vec![id.clone(), "no-such-contact".to_string()];
    let cached = |w: &World| w.syncer.cache().contact(&id).unwrap().unwrap().contact;

    let body = BulkTags {
        contacts: contacts.clone(),
        tags: vec!["bulk-vip".into()],
        remove_all_tags: None,
    };
    let result = w
        .syncer
        .bulk_tags(&api, TagChange::Add, &body)
        .await
        .unwrap();
    assert_eq!(result.error_count, Some(1));
    assert!(cached(&w).tags.contains(&"bulk-vip".to_string()));
    w.syncer
        .bulk_tags(&api, TagChange::Remove, &body)
        .await
        .unwrap();
    assert!(!cached(&w).tags.contains(&"bulk-vip".to_string()));

    let business = api.contacts().get(&id).await.unwrap().business_id;
    let out = BulkBusiness {
        ids: vec![id.clone()],
        business_id: None,
    };
    w.syncer.bulk_business(&api, &out).await.unwrap();
    assert_eq!(cached(&w).business_id, None);
    assert_eq!(api.contacts().get(&id).await.unwrap().business_id, None);
    let back = BulkBusiness {
        ids: vec![id.clone()],
        business_id: business.clone().or(Some("biz-from-test".into())),
    };
    w.syncer.bulk_business(&api, &back).await.unwrap();
    assert_eq!(cached(&w).business_id, back.business_id);

    let change = w
        .syncer
        .change_followers(&api, &id, &["user-follows".to_string()], true)
        .await
        .unwrap();
    assert!(change.followers.contains(&"user-follows".to_string()));
    assert_eq!(
        cached(&w).extra.get("followers"),
        Some(&serde_json::json!(change.followers))
    );
}
