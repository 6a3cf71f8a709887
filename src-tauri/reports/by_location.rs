//! Location × business roll-ups: every location's businesses and totals as its own
//! roll-up has them (read from the figures each write keeps when there is no filter),
//! side by side on a few threads, with the totals of them all; and their CSV, one row
//! per location and business.

use std::collections::BTreeSet;
use std::io::Write;

use jiff::Timestamp;
use serde::Serialize;

use super::csv_export::{neutralise, rollup_cells, write_csv, ROLLUP_HEADER};
use super::{location_rollup, totals, BusinessRollup, CsvOptions, ReportError, ReportFilter};
use crate::locations::{AllLocations, Location};

/// One location's businesses and its totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LocationRollup {
    pub location: Location,
    /// Businesses by contacts, largest first; "No business" last when there are any.
    pub rows: Vec<BusinessRollup>,
    pub totals: BusinessRollup,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RollupByLocation {
    pub filter: ReportFilter,
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub generated_at: Timestamp,
    pub locations: Vec<LocationRollup>,
    /// Every location together. Its top tags are left empty: each location counts only
    /// its own three most common, which do not add up to the agency's.
    pub totals: BusinessRollup,
}

/// The roll-up of every business of every location for `filter`, as of `now`.
pub fn rollup_by_location(
    all: &AllLocations,
    filter: &ReportFilter,
    now: Timestamp,
) -> Result<RollupByLocation, ReportError> {
    let rollups = all.each(|_, cache| location_rollup(cache, filter, now))?;
    let locations: Vec<LocationRollup> = all
        .locations()
        .zip(rollups)
        .map(|(location, (rows, totals))| LocationRollup {
            location: location.clone(),
            rows,
            totals,
        })
        .collect();
    let location_totals: Vec<BusinessRollup> = locations.iter().map(|l| l.totals.clone()).collect();
    let mut all_totals = totals(&location_totals, Vec::new());
    all_totals.name = "All locations".to_owned();
    let owner_names: BTreeSet<&String> = location_totals
        .iter()
        .flat_map(|totals| &totals.owner_names)
        .collect();
    all_totals.owner_names = owner_names.into_iter().cloned().collect();
    Ok(RollupByLocation {
        filter: filter.clone(),
        generated_at: now,
        locations,
        totals: all_totals,
    })
}

/// One row per location and business, then each location's totals, then the totals of
/// every location; the location's name first.
pub fn write_by_location_csv(
    rollup: &RollupByLocation,
    out: impl Write,
    options: CsvOptions,
) -> Result<(), ReportError> {
    let header: Vec<&str> = std::iter::once("Location").chain(ROLLUP_HEADER).collect();
    let located = rollup.locations.iter().flat_map(|location| {
        location
            .rows
            .iter()
            .chain(std::iter::once(&location.totals))
            .map(move |row| (location.location.name.as_str(), row))
    });
    let records = located
        .chain(std::iter::once(("All locations", &rollup.totals)))
        .map(|(location, row)| {
            let mut cells = vec![neutralise(location)];
            cells.extend(rollup_cells(row, options));
            cells
        });
    write_csv(
        out,
        options,
        (&header, ["Business ID", "Owner IDs"]),
        records,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Cache;
    use crate::highlevel::Contact;
    use crate::locations::LocationCache;

    /// Two locations: `=North` with two contacts of business b1, South with one of b1
    /// (the same id in another location is another business) and one without.
    fn two_locations(dir: &std::path::Path) -> AllLocations {
        let people: [&[(&str, Option<&str>)]; 2] = [
            &[("n1", Some("b1")), ("n2", Some("b1"))],
            &[("s1", Some("b1")), ("s2", None)],
        ];
        let sources = ["=North", "South"]
            .iter()
            .zip(people)
            .map(|(name, people)| {
                let cache_path = dir.join(name).join("cache.sqlite");
                let contacts: Vec<Contact> = people
                    .iter()
                    .map(|(id, business)| {
                        serde_json::from_value(serde_json::json!({
                            "id": id, "firstName": id, "businessId": business,
                            "companyName": "Acme", "assignedTo": format!("owner-{name}"),
                        }))
                        .unwrap()
                    })
                    .collect();
                let cache = Cache::open(&cache_path).unwrap();
                cache
                    .upsert_contacts(&contacts, None, Timestamp::now())
                    .unwrap();
                cache.refresh_businesses().unwrap();
                LocationCache {
                    location: Location {
                        profile_id: name.to_lowercase(),
                        name: (*name).to_owned(),
                        location_id: format!("loc-{name}"),
                    },
                    cache_path,
                }
            })
            .collect();
        AllLocations::open(sources).unwrap()
    }

    #[test]
    fn each_location_keeps_its_businesses_and_the_totals_add_them_up() {
        let dir = tempfile::tempdir().unwrap();
        let all = two_locations(dir.path());
        let report = rollup_by_location(&all, &ReportFilter::default(), Timestamp::now()).unwrap();
        type Businesses<'a> = Vec<(Option<&'a str>, u32)>;
        let shape: Vec<(&str, Businesses)> = report
            .locations
            .iter()
            .map(|l| {
                let rows = l
                    .rows
                    .iter()
                    .map(|row| (row.business_id.as_deref(), row.contacts))
                    .collect();
                (l.location.name.as_str(), rows)
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("=North", vec![(Some("b1"), 2)]),
                ("South", vec![(Some("b1"), 1), (None, 1)])
            ]
        );
        assert_eq!((report.totals.contacts, report.totals.owners.len()), (4, 2));
    }

    #[test]
    fn the_csv_names_each_rows_location_and_neutralises_a_formula_name() {
        let dir = tempfile::tempdir().unwrap();
        let all = two_locations(dir.path());
        let report = rollup_by_location(&all, &ReportFilter::default(), Timestamp::now()).unwrap();
        let mut out = Vec::new();
        write_by_location_csv(&report, &mut out, CsvOptions::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let firsts: Vec<String> = text
            .lines()
            .map(|line| line.split(',').take(3).collect::<Vec<_>>().join(","))
            .collect();
        assert_eq!(
            firsts,
            [
                "Location,Business,Contacts",
                "'=North,Acme,2",
                "'=North,All businesses,2",
                "South,Acme,1",
                "South,No business,1",
                "South,All businesses,2",
                "All locations,All locations,4",
            ]
        );
    }
}
