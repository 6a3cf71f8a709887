//! What a write must pass before anything is sent, for the app and `contact-desk api`
//! alike: refused here as `Invalid`, with a message for the person who typed it.

use crate::highlevel::operation::{Operation, TagsBody};
use crate::highlevel::{ContactFields, Error, NewTask, NoteFields, TaskChanges};

/// The checks of the write `operation` is, if it is one; its tags come back trimmed.
pub fn check_operation(operation: Operation) -> Result<Operation, Error> {
    match operation {
        Operation::CreateContact { ref body } | Operation::UpdateContact { ref body, .. } => {
            check_contact(body)?;
        }
        Operation::CreateTask { ref body, .. } => check_new_task(body)?,
        Operation::UpdateTask { ref body, .. } => check_task_changes(body)?,
        Operation::AddTags { contact_id, body } => {
            let tags = check_tags(body.tags)?;
            return Ok(Operation::AddTags {
                contact_id,
                body: TagsBody { tags },
            });
        }
        Operation::RemoveTags { contact_id, body } => {
            let tags = check_tags(body.tags)?;
            return Ok(Operation::RemoveTags {
                contact_id,
                body: TagsBody { tags },
            });
        }
        Operation::CreateNote { ref body, .. } => check_new_note(body)?,
        Operation::UpsertContact { ref body } => check_contact(body)?,
        Operation::UpdateNote { ref body, .. } => check_note_changes(body)?,
        _ => {}
    }
    Ok(operation)
}

/// HighLevel requires a note's body; a blank one says nothing.
pub fn check_new_note(note: &NoteFields) -> Result<(), Error> {
    check_note_text(note.body.as_deref().unwrap_or_default())
}

/// A body, when the changes set one, must not be blank.
pub fn check_note_changes(changes: &NoteFields) -> Result<(), Error> {
    changes.body.as_deref().map_or(Ok(()), check_note_text)
}

fn check_note_text(body: &str) -> Result<(), Error> {
    if body.trim().is_empty() {
        return Err(invalid("A note needs some text."));
    }
    Ok(())
}

pub fn check_new_task(task: &NewTask) -> Result<(), Error> {
    check_title(Some(&task.title))
}

/// A title, when the changes set one, must not be blank.
pub fn check_task_changes(changes: &TaskChanges) -> Result<(), Error> {
    match changes.title {
        Some(_) => check_title(changes.title.as_deref()),
        None => Ok(()),
    }
}

fn check_title(title: Option<&str>) -> Result<(), Error> {
    match title.map(str::trim) {
        Some(title) if !title.is_empty() => Ok(()),
        _ => Err(invalid("A task needs a title.")),
    }
}

pub fn check_contact(fields: &ContactFields) -> Result<(), Error> {
    if let Some(email) = fields
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let (local, domain) = email.split_once('@').unwrap_or_default();
        if local.is_empty() || !domain.contains('.') || email.contains(char::is_whitespace) {
            return Err(invalid("The email address does not look right."));
        }
    }
    Ok(())
}

/// Trims tags and drops empty ones; at least one must remain.
pub fn check_tags(tags: Vec<String>) -> Result<Vec<String>, Error> {
    let tags: Vec<String> = tags
        .into_iter()
        .map(|tag| tag.trim().to_owned())
        .filter(|tag| !tag.is_empty())
        .collect();
    if tags.is_empty() {
        return Err(invalid("Type a tag to add."));
    }
    Ok(tags)
}

fn invalid(message: &str) -> Error {
    Error::Invalid {
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(error: Error) -> String {
        error.to_string()
    }

    #[test]
    fn a_task_needs_a_title_that_is_not_blank() {
        let task = |title: &str| NewTask {
            title: title.to_owned(),
            body: None,
            due_date: jiff::Timestamp::UNIX_EPOCH,
            completed: false,
            assigned_to: None,
        };
        assert!(check_new_task(&task("Call back")).is_ok());
        assert_eq!(
            message(check_new_task(&task("  ")).unwrap_err()),
            "A task needs a title."
        );
        assert!(check_task_changes(&TaskChanges::default()).is_ok());
        let blank = TaskChanges {
            title: Some(String::new()),
            ..TaskChanges::default()
        };
        assert!(check_task_changes(&blank).is_err());
    }

    #[test]
    fn an_email_needs_a_local_part_and_a_dotted_domain() {
        let with = |email: &str| ContactFields {
            email: Some(email.to_owned()),
            ..ContactFields::default()
        };
        assert!(check_contact(&with("ada@example.com")).is_ok());
        assert!(check_contact(&with("  ")).is_ok());
        for wrong in ["ada@example", "@example.com", "ada @example.com", "ada"] {
            assert_eq!(
                message(check_contact(&with(wrong)).unwrap_err()),
                "The email address does not look right.",
                "{wrong}"
            );
        }
    }

    #[test]
    fn tags_are_trimmed_and_at_least_one_remains() {
        let tags = |list: &[&str]| list.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        assert_eq!(check_tags(tags(&[" vip ", ""])).unwrap(), tags(&["vip"]));
        assert_eq!(
            message(check_tags(tags(&[" ", ""])).unwrap_err()),
            "Type a tag to add."
        );
    }

    #[test]
    fn a_note_needs_text_when_created_or_when_its_text_changes() {
        let with = |body: Option<&str>| NoteFields {
            body: body.map(str::to_owned),
            ..NoteFields::default()
        };
        assert!(check_new_note(&with(Some("Called"))).is_ok());
        for blank in [None, Some(" ")] {
            assert_eq!(
                message(check_new_note(&with(blank)).unwrap_err()),
                "A note needs some text."
            );
        }
        assert!(check_note_changes(&with(None)).is_ok());
        assert!(check_note_changes(&with(Some(""))).is_err());
    }

    #[test]
    fn tags_to_remove_are_trimmed_like_tags_to_add() {
        let operation = Operation::RemoveTags {
            contact_id: "c".into(),
            body: TagsBody {
                tags: vec![" vip ".into(), String::new()],
            },
        };
        assert_eq!(
            check_operation(operation).unwrap(),
            Operation::RemoveTags {
                contact_id: "c".into(),
                body: TagsBody {
                    tags: vec!["vip".into()]
                },
            }
        );
    }
}
