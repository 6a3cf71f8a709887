//! The cost model. HighLevel's scarce resource is requests (100 per 10 s, 200,000 a day
//! per location), so each part of a sync is sized by what it costs, not by the clock.
//! docs/DESIGN.md ("Sync cost model") explains the figures.

use std::time::Duration;

use serde::Serialize;

use crate::highlevel::DailyBudget;

/// HighLevel's documented daily limit, until a response's headers say otherwise.
pub const DEFAULT_DAILY_LIMIT: u32 = 200_000;
/// What scheduled syncs aim to spend in a day: a tenth of the daily limit.
const PLAN_SHARE: f64 = 0.10;
/// Background work stops when the day has this share left: it is kept for clicks.
const CLICK_RESERVE_SHARE: f64 = 0.20;
/// The share of the plan that watching open tasks may take.
const WATCH_SHARE: f64 = 0.75;
/// The share of the plan that reading notes (one request per contact) may take.
const NOTES_SHARE: f64 = 0.10;

/// Contacts per search page: HighLevel's maximum, five times `GET /contacts/`'s.
pub const SEARCH_PAGE: u32 = 500;
/// Tasks asked for per task-search page. The spec sets no maximum, and the watch must
/// read every open task each sync within its share (210,000 at 100k contacts: 105
/// pages). A server that caps pages lower is followed page by page (`tasks::TaskPaging`),
/// one that refuses the size is asked for 100.
pub const TASK_PAGE: u32 = 2_000;
/// Contacts whose task lists one task search asks for (`contactId[]`).
pub const TASK_BATCH: usize = 50;
/// Search results lag writes; each incremental search reaches back this far.
pub const SEARCH_OVERLAP: Duration = Duration::from_secs(300);
/// How often a sweep lists every contact to find those deleted in HighLevel.
pub const SWEEP_EVERY: Duration = Duration::from_secs(24 * 3600);
/// How often appointments are read by calendar.
pub const APPOINTMENTS_EVERY: Duration = Duration::from_secs(3600);
/// How often the users, custom fields and businesses are read for their names.
pub const NAMES_EVERY: Duration = Duration::from_secs(24 * 3600);
/// Businesses per page of `GET /businesses/`.
const BUSINESS_PAGE: u32 = crate::highlevel::BUSINESS_PAGE;
/// How long a resource stays on its per-contact fallback before the bulk path is tried again.
pub const FALLBACK_RETRY: Duration = Duration::from_secs(24 * 3600);

/// Today's spending against the plan, for Settings › Sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Spending {
    /// Requests spent today (HighLevel's count when a response carried it, else this
    /// device's log since midnight UTC).
    pub used_today: u32,
    pub daily_limit: u32,
    /// Background work stops when the day's remaining budget falls to this.
    pub reserved_for_clicks: u32,
    pub projection: Projection,
    pub open_tasks: u32,
    /// Live contacts whose notes were never read.
    pub contacts_without_notes: u32,
    pub fallbacks: Vec<super::Fallback>,
}

/// What the schedule and the day's budget allow each sync.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub daily_limit: u32,
    pub syncs_per_day: u32,
}

/// What the cache knows that a sync's cost depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Size {
    pub contacts: u32,
    pub open_tasks: u32,
    pub calendars: u32,
    /// Businesses the contacts name: their names take a page per 100.
    pub businesses: u32,
}

/// The daily cost of a schedule at a location's size, for Settings › Sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Projection {
    /// Requests a day the schedule is expected to spend.
    pub requests_per_day: u32,
    /// The plan's daily target (a tenth of the daily limit).
    pub plan_per_day: u32,
    /// Syncs it takes to watch every open task once: 1 means a task completed in
    /// HighLevel is seen by the next sync.
    pub syncs_per_watch: u32,
}

impl Plan {
    /// `interval_minutes` 0 (manual syncs only) is planned as one sync an hour.
    pub fn new(daily: Option<DailyBudget>, interval_minutes: u32) -> Self {
        let minutes = if interval_minutes == 0 {
            60
        } else {
            interval_minutes
        };
        Self {
            daily_limit: daily.map_or(DEFAULT_DAILY_LIMIT, |daily| daily.limit.max(1)),
            syncs_per_day: (24 * 60 / minutes).max(1),
        }
    }

    fn per_day(&self, share: f64) -> u32 {
        (f64::from(self.daily_limit) * PLAN_SHARE * share) as u32
    }

    fn per_sync(&self, share: f64) -> u32 {
        (self.per_day(share) / self.syncs_per_day).max(1)
    }

    /// Task-search pages one sync may spend watching open tasks.
    pub fn watch_pages_per_sync(&self) -> u32 {
        self.per_sync(WATCH_SHARE)
    }

    /// Contacts whose notes one sync may read: their share of the plan, or what the rest
    /// of the sync leaves of it when that is more (a small location reads every note soon).
    pub fn notes_per_sync(&self, size: Size) -> u32 {
        let slack = self.per_day(1.0).saturating_sub(self.others_per_day(size));
        self.per_sync(NOTES_SHARE).max(slack / self.syncs_per_day)
    }

