//! Per-business roll-ups from the cache, and their CSV exports. Works offline: nothing
//! here talks to HighLevel (fetching what a report is missing is the sync engine's job).

mod by_location;
mod csv_export;
mod figures;
mod located_businesses;

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

pub use by_location::{
    rollup_by_location, write_by_location_csv, LocationRollup, RollupByLocation,
};
pub use csv_export::{neutralise, write_business_csv, write_rollup_csv, CsvOptions};
pub use located_businesses::{businesses_by_location, LocatedBusiness};

use crate::cache::{self, Cache, CacheError, ContactRow, Names};
use figures::ReportScope;

/// Applies to every figure of a report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct ReportFilter {
    /// First day of the period (`YYYY-MM-DD`, UTC), inclusive.
    pub from: Option<String>,
    /// Last day of the period (`YYYY-MM-DD`, UTC), inclusive.
    pub to: Option<String>,
    pub tag: Option<String>,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TagCount {
    pub tag: String,
    pub contacts: u32,
}

/// One business's figures (or the contacts without one, or the totals).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BusinessRollup {
    /// `None` for "No business" and for the totals row.
    pub business_id: Option<String>,
    pub name: String,
    /// Contacts added by the end of the period.
    pub contacts: u32,
    pub with_email: u32,
    pub with_phone: u32,
    /// Contacts added within the period.
    pub new_contacts: u32,
    /// Tasks due within the period (all tasks without a period), open or completed as of
    /// the report's instant.
    pub open_tasks: u32,
    pub completed_tasks: u32,
    /// Of the open tasks, those overdue at the report's instant.
    pub overdue_tasks: u32,
    /// Notes written within the period.
    pub notes: u32,
    /// Appointments within the period, from now on / before now.
    pub upcoming_appointments: u32,
    pub past_appointments: u32,
    #[cfg_attr(feature = "desktop", specta(type = Option<String>))]
    pub last_activity: Option<Timestamp>,
    /// Owners (HighLevel user ids) of the contacts.
    pub owners: Vec<String>,
    /// The names of those owners the location's user list names, by name.
    pub owner_names: Vec<String>,
    pub top_tags: Vec<TagCount>,
    /// Contacts whose tasks, notes and appointments were never fetched: their zeros are unknown.
    pub unsynced_contacts: u32,
}

/// A business in the business list, its tasks counted as the report counts them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BusinessRow {
    pub id: String,
    pub name: String,
    pub contacts: u32,
    pub open_tasks: u32,
    /// Tasks overdue now.
    pub overdue_tasks: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactRef {
    pub id: String,
    pub name: String,
}

