//! The names the UI shows for ids (owners, custom fields, businesses), and which lists the
//! token could not read.

use serde::Serialize;

use super::{blocking, AppState};
use crate::cache::Names;
use crate::error::AppError;
use crate::sync::NameHint;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NamesView {
    pub names: Names,
    /// Lists the token may not read: their ids stay ids, and the UI names the scope.
    pub hints: Vec<NameHint>,
}

impl AppState {
    pub async fn names(&self) -> Result<NamesView, AppError> {
        let syncer = self.session().await?.syncer().clone();
        blocking(move || {
            Ok::<_, AppError>(NamesView {
                names: syncer.cache().names()?,
                hints: syncer.name_hints()?,
            })
        })
        .await
    }
}
