//! Appointments by calendar and time window (`GET /calendars/events`), hourly: a few
//! requests per calendar instead of one per contact.

use jiff::{SignedDuration, Timestamp};

use super::plan::{APPOINTMENTS_EVERY, APPOINTMENT_WINDOWS};
use super::{Run, SyncError, SyncPhase, Syncer};
use crate::highlevel::{Appointment, EventOwner, EventQuery};

/// When appointments were last read by calendar.
const READ: &str = "appointments_read";
/// Days one events request covers.
const WINDOW_DAYS: i64 = 90;
/// How far back the first read reaches; later reads reach back a month, where
/// appointments still change (showed, no-show).
const FIRST_READ_PAST_DAYS: i64 = 730;
const STEADY_PAST_DAYS: i64 = 30;
const FUTURE_DAYS: i64 = 365;

impl Syncer {
    /// Reads every calendar's appointments when an hour has passed (or `forced`).
    pub(super) async fn sync_appointments(
        &self,
        run: &mut Run,
        forced: bool,
    ) -> Result<(), SyncError> {
        let last = self.cache.state::<Timestamp>(READ)?;
        let every = SignedDuration::try_from(APPOINTMENTS_EVERY).unwrap_or_default();
        let now = Timestamp::now();
        if !forced && last.is_some_and(|last| now - every < last) {
            return Ok(());
        }
        self.update(|p| p.phase = SyncPhase::Appointments);
        let past_days = match (forced, last) {
            (false, Some(_)) => STEADY_PAST_DAYS,
            _ => FIRST_READ_PAST_DAYS,
        };
        let span = (now - days(past_days), now + days(FUTURE_DAYS));
        let calendars = self.spend(run, run.api.calendars().list()).await?;
        let total = u32::try_from(calendars.len()).unwrap_or(u32::MAX);
        for (done, calendar) in (0..).zip(calendars) {
            self.update(|p| {
                p.done = done;
                p.total = Some(total);
                p.eta_seconds = None;
            });
            let mut events: Vec<Appointment> = Vec::new();
            for window in windows(span) {
                let query = EventQuery {
                    owner: EventOwner::Calendar(calendar.id.clone()),
                    start: window.0,
                    end: window.1,
                };
                events.extend(self.spend(run, run.api.calendars().events(&query)).await?);
            }
            run.report.appointments += u32::try_from(events.len()).unwrap_or(u32::MAX);
            self.cache
                .replace_calendar_window(&calendar.id, trusted(span), &events)?;
        }
        self.cache.set_state(READ, &now)?;
        self.events.contacts_changed();
        Ok(())
    }
}

fn days(count: i64) -> SignedDuration {
    SignedDuration::from_hours(count * 24)
}

/// `span` cut into request-sized windows.
fn windows((start, end): (Timestamp, Timestamp)) -> Vec<(Timestamp, Timestamp)> {
    let mut windows = Vec::new();
    let mut from = start;
    while from < end {
        let to = (from + days(WINDOW_DAYS)).min(end);
        windows.push((from, to));
        from = to;
    }
    windows
}

/// The part of `span` whose stored appointments a read may replace. The cache orders
/// appointments by their wall-clock start read as UTC, up to 14 hours off HighLevel's
/// instants: a day at each edge is left alone rather than dropped by mistake.
fn trusted((start, end): (Timestamp, Timestamp)) -> (Timestamp, Timestamp) {
    (start + days(1), end - days(1))
}

/// Windows one steady read spends per calendar; the plan counts on it.
const _: () = assert!(
    (STEADY_PAST_DAYS + FUTURE_DAYS + WINDOW_DAYS - 1) / WINDOW_DAYS == APPOINTMENT_WINDOWS as i64
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_the_span_without_gaps() {
        let start: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let end = start + days(200);
        let cut = windows((start, end));
        assert_eq!(cut.len(), 3);
        assert_eq!(cut[0].0, start);
        assert_eq!(cut[2].1, end);
        assert!(cut.windows(2).all(|pair| pair[0].1 == pair[1].0));
    }
}
