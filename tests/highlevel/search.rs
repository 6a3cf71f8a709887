//! `POST /contacts/search` through the client: the documented body on the wire (the client
//! adds `locationId`), retried like a read, refused locally where HighLevel would 422, and
//! against the sandbox: changes since a high-water mark, and the cursor to the end.

use std::collections::HashSet;

use contact_desk::highlevel::{
    ContactFields, ContactSearch, Error, Filter, Operator, Sort, MAX_SEARCH_PAGE,
};
use mockito::Matcher;
use serde_json::json;

use crate::sandbox::{client, sandbox};
use crate::support::{json_reply, Harness, LOCATION};

#[tokio::test]
async fn the_body_goes_out_as_documented_and_a_failure_is_retried_like_a_read() {
    let mut h = Harness::new().await;
    let since: jiff::Timestamp = "2026-11-29T10:00:00Z".parse().unwrap();
    let body = json!({
        "locationId": LOCATION,
        "pageLimit": 500,
        "filters": [{"field": "dateUpdated", "operator": "range",
                     "value": {"gte": "2026-11-29T10:00:00.000Z"}}],
        "sort": [{"field": "dateUpdated", "direction": "asc"}],
    });
    // mockito answers with the first matching mock still short of its expected hits.
    let failing = h
        .expect("POST", "/contacts/search")
        .match_body(Matcher::Json(body.clone()))
        .with_status(502)
        .expect(1)
        .create_async()
        .await;
    let answer = json!({"total": 1, "contacts": [
        {"id": "c1", "dateUpdated": "2026-11-29T10:00:01.000Z", "searchAfter": [1, "c1"]}]});
    let mock = h
        .expect("POST", "/contacts/search")
        .match_body(Matcher::Json(body));
    let ok = json_reply(mock, 200, answer).create_async().await;
    let search = ContactSearch {
        filters: vec![Filter::updated_since(since)],
        sort: vec![Sort::asc("dateUpdated")],
        ..ContactSearch::new(MAX_SEARCH_PAGE)
    };
    let contacts = h.client.background().contacts();
    let page = contacts.search(&search).await.unwrap();
    failing.assert_async().await;
    ok.assert_async().await;
    assert_eq!((page.total, page.contacts[0].id.as_str()), (1, "c1"));
    assert_eq!(h.last_record().attempts, 2);
}

#[tokio::test]
async fn what_highlevel_would_refuse_never_leaves() {
    let mut h = Harness::new().await;
    let never = h.expect("POST", "/contacts/search").expect(0);
    let never = never.create_async().await;
    let too_deep = ContactSearch {
        page: Some(21),
        ..ContactSearch::new(MAX_SEARCH_PAGE)
    };
    let error = h.client.interactive().contacts().search(&too_deep).await;
    assert!(matches!(error, Err(Error::Invalid { .. })), "{error:?}");
    never.assert_async().await;
}

#[tokio::test]
async fn a_body_the_sandbox_refuses_is_a_validation_error() {
    let sandbox = sandbox(5).await;
    let search = ContactSearch {
        filters: vec![Filter::Condition {
            field: "dateUpdated".into(),
            operator: Operator::Range,
            value: Some(json!("yesterday")),
        }],
        ..ContactSearch::new(10)
    };
    let error = client(&sandbox)
        .interactive()
        .contacts()
        .search(&search)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Validation { .. }), "{error:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn changes_since_a_mark_come_back_oldest_first_and_the_cursor_reaches_the_end() {
    let sandbox = sandbox(1_200).await;
    let api = client(&sandbox).background();
    let mut search = ContactSearch {
        sort: vec![Sort::asc("dateAdded")],
        ..ContactSearch::new(MAX_SEARCH_PAGE)
    };
    let mut seen = HashSet::new();
    loop {
        let page = api.contacts().search(&search).await.unwrap();
        assert_eq!(page.total, 1_200);
        let Some(cursor) = page.next_search_after() else {
            break;
        };
        seen.extend(page.contacts.into_iter().map(|contact| contact.id));
        search.search_after = Some(cursor);
    }
    assert_eq!(seen.len(), 1_200);

    let mark = jiff::Timestamp::now();
    let edited = seen.iter().next().unwrap();
    let change = ContactFields {
        city: Some("Lyon".into()),
        ..ContactFields::default()
    };
    api.contacts().update(edited, &change).await.unwrap();
    let since = ContactSearch {
        filters: vec![Filter::updated_since(mark)],
        sort: vec![Sort::asc("dateUpdated")],
        ..ContactSearch::new(MAX_SEARCH_PAGE)
    };
    let changed = api.contacts().search(&since).await.unwrap();
    let ids: Vec<&str> = changed.contacts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, [edited.as_str()]);
    assert_eq!(changed.contacts[0].city.as_deref(), Some("Lyon"));
    sandbox.shutdown().await;
}
