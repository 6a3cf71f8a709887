//! The contacts a test works on, listed from HighLevel.

use contact_desk::highlevel::{Api, Contact, ContactQuery};

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

/// Every contact, page after page.
pub async fn every_contact(api: &Api) -> Vec<Contact> {
    let pager = api.contacts().pager(ContactQuery::default());
    pager.collect().await.expect("every page of contacts")
}
