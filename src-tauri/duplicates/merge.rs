//! The guided merge as a plan of ordinary writes, since HighLevel has no merge endpoint:
//! the survivor takes the chosen values and every tag, the other contact's tasks and notes
//! are created again on the survivor, and the other is deleted. The plan's writes are what
//! the preview lists and what the merge job (`crate::jobs`) sends, one item each.

use std::collections::BTreeSet;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::highlevel::{Contact, ContactFields, CustomFieldInput, NewTask, Note, NoteFields, Task};
use crate::jobs::Write;

/// A value the user picks between the two contacts. `Address` is the five address fields
/// together; `Business` moves the survivor through the bulk business endpoint, since a
/// contact update does not take one (`UpdateContactDto` has no `businessId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum MergeField {
    FirstName,
    LastName,
    Email,
    Phone,
    Owner,
    Business,
    Address,
    Website,
    Timezone,
    Source,
    DateOfBirth,
}

const FIELDS: [MergeField; 11] = [
    MergeField::FirstName,
    MergeField::LastName,
    MergeField::Email,
    MergeField::Phone,
    MergeField::Owner,
    MergeField::Business,
    MergeField::Address,
    MergeField::Website,
    MergeField::Timezone,
    MergeField::Source,
    MergeField::DateOfBirth,
];

/// What the user chose: the survivor, and which values come from the other contact (every
/// value not named stays the survivor's).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MergeChoices {
    pub survivor_id: String,
    pub other_id: String,
    pub from_other: Vec<MergeField>,
    /// Custom fields (by id) whose value comes from the other contact.
    pub custom_fields_from_other: Vec<String>,
}

/// A field whose values differ, as the dialog offers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FieldChoice {
    pub field: MergeField,
    pub survivor: Option<String>,
    pub other: Option<String>,
}

/// A custom field whose values differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CustomFieldChoice {
    pub id: String,
    #[cfg_attr(feature = "desktop", specta(type = specta_typescript::Unknown))]
    pub survivor: Value,
    #[cfg_attr(feature = "desktop", specta(type = specta_typescript::Unknown))]
    pub other: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MergePlan {
    pub survivor: Contact,
    pub other: Contact,
    /// What to call each in the preview.
    pub survivor_name: String,
    pub other_name: String,
    pub fields: Vec<FieldChoice>,
    pub custom_fields: Vec<CustomFieldChoice>,
    /// Exactly what will be sent, in order: the merge job's writes.
    pub steps: Vec<Write>,
}

/// HighLevel requires a task title and due date; a task that had neither gets these.
const UNTITLED_TASK: &str = "Untitled task";

/// The writes that merge `other` into `survivor`. The other's email and phone, when
/// chosen, are set only after it is deleted: HighLevel refuses an email or a phone that
/// another contact of the location has. A task without a due date is due `now`.
pub fn plan_merge(
    survivor: &Contact,
    other: &Contact,
    other_tasks: &[Task],
    other_notes: &[Note],
    choices: &MergeChoices,
    now: Timestamp,
) -> MergePlan {
    let chosen = |field| choices.from_other.contains(&field);
    let fields: Vec<FieldChoice> = FIELDS
        .into_iter()
        .filter_map(|field| field_choice(field, survivor, other))
        .collect();
    let differs = |field: MergeField| fields.iter().any(|choice| choice.field == field);
    let taken: Vec<MergeField> = FIELDS
        .into_iter()
        .filter(|&field| chosen(field) && differs(field))
        .collect();
    let custom_fields = custom_field_choices(survivor, other);

    let on_survivor = || survivor.id.clone();
    let mut steps = Vec::new();
    let mut update = survivor_update(survivor, other, &taken);
    update.custom_fields = chosen_custom_fields(&custom_fields, choices);
    if update != ContactFields::default() {
        steps.push(Write::UpdateContact {
            contact_id: on_survivor(),
            fields: Box::new(update),
        });
    }
    if taken.contains(&MergeField::Business) {
        steps.push(Write::Business {
            contacts: vec![on_survivor()],
            business_id: other.business_id.clone(),
        });
    }
    steps.extend(other_tasks.iter().map(|task| Write::CreateTask {
        contact_id: on_survivor(),
        task: task_copy(task, now),
    }));
    steps.extend(
        other_notes
            .iter()
            .filter_map(note_copy)
            .map(|note| Write::CreateNote {
                contact_id: on_survivor(),
                note,
            }),
    );
    steps.push(Write::DeleteContact {
        contact_id: other.id.clone(),
    });
    let identity = identity_update(other, &taken);
    if identity != ContactFields::default() {
        steps.push(Write::UpdateContact {
            contact_id: on_survivor(),
            fields: Box::new(identity),
        });
    }
    MergePlan {
        survivor: survivor.clone(),
        other: other.clone(),
        survivor_name: survivor.display_name(),
        other_name: other.display_name(),
        fields,
        custom_fields,
        steps,
    }
}

