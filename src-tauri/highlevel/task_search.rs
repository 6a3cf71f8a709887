//! `POST /locations/:locationId/tasks/search`: the location's tasks across contacts,
//! filtered by contact, status and assignee, paged by `skip`/`limit`.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::client::{Api, Call};
use super::{decode, Error, Scope, Task};

/// The page size sync asks for (HighLevel's default is 25).
pub const TASK_SEARCH_PAGE: u32 = 100;

/// A task search; empty lists and absent fields are not sent.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TaskSearch {
    #[serde(rename = "contactId", default, skip_serializing_if = "Vec::is_empty")]
    pub contact_ids: Vec<String>,
    pub completed: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assigned_to: Vec<String>,
    pub query: Option<String>,
    pub limit: u32,
    #[serde(default)]
    pub skip: u32,
    pub business_id: Option<String>,
}

impl Default for TaskSearch {
    fn default() -> Self {
        Self {
            contact_ids: Vec::new(),
            completed: None,
            assigned_to: Vec::new(),
            query: None,
            limit: TASK_SEARCH_PAGE,
            skip: 0,
            business_id: None,
        }
    }
}

#[derive(Deserialize)]
struct TaskList {
    #[serde(default, deserialize_with = "decode::records")]
    tasks: Vec<Task>,
}

/// The location's tasks, whoever's they are.
pub struct LocationTasks {
    api: Api,
}

impl Api {
    pub fn location_tasks(&self) -> LocationTasks {
        LocationTasks { api: self.clone() }
    }
}

impl LocationTasks {
    /// `POST /locations/:locationId/tasks/search` (a read: retried like a GET).
    pub async fn search(&self, search: &TaskSearch) -> Result<Vec<Task>, Error> {
        let call = Call::new(
            Method::POST,
            "/locations/:locationId/tasks/search",
            vec![self.api.location_id()],
            Scope::LocationsTasksReadonly,
        )
        .body(search)?;
        Ok(self.api.send::<TaskList>(call).await?.tasks)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_body_sends_only_what_is_set() {
        let search = TaskSearch {
            contact_ids: vec!["c1".into(), "c2".into()],
            completed: Some(false),
            ..TaskSearch::default()
        };
        assert_eq!(
            serde_json::to_value(&search).unwrap(),
            json!({"contactId": ["c1", "c2"], "completed": false, "limit": 100, "skip": 0})
        );
    }

    #[test]
    fn live_tasks_decode_with_their_underscore_ids_and_extras() {
        let list: TaskList = serde_json::from_value(json!({"tasks": [{
            "_id": "t1",
            "title": "Call",
            "dueDate": "2026-11-30T09:00:00.000Z",
            "completed": null,
            "contactId": "c1",
            "contactDetails": {"firstName": "Ada"},
            "assignedToUserDetails": null,
        }, {"id": "t2"}]}))
        .unwrap();
        let first = &list.tasks[0];
        assert_eq!((first.id.as_str(), first.completed), ("t1", false));
        assert_eq!(first.contact_id.as_deref(), Some("c1"));
        assert!(first.extra.contains_key("contactDetails"));
        assert_eq!(list.tasks[1].id, "t2");
    }
}