/// How much of the report rests on fetched details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Completeness {
    pub contacts: u32,
    pub unsynced: u32,
    /// The first of them by name, so the report can say who is missing.
    pub unsynced_examples: Vec<ContactRef>,
    /// Contacts whose notes were never read: the note counts leave them out.
    pub notes_unread: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// `YYYY-MM-DD`
    pub date: String,
    pub overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Rollup {
    pub filter: ReportFilter,
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub generated_at: Timestamp,
    /// The instant the task figures hold at: the period's end, or now if sooner. A task is
    /// overdue then when it fell due before it and was not completed by it.
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub as_of: Timestamp,
    /// Businesses by contacts, largest first; "No business" last when there are any.
    pub rows: Vec<BusinessRollup>,
    pub totals: BusinessRollup,
    pub completeness: Completeness,
    /// Overdue tasks at the end of each day of the period (the last 30 days without one),
    /// the last day's at `as_of`: its last point is `totals.overdue_tasks`.
    pub overdue_trend: Vec<TrendPoint>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0} is not a date (expected YYYY-MM-DD)")]
    BadDate(String),
    #[error("the period ends before it starts")]
    BackwardsPeriod,
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("the CSV file could not be written: {0}")]
    Csv(#[from] csv::Error),
    #[error("the CSV file could not be written: {0}")]
    Io(#[from] std::io::Error),
}

pub const NO_BUSINESS: &str = "No business";
/// How many of a business's most common tags a roll-up names.
const TOP_TAGS: usize = 3;
const EXAMPLES: u32 = 25;
const DEFAULT_TREND_DAYS: i64 = 30;
/// Longer periods are sampled so the chart keeps one point per column.
const MAX_TREND_POINTS: i64 = 120;

/// The roll-up of every business for `filter`, as of `now`.
pub fn rollup(cache: &Cache, filter: &ReportFilter, now: Timestamp) -> Result<Rollup, ReportError> {
    let scope = scope(filter, now)?;
    let days = trend_days(&scope, now);
    let ends: Vec<i64> = days.iter().map(|(_, end)| *end).collect();
    let data = figures::report_data(cache, &scope, &ends, EXAMPLES, TOP_TAGS)?;
    let (rows, totals) = rows_and_totals(cache, data.groups, data.top_tags)?;
    let unsynced_examples = data
        .unsynced
        .into_iter()
        .map(|contact| ContactRef {
            id: contact.id,
            name: contact.name,
        })
        .collect();
    let completeness = Completeness {
        contacts: totals.contacts,
        unsynced: totals.unsynced_contacts,
        unsynced_examples,
        notes_unread: data.notes_unread,
    };
    // `now` itself unless the period ended before it, so the two compare equal.
    let as_of = scope
        .to_ms
        .and_then(|to| Timestamp::from_millisecond(to).ok())
        .filter(|end| *end < now)
        .unwrap_or(now);
    let overdue_trend = days
        .into_iter()
        .zip(data.overdue_trend)
        .map(|((date, _), overdue)| TrendPoint { date, overdue })
        .collect();
    Ok(Rollup {
        filter: filter.clone(),
        generated_at: now,
        as_of,
        rows,
        totals,
        completeness,
        overdue_trend,
    })
}

/// The groups as a report's rows (businesses by contacts, largest first; "No business"
/// last), and their totals, owners named.
fn rows_and_totals(
    cache: &Cache,
    mut rows: Vec<BusinessRollup>,
    top_tags: Vec<TagCount>,
) -> Result<(Vec<BusinessRollup>, BusinessRollup), ReportError> {
    rows.sort_by(|a, b| {
        (
            a.business_id.is_none(),
            std::cmp::Reverse(a.contacts),
            &a.name,
        )
            .cmp(&(
                b.business_id.is_none(),
                std::cmp::Reverse(b.contacts),
                &b.name,
            ))
    });
    let mut totals = totals(&rows, top_tags);
    let names = cache.names()?;
    for row in rows.iter_mut().chain(std::iter::once(&mut totals)) {
        row.owner_names = owner_names(&row.owners, &names);
    }
    Ok((rows, totals))
}

/// One location's businesses and totals for the location × business roll-up: the
/// report's rows without its trend and completeness, read from the figures each write
/// keeps when there is no filter.
fn location_rollup(
    cache: &Cache,
    filter: &ReportFilter,
    now: Timestamp,
) -> Result<(Vec<BusinessRollup>, BusinessRollup), ReportError> {
    let scope = scope(filter, now)?;
    let (groups, top_tags) = figures::business_figures(cache, &scope, TOP_TAGS)?;
    rows_and_totals(cache, groups, top_tags)
}

/// Every business (optionally those whose name or id holds `search`), largest first, with
/// its open and overdue tasks as of `now`: the figures the report's rows show without
/// a filter.
pub fn businesses(
    cache: &Cache,
    search: Option<&str>,
    now: Timestamp,
) -> Result<Vec<BusinessRow>, ReportError> {
    let scope = scope(&ReportFilter::default(), now)?;
    let tasks: HashMap<String, (u32, u32)> = figures::task_figures(cache, &scope)?
        .into_iter()
        .filter_map(|group| Some((group.business_id?, (group.open_tasks, group.overdue_tasks))))
        .collect();
    Ok(cache
        .businesses(search)?
        .into_iter()
        .map(|business| {
            let (open_tasks, overdue_tasks) = tasks.get(&business.id).copied().unwrap_or_default();
            BusinessRow {
                id: business.id,
                name: business.name,
                contacts: business.contacts,
                open_tasks,
                overdue_tasks,
            }
        })
        .collect())
}

/// One business's contacts with their task and note counts, for the business view and export.
pub fn business_contacts(
    cache: &Cache,
    business_id: &str,
    now: Timestamp,
) -> Result<Vec<ContactRow>, ReportError> {
    Ok(cache.business_contacts(business_id, now)?)
}

/// Contacts in the filter's scope whose details are missing, optionally of some businesses.
pub fn missing_details(
    cache: &Cache,
    filter: &ReportFilter,
    business_ids: Option<&[String]>,
    now: Timestamp,
) -> Result<Vec<String>, ReportError> {
    let scope = scope(filter, now)?;
    Ok(figures::unsynced_contacts(cache, &scope, u32::MAX)?
        .into_iter()
        .filter(|contact| {
            business_ids.is_none_or(|ids| {
                contact
                    .business_id
                    .as_ref()
                    .is_some_and(|id| ids.contains(id))
            })
        })
        .map(|contact| contact.id)
        .collect())
}

fn scope(filter: &ReportFilter, now: Timestamp) -> Result<ReportScope, ReportError> {
    let from_ms = filter.from.as_deref().map(day_start).transpose()?;
    let to_ms = filter.to.as_deref().map(day_end).transpose()?;
    if let (Some(from), Some(to)) = (from_ms, to_ms) {
        if to <= from {
            return Err(ReportError::BackwardsPeriod);
        }
    }
    Ok(ReportScope {
        from_ms,
        to_ms,
        now_ms: now.as_millisecond(),
        tag: filter.tag.clone().filter(|tag| !tag.is_empty()),
        owner: filter.owner.clone().filter(|owner| !owner.is_empty()),
    })
}

fn day_start(day: &str) -> Result<i64, ReportError> {
    cache::day_start(day).ok_or_else(|| ReportError::BadDate(day.to_owned()))
}

fn day_end(day: &str) -> Result<i64, ReportError> {
    cache::day_end(day).ok_or_else(|| ReportError::BadDate(day.to_owned()))
}

/// The UTC date an instant (epoch milliseconds) falls on.
fn utc_date(millis: i64) -> Date {
    Timestamp::from_millisecond(millis)
        .unwrap_or_default()
        .to_zoned_datetime(TimeZone::UTC)
        .date()
}

/// The days of the trend with the instant each ends (the last at the report's instant, so
/// it shows the report's overdue total): the period (never past today), or the last 30
/// days; sampled evenly (always keeping the last day) when there are more
/// than the chart can show.
fn trend_days(scope: &ReportScope, now: Timestamp) -> Vec<(String, i64)> {
    let today = utc_date(now.as_millisecond());
    let last = scope.to_ms.map_or(today, |to| utc_date(to - 1).min(today));
    let first = scope.from_ms.map_or_else(
        || last.saturating_sub((DEFAULT_TREND_DAYS - 1).days()),
        utc_date,
    );
    if first > last {
        return Vec::new();
    }
    let days = i64::from(first.until(last).map_or(0, |span| span.get_days())) + 1;
    let step = ((days + MAX_TREND_POINTS - 1) / MAX_TREND_POINTS).max(1);
    let mut ends: Vec<Date> = (0..days)
        .step_by(usize::try_from(step).unwrap_or(1))
        .map(|back| last.saturating_sub(back.days()))
        .collect();
    ends.reverse();
    ends.into_iter()
        .filter_map(|day| {
            let end = cache::utc_midnight(day.tomorrow().ok()?)?;
            Some((day.to_string(), end.min(scope.as_of())))
        })
        .collect()
}

/// The named ones of `owners`, by name (an unnamed owner is counted, not listed).
fn owner_names(owners: &[String], names: &Names) -> Vec<String> {
    let mut named: Vec<String> = owners
        .iter()
        .filter_map(|id| names.user(id))
        .map(str::to_owned)
        .collect();
    named.sort();
    named
}

fn totals(rows: &[BusinessRollup], top_tags: Vec<TagCount>) -> BusinessRollup {
    let sum = |field: fn(&BusinessRollup) -> u32| rows.iter().map(field).sum();
    let owners: BTreeSet<&String> = rows.iter().flat_map(|row| &row.owners).collect();
    BusinessRollup {
        business_id: None,
        name: "All businesses".to_owned(),
        contacts: sum(|r| r.contacts),
        with_email: sum(|r| r.with_email),
        with_phone: sum(|r| r.with_phone),
        new_contacts: sum(|r| r.new_contacts),
        open_tasks: sum(|r| r.open_tasks),
        completed_tasks: sum(|r| r.completed_tasks),
        overdue_tasks: sum(|r| r.overdue_tasks),
        notes: sum(|r| r.notes),
        upcoming_appointments: sum(|r| r.upcoming_appointments),
        past_appointments: sum(|r| r.past_appointments),
        last_activity: rows.iter().filter_map(|row| row.last_activity).max(),
        owners: owners.into_iter().cloned().collect(),
        owner_names: Vec::new(),
        top_tags,
        unsynced_contacts: sum(|r| r.unsynced_contacts),
    }
}
