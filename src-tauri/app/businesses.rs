//! Opening a business: its contacts from HighLevel when it can answer (stored as they
//! arrive), from the cache otherwise.

use jiff::Timestamp;
use serde::Serialize;

use super::{blocking, AppState};
use crate::cache::ContactRow;
use crate::error::AppError;
use crate::highlevel::{BusinessQuery, Contact};
use crate::sync::Syncer;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BusinessView {
    pub id: String,
    pub name: String,
    /// With their open and overdue task counts.
    pub contacts: Vec<ContactRow>,
    /// True when the list came from HighLevel just now; false when it is the cache's.
    pub live: bool,
    /// Why the list is the cache's, when it is.
    pub offline_reason: Option<String>,
}

/// Page size for a business's contacts (HighLevel's ceiling).
const PAGE: u32 = crate::highlevel::MAX_PAGE_SIZE;

impl AppState {
    /// A business's contacts: from HighLevel when online (stored as they arrive), the
    /// cache otherwise. Task counts always come from the cache.
    pub async fn open_business(&self, business_id: String) -> Result<BusinessView, AppError> {
        let session = self.session().await?;
        let syncer = session.syncer().clone();
        syncer.focus_business(Some(business_id.clone()));
        let fetched = match session.ensure_credentials() {
            Ok(()) if syncer.connectivity().is_online() => fetch_all(&syncer, &business_id).await,
            Ok(()) => Err(AppError::Offline {
                reason: syncer.connectivity().current().reason.unwrap_or_default(),
            }),
            Err(problem) => Err(problem),
        };
        let (live, offline_reason) = match fetched {
            Ok(contacts) => {
                let cache = syncer.cache().clone();
                blocking(move || {
                    cache.upsert_contacts(&contacts, None, Timestamp::now())?;
                    cache.refresh_businesses()
                })
                .await?;
                (true, None)
            }
            Err(error) => (false, Some(error.to_string())),
        };
        let cache = syncer.cache().clone();
        let id = business_id.clone();
        let (business, contacts) = blocking(move || {
            let now = Timestamp::now();
            Ok::<_, AppError>((cache.business(&id)?, cache.business_contacts(&id, now)?))
        })
        .await?;
        Ok(BusinessView {
            name: business.map_or_else(|| business_id.clone(), |b| b.name),
            id: business_id,
            contacts,
            live,
            offline_reason,
        })
    }
}

async fn fetch_all(syncer: &Syncer, business_id: &str) -> Result<Vec<Contact>, AppError> {
    let api = syncer.client().interactive();
    let contacts = api.contacts();
    let mut all = Vec::new();
    loop {
        let query = BusinessQuery {
            skip: u32::try_from(all.len()).unwrap_or(u32::MAX),
            limit: PAGE,
            query: None,
        };
        let page = contacts.by_business(business_id, &query).await;
        syncer.connectivity().report(&page);
        let page = page?;
        let received = page.contacts.len();
        all.extend(page.contacts);
        let total = page.count.map_or(usize::MAX, |count| count as usize);
        if received < PAGE as usize || all.len() >= total {
            return Ok(all);
        }
    }
}
