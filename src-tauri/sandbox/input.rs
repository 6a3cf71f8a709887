//! The write bodies (CreateContactDto, UpdateContactDto, CreateTaskParams, UpdateTaskBody,
//! NotesDTO, UpdateNoteDTO),
//! validated into changes the store applies to a record.

use jiff::civil;
use serde_json::{Map, Value};

use super::body::{Checker, Patch};
use super::error::ApiError;
use super::model::{Contact, CustomField, Note, Task};
use super::phone;

/// A custom field as the location defines it; writes may name it by id or by key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CustomFieldDefinition {
    pub id: String,
    /// `contact.lifetime_value`
    pub key: String,
    pub name: &'static str,
    /// `MONETORY`, `MULTIPLE_OPTIONS`, …, as `GET /locations/:id/customFields` names them.
    pub data_type: &'static str,
    pub picklist_options: &'static [&'static str],
}

/// The properties CreateContactDto and UpdateContactDto share. The spec lists `companyName`
/// for creates only, but HighLevel takes it on update too. `inboundDndSettings` is accepted
/// but not kept: the Contacts API never returns it.
const CONTACT: &[&str] = &[
    "firstName",
    "lastName",
    "name",
    "email",
    "phone",
    "address1",
    "city",
    "state",
    "postalCode",
    "website",
    "timezone",
    "dnd",
    "dndSettings",
    "inboundDndSettings",
    "tags",
    "customFields",
    "source",
    "dateOfBirth",
    "country",
    "companyName",
    "assignedTo",
];

/// Only a create may send these: on update a `locationId` is a 422. `gender` is accepted but
/// not kept, like `inboundDndSettings`.
const CREATE_ONLY: &[&str] = &["locationId", "gender"];

const TASK: &[&str] = &["title", "body", "dueDate", "completed", "assignedTo"];

const NOTE: &[&str] = &["userId", "body", "title", "color", "pinned"];

const DND_CHANNELS: &[&str] = &["Call", "Email", "SMS", "WhatsApp", "GMB", "FB"];
const DND_STATUSES: &[&str] = &["active", "inactive", "permanent"];

/// What a create or update sets on a contact.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContactFields {
    first_name: Patch<String>,
    last_name: Patch<String>,
    email: Patch<String>,
    phone: Patch<String>,
    company_name: Patch<String>,
    address1: Patch<String>,
    city: Patch<String>,
    state: Patch<String>,
    postal_code: Patch<String>,
    website: Patch<String>,
    timezone: Patch<String>,
    source: Patch<String>,
    country: Patch<String>,
    assigned_to: Patch<String>,
    date_of_birth: Patch<civil::Date>,
    dnd: Option<bool>,
    dnd_settings: Option<Map<String, Value>>,
    /// Replaces every tag the contact had.
    tags: Option<Vec<String>>,
    /// Merged by id into the contact's values.
    custom_fields: Vec<CustomField>,
}

impl ContactFields {
    /// `POST /contacts/`; the caller has already checked `locationId`.
    pub(crate) fn for_create(
        body: &Map<String, Value>,
        definitions: &[CustomFieldDefinition],
    ) -> Result<Self, ApiError> {
        Self::read(body, CREATE_ONLY, definitions)
    }

    /// `PUT /contacts/:id`
    pub(crate) fn for_update(
        body: &Map<String, Value>,
        definitions: &[CustomFieldDefinition],
    ) -> Result<Self, ApiError> {
        Self::read(body, &[], definitions)
    }

    fn read(
        body: &Map<String, Value>,
        extra_properties: &[&str],
        definitions: &[CustomFieldDefinition],
    ) -> Result<Self, ApiError> {
        let mut check = Checker::new(body);
        let properties: Vec<&str> = CONTACT.iter().chain(extra_properties).copied().collect();
        check.allow_only(&properties);
        let (first_from_name, last_from_name) = split_name(check.optional_text("name"));
        check.optional_text("gender");
        check.object("inboundDndSettings");
        let fields = Self {
            first_name: or_keep(check.text("firstName"), first_from_name),
            last_name: or_keep(check.text("lastName"), last_from_name),
            email: check.email("email"),
            phone: normalise_phone(check.text("phone")),
            company_name: check.text("companyName"),
            address1: check.text("address1"),
            city: check.text("city"),
            state: check.text("state"),
            postal_code: check.text("postalCode"),
            website: check.text("website"),
            timezone: check.text("timezone"),
            source: check.text("source"),
            country: check.text("country"),
            assigned_to: check.text("assignedTo"),
            date_of_birth: check.birth_date("dateOfBirth"),
            dnd: check.flag("dnd"),
            dnd_settings: dnd_settings(&mut check),
            tags: check.text_list("tags"),
            custom_fields: custom_fields(&mut check, definitions),
        };
        check.finish()?;
        Ok(fields)
    }

