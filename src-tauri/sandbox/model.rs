//! The records the sandbox keeps, named and shaped as HighLevel sends them. Instants are
//! epoch milliseconds, formatted by [`super::dates`] on the way out; fields without a value
//! are left out, as HighLevel leaves them out.

use jiff::civil;
use serde::Serialize;
use serde_json::{Map, Value};

use super::dates;

#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Contact {
    pub id: String,
    pub location_id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    /// E.164 where the input allowed it.
    pub phone: Option<String>,
    pub company_name: Option<String>,
    /// Absent for contacts that belong to no business.
    pub business_id: Option<String>,
    pub assigned_to: Option<String>,
    pub tags: Vec<String>,
    pub dnd: bool,
    /// Channel (`Call`, `Email`, `SMS`, …) → `{status, message, code}`.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub dnd_settings: Map<String, Value>,
    pub source: Option<String>,
    /// `lead` or `customer`.
    #[serde(rename = "type")]
    pub kind: String,
    pub timezone: Option<String>,
    pub address1: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub postal_code: Option<String>,
    pub website: Option<String>,
    #[serde(
        serialize_with = "dates::birth_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_of_birth: Option<civil::Date>,
    #[serde(serialize_with = "dates::iso")]
    pub date_added: i64,
    #[serde(serialize_with = "dates::iso")]
    pub date_updated: i64,
    #[serde(
        serialize_with = "dates::iso_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_activity: Option<i64>,
    pub custom_fields: Vec<CustomField>,
    pub attribution_source: Option<Attribution>,
    /// User ids; sent by the contact's reads and listing (as `followers`), not its search.
    #[serde(skip)]
    pub followers: Vec<String>,
}

/// A custom field's value is any JSON: text, number, list of options, file object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct CustomField {
    pub id: String,
    pub value: Value,
}

#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Attribution {
    pub url: String,
    pub medium: String,
    pub session_source: String,
    pub utm_source: Option<String>,
    pub referrer: Option<String>,
}

#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Task {
    pub id: String,
    pub title: String,
    pub body: Option<String>,
    pub assigned_to: Option<String>,
    #[serde(serialize_with = "dates::iso")]
    pub due_date: i64,
    pub completed: bool,
    pub contact_id: String,
    /// Orders the location-wide task search; the per-contact answers leave it out.
    #[serde(skip)]
    pub date_added: i64,
}

/// A row of `POST /locations/:locationId/tasks/search`: the live API names the id `_id`
/// and adds the contact's names.
#[serde_with::skip_serializing_none]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FoundTask<'a> {
    #[serde(rename = "_id")]
    pub id: &'a str,
    pub title: &'a str,
    pub body: Option<&'a str>,
    pub assigned_to: Option<&'a str>,
    #[serde(serialize_with = "dates::iso")]
    pub due_date: i64,
    pub completed: bool,
    pub contact_id: &'a str,
    #[serde(serialize_with = "dates::iso")]
    pub date_added: i64,
    pub contact_details: Option<ContactNames<'a>>,
}

#[serde_with::skip_serializing_none]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContactNames<'a> {
    pub id: &'a str,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
}

/// A user of the location, as `GET /users/` lists them (UserSchema).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct User {
    pub id: String,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub roles: Roles,
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Roles {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub role: &'static str,
    pub location_ids: Vec<String>,
}

/// A business of the location, as `GET /businesses/` lists them (BusinessDto).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Business {
    pub id: String,
    pub name: String,
    pub location_id: String,
    pub website: String,
}

/// A calendar of the location; seeded appointments each belong to one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Calendar {
    pub id: String,
    pub location_id: String,
    pub group_id: String,
    pub name: String,
    pub is_active: bool,
    pub calendar_type: &'static str,
    pub slot_duration: u32,
    pub slot_duration_unit: &'static str,
}

#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Note {
    pub id: String,
    pub body: String,
    pub user_id: Option<String>,
    #[serde(serialize_with = "dates::iso")]
    pub date_added: i64,
    pub contact_id: String,
    pub title: Option<String>,
    pub color: Option<String>,
    pub pinned: bool,
}

