//! A contact's tasks: the whole list (no paging), one task, and their writes.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::{envelope, succeeded};
use crate::locks::lock;
use crate::sandbox::body::JsonObject;
use crate::sandbox::dates;
use crate::sandbox::error::ApiError;
use crate::sandbox::input::TaskFields;
use crate::sandbox::state::Shared;

/// `GET /contacts/:contactId/tasks`
pub(super) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
) -> Result<Response, ApiError> {
    let store = lock(&shared.store);
    Ok(envelope(StatusCode::OK, "tasks", store.tasks(&contact_id)?))
}

/// `GET /contacts/:contactId/tasks/:taskId`
pub(super) async fn show(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, task_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let store = lock(&shared.store);
    Ok(envelope(
        StatusCode::OK,
        "task",
        store.task(&contact_id, &task_id)?,
    ))
}

/// `POST /contacts/:contactId/tasks`: 201.
pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    Path(contact_id): Path<String>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let fields = TaskFields::for_create(&body)?;
    lock(&shared.stats).count_write(
        "POST /contacts/:contactId/tasks",
        std::slice::from_ref(&contact_id),
    );
    let mut store = lock(&shared.store);
    let task = store.create_task(&contact_id, fields, dates::now_ms())?;
    Ok(envelope(StatusCode::CREATED, "task", task))
}

/// `PUT /contacts/:contactId/tasks/:taskId`
pub(super) async fn update(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, task_id)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let fields = TaskFields::for_update(&body)?;
    write(&shared, &contact_id, &task_id, fields)
}

/// `PUT /contacts/:contactId/tasks/:taskId/completed`
pub(super) async fn complete(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, task_id)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let fields = TaskFields::for_completion(&body)?;
    write(&shared, &contact_id, &task_id, fields)
}

/// `DELETE /contacts/:contactId/tasks/:taskId`
pub(super) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((contact_id, task_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    lock(&shared.store).delete_task(&contact_id, &task_id)?;
    Ok(succeeded())
}

fn write(
    shared: &Shared,
    contact_id: &str,
    task_id: &str,
    fields: TaskFields,
) -> Result<Response, ApiError> {
    let mut store = lock(&shared.store);
    let task = store.update_task(contact_id, task_id, fields)?;
    Ok(envelope(StatusCode::OK, "task", task))
}
