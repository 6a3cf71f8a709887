//! HighLevel's rate limits for the sandbox's one location: a sliding burst window plus a
//! daily quota, reported in `X-RateLimit-*` headers on every API response.
//!
//! Besides limiting, it keeps the numbers benchmarks judge a client's pacing by: the most
//! requests that arrived within any window (rejected ones included) and the 429s sent.

use std::collections::VecDeque;
use std::time::Instant;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use jiff::civil;

use super::config::RateLimit;

pub(crate) struct RateLimiter {
    limit: RateLimit,
    daily_limit: u32,
    /// Requests admitted within the current window; they are what the limit counts.
    admitted: VecDeque<Instant>,
    /// Every request within the current window, admitted or not, for `max_in_window`.
    arrived: VecDeque<Instant>,
    day: civil::Date,
    used_today: u32,
    max_in_window: u32,
    rejected: u64,
}

/// The budget as the `X-RateLimit-*` headers report it after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quota {
    max: u32,
    interval_ms: u128,
    remaining: u32,
    daily_limit: u32,
    daily_remaining: u32,
}

impl RateLimiter {
    pub(crate) fn new(limit: RateLimit, daily_limit: u32, day: civil::Date) -> Self {
        Self {
            limit,
            daily_limit,
            admitted: VecDeque::new(),
            arrived: VecDeque::new(),
            day,
            used_today: 0,
            max_in_window: 0,
            rejected: 0,
        }
    }

    /// Counts a request and admits it unless the window or the day is full: `Err` means 429.
    pub(crate) fn admit(&mut self, now: Instant, day: civil::Date) -> Result<Quota, Quota> {
        self.forget_before(now, day);
        self.arrived.push_back(now);
        let arrived = u32::try_from(self.arrived.len()).unwrap_or(u32::MAX);
        self.max_in_window = self.max_in_window.max(arrived);
        if self.window_used() >= self.limit.max || self.used_today >= self.daily_limit {
            self.rejected += 1;
            return Err(self.quota());
        }
        self.admitted.push_back(now);
        self.used_today += 1;
        Ok(self.quota())
    }

    /// The budget without spending any, for responses to requests that were not admitted
    /// (a token that names no location cannot be charged to one).
    pub(crate) fn peek(&mut self, now: Instant, day: civil::Date) -> Quota {
        self.forget_before(now, day);
        self.quota()
    }

    pub(crate) fn max_in_window(&self) -> u32 {
        self.max_in_window
    }

    pub(crate) fn rejected(&self) -> u64 {
        self.rejected
    }

    fn forget_before(&mut self, now: Instant, day: civil::Date) {
        let interval = self.limit.interval;
        for queue in [&mut self.admitted, &mut self.arrived] {
            while queue
                .front()
                .is_some_and(|&at| now.duration_since(at) >= interval)
            {
                queue.pop_front();
            }
        }
        if day != self.day {
            self.day = day;
            self.used_today = 0;
        }
    }

    fn window_used(&self) -> u32 {
        u32::try_from(self.admitted.len()).unwrap_or(u32::MAX)
    }

    fn quota(&self) -> Quota {
        Quota {
            max: self.limit.max,
            interval_ms: self.limit.interval.as_millis(),
            remaining: self.limit.max.saturating_sub(self.window_used()),
            daily_limit: self.daily_limit,
            daily_remaining: self.daily_limit.saturating_sub(self.used_today),
        }
    }
}

impl Quota {
    pub(crate) fn write_headers(&self, headers: &mut HeaderMap) {
        let values = [
            ("x-ratelimit-limit-daily", self.daily_limit.to_string()),
            (
                "x-ratelimit-daily-remaining",
                self.daily_remaining.to_string(),
            ),
            (
                "x-ratelimit-interval-milliseconds",
                self.interval_ms.to_string(),
            ),
            ("x-ratelimit-max", self.max.to_string()),
            ("x-ratelimit-remaining", self.remaining.to_string()),
        ];
        for (name, value) in values {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn limiter(max: u32, daily: u32) -> RateLimiter {
        let limit = RateLimit {
            max,
            interval: Duration::from_secs(1),
        };
        RateLimiter::new(limit, daily, civil::date(2025, 6, 15))
    }

    #[test]
    fn the_window_slides_and_rejected_requests_are_counted() {
        let day = civil::date(2025, 6, 15);
        let mut limiter = limiter(2, 100);
        let start = Instant::now();
        assert_eq!(limiter.admit(start, day).unwrap().remaining, 1);
        assert_eq!(limiter.admit(start, day).unwrap().remaining, 0);
        let rejected = limiter.admit(start + Duration::from_millis(500), day);
        assert_eq!(rejected.unwrap_err().remaining, 0);
        assert_eq!((limiter.rejected(), limiter.max_in_window()), (1, 3));
        // The first two fall out of the window one interval after they came in.
        let later = start + Duration::from_millis(1000);
        assert_eq!(limiter.admit(later, day).unwrap().remaining, 1);
        assert_eq!(limiter.peek(later, day).daily_remaining, 97);
    }

    #[test]
    fn the_daily_quota_ends_admission_until_the_next_day() {
        let day = civil::date(2025, 6, 15);
        let mut limiter = limiter(10, 2);
        let start = Instant::now();
        limiter.admit(start, day).unwrap();
        limiter.admit(start, day).unwrap();
        assert_eq!(limiter.admit(start, day).unwrap_err().daily_remaining, 0);
        let tomorrow = civil::date(2025, 6, 16);
        assert_eq!(limiter.admit(start, tomorrow).unwrap().daily_remaining, 1);
    }

    #[test]
    fn headers_carry_all_five_numbers() {
        let mut headers = HeaderMap::new();
        let mut limiter = limiter(5, 200_000);
        limiter
            .admit(Instant::now(), civil::date(2025, 6, 15))
            .unwrap()
            .write_headers(&mut headers);
        assert_eq!(headers["x-ratelimit-max"], "5");
        assert_eq!(headers["x-ratelimit-remaining"], "4");
        assert_eq!(headers["x-ratelimit-interval-milliseconds"], "1000");
        assert_eq!(headers["x-ratelimit-limit-daily"], "200000");
        assert_eq!(headers["x-ratelimit-daily-remaining"], "199999");
    }
}