/// An appointment; its times go out as `YYYY-MM-DD HH:MM:SS` with no zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Appointment {
    pub id: String,
    pub calendar_id: String,
    pub status: &'static str,
    pub title: String,
    /// booked, confirmed, cancelled, showed or noshow.
    pub appointment_status: &'static str,
    pub assigned_user_id: String,
    pub notes: String,
    #[serde(serialize_with = "dates::calendar")]
    pub start_time: i64,
    #[serde(serialize_with = "dates::calendar")]
    pub end_time: i64,
    pub address: String,
    pub location_id: String,
    pub contact_id: String,
    pub users: Vec<String>,
    #[serde(serialize_with = "dates::calendar")]
    pub date_added: i64,
    #[serde(serialize_with = "dates::calendar")]
    pub date_updated: i64,
}

/// A row of `GET /calendars/events`: the appointment with its calendar's group, times in
/// ISO 8601 with an offset as the Calendars API documents them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Event<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub calendar_id: &'a str,
    pub group_id: &'a str,
    pub location_id: &'a str,
    pub contact_id: &'a str,
    pub appointment_status: &'a str,
    pub assigned_user_id: &'a str,
    pub users: &'a [String],
    pub notes: &'a str,
    pub address: &'a str,
    #[serde(serialize_with = "dates::offset")]
    pub start_time: i64,
    #[serde(serialize_with = "dates::offset")]
    pub end_time: i64,
    #[serde(serialize_with = "dates::offset")]
    pub date_added: i64,
    #[serde(serialize_with = "dates::offset")]
    pub date_updated: i64,
}

/// `additionalEmails`: HighLevel sends it (as it does `followers`) though the spec does not
/// list it, so clients must take unknown fields in stride. Always empty here.
const NO_IDS: &[&str] = &[];

/// `GET /contacts/:id`: the stored contact plus the lower-cased copies HighLevel keeps.
#[serde_with::skip_serializing_none]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContactDetail<'a> {
    #[serde(flatten)]
    contact: &'a Contact,
    first_name_lower_case: Option<String>,
    last_name_lower_case: Option<String>,
    full_name_lower_case: Option<String>,
    email_lower_case: Option<String>,
    followers: &'a [String],
    additional_emails: &'static [&'static str],
}

/// A row of `GET /contacts/`: the contact plus the display name the listing adds.
#[serde_with::skip_serializing_none]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContactListItem<'a> {
    #[serde(flatten)]
    contact: &'a Contact,
    contact_name: Option<String>,
    followers: &'a [String],
}

impl Appointment {
    /// As `GET /calendars/events` lists it, with its calendar's `group_id`.
    pub(crate) fn event<'a>(&'a self, group_id: &'a str) -> Event<'a> {
        Event {
            id: &self.id,
            title: &self.title,
            calendar_id: &self.calendar_id,
            group_id,
            location_id: &self.location_id,
            contact_id: &self.contact_id,
            appointment_status: self.appointment_status,
            assigned_user_id: &self.assigned_user_id,
            users: &self.users,
            notes: &self.notes,
            address: &self.address,
            start_time: self.start_time,
            end_time: self.end_time,
            date_added: self.date_added,
            date_updated: self.date_updated,
        }
    }
}

impl Note {
    /// A note as `POST /contacts/:id/notes` starts it, before the body's fields are applied.
    pub(crate) fn blank(id: String, contact_id: String, now: i64) -> Self {
        Self {
            id,
            body: String::new(),
            user_id: None,
            date_added: now,
            contact_id,
            title: None,
            color: None,
            pinned: false,
        }
    }
}

impl Task {
    /// As the location-wide task search lists it.
    pub(crate) fn found<'a>(&'a self, contact: Option<&'a Contact>) -> FoundTask<'a> {
        FoundTask {
            id: &self.id,
            title: &self.title,
            body: self.body.as_deref(),
            assigned_to: self.assigned_to.as_deref(),
            due_date: self.due_date,
            completed: self.completed,
            contact_id: &self.contact_id,
            date_added: self.date_added,
            contact_details: contact.map(|contact| ContactNames {
                id: &contact.id,
                first_name: contact.first_name.as_deref(),
                last_name: contact.last_name.as_deref(),
            }),
        }
    }
}

