//! The contact a test works on when any will do.

use contact_desk::highlevel::{Api, ContactQuery};

/// The id of the first contact HighLevel lists.
pub async fn first_contact_id(api: &Api) -> String {
    let query = ContactQuery {
        limit: 1,
        ..ContactQuery::default()
    };
    let page = api
        .contacts()
        .list(&query)
        .await
        .expect("a page of contacts");
    page.contacts[0].id.clone()
}