fn field_choice(field: MergeField, survivor: &Contact, other: &Contact) -> Option<FieldChoice> {
    let (mine, theirs) = (shown(field, survivor), shown(field, other));
    (mine != theirs).then_some(FieldChoice {
        field,
        survivor: mine,
        other: theirs,
    })
}

/// A field's value as the dialog shows it; `None` when the contact has none.
fn shown(field: MergeField, contact: &Contact) -> Option<String> {
    let text = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    match field {
        MergeField::FirstName => text(&contact.first_name),
        MergeField::LastName => text(&contact.last_name),
        MergeField::Email => text(&contact.email),
        MergeField::Phone => text(&contact.phone),
        MergeField::Owner => text(&contact.assigned_to),
        MergeField::Business => text(&contact.business_id),
        MergeField::Address => {
            let parts: Vec<String> = [
                &contact.address1,
                &contact.city,
                &contact.state,
                &contact.postal_code,
                &contact.country,
            ]
            .into_iter()
            .filter_map(text)
            .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        MergeField::Website => text(&contact.website),
        MergeField::Timezone => text(&contact.timezone),
        MergeField::Source => text(&contact.source),
        MergeField::DateOfBirth => contact.date_of_birth.as_ref().map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }),
    }
}

/// Every tag of both, and the chosen values other than email, phone and business. An
/// empty value taken from the other contact clears the survivor's.
fn survivor_update(survivor: &Contact, other: &Contact, taken: &[MergeField]) -> ContactFields {
    let value = |of: &Option<String>| Some(of.clone().unwrap_or_default());
    let mut fields = ContactFields::default();
    let missing_tags = other.tags.iter().any(|tag| !survivor.tags.contains(tag));
    if missing_tags {
        let all: BTreeSet<&String> = survivor.tags.iter().chain(&other.tags).collect();
        fields.tags = Some(all.into_iter().cloned().collect());
    }
    for field in taken {
        match field {
            MergeField::FirstName => fields.first_name = value(&other.first_name),
            MergeField::LastName => fields.last_name = value(&other.last_name),
            MergeField::Owner => fields.assigned_to = value(&other.assigned_to),
            MergeField::Address => {
                fields.address1 = value(&other.address1);
                fields.city = value(&other.city);
                fields.state = value(&other.state);
                fields.postal_code = value(&other.postal_code);
                fields.country = value(&other.country);
            }
            MergeField::Website => fields.website = value(&other.website),
            MergeField::Timezone => fields.timezone = value(&other.timezone),
            MergeField::Source => fields.source = value(&other.source),
            MergeField::DateOfBirth => {
                fields.date_of_birth = Some(shown(*field, other).unwrap_or_default())
            }
            MergeField::Email | MergeField::Phone | MergeField::Business => {}
        }
    }
    fields
}

/// The other's email and phone, when chosen: sent once the other no longer holds them.
fn identity_update(other: &Contact, taken: &[MergeField]) -> ContactFields {
    let value = |of: &Option<String>| Some(of.clone().unwrap_or_default());
    ContactFields {
        email: taken
            .contains(&MergeField::Email)
            .then(|| value(&other.email))
            .flatten(),
        phone: taken
            .contains(&MergeField::Phone)
            .then(|| value(&other.phone))
            .flatten(),
        ..ContactFields::default()
    }
}

fn custom_field_choices(survivor: &Contact, other: &Contact) -> Vec<CustomFieldChoice> {
    let value_of = |contact: &Contact, id: &str| {
        contact
            .custom_fields
            .iter()
            .find(|field| field.id == id)
            .map_or(Value::Null, |field| field.value.clone())
    };
    let ids: BTreeSet<&str> = survivor
        .custom_fields
        .iter()
        .chain(&other.custom_fields)
        .map(|field| field.id.as_str())
        .collect();
    ids.into_iter()
        .map(|id| CustomFieldChoice {
            id: id.to_owned(),
            survivor: value_of(survivor, id),
            other: value_of(other, id),
        })
        .filter(|choice| choice.survivor != choice.other)
        .collect()
}