    /// An upsert that matched by email leaves a phone another contact has alone.
    pub(crate) fn keep_phone(&mut self) {
        self.phone = Patch::Keep;
    }

    pub(crate) fn apply(self, contact: &mut Contact) {
        self.first_name.apply(&mut contact.first_name);
        self.last_name.apply(&mut contact.last_name);
        self.email.apply(&mut contact.email);
        self.phone.apply(&mut contact.phone);
        self.company_name.apply(&mut contact.company_name);
        self.address1.apply(&mut contact.address1);
        self.city.apply(&mut contact.city);
        self.state.apply(&mut contact.state);
        self.postal_code.apply(&mut contact.postal_code);
        self.website.apply(&mut contact.website);
        self.timezone.apply(&mut contact.timezone);
        self.source.apply(&mut contact.source);
        self.country.apply(&mut contact.country);
        self.assigned_to.apply(&mut contact.assigned_to);
        self.date_of_birth.apply(&mut contact.date_of_birth);
        if let Some(dnd) = self.dnd {
            contact.dnd = dnd;
        }
        if let Some(settings) = self.dnd_settings {
            contact.dnd_settings.extend(settings);
        }
        if let Some(tags) = self.tags {
            contact.tags.clear();
            add_tags(&mut contact.tags, tags);
        }
        for field in self.custom_fields {
            match contact.custom_fields.iter_mut().find(|f| f.id == field.id) {
                Some(existing) => existing.value = field.value,
                None => contact.custom_fields.push(field),
            }
        }
    }
}

/// Appends the tags the list does not have yet, keeping first-seen order.
pub(crate) fn add_tags(tags: &mut Vec<String>, new: Vec<String>) {
    for tag in new {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
}

/// `name` fills first and last name only where those are not given themselves.
fn split_name(name: Option<String>) -> (Patch<String>, Patch<String>) {
    let Some(name) = name else {
        return (Patch::Keep, Patch::Keep);
    };
    let mut parts = name.trim().splitn(2, char::is_whitespace);
    let first = parts.next().filter(|part| !part.is_empty());
    let last = parts.next().map(str::trim).filter(|part| !part.is_empty());
    let patch = |part: Option<&str>| part.map_or(Patch::Keep, |p| Patch::Set(p.to_owned()));
    (patch(first), patch(last))
}

fn or_keep(given: Patch<String>, fallback: Patch<String>) -> Patch<String> {
    match given {
        Patch::Keep => fallback,
        given => given,
    }
}

fn normalise_phone(phone: Patch<String>) -> Patch<String> {
    match phone {
        Patch::Set(phone) => Patch::Set(phone::normalise(&phone)),
        other => other,
    }
}

fn dnd_settings(check: &mut Checker) -> Option<Map<String, Value>> {
    let settings = check.object("dndSettings")?;
    for (channel, setting) in &settings {
        if !DND_CHANNELS.contains(&channel.as_str()) {
            check.reject(format!("property dndSettings.{channel} should not exist"));
            continue;
        }
        let status = setting.get("status").and_then(Value::as_str);
        if !status.is_some_and(|status| DND_STATUSES.contains(&status)) {
            check.reject(format!(
                "dndSettings.{channel}.status must be one of the following values: {}",
                DND_STATUSES.join(", ")
            ));
        }
    }
    Some(settings)
}

/// `[{id | key, field_value}]`, resolved to the location's field ids.
fn custom_fields(check: &mut Checker, definitions: &[CustomFieldDefinition]) -> Vec<CustomField> {
    let Some(value) = check.value("customFields") else {
        return Vec::new();
    };
    let Value::Array(items) = value else {
        check.reject("customFields must be an array".into());
        return Vec::new();
    };
    let mut fields = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let id = item.get("id").and_then(Value::as_str);
        let key = item.get("key").and_then(Value::as_str);
        let definition = definitions
            .iter()
            .find(|d| Some(d.id.as_str()) == id || Some(d.key.as_str()) == key);
        match definition {
            Some(definition) => fields.push(CustomField {
                id: definition.id.clone(),
                value: item.get("field_value").cloned().unwrap_or(Value::Null),
            }),
            None => check.reject(format!(
                "customFields.{index} must name an existing custom field by id or key"
            )),
        }
    }
    fields
}

