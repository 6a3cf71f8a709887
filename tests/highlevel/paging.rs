//! Paging: string skip and limit, cursors resent in full, a repeated cursor, the count shape.

use contact_desk::highlevel::{BusinessQuery, ContactQuery, Cursor, Error};
use mockito::Matcher;
use serde_json::json;

use crate::support::{contact_json, json_reply, query, Harness, LOCATION};

#[tokio::test]
async fn business_contacts_page_by_string_skip_and_limit() {
    let mut h = Harness::new().await;
    let mock = json_reply(
        h.expect("GET", "/contacts/business/b1")
            .match_query(query(&[
                ("locationId", LOCATION),
                ("skip", "50"),
                ("limit", "25"),
            ])),
        200,
        json!({"contacts": [contact_json("c9")], "count": 51}),
    )
    .create_async()
    .await;
    let page = h
        .client
        .interactive()
        .contacts()
        .by_business(
            "b1",
            &BusinessQuery {
                skip: 50,
                limit: 25,
                query: None,
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!((page.contacts.len(), page.count), (1, Some(51)));
}

fn page_of(ids: &[&str], next: Option<(i64, &str)>) -> serde_json::Value {
    let contacts: Vec<_> = ids.iter().map(|id| contact_json(id)).collect();
    let meta = match next {
        Some((start_after, id)) => {
            json!({"total": 5, "startAfter": start_after, "startAfterId": id,
            "nextPageUrl": "https://services.leadconnectorhq.com/contacts/?next"})
        }
        None => json!({"total": 5, "startAfter": null, "startAfterId": null, "nextPageUrl": null}),
    };
    json!({"contacts": contacts, "meta": meta})
}

#[tokio::test]
async fn paging_resends_every_parameter_on_every_page_and_stops_at_the_end() {
    let mut h = Harness::new().await;
    // Each page: the cursor it is asked with, the ids it holds, the cursor to the next.
    let pages = [
        (None, &["c1", "c2"][..], Some((1000, "c2"))),
        (Some(("1000", "c2")), &["c3", "c4"], Some((900, "c4"))),
        (Some(("900", "c4")), &["c5"], None),
    ];
    let mut mocks = Vec::new();
    for (cursor, ids, next) in pages {
        let mut asked = vec![("locationId", LOCATION), ("limit", "2"), ("query", "deo")];
        if let Some((after, after_id)) = cursor {
            asked.extend([("startAfter", after), ("startAfterId", after_id)]);
        }
        let page = h.expect("GET", "/contacts/").match_query(query(&asked));
        let mock = json_reply(page, 200, page_of(ids, next));
        mocks.push(mock.expect(1).create_async().await);
    }

    let query = ContactQuery {
        query: Some("deo".into()),
        limit: 2,
        cursor: None,
    };
    let all = h
        .client
        .background()
        .contacts()
        .pager(query)
        .collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"]);
    for mock in mocks {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn a_repeated_cursor_fails_loudly_instead_of_looping() {
    let mut h = Harness::new().await;
    json_reply(
        h.expect("GET", "/contacts/").match_query(Matcher::Any),
        200,
        page_of(&["c1", "c2"], Some((1000, "c2"))),
    )
    .create_async()
    .await;
    let mut pager = h.client.background().contacts().pager(ContactQuery {
        limit: 2,
        ..ContactQuery::default()
    });
    assert!(pager.next_page().await.unwrap().is_some());
    assert_eq!(
        pager.cursor(),
        Some(&Cursor {
            start_after: 1000,
            start_after_id: "c2".into()
        })
    );
    let error = pager.next_page().await.unwrap_err();
    assert!(matches!(error, Error::Protocol { .. }), "{error:?}");
    assert!(pager.next_page().await.unwrap().is_none());
}

#[tokio::test]
async fn the_specs_count_shape_pages_by_the_last_row() {
    let mut h = Harness::new().await;
    let mut c2 = contact_json("c2");
    c2["dateAdded"] = json!(1500);
    json_reply(
        h.expect("GET", "/contacts/").match_query(Matcher::Any),
        200,
        json!({"contacts": [contact_json("c1"), c2], "count": 2}),
    )
    .create_async()
    .await;
    let mut pager = h.client.background().contacts().pager(ContactQuery {
        limit: 2,
        ..ContactQuery::default()
    });
    pager.next_page().await.unwrap();
    assert_eq!(
        pager.cursor(),
        Some(&Cursor {
            start_after: 1500,
            start_after_id: "c2".into()
        })
    );
}
