//! HighLevel writes times three ways: RFC 3339 (`2021-07-02T05:18:26.704Z`), a bare
//! `2021-07-16 11:00:00` (appointments: the location's wall clock, no zone), and epoch
//! milliseconds. Decoding is tolerant: a time that cannot be read becomes `None`
//! instead of failing the whole response.

use jiff::civil::DateTime;
use jiff::Timestamp;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An instant, from any of HighLevel's spellings; zone-less times are taken as UTC.
pub fn parse_timestamp(value: &Value) -> Option<Timestamp> {
    match value {
        Value::Number(number) => Timestamp::from_millisecond(number.as_i64()?).ok(),
        Value::String(text) => timestamp_from_text(text.trim()),
        _ => None,
    }
}

fn timestamp_from_text(text: &str) -> Option<Timestamp> {
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(timestamp);
    }
    if let Ok(millis) = text.parse::<i64>() {
        return Timestamp::from_millisecond(millis).ok();
    }
    let civil = parse_civil_text(text)?;
    civil
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|zoned| zoned.timestamp())
}

/// A wall-clock time without a zone (`2021-07-16 11:00:00`, or a date alone at midnight);
/// times that do carry a zone keep their own wall-clock reading.
pub fn parse_civil(value: &Value) -> Option<DateTime> {
    match value {
        Value::String(text) => parse_civil_text(text.trim()),
        _ => None,
    }
}

fn parse_civil_text(text: &str) -> Option<DateTime> {
    if let Ok(datetime) = text.parse::<DateTime>() {
        return Some(datetime);
    }
    if let Ok(zoned) = text.parse::<jiff::ZonedDateTime>() {
        return Some(zoned.datetime());
    }
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(
            timestamp
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .datetime(),
        );
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .map(|date| date.to_datetime(jiff::civil::Time::midnight()))
}

/// `#[serde(deserialize_with = "time::timestamp")]` for `Option<Timestamp>` fields.
pub fn timestamp<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.as_ref().and_then(parse_timestamp))
}

/// `#[serde(deserialize_with = "time::civil")]` for `Option<DateTime>` fields.
pub fn civil<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.as_ref().and_then(parse_civil))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_every_spelling_highlevel_uses() {
        let expected: Timestamp = "2021-07-02T05:18:26.704Z".parse().unwrap();
        assert_eq!(
            parse_timestamp(&json!("2021-07-02T05:18:26.704Z")),
            Some(expected)
        );
        assert_eq!(parse_timestamp(&json!(1625203106704_i64)), Some(expected));
        assert_eq!(parse_timestamp(&json!("1625203106704")), Some(expected));
        assert_eq!(
            parse_timestamp(&json!("2021-07-16 11:00:00")),
            Some("2021-07-16T11:00:00Z".parse().unwrap())
        );
        assert_eq!(
            parse_timestamp(&json!("2021-07-16T13:00:00+02:00")),
            Some("2021-07-16T11:00:00Z".parse().unwrap())
        );
    }

    #[test]
    fn unreadable_times_become_none_instead_of_failing() {
        assert_eq!(parse_timestamp(&json!("Date format YYYY-MM-DD")), None);
        assert_eq!(parse_timestamp(&json!(true)), None);
        assert_eq!(parse_civil(&json!("")), None);
    }

    #[test]
    fn appointment_times_stay_on_the_wall_clock() {
        let expected: DateTime = "2021-07-16T11:00:00".parse().unwrap();
        assert_eq!(parse_civil(&json!("2021-07-16 11:00:00")), Some(expected));
        assert_eq!(
            parse_civil(&json!("2021-07-16T11:00:00-05:00")),
            Some(expected)
        );
        assert_eq!(
            parse_civil(&json!("2021-07-16")),
            Some("2021-07-16T00:00:00".parse().unwrap())
        );
    }
}