    /// Everything but notes, a day: contacts, their task lists, the watch, appointments,
    /// the sweep, the task mirror and the names, with 1 % of contacts changing.
    fn others_per_day(&self, size: Size) -> u32 {
        let syncs = self.syncs_per_day;
        let changed_per_day = size.contacts.div_ceil(100);
        let per_sync_contacts = 1 + changed_per_day.div_ceil(syncs * SEARCH_PAGE);
        let watch_per_sync = self.watch_pages(size).min(self.watch_pages_per_sync());
        let changed_task_batches = changed_per_day.div_ceil(TASK_BATCH as u32);
        let sweep = size.contacts.div_ceil(SEARCH_PAGE);
        // Open tasks are usually under half of all tasks.
        let task_mirror = (size.open_tasks * 2).div_ceil(TASK_PAGE);
        let appointment_reads = 24 * (1 + size.calendars * APPOINTMENT_WINDOWS);
        // Users and custom fields, and every page of businesses (one more when the last
        // is full), once a day.
        let names = 2 + (size.businesses + 1).div_ceil(BUSINESS_PAGE);
        syncs * (per_sync_contacts + watch_per_sync)
            + changed_task_batches
            + sweep
            + task_mirror
            + appointment_reads
            + names
    }

    fn watch_pages(&self, size: Size) -> u32 {
        size.open_tasks.div_ceil(TASK_PAGE).max(1)
    }

    /// Requests of the day kept for clicks.
    pub fn reserved_for_clicks(&self) -> u32 {
        (f64::from(self.daily_limit) * CLICK_RESERVE_SHARE) as u32
    }

    /// Whether background work must stop for the rest of the day.
    pub fn reserve_reached(daily: Option<DailyBudget>) -> bool {
        daily.is_some_and(|daily| {
            f64::from(daily.remaining) <= f64::from(daily.limit) * CLICK_RESERVE_SHARE
        })
    }

    /// The expected daily cost at `size` once the first mirror is done, with 1 % of
    /// contacts changing a day and the notes of a seventh of them read again.
    pub fn project(&self, size: Size) -> Projection {
        let notes = self
            .notes_per_sync(size)
            .saturating_mul(self.syncs_per_day)
            .min(size.contacts.div_ceil(100) + size.contacts / 7);
        let watch_pages = self.watch_pages(size);
        Projection {
            requests_per_day: self.others_per_day(size) + notes,
            plan_per_day: self.per_day(1.0),
            syncs_per_watch: watch_pages.div_ceil(watch_pages.min(self.watch_pages_per_sync())),
        }
    }
}

/// Time windows a calendar's steady read covers (see `appointments::windows`).
pub const APPOINTMENT_WINDOWS: u32 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_100k_location_fits_a_tenth_of_the_day() {
        let plan = Plan::new(None, 15);
        let size = Size {
            contacts: 100_000,
            open_tasks: 210_000,
            calendars: 5,
            businesses: 1_000,
        };
        let projection = plan.project(size);
        assert!(projection.requests_per_day <= 20_000, "{projection:?}");
        assert_eq!(projection.plan_per_day, 20_000);
        // 105 pages of open tasks, within the 156 a sync may read: every sync sees them all.
        assert_eq!(projection.syncs_per_watch, 1);
    }

    #[test]
    fn a_10k_location_watches_every_open_task_every_sync() {
        let plan = Plan::new(None, 15);
        let size = Size {
            contacts: 10_000,
            open_tasks: 21_000,
            calendars: 5,
            businesses: 1_000,
        };
        assert_eq!(plan.project(size).syncs_per_watch, 1);
    }

    #[test]
    fn a_small_location_gets_the_plans_slack_for_notes() {
        let plan = Plan::new(None, 15);
        let demo = Size {
            contacts: 250,
            open_tasks: 420,
            calendars: 3,
            businesses: 12,
        };
        assert!(
            plan.notes_per_sync(demo) >= 150,
            "{}",
            plan.notes_per_sync(demo)
        );
        let large = Size {
            contacts: 100_000,
            open_tasks: 210_000,
            calendars: 5,
            businesses: 1_000,
        };
        // What the watch and the rest leave of the plan: more than the notes' tenth.
        assert_eq!(plan.notes_per_sync(large), 90);
    }

    #[test]
    fn the_last_fifth_of_the_day_is_kept_for_clicks() {
        let daily = |remaining| {
            Some(DailyBudget {
                remaining,
                limit: 200_000,
            })
        };
        assert!(!Plan::reserve_reached(None));
        assert!(!Plan::reserve_reached(daily(40_001)));
        assert!(Plan::reserve_reached(daily(40_000)));
    }

    #[test]
    fn manual_only_schedules_are_planned_hourly() {
        assert_eq!(Plan::new(None, 0).syncs_per_day, 24);
        assert_eq!(Plan::new(None, 15).syncs_per_day, 96);
    }
}
