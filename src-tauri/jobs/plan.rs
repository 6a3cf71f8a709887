//! From a bulk action on selected contacts to a job's writes, and the preview of what it
//! would change. Contacts the action would leave as they are (they already have the tag,
//! say) are previewed as unchanged and sent nothing.

use serde::{Deserialize, Serialize};

use super::{JobKind, NewJob, Write};
use crate::cache::ContactRow;
use crate::highlevel::{NewTask, TagChange};

/// Contacts per bulk request. The spec sets no maximum for either bulk endpoint; 100 is
/// the largest page the Contacts API documents (`limit` ≤ 100), so a batch is never
/// larger than what HighLevel is known to take in one request.
pub const BATCH: usize = 100;

/// What the user asked to do to the selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(tag = "action", rename_all_fields = "camelCase")]
pub enum BulkAction {
    AddTags {
        tags: Vec<String>,
    },
    RemoveTags {
        tags: Vec<String>,
    },
    /// No business takes the contacts out of theirs.
    SetBusiness {
        business_id: Option<String>,
    },
    AddTask {
        task: NewTask,
    },
    Delete,
}

/// What an action would do, before it runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub selected: u32,
    /// Contacts the action changes.
    pub changing: u32,
    /// Contacts already as the action would leave them: nothing is sent for them.
    pub unchanged: u32,
    /// HighLevel requests the job will send.
    pub requests: u32,
    /// The first contacts that change, before and after.
    pub sample: Vec<PreviewRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    pub contact_id: String,
    pub name: String,
    pub before: String,
    pub after: String,
}

/// How many changing contacts the preview shows.
const SAMPLE: usize = 10;

impl BulkAction {
    fn kind(&self) -> JobKind {
        match self {
            BulkAction::AddTags { .. } => JobKind::AddTags,
            BulkAction::RemoveTags { .. } => JobKind::RemoveTags,
            BulkAction::SetBusiness { .. } => JobKind::SetBusiness,
            BulkAction::AddTask { .. } => JobKind::AddTask,
            BulkAction::Delete => JobKind::DeleteContacts,
        }
    }

    fn title(&self) -> String {
        match self {
            BulkAction::AddTags { tags } => format!("Add tags: {}", tags.join(", ")),
            BulkAction::RemoveTags { tags } => format!("Remove tags: {}", tags.join(", ")),
            BulkAction::SetBusiness {
                business_id: Some(id),
            } => format!("Set business {id}"),
            BulkAction::SetBusiness { business_id: None } => "Clear business".to_owned(),
            BulkAction::AddTask { task } => format!("Add task: {}", task.title),
            BulkAction::Delete => "Delete contacts".to_owned(),
        }
    }

    /// Whether the action would change this contact.
    fn changes(&self, row: &ContactRow) -> bool {
        match self {
            BulkAction::AddTags { tags } => !tags.iter().all(|tag| has_tag(row, tag)),
            BulkAction::RemoveTags { tags } => tags.iter().any(|tag| has_tag(row, tag)),
            BulkAction::SetBusiness { business_id } => row.business_id != *business_id,
            BulkAction::AddTask { .. } | BulkAction::Delete => true,
        }
    }

    /// The contact as it is and as the action would leave it, in words.
    fn before_after(&self, row: &ContactRow) -> (String, String) {
        match self {
            BulkAction::AddTags { tags } => {
                let mut after = row.tags.clone();
                after.extend(tags.iter().filter(|tag| !has_tag(row, tag)).cloned());
                (row.tags.join(", "), after.join(", "))
            }
            BulkAction::RemoveTags { tags } => {
                let after: Vec<&str> = row
                    .tags
                    .iter()
                    .filter(|tag| !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)))
                    .map(String::as_str)
                    .collect();
                (row.tags.join(", "), after.join(", "))
            }
            BulkAction::SetBusiness { business_id } => (
                row.business_id.clone().unwrap_or_default(),
                business_id.clone().unwrap_or_default(),
            ),
            BulkAction::AddTask { task } => (
                format!("{} open tasks", row.open_tasks),
                format!("{} open tasks, with “{}”", row.open_tasks + 1, task.title),
            ),
            BulkAction::Delete => (row.name.clone(), "deleted".to_owned()),
        }
    }

    /// The writes for `contacts` (those that change), in order.
    fn writes(&self, contacts: Vec<String>) -> Vec<Write> {
        match self {
            BulkAction::AddTags { tags } => tag_batches(TagChange::Add, tags, contacts),
            BulkAction::RemoveTags { tags } => tag_batches(TagChange::Remove, tags, contacts),
            BulkAction::SetBusiness { business_id } => business_batches(business_id, contacts),
            BulkAction::AddTask { task } => contacts
                .into_iter()
                .map(|contact_id| Write::CreateTask {
                    contact_id,
                    task: task.clone(),
                })
                .collect(),
            BulkAction::Delete => contacts
                .into_iter()
                .map(|contact_id| Write::DeleteContact { contact_id })
                .collect(),
        }
    }
}

