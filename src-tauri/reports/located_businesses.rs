//! The business list across locations: each location's businesses with its figures,
//! named by the location they belong to (a business id means something in one location).

use jiff::Timestamp;
use serde::Serialize;

use super::{businesses, BusinessRow, ReportError};
use crate::locations::AllLocations;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LocatedBusiness {
    pub profile_id: String,
    pub location: String,
    #[serde(flatten)]
    pub business: BusinessRow,
}

/// Every location's businesses (those whose name or id holds `search`), largest first,
/// then by name and location.
pub fn businesses_by_location(
    all: &AllLocations,
    search: Option<&str>,
    now: Timestamp,
) -> Result<Vec<LocatedBusiness>, ReportError> {
    let lists = all.each(|_, cache| businesses(cache, search, now))?;
    let mut located: Vec<LocatedBusiness> = all
        .locations()
        .zip(lists)
        .flat_map(|(location, list)| {
            list.into_iter().map(|business| LocatedBusiness {
                profile_id: location.profile_id.clone(),
                location: location.name.clone(),
                business,
            })
        })
        .collect();
    located.sort_by(|a, b| {
        (b.business.contacts, &a.business.name, &a.location).cmp(&(
            a.business.contacts,
            &b.business.name,
            &b.location,
        ))
    });
    Ok(located)
}
