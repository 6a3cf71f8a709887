//! `/contacts/…`: one contact, the location's list (paged by cursor), a business's
//! contacts (paged by skip/limit), and contact writes.

use std::collections::BTreeMap;

use jiff::Timestamp;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call};
use super::decode::{self, Succeeded};
use super::paging::{self, ContactQuery, Cursor, PageMeta, PageSource, Pager};
use super::{time, Error};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: String,
    pub location_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Some endpoints send a full name, some `contactName`, some neither.
    #[serde(alias = "contactName")]
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_name: Option<String>,
    pub business_id: Option<String>,
    /// The owner (a HighLevel user id).
    pub assigned_to: Option<String>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<String>))]
    pub tags: Vec<String>,
    pub dnd: Option<bool>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = BTreeMap<String, DndSetting>))]
    pub dnd_settings: BTreeMap<String, DndSetting>,
    pub source: Option<String>,
    #[serde(rename = "type")]
    pub contact_type: Option<String>,
    pub timezone: Option<String>,
    pub address1: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub website: Option<String>,
    /// A date, a timestamp or free text, depending on how it was entered.
    #[cfg_attr(feature = "desktop", specta(type = Option<specta_typescript::Unknown>))]
    pub date_of_birth: Option<Value>,
    #[serde(default, deserialize_with = "time::timestamp")]
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub date_added: Option<Timestamp>,
    #[serde(default, deserialize_with = "time::timestamp")]
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub date_updated: Option<Timestamp>,
    #[serde(default, deserialize_with = "time::timestamp")]
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub last_activity: Option<Timestamp>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<CustomFieldValue>))]
    pub custom_fields: Vec<CustomFieldValue>,
    /// Fields this model does not name, kept so nothing HighLevel sent is lost.
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

impl Contact {
    /// What to call the contact: first + last name, else the full name (list rows carry
    /// only a lower-cased `contactName`), else email or phone.
    pub fn display_name(&self) -> String {
        let joined = joined_name(self.first_name.as_deref(), self.last_name.as_deref());
        first_present([
            Some(joined.as_str()),
            self.name.as_deref(),
            self.email.as_deref(),
            self.phone.as_deref(),
        ])
        .unwrap_or_else(|| "Unnamed contact".to_owned())
    }
}

/// "First Last" from whichever parts are there and not blank.
pub(super) fn joined_name(first: Option<&str>, last: Option<&str>) -> String {
    [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first of `candidates` that is not blank, trimmed: what names a person best.
pub(super) fn first_present<'a>(
    candidates: impl IntoIterator<Item = Option<&'a str>>,
) -> Option<String> {
    candidates
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|name| !name.is_empty())
        .map(str::to_owned)
}

/// Do-not-disturb for one channel (Call, Email, SMS, WhatsApp, GMB, FB).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct DndSetting {
    pub status: Option<String>,
    pub message: Option<String>,
    pub code: Option<String>,
}

/// A custom field's value as HighLevel stores it: any JSON type.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct CustomFieldValue {
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub id: String,
    #[serde(default, alias = "fieldValue", alias = "field_value")]
    #[cfg_attr(feature = "desktop", specta(type = specta_typescript::Unknown))]
    pub value: Value,
}

/// A custom field to write: by `id` or by `key`, with a value of the field's type.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CustomFieldInput {
    pub id: Option<String>,
    pub key: Option<String>,
    #[serde(rename = "field_value")]
    #[cfg_attr(feature = "desktop", specta(type = specta_typescript::Unknown))]
    pub field_value: Value,
}

/// The writable fields of a contact, for create and update. Absent fields are not sent;
/// on update, `tags` replaces every tag the contact has.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactFields {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company_name: Option<String>,
    pub address1: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
    pub website: Option<String>,
    pub timezone: Option<String>,
    pub source: Option<String>,
    pub assigned_to: Option<String>,
    pub dnd: Option<bool>,
    pub date_of_birth: Option<String>,
    pub tags: Option<Vec<String>>,
    pub custom_fields: Option<Vec<CustomFieldInput>>,
    /// Anything else HighLevel accepts, passed through as given.
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

/// One page of a business's contacts; `count` is the business's total.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct BusinessContacts {
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<Contact>))]
    pub contacts: Vec<Contact>,
    pub count: Option<u32>,
}

/// `skip`/`limit` paging for a business's contacts (HighLevel takes them as strings).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct BusinessQuery {
    pub skip: u32,
    pub limit: u32,
    pub query: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewContact<'a> {
    location_id: &'a str,
    #[serde(flatten)]
    fields: &'a ContactFields,
}

#[derive(Deserialize)]
struct ContactEnvelope {
    contact: Contact,
}

/// `GET /contacts/search/duplicate`'s answer: `{contact: null}` when nothing matches.
#[derive(Deserialize)]
struct MaybeContact {
    #[serde(default)]
    contact: Option<Contact>,
}

/// `POST /contacts/upsert`'s answer: the contact, and whether it was created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct Upserted {
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = bool))]
    pub new: bool,
    pub contact: Contact,
}

#[derive(Deserialize)]
struct UpdatedContact {
    #[serde(flatten)]
    succeeded: Succeeded,
    contact: Option<Contact>,
}