/// HighLevel keeps tags lower-case; the cache may hold them as typed.
fn has_tag(row: &ContactRow, tag: &str) -> bool {
    row.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
}

pub(super) fn tag_batches(change: TagChange, tags: &[String], contacts: Vec<String>) -> Vec<Write> {
    contacts
        .chunks(BATCH)
        .map(|batch| Write::Tags {
            change,
            contacts: batch.to_vec(),
            tags: tags.to_vec(),
        })
        .collect()
}

pub(super) fn business_batches(business_id: &Option<String>, contacts: Vec<String>) -> Vec<Write> {
    contacts
        .chunks(BATCH)
        .map(|batch| Write::Business {
            contacts: batch.to_vec(),
            business_id: business_id.clone(),
        })
        .collect()
}

/// What `action` would do to `rows` (the selected contacts as the cache has them).
pub fn preview(action: &BulkAction, rows: &[ContactRow]) -> Preview {
    let changing: Vec<&ContactRow> = rows.iter().filter(|row| action.changes(row)).collect();
    let ids = changing.iter().map(|row| row.id.clone()).collect();
    Preview {
        selected: count(rows.len()),
        changing: count(changing.len()),
        unchanged: count(rows.len() - changing.len()),
        requests: count(action.writes(ids).len()),
        sample: changing
            .iter()
            .take(SAMPLE)
            .map(|row| {
                let (before, after) = action.before_after(row);
                PreviewRow {
                    contact_id: row.id.clone(),
                    name: row.name.clone(),
                    before,
                    after,
                }
            })
            .collect(),
    }
}

/// The job that carries `action` out on the `rows` it changes.
pub fn plan_job(action: &BulkAction, rows: &[ContactRow]) -> NewJob {
    let contacts = rows
        .iter()
        .filter(|row| action.changes(row))
        .map(|row| row.id.clone())
        .collect();
    NewJob {
        kind: action.kind(),
        title: action.title(),
        writes: action.writes(contacts),
        undo_of: None,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, tags: &[&str], business: Option<&str>) -> ContactRow {
        ContactRow {
            id: id.into(),
            name: format!("Contact {id}"),
            email: None,
            phone: None,
            company_name: None,
            business_id: business.map(Into::into),
            assigned_to: None,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            date_added: None,
            open_tasks: 0,
            completed_tasks: 0,
            notes: 0,
            next_due: None,
            overdue: false,
            details_synced: false,
            watched: false,
        }
    }

    fn rows(n: usize, tags: &[&str]) -> Vec<ContactRow> {
        (0..n).map(|i| row(&format!("c{i}"), tags, None)).collect()
    }

    #[test]
    fn contacts_that_already_have_the_tag_are_previewed_unchanged_and_not_sent() {
        let mut selected = rows(150, &[]);
        selected.extend(rows(37, &["VIP"]).into_iter().map(|mut r| {
            r.id.push('x');
            r
        }));
        let action = BulkAction::AddTags {
            tags: vec!["vip".into()],
        };
        let preview = preview(&action, &selected);
        assert_eq!(
            (preview.selected, preview.changing, preview.unchanged),
            (187, 150, 37)
        );
        assert_eq!(preview.requests, 2, "150 contacts in batches of {BATCH}");
        assert_eq!(preview.sample.len(), SAMPLE);
        assert_eq!(preview.sample[0].after, "vip");
        let job = plan_job(&action, &selected);
        let sent: Vec<String> = job.writes.iter().flat_map(Write::contacts).collect();
        assert_eq!(sent.len(), 150);
        assert!(sent.iter().all(|id| !id.ends_with('x')));
    }

    #[test]
    fn removing_a_tag_changes_only_contacts_that_have_it() {
        let selected = vec![row("a", &["vip", "new"], None), row("b", &["new"], None)];
        let action = BulkAction::RemoveTags {
            tags: vec!["vip".into()],
        };
        let preview = preview(&action, &selected);
        assert_eq!((preview.changing, preview.unchanged), (1, 1));
        assert_eq!(preview.sample[0].before, "vip, new");
        assert_eq!(preview.sample[0].after, "new");
    }

    #[test]
    fn business_moves_skip_contacts_already_there() {
        let selected = vec![row("a", &[], Some("b1")), row("b", &[], None)];
        let set = BulkAction::SetBusiness {
            business_id: Some("b1".into()),
        };
        assert_eq!(preview(&set, &selected).changing, 1);
        let clear = BulkAction::SetBusiness { business_id: None };
        let job = plan_job(&clear, &selected);
        assert_eq!(
            job.writes,
            vec![Write::Business {
                contacts: vec!["a".into()],
                business_id: None
            }]
        );
    }

    #[test]
    fn tasks_and_deletes_are_one_write_per_contact() {
        let selected = rows(3, &[]);
        let job = plan_job(&BulkAction::Delete, &selected);
        assert_eq!(job.kind, JobKind::DeleteContacts);
        assert_eq!(job.writes.len(), 3);
        assert_eq!(preview(&BulkAction::Delete, &selected).requests, 3);
    }
}
