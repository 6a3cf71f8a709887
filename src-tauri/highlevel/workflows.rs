//! `/contacts/:contactId/workflow/:workflowId`: a contact added to or removed from a
//! workflow. HighLevel answers `{succeded: true}` and nothing else.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::client::{Api, Call, OfContact};
use super::decode::Succeeded;
use super::Error;

/// `CreateWorkflowDto`, the body of both: when the workflow's events start for the contact
/// (ISO 8601 with an offset), now when absent.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WorkflowStart {
    pub event_start_time: Option<String>,
}

/// A workflow's membership; the Contacts API never lists workflows, it only enrolls.
pub struct Workflow;

impl Api {
    pub fn workflows(&self, contact_id: &str) -> OfContact<Workflow> {
        self.of_contact(contact_id)
    }
}

impl OfContact<Workflow> {
    /// `POST /contacts/:contactId/workflow/:workflowId`. Never retried.
    pub async fn add(&self, workflow_id: &str, start: &WorkflowStart) -> Result<(), Error> {
        self.change(Method::POST, workflow_id, start, "workflow enrollment")
            .await
    }

    /// `DELETE /contacts/:contactId/workflow/:workflowId` (a DELETE with a body)
    pub async fn remove(&self, workflow_id: &str, start: &WorkflowStart) -> Result<(), Error> {
        self.change(Method::DELETE, workflow_id, start, "workflow removal")
            .await
    }

    async fn change(
        &self,
        method: Method,
        workflow_id: &str,
        start: &WorkflowStart,
        what: &str,
    ) -> Result<(), Error> {
        let template = "/contacts/:contactId/workflow/:workflowId";
        let call =
            Call::write(method, template, vec![&self.contact_id, workflow_id]).body(start)?;
        self.api.send::<Succeeded>(call).await?.check(what)
    }
}