/// One page of `GET /contacts/`: the live `meta` block, or the spec's `count`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct ContactPage {
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<Contact>))]
    pub contacts: Vec<Contact>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = PageMeta))]
    pub meta: PageMeta,
    pub count: Option<u32>,
}

impl paging::Row for Contact {
    fn cursor(&self) -> Option<Cursor> {
        Some(Cursor {
            start_after: self.date_added?.as_millisecond(),
            start_after_id: self.id.clone(),
        })
    }
}

impl paging::Page for ContactPage {
    type Row = Contact;

    fn rows(&self) -> &[Contact] {
        &self.contacts
    }

    fn into_rows(self) -> Vec<Contact> {
        self.contacts
    }

    fn meta(&self) -> &PageMeta {
        &self.meta
    }
}

/// Walks the location's contacts, newest first.
pub type ContactPager = Pager<Contacts>;

pub struct Contacts {
    pub(super) api: Api,
}

impl PageSource for Contacts {
    type Page = ContactPage;

    async fn page(&self, query: &ContactQuery) -> Result<ContactPage, Error> {
        self.list(query).await
    }
}

impl Api {
    pub fn contacts(&self) -> Contacts {
        Contacts { api: self.clone() }
    }
}

impl Contacts {
    /// `GET /contacts/:contactId`
    pub async fn get(&self, contact_id: &str) -> Result<Contact, Error> {
        let call = Call::get("/contacts/:contactId", vec![contact_id]);
        Ok(self.api.send::<ContactEnvelope>(call).await?.contact)
    }

    /// `GET /contacts/`: one page. Prefer [`Contacts::pager`], which keeps the cursor right.
    pub async fn list(&self, query: &ContactQuery) -> Result<ContactPage, Error> {
        let mut call = Call::get("/contacts/", vec![])
            .query("locationId", self.api.location_id())
            .query("limit", query.limit);
        if let Some(text) = query.query.as_deref().filter(|text| !text.is_empty()) {
            call = call.query("query", text);
        }
        if let Some(cursor) = &query.cursor {
            call = call
                .query("startAfter", cursor.start_after)
                .query("startAfterId", &cursor.start_after_id);
        }
        self.api.send(call).await
    }

    /// Every contact of the location, page by page, newest first.
    pub fn pager(self, query: ContactQuery) -> ContactPager {
        ContactPager::new(self, query)
    }

    /// `GET /contacts/business/:businessId`
    pub async fn by_business(
        &self,
        business_id: &str,
        query: &BusinessQuery,
    ) -> Result<BusinessContacts, Error> {
        let mut call = Call::get("/contacts/business/:businessId", vec![business_id])
            .query("locationId", self.api.location_id())
            .query("limit", query.limit)
            .query("skip", query.skip);
        if let Some(text) = query.query.as_deref().filter(|text| !text.is_empty()) {
            call = call.query("query", text);
        }
        self.api.send(call).await
    }

    /// `POST /contacts/` (never retried: a failed create has been seen to create anyway).
    pub async fn create(&self, fields: &ContactFields) -> Result<Contact, Error> {
        let body = NewContact {
            location_id: self.api.location_id(),
            fields,
        };
        let call = Call::write(Method::POST, "/contacts/", vec![]).body(&body)?;
        Ok(self.api.send::<ContactEnvelope>(call).await?.contact)
    }

    /// `PUT /contacts/:contactId`; answers with the updated contact when HighLevel sends it.
    pub async fn update(
        &self,
        contact_id: &str,
        fields: &ContactFields,
    ) -> Result<Option<Contact>, Error> {
        let call =
            Call::write(Method::PUT, "/contacts/:contactId", vec![contact_id]).body(fields)?;
        let updated: UpdatedContact = self.api.send(call).await?;
        updated.succeeded.check("contact update")?;
        Ok(updated.contact)
    }

    /// `GET /contacts/search/duplicate`: the contact HighLevel's duplicate rule finds for
    /// the email or phone (email first), if any.
    pub async fn duplicate(
        &self,
        email: Option<&str>,
        number: Option<&str>,
    ) -> Result<Option<Contact>, Error> {
        let mut call = Call::get("/contacts/search/duplicate", vec![])
            .query("locationId", self.api.location_id());
        if let Some(email) = email {
            call = call.query("email", email);
        }
        if let Some(number) = number {
            call = call.query("number", number);
        }
        Ok(self.api.send::<MaybeContact>(call).await?.contact)
    }

    /// `POST /contacts/upsert`: updates the contact the location's duplicate rule matches
    /// (email, then phone), else creates one. Never retried.
    pub async fn upsert(&self, fields: &ContactFields) -> Result<Upserted, Error> {
        let body = NewContact {
            location_id: self.api.location_id(),
            fields,
        };
        let call = Call::write(Method::POST, "/contacts/upsert", vec![]).body(&body)?;
        self.api.send::<Upserted>(call).await
    }

    /// `DELETE /contacts/:contactId`
    pub async fn delete(&self, contact_id: &str) -> Result<(), Error> {
        let call = Call::write(Method::DELETE, "/contacts/:contactId", vec![contact_id]);
        self.api
            .send::<Succeeded>(call)
            .await?
            .check("contact deletion")
    }
}