fn chosen_custom_fields(
    choices: &[CustomFieldChoice],
    chosen: &MergeChoices,
) -> Option<Vec<CustomFieldInput>> {
    let inputs: Vec<CustomFieldInput> = choices
        .iter()
        .filter(|choice| chosen.custom_fields_from_other.contains(&choice.id))
        .map(|choice| CustomFieldInput {
            id: Some(choice.id.clone()),
            key: None,
            field_value: match &choice.other {
                Value::Null => Value::String(String::new()),
                value => value.clone(),
            },
        })
        .collect();
    (!inputs.is_empty()).then_some(inputs)
}

fn task_copy(task: &Task, now: Timestamp) -> NewTask {
    let title = task
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    NewTask {
        title: title.unwrap_or(UNTITLED_TASK).to_owned(),
        body: task.body.clone(),
        due_date: task.due_date.unwrap_or(now),
        completed: task.completed,
        assigned_to: task.assigned_to.clone(),
    }
}

/// A note with no text has nothing to move (HighLevel requires a body).
fn note_copy(note: &Note) -> Option<NoteFields> {
    let body = note
        .body
        .as_deref()
        .filter(|body| !body.trim().is_empty())?;
    Some(NoteFields {
        body: Some(body.to_owned()),
        title: note.title.clone(),
        user_id: note.user_id.clone(),
        color: note.color.clone(),
        pinned: note.pinned.then_some(true),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::highlevel::CustomFieldValue;

    fn ada() -> Contact {
        Contact {
            id: "survivor".into(),
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            email: Some("ada@x.example".into()),
            tags: vec!["vip".into(), "math".into()],
            business_id: Some("b1".into()),
            custom_fields: vec![CustomFieldValue {
                id: "cf1".into(),
                value: json!(10),
            }],
            ..Contact::default()
        }
    }

    fn augusta() -> Contact {
        Contact {
            id: "other".into(),
            first_name: Some("Augusta".into()),
            last_name: Some("Lovelace".into()),
            email: Some("augusta@x.example".into()),
            phone: Some("+14155550134".into()),
            tags: vec!["math".into(), "poetry".into()],
            business_id: Some("b2".into()),
            city: Some("London".into()),
            custom_fields: vec![
                CustomFieldValue {
                    id: "cf1".into(),
                    value: json!(20),
                },
                CustomFieldValue {
                    id: "cf2".into(),
                    value: json!(["a", "b"]),
                },
            ],
            ..Contact::default()
        }
    }

    fn choices(from_other: &[MergeField], custom: &[&str]) -> MergeChoices {
        MergeChoices {
            survivor_id: "survivor".into(),
            other_id: "other".into(),
            from_other: from_other.to_vec(),
            custom_fields_from_other: custom.iter().map(|id| (*id).to_owned()).collect(),
        }
    }

    fn delete_other() -> Write {
        Write::DeleteContact {
            contact_id: "other".into(),
        }
    }

    fn now() -> Timestamp {
        "2026-11-29T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn the_dialog_is_offered_only_the_fields_that_differ() {
        let plan = plan_merge(&ada(), &augusta(), &[], &[], &choices(&[], &[]), now());

        let offered: Vec<MergeField> = plan.fields.iter().map(|choice| choice.field).collect();
        assert_eq!(
            offered,
            [
                MergeField::FirstName,
                MergeField::Email,
                MergeField::Phone,
                MergeField::Business,
                MergeField::Address,
            ]
        );
        assert_eq!(plan.fields[2].survivor, None);
        assert_eq!(plan.fields[2].other.as_deref(), Some("+14155550134"));
        let custom: Vec<&str> = plan.custom_fields.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(custom, ["cf1", "cf2"]);
        assert_eq!(plan.custom_fields[1].survivor, Value::Null);
    }

    #[test]
    fn keeping_the_survivors_values_still_unions_the_tags_and_deletes_the_other() {
        let plan = plan_merge(&ada(), &augusta(), &[], &[], &choices(&[], &[]), now());

        assert_eq!(
            plan.steps,
            [
                Write::UpdateContact {
                    contact_id: "survivor".into(),
                    fields: Box::new(ContactFields {
                        tags: Some(vec!["math".into(), "poetry".into(), "vip".into()]),
                        ..ContactFields::default()
                    })
                },
                delete_other(),
            ]
        );
    }

    #[test]
    fn chosen_values_are_sent_and_email_and_phone_only_after_the_delete() {
        let taken = [
            MergeField::FirstName,
            MergeField::Email,
            MergeField::Phone,
            MergeField::Business,
            MergeField::Address,
            // Equal on both sides: nothing to send.
            MergeField::LastName,
        ];
        let plan = plan_merge(
            &ada(),
            &augusta(),
            &[],
            &[],
            &choices(&taken, &["cf2"]),
            now(),
        );

        let first_update = ContactFields {
            first_name: Some("Augusta".into()),
            address1: Some(String::new()),
            city: Some("London".into()),
            state: Some(String::new()),
            postal_code: Some(String::new()),
            country: Some(String::new()),
            tags: Some(vec!["math".into(), "poetry".into(), "vip".into()]),
            custom_fields: Some(vec![CustomFieldInput {
                id: Some("cf2".into()),
                key: None,
                field_value: json!(["a", "b"]),
            }]),
            ..ContactFields::default()
        };
        let identity = ContactFields {
            email: Some("augusta@x.example".into()),
            phone: Some("+14155550134".into()),
            ..ContactFields::default()
        };
        assert_eq!(
            plan.steps,
            [
                Write::UpdateContact {
                    contact_id: "survivor".into(),
                    fields: Box::new(first_update)
                },
                Write::Business {
                    contacts: vec!["survivor".into()],
                    business_id: Some("b2".into())
                },
                delete_other(),
                Write::UpdateContact {
                    contact_id: "survivor".into(),
                    fields: Box::new(identity)
                },
            ]
        );
    }

    #[test]
    fn tasks_and_notes_are_created_again_on_the_survivor_before_the_delete() {
        let due: Timestamp = "2026-12-01T09:00:00Z".parse().unwrap();
        let tasks = [
            Task {
                id: "t1".into(),
                title: Some("Call back".into()),
                body: Some("about the invoice".into()),
                due_date: Some(due),
                completed: true,
                assigned_to: Some("u1".into()),
                ..Task::default()
            },
            Task {
                id: "t2".into(),
                title: Some("  ".into()),
                ..Task::default()
            },
        ];
        let notes = [
            Note {
                id: "n1".into(),
                body: Some("Met at the fair".into()),
                user_id: Some("u2".into()),
                pinned: true,
                ..Note::default()
            },
            Note {
                id: "n2".into(),
                body: Some(" ".into()),
                ..Note::default()
            },
        ];
        let mut survivor = ada();
        survivor.tags = augusta().tags;

        let plan = plan_merge(
            &survivor,
            &augusta(),
            &tasks,
            &notes,
            &choices(&[], &[]),
            now(),
        );

        assert_eq!(
            plan.steps,
            [
                Write::CreateTask {
                    contact_id: "survivor".into(),
                    task: NewTask {
                        title: "Call back".into(),
                        body: Some("about the invoice".into()),
                        due_date: due,
                        completed: true,
                        assigned_to: Some("u1".into()),
                    }
                },
                Write::CreateTask {
                    contact_id: "survivor".into(),
                    task: NewTask {
                        title: UNTITLED_TASK.into(),
                        body: None,
                        due_date: now(),
                        completed: false,
                        assigned_to: None,
                    }
                },
                Write::CreateNote {
                    contact_id: "survivor".into(),
                    note: NoteFields {
                        body: Some("Met at the fair".into()),
                        user_id: Some("u2".into()),
                        pinned: Some(true),
                        ..NoteFields::default()
                    }
                },
                delete_other(),
            ]
        );
    }

    #[test]
    fn steps_survive_the_journal_as_json() {
        let plan = plan_merge(
            &ada(),
            &augusta(),
            &[],
            &[],
            &choices(&[MergeField::Business], &[]),
            now(),
        );

        for step in plan.steps {
            let stored = serde_json::to_string(&step).unwrap();
            assert_eq!(serde_json::from_str::<Write>(&stored).unwrap(), step);
        }
    }
}