/// What a task create or update sets; a create has already required title, due date and
/// completion.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TaskFields {
    title: Option<String>,
    body: Patch<String>,
    due_date: Option<i64>,
    completed: Option<bool>,
    assigned_to: Patch<String>,
}

impl TaskFields {
    /// `POST /contacts/:id/tasks`
    pub(crate) fn for_create(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let mut check = Checker::new(body);
        check.allow_only(TASK);
        let fields = Self {
            title: Some(check.required_text("title")),
            body: check.text("body"),
            due_date: Some(check.required_iso_date("dueDate")),
            completed: Some(check.required_flag("completed")),
            assigned_to: check.text("assignedTo"),
        };
        check.finish()?;
        Ok(fields)
    }

    /// `PUT /contacts/:id/tasks/:taskId`: every property optional, same rules.
    pub(crate) fn for_update(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let mut check = Checker::new(body);
        check.allow_only(TASK);
        let title = check.value("title").map(|_| check.required_text("title"));
        let fields = Self {
            title,
            body: check.text("body"),
            due_date: check.iso_date("dueDate"),
            completed: check.flag("completed"),
            assigned_to: check.text("assignedTo"),
        };
        check.finish()?;
        Ok(fields)
    }

    /// `PUT /contacts/:id/tasks/:taskId/completed`
    pub(crate) fn for_completion(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let mut check = Checker::new(body);
        check.allow_only(&["completed"]);
        let completed = check.required_flag("completed");
        check.finish()?;
        Ok(Self {
            title: None,
            body: Patch::Keep,
            due_date: None,
            completed: Some(completed),
            assigned_to: Patch::Keep,
        })
    }

    pub(crate) fn apply(self, task: &mut Task) {
        if let Some(title) = self.title {
            task.title = title;
        }
        self.body.apply(&mut task.body);
        if let Some(due_date) = self.due_date {
            task.due_date = due_date;
        }
        if let Some(completed) = self.completed {
            task.completed = completed;
        }
        self.assigned_to.apply(&mut task.assigned_to);
    }
}

/// What a note create or update sets; a create has already required the body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NoteFields {
    body: Option<String>,
    user_id: Patch<String>,
    title: Patch<String>,
    color: Patch<String>,
    pinned: Option<bool>,
}

impl NoteFields {
    /// `POST /contacts/:id/notes` (NotesDTO: `body` required)
    pub(crate) fn for_create(body: &Map<String, Value>) -> Result<Self, ApiError> {
        Self::read(body, true)
    }

    /// `PUT /contacts/:id/notes/:id` (UpdateNoteDTO: every property optional)
    pub(crate) fn for_update(body: &Map<String, Value>) -> Result<Self, ApiError> {
        Self::read(body, false)
    }

    fn read(body: &Map<String, Value>, creating: bool) -> Result<Self, ApiError> {
        let mut check = Checker::new(body);
        check.allow_only(NOTE);
        let text = check.value("body").is_some() || creating;
        let fields = Self {
            body: text.then(|| check.required_text("body")),
            user_id: check.text("userId"),
            title: check.text("title"),
            color: check.text("color"),
            pinned: check.flag("pinned"),
        };
        check.finish()?;
        Ok(fields)
    }

