//! One record per logical request (all its attempts), for the log and the activity view.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::budget::{Headroom, Lane};
use super::error::ErrorClass;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    /// When the request started (RFC 3339).
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub at: jiff::Timestamp,
    pub method: String,
    /// The route with placeholders (`/contacts/:contactId/tasks`), never a filled-in URL.
    pub path: String,
    /// The placeholders' values, in order (contact and task ids are not secret).
    pub ids: Vec<PathId>,
    pub lane: Lane,
    /// The last attempt's HTTP status; `None` when no response came back.
    pub status: Option<u16>,
    pub duration_ms: u32,
    pub attempts: u32,
    pub trace_id: Option<String>,
    pub error: Option<ErrorClass>,
    /// A secret-free description of the failure.
    pub error_message: Option<String>,
    pub headroom: Option<Headroom>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct PathId {
    pub name: String,
    pub value: String,
}

/// Receives every record, e.g. the cache's request log.
pub trait RecordSink: Send + Sync {
    fn record(&self, record: &RequestRecord);
}

impl<F: Fn(&RequestRecord) + Send + Sync> RecordSink for F {
    fn record(&self, record: &RequestRecord) {
        self(record)
    }
}

pub(crate) fn log(record: &RequestRecord, sink: Option<&Arc<dyn RecordSink>>) {
    let ids = record
        .ids
        .iter()
        .map(|id| format!("{}={}", id.name, id.value))
        .collect::<Vec<_>>()
        .join(",");
    tracing::info!(
        target: "highlevel",
        method = %record.method,
        path = %record.path,
        ids = %ids,
        lane = ?record.lane,
        status = record.status,
        duration_ms = record.duration_ms,
        attempts = record.attempts,
        trace_id = record.trace_id.as_deref(),
        error = record.error.map(|class| format!("{class:?}")),
        remaining = record.headroom.map(|h| h.remaining),
        daily_remaining = record.headroom.and_then(|h| h.daily_remaining),
        "request"
    );
    if let Some(sink) = sink {
        sink.record(record);
    }
}
