//! HighLevel's date shapes: ISO-8601 with milliseconds and `Z` for most fields,
//! `YYYY-MM-DD HH:MM:SS` without a zone for appointments, epoch milliseconds in
//! paging cursors. The sandbox keeps every instant as epoch milliseconds and
//! formats it on the way out.

use jiff::{civil, tz::TimeZone, SignedDuration, Timestamp};
use serde::{ser::Error as _, Serializer};

/// `days` whole days in milliseconds: the sandbox's instants are UTC, where every day has
/// 24 hours.
pub(crate) const fn days_ms(days: i64) -> i64 {
    millis(SignedDuration::from_hours(days * 24))
}

/// `hours` hours in milliseconds.
pub(crate) const fn hours_ms(hours: i64) -> i64 {
    millis(SignedDuration::from_hours(hours))
}

/// Any span the seed draws fits an `i64` of milliseconds many times over.
const fn millis(span: SignedDuration) -> i64 {
    span.as_millis() as i64
}

/// The current instant in epoch milliseconds, for records written at run time.
pub(crate) fn now_ms() -> i64 {
    Timestamp::now().as_millisecond()
}

/// Midnight UTC at the start of `date`, the anchor seeded dates are spread around.
pub(crate) fn start_of_day_ms(date: civil::Date) -> Result<i64, jiff::Error> {
    let zoned = date.to_zoned_datetime(TimeZone::UTC)?;
    Ok(zoned.timestamp().as_millisecond())
}

/// The UTC calendar date now: HighLevel's daily quota resets at UTC midnight.
pub(crate) fn today_utc() -> civil::Date {
    Timestamp::now().to_zoned_datetime(TimeZone::UTC).date()
}

/// `2021-07-02T05:18:26.704Z`
pub(crate) fn iso<S: Serializer>(ms: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    let timestamp = Timestamp::from_millisecond(*ms).map_err(S::Error::custom)?;
    serializer.collect_str(&timestamp.strftime("%Y-%m-%dT%H:%M:%S%.3fZ"))
}

/// `iso` for fields HighLevel omits when they have no value.
pub(crate) fn iso_opt<S: Serializer>(ms: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
    match ms {
        Some(ms) => iso(ms, serializer),
        None => serializer.serialize_none(),
    }
}

/// `2021-07-16 11:00:00`: appointment times carry no zone on the wire.
pub(crate) fn calendar<S: Serializer>(ms: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    let timestamp = Timestamp::from_millisecond(*ms).map_err(S::Error::custom)?;
    serializer.collect_str(&timestamp.strftime("%Y-%m-%d %H:%M:%S"))
}

/// `2021-07-16T11:00:00+00:00`: the Calendars API's times, with their offset.
pub(crate) fn offset<S: Serializer>(ms: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    let timestamp = Timestamp::from_millisecond(*ms).map_err(S::Error::custom)?;
    serializer.collect_str(&timestamp.strftime("%Y-%m-%dT%H:%M:%S+00:00"))
}

/// A birth date goes out as midnight UTC (`1990-09-25T00:00:00.000Z`), whatever format came in.
pub(crate) fn birth_date<S: Serializer>(
    date: &Option<civil::Date>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serializer.collect_str(&format_args!("{date}T00:00:00.000Z")),
        None => serializer.serialize_none(),
    }
}

/// What class-validator's `IsISO8601` accepts: a date, a date-time, with or without an offset
/// (no offset means UTC). Returns epoch milliseconds.
pub(crate) fn parse_iso8601(text: &str) -> Option<i64> {
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(timestamp.as_millisecond());
    }
    let datetime = text.parse::<civil::DateTime>().ok()?;
    let zoned = datetime.to_zoned_datetime(TimeZone::UTC).ok()?;
    Some(zoned.timestamp().as_millisecond())
}

/// The birth date formats HighLevel documents: `YYYY-MM-DD` or `MM-DD-YYYY`, with `-`, `/`,
/// `.` or `_` between the parts.
pub(crate) fn parse_birth_date(text: &str) -> Option<civil::Date> {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.', '_']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = match a.len() {
        4 => (a, b, c),
        _ => (c, a, b),
    };
    if year.len() != 4 {
        return None;
    }
    civil::Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_input_without_offset_is_utc() {
        let with_zone = parse_iso8601("2024-05-01T10:00:00Z").unwrap();
        assert_eq!(parse_iso8601("2024-05-01T10:00:00"), Some(with_zone));
        assert_eq!(parse_iso8601("2024-05-01T12:00:00+02:00"), Some(with_zone));
        assert_eq!(
            parse_iso8601("2024-05-01"),
            Some(with_zone - 10 * 3_600_000)
        );
        assert_eq!(parse_iso8601("next tuesday"), None);
    }

    #[test]
    fn birth_dates_accept_every_documented_format() {
        let expected = civil::date(1990, 9, 25);
        for text in [
            "1990-09-25",
            "1990/09/25",
            "09/25/1990",
            "09-25-1990",
            "1990.09.25",
            "09.25.1990",
            "1990_09_25",
            "09_25_1990",
        ] {
            assert_eq!(parse_birth_date(text), Some(expected), "{text}");
        }
        assert_eq!(parse_birth_date("1990-13-01"), None);
        assert_eq!(parse_birth_date("25/09/90"), None);
        assert_eq!(parse_birth_date("yesterday"), None);
    }

    #[test]
    fn formats_match_the_wire() {
        let mut out = Vec::new();
        iso(
            &1_625_203_106_704,
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(out, br#""2021-07-02T05:18:26.704Z""#);
        let mut out = Vec::new();
        calendar(
            &1_626_433_200_000,
            &mut serde_json::Serializer::new(&mut out),
        )
        .unwrap();
        assert_eq!(out, br#""2021-07-16 11:00:00""#);
    }
}
