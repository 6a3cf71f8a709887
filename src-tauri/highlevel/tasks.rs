//! `/contacts/:contactId/tasks…`: a contact's tasks (a whole list, no paging) and task writes.

use jiff::Timestamp;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call, OfContact};
use super::decode::{self, Succeeded};
use super::{time, Error};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: String,
    pub title: Option<String>,
    pub body: Option<String>,
    pub assigned_to: Option<String>,
    #[serde(default, deserialize_with = "time::timestamp")]
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub due_date: Option<Timestamp>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = bool))]
    pub completed: bool,
    pub contact_id: Option<String>,
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

/// A task to create: HighLevel requires a title, a due date and the completed flag.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NewTask {
    pub title: String,
    pub body: Option<String>,
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub due_date: Timestamp,
    #[serde(default)]
    pub completed: bool,
    pub assigned_to: Option<String>,
}

/// The fields of a task to change; absent fields stay as they are.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TaskChanges {
    pub title: Option<String>,
    pub body: Option<String>,
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub due_date: Option<Timestamp>,
    pub completed: Option<bool>,
    pub assigned_to: Option<String>,
}

#[derive(Deserialize)]
struct TaskList {
    #[serde(default, deserialize_with = "decode::or_default")]
    tasks: Vec<Task>,
}

#[derive(Deserialize)]
struct TaskEnvelope {
    task: Task,
}

/// The body of `PUT …/tasks/:taskId/completed`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct Completed {
    pub completed: bool,
}

impl Api {
    pub fn tasks(&self, contact_id: &str) -> OfContact<Task> {
        self.of_contact(contact_id)
    }
}

impl OfContact<Task> {
    /// `GET /contacts/:contactId/tasks`
    pub async fn list(&self) -> Result<Vec<Task>, Error> {
        let call = Call::get("/contacts/:contactId/tasks", vec![&self.contact_id]);
        Ok(self.api.send::<TaskList>(call).await?.tasks)
    }

    /// `GET /contacts/:contactId/tasks/:taskId`
    pub async fn get(&self, task_id: &str) -> Result<Task, Error> {
        let call = Call::get(
            "/contacts/:contactId/tasks/:taskId",
            vec![&self.contact_id, task_id],
        );
        Ok(self.api.send::<TaskEnvelope>(call).await?.task)
    }

    /// `POST /contacts/:contactId/tasks` (never retried once sent).
    pub async fn create(&self, task: &NewTask) -> Result<Task, Error> {
        let call = Call::write(
            Method::POST,
            "/contacts/:contactId/tasks",
            vec![&self.contact_id],
        )
        .body(task)?;
        Ok(self.api.send::<TaskEnvelope>(call).await?.task)
    }

    /// `PUT /contacts/:contactId/tasks/:taskId`
    pub async fn update(&self, task_id: &str, changes: &TaskChanges) -> Result<Task, Error> {
        let template = "/contacts/:contactId/tasks/:taskId";
        let call =
            Call::write(Method::PUT, template, vec![&self.contact_id, task_id]).body(changes)?;
        Ok(self.api.send::<TaskEnvelope>(call).await?.task)
    }

    /// `PUT /contacts/:contactId/tasks/:taskId/completed`
    pub async fn set_completed(&self, task_id: &str, completed: bool) -> Result<Task, Error> {
        let template = "/contacts/:contactId/tasks/:taskId/completed";
        let call = Call::write(Method::PUT, template, vec![&self.contact_id, task_id])
            .body(&Completed { completed })?;
        Ok(self.api.send::<TaskEnvelope>(call).await?.task)
    }

    /// `DELETE /contacts/:contactId/tasks/:taskId`
    pub async fn delete(&self, task_id: &str) -> Result<(), Error> {
        let template = "/contacts/:contactId/tasks/:taskId";
        let call = Call::write(Method::DELETE, template, vec![&self.contact_id, task_id]);
        self.api
            .send::<Succeeded>(call)
            .await?
            .check("task deletion")
    }
}