    pub(crate) fn apply(self, note: &mut Note) {
        if let Some(body) = self.body {
            note.body = body;
        }
        self.user_id.apply(&mut note.user_id);
        self.title.apply(&mut note.title);
        self.color.apply(&mut note.color);
        if let Some(pinned) = self.pinned {
            note.pinned = pinned;
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::sandbox::body::object;

    fn definitions() -> Vec<CustomFieldDefinition> {
        vec![CustomFieldDefinition {
            id: "cfInterests000000001".into(),
            key: "contact.interests".into(),
            name: "Interests",
            data_type: "MULTIPLE_OPTIONS",
            picklist_options: &["SEO"],
        }]
    }

    fn blank_contact() -> Contact {
        let mut contact = Contact::blank("c".into(), "l".into(), 0);
        contact.tags = vec!["old".into()];
        contact.city = Some("Berlin".into());
        contact
    }

    #[test]
    fn a_create_body_becomes_contact_fields() {
        let body = object(json!({
            "locationId": "l",
            "name": "Rosan  Deo",
            "email": "rosan@deos.com",
            "phone": "+1 888-888-8888",
            "dateOfBirth": "09/25/1990",
            "tags": ["b", "a", "b"],
            "city": null,
            "customFields": [{"key": "contact.interests", "field_value": ["SEO"]}],
        }));
        let mut contact = blank_contact();
        ContactFields::for_create(&body, &definitions())
            .unwrap()
            .apply(&mut contact);
        assert_eq!(contact.first_name.as_deref(), Some("Rosan"));
        assert_eq!(contact.last_name.as_deref(), Some("Deo"));
        assert_eq!(contact.phone.as_deref(), Some("+18888888888"));
        assert_eq!(contact.date_of_birth, Some(civil::date(1990, 9, 25)));
        assert_eq!(contact.tags, ["b", "a"]);
        assert_eq!(contact.city, None);
        assert_eq!(contact.custom_fields[0].id, "cfInterests000000001");
        assert_eq!(contact.custom_fields[0].value, json!(["SEO"]));
    }

    #[test]
    fn an_update_may_not_name_a_location_or_an_unknown_field() {
        let body = object(json!({
            "locationId": "l",
            "email": "nope",
            "dndSettings": {"Call": {"status": "sometimes"}},
            "customFields": [{"id": "unknown", "field_value": 1}],
        }));
        let error = ContactFields::for_update(&body, &definitions()).unwrap_err();
        assert_eq!(
            error,
            ApiError::validation(vec![
                "property locationId should not exist".into(),
                "email must be an email".into(),
                "dndSettings.Call.status must be one of the following values: active, inactive, permanent".into(),
                "customFields.0 must name an existing custom field by id or key".into(),
            ])
        );
    }

    #[test]
    fn task_updates_leave_unnamed_properties_alone() {
        let mut task = Task {
            id: "t".into(),
            title: "Call".into(),
            body: Some("notes".into()),
            assigned_to: None,
            due_date: 0,
            completed: false,
            contact_id: "c".into(),
            date_added: 0,
        };
        TaskFields::for_update(&object(json!({"completed": true, "body": null})))
            .unwrap()
            .apply(&mut task);
        assert_eq!(
            (task.title.as_str(), task.body, task.completed),
            ("Call", None, true)
        );
        let error = TaskFields::for_update(&object(json!({"title": null, "dueDate": "x"})));
        assert_eq!(
            error.unwrap_err(),
            ApiError::validation(vec!["dueDate must be a valid ISO 8601 date string".into()])
        );
    }

    #[test]
    fn a_note_needs_a_body_only_when_created() {
        let error = NoteFields::for_create(&object(json!({"title": "t", "pinned": "yes"})));
        assert_eq!(
            error.unwrap_err(),
            ApiError::validation(vec![
                "body must be a string".into(),
                "pinned must be a boolean value".into(),
            ])
        );
        let mut note = Note {
            id: "n".into(),
            body: "before".into(),
            user_id: Some("u".into()),
            date_added: 0,
            contact_id: "c".into(),
            title: Some("t".into()),
            color: None,
            pinned: false,
        };
        NoteFields::for_update(&object(json!({"pinned": true, "title": null})))
            .unwrap()
            .apply(&mut note);
        assert_eq!(
            (note.body.as_str(), note.title, note.pinned),
            ("before", None, true)
        );
    }
}
