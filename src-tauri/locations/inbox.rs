//! The task inbox across locations: each location's groups, merged in the groups' own
//! order and cut to the same limit, with the counts of them all.

use serde::Serialize;

use super::AllLocations;
use crate::cache::{CacheError, Inbox, InboxBounds, InboxFilter, InboxGroup, InboxTask};

/// A task in the inbox and the location its contact lives in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LocatedTask {
    pub profile_id: String,
    pub location: String,
    #[serde(flatten)]
    pub task: InboxTask,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LocatedSection {
    pub group: InboxGroup,
    /// The group's tasks in every location; `tasks` holds the first of them.
    pub total: u32,
    pub tasks: Vec<LocatedTask>,
}

/// Every group, in [`InboxGroup`] order (empty ones too).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LocatedInbox {
    pub sections: Vec<LocatedSection>,
}

impl AllLocations {
    /// Every group's first `limit` tasks across the locations and its count in all.
    pub fn task_inbox(
        &self,
        filter: &InboxFilter,
        limit: u32,
        bounds: InboxBounds,
    ) -> Result<LocatedInbox, CacheError> {
        let inboxes = self.each(|_, cache| cache.task_inbox(filter, limit, bounds))?;
        let sections = InboxGroup::ALL
            .into_iter()
            .map(|group| self.merged_section(&inboxes, group, limit))
            .collect();
        Ok(LocatedInbox { sections })
    }

    fn merged_section(&self, inboxes: &[Inbox], group: InboxGroup, limit: u32) -> LocatedSection {
        let mut total = 0;
        let mut tasks = Vec::new();
        for (location, inbox) in self.locations().zip(inboxes) {
            let Some(section) = inbox.sections.iter().find(|s| s.group == group) else {
                continue;
            };
            total += section.total;
            tasks.extend(section.tasks.iter().map(|task| LocatedTask {
                profile_id: location.profile_id.clone(),
                location: location.name.clone(),
                task: task.clone(),
            }));
        }
        tasks.sort_by(|a, b| group.order(&a.task.task, &b.task.task));
        tasks.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        LocatedSection {
            group,
            total,
            tasks,
        }
    }
}