impl Contact {
    /// A contact as `POST /contacts/` starts it, before the body's fields are applied.
    pub(crate) fn blank(id: String, location_id: String, now: i64) -> Self {
        Self {
            id,
            location_id,
            first_name: None,
            last_name: None,
            email: None,
            phone: None,
            company_name: None,
            business_id: None,
            assigned_to: None,
            tags: Vec::new(),
            dnd: false,
            dnd_settings: Map::new(),
            source: None,
            kind: "lead".into(),
            timezone: None,
            address1: None,
            city: None,
            state: None,
            country: None,
            postal_code: None,
            website: None,
            date_of_birth: None,
            date_added: now,
            date_updated: now,
            last_activity: None,
            custom_fields: Vec::new(),
            attribution_source: None,
            followers: Vec::new(),
        }
    }

    /// "First Last", or whichever half exists.
    pub(crate) fn full_name(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.first_name, &self.last_name]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    pub(crate) fn sort_key(&self) -> SortKey {
        (self.date_added, self.id.clone())
    }

    /// What `GET /contacts/?query=` searches, lower-cased: name, email, phone and company,
    /// one per line so that a search cannot match across two of them.
    pub(crate) fn search_text(&self) -> String {
        let fields = [
            self.full_name(),
            self.email.clone(),
            self.phone.clone(),
            self.company_name.clone(),
        ];
        let fields: Vec<String> = fields.into_iter().flatten().collect();
        fields.join("\n").to_lowercase()
    }

    pub(crate) fn detail(&self) -> ContactDetail<'_> {
        let lower = |value: &Option<String>| value.as_ref().map(|v| v.to_lowercase());
        ContactDetail {
            contact: self,
            first_name_lower_case: lower(&self.first_name),
            last_name_lower_case: lower(&self.last_name),
            full_name_lower_case: lower(&self.full_name()),
            email_lower_case: lower(&self.email),
            followers: &self.followers,
            additional_emails: NO_IDS,
        }
    }

    pub(crate) fn list_item(&self) -> ContactListItem<'_> {
        ContactListItem {
            contact: self,
            contact_name: self.full_name().map(|name| name.to_lowercase()),
            followers: &self.followers,
        }
    }
}

/// Orders contacts as `GET /contacts/` lists them, read backwards: `dateAdded` (epoch ms),
/// then id as the tie-break.
pub(crate) type SortKey = (i64, String);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn contact() -> Contact {
        let mut contact = Contact::blank(
            "ve9EPM428h8vShlRW1KT".into(),
            "loc".into(),
            1_625_203_106_704,
        );
        contact.first_name = Some("Zoë".into());
        contact.last_name = Some("O'Brien".into());
        contact.email = Some("Zoe@Example.com".into());
        contact.phone = Some("+18832327657".into());
        contact.company_name = Some("DGS VolMAX".into());
        contact.tags = vec!["vip".into()];
        contact.date_of_birth = Some(civil::date(1990, 9, 25));
        contact.custom_fields = vec![CustomField {
            id: "cf".into(),
            value: json!(["a", "b"]),
        }];
        contact
    }

    #[test]
    fn detail_adds_lower_cased_fields_and_omits_empty_ones() {
        let value = serde_json::to_value(contact().detail()).unwrap();
        assert_eq!(value["fullNameLowerCase"], "zoë o'brien");
        assert_eq!(value["emailLowerCase"], "zoe@example.com");
        assert_eq!(value["dateOfBirth"], "1990-09-25T00:00:00.000Z");
        assert_eq!(value["dateAdded"], "2021-07-02T05:18:26.704Z");
        assert_eq!(value["type"], "lead");
        assert_eq!(value["customFields"][0]["value"], json!(["a", "b"]));
        assert_eq!(value["followers"], json!([]));
        assert!(value.get("businessId").is_none());
        assert!(value.get("lastActivity").is_none());
    }

    #[test]
    fn search_covers_name_email_phone_and_company() {
        let contact = contact();
        for needle in [
            "zoë o'b",
            "zoë",
            "o'brien",
            "example.com",
            "883232",
            "volmax",
        ] {
            assert!(contact.search_text().contains(needle), "{needle}");
        }
        assert!(!contact.search_text().contains("smith"));
        assert!(!contact.search_text().contains("o'brienzoe"));
    }
}
