//! What a report cannot answer from the cache alone: fetching the details it is missing.

use jiff::Timestamp;

use super::{blocking, AppState};
use crate::error::AppError;
use crate::reports::{self, ReportFilter};

impl AppState {
    /// Fetches tasks, notes and appointments for the report's contacts that have none yet
    /// (of `business_ids`, or all) in the background; answers how many it set out to fetch.
    pub async fn fetch_missing_details(
        &self,
        filter: ReportFilter,
        business_ids: Option<Vec<String>>,
    ) -> Result<u32, AppError> {
        let session = self.session().await?;
        session.ensure_credentials()?;
        let cache = session.syncer().cache().clone();
        let ids = blocking(move || {
            reports::missing_details(&cache, &filter, business_ids.as_deref(), Timestamp::now())
        })
        .await?;
        let count = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let syncer = session.syncer().clone();
        tokio::spawn(async move {
            if let Err(error) = syncer.run_details(ids).await {
                tracing::warn!(%error, "fetching missing details failed");
            }
        });
        Ok(count)
    }
}
