//! What every write command does around the sync engine's write: local validation
//! before anything is sent, and learning the profile's write access from the outcome.

use crate::desktop::state::AppState;
use crate::error::AppError;
use crate::highlevel::{Api, ContactFields};
use crate::session::{Session, SessionKind};
use crate::sync::SyncError;

/// The interactive handle for a write, once the session can authenticate.
pub fn api(session: &Session) -> Result<Api, AppError> {
    session.ensure_credentials()?;
    Ok(session.syncer().client().interactive())
}

/// Records what the write taught about the token's scopes, then hands back the result.
pub fn noted<T>(
    state: &AppState,
    session: &Session,
    result: Result<T, SyncError>,
) -> Result<T, AppError> {
    if session.info().kind == SessionKind::Profile {
        let outcome: Result<(), crate::highlevel::Error> = match &result {
            Ok(_) => Ok(()),
            Err(SyncError::Api(error)) => Err(error.clone()),
            Err(SyncError::Cache(_)) => Ok(()),
        };
        if let Err(error) = state
            .accounts
            .note_write_outcome(&session.info().id, &outcome)
        {
            tracing::warn!(%error, "write access could not be recorded");
        }
    }
    result.map_err(Into::into)
}

pub fn check_title(title: Option<&str>) -> Result<(), AppError> {
    match title.map(str::trim) {
        Some(title) if !title.is_empty() => Ok(()),
        _ => Err(invalid("A task needs a title.")),
    }
}

pub fn check_contact(fields: &ContactFields) -> Result<(), AppError> {
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
pub fn check_tags(tags: Vec<String>) -> Result<Vec<String>, AppError> {
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

fn invalid(message: &str) -> AppError {
    AppError::Validation {
        messages: vec![message.to_owned()],
    }
}
