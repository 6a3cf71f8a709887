//! The per-location request budget that every caller in the process shares.
//!
//! HighLevel allows a burst of N requests per interval (100 per 10 s) and says how much
//! is left in `X-RateLimit-*` headers. The budget is a sliding window of recent request
//! starts with two lanes: the user's clicks take any free slot at once; background work
//! is paced evenly across the window, leaves a reserve free while the user is active,
//! and always yields to a waiting click.
//! governor's GCRA cannot take the server's word for the remaining budget or hold a
//! reserve for one class of caller, which is why this window is our own.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tokio::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum Lane {
    /// Something a person is waiting for.
    Interactive,
    /// Sync and other work nobody is watching.
    Background,
}

/// What the server said was left, from one response's headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Headroom {
    pub remaining: u32,
    pub max: u32,
    pub interval_ms: u32,
    pub daily_remaining: Option<u32>,
    pub daily_limit: Option<u32>,
}

/// A moment's view of the budget, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetSnapshot {
    pub max: u32,
    pub interval: Duration,
    pub used: u32,
    /// The day's budget as the last response's headers told it, when they did.
    pub daily: Option<DailyBudget>,
}

/// HighLevel's daily allowance for this app and location (200,000 requests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DailyBudget {
    pub remaining: u32,
    pub limit: u32,
}

pub struct RateBudget {
    state: Mutex<Window>,
    changed: Notify,
}

struct Window {
    max: u32,
    interval: Duration,
    /// Starts of requests inside the window, oldest first (ours, and others' the server reported).
    starts: VecDeque<Instant>,
    interactive_waiting: u32,
    last_interactive: Option<Instant>,
    last_background: Option<Instant>,
    interactive_paused_until: Option<Instant>,
    background_paused_until: Option<Instant>,
    daily: Option<DailyBudget>,
}

/// Share of the window held back for clicks while the user is active.
const ACTIVE_RESERVE: f64 = 0.10;
/// Slots held back while the user is idle, so a sudden click still goes at once: opening
/// a contact takes four calls (the contact, its tasks, notes and appointments).
const IDLE_RESERVE: u32 = 4;

impl RateBudget {
    pub fn new(max: u32, interval: Duration) -> Self {
        Self {
            state: Mutex::new(Window {
                max: max.max(1),
                interval,
                starts: VecDeque::new(),
                interactive_waiting: 0,
                last_interactive: None,
                last_background: None,
                interactive_paused_until: None,
                background_paused_until: None,
                daily: None,
            }),
            changed: Notify::new(),
        }
    }

    /// HighLevel's documented burst limit: 100 requests per 10 seconds.
    pub fn highlevel_default() -> Self {
        Self::new(100, Duration::from_secs(10))
    }

    /// Waits for a slot in `lane` and takes it. Dropping the future gives up the wait.
    pub async fn acquire(&self, lane: Lane) {
        let _waiting = (lane == Lane::Interactive).then(|| InteractiveWaiter::new(self));
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let retry_at = match self.window().try_take(lane, Instant::now()) {
                Ok(()) => break,
                Err(retry_at) => retry_at,
            };
            tokio::select! {
                () = tokio::time::sleep_until(retry_at) => {}
                () = &mut changed => {}
            }
        }
    }

    /// Trusts the server's count over ours: requests by other apps on this location
    /// use the same budget, and the server may announce a different limit.
    pub fn observe(&self, headroom: &Headroom) {
        let mut window = self.window();
        let now = Instant::now();
        window.max = headroom.max.max(1);
        window.interval = Duration::from_millis(u64::from(headroom.interval_ms.max(1)));
        window.prune(now);
        if let (Some(remaining), Some(limit)) = (headroom.daily_remaining, headroom.daily_limit) {
            window.daily = Some(DailyBudget { remaining, limit });
        }
        let used_by_server = headroom.max.saturating_sub(headroom.remaining);
        let known = u32::try_from(window.starts.len()).unwrap_or(u32::MAX);
        for _ in known..used_by_server {
            window.starts.push_back(now);
        }
        drop(window);
        self.changed.notify_waiters();
    }

    /// After a 429: the lane that got it waits `pause`; the other lane carries on within
    /// the window (which the 429's own headers, when sent, have already marked as full).
    pub fn pause(&self, lane: Lane, pause: Duration) {
        let until = Some(Instant::now() + pause);
        let mut window = self.window();
        match lane {
            Lane::Interactive => window.interactive_paused_until = until,
            Lane::Background => window.background_paused_until = until,
        }
    }

    pub fn snapshot(&self) -> BudgetSnapshot {
        let mut window = self.window();
        window.prune(Instant::now());
        BudgetSnapshot {
            max: window.max,
            interval: window.interval,
            used: u32::try_from(window.starts.len()).unwrap_or(u32::MAX),
            daily: window.daily,
        }
    }

    fn window(&self) -> MutexGuard<'_, Window> {
        crate::locks::lock(&self.state)
    }
}

impl Window {
    fn prune(&mut self, now: Instant) {
        while self
            .starts
            .front()
            .is_some_and(|start| now.duration_since(*start) >= self.interval)
        {
            self.starts.pop_front();
        }
    }

    /// Takes a slot, or says when one might be free.
    fn try_take(&mut self, lane: Lane, now: Instant) -> Result<(), Instant> {
        self.prune(now);
        let paused_until = match lane {
            Lane::Interactive => self.interactive_paused_until,
            Lane::Background => self.background_paused_until,
        };
        if let Some(until) = paused_until.filter(|until| *until > now) {
            return Err(until);
        }
        let used = self.starts.len();
        let reserve = match lane {
            Lane::Interactive => 0,
            // A waiting click goes first; the wake-up comes from its InteractiveWaiter.
            Lane::Background if self.interactive_waiting > 0 => {
                return Err(now + self.interval);
            }
            Lane::Background => {
                // Background starts are spread evenly: a burst would fill the window at
                // its start and leave a click waiting for the whole window to roll over.
                let spacing = self.interval / self.max;
                if let Some(next) = self
                    .last_background
                    .map(|last| last + spacing)
                    .filter(|next| *next > now)
                {
                    return Err(next);
                }
                self.background_reserve(now)
            }
        };
        if used + reserve < self.max as usize {
            self.starts.push_back(now);
            match lane {
                Lane::Interactive => self.last_interactive = Some(now),
                Lane::Background => self.last_background = Some(now),
            }
            return Ok(());
        }
        // The slot frees when enough of the oldest starts leave the window.
        let must_expire = used + reserve + 1 - self.max as usize;
        let start = self.starts.get(must_expire - 1).copied().unwrap_or(now);
        Err(start + self.interval)
    }

    fn background_reserve(&self, now: Instant) -> usize {
        let active = self
            .last_interactive
            .is_some_and(|at| now.duration_since(at) < self.interval);
        let reserve = if active {
            (f64::from(self.max) * ACTIVE_RESERVE).ceil() as u32
        } else {
            IDLE_RESERVE.min(self.max / 10)
        };
        reserve.max(minimum_reserve(self.max)) as usize
    }
}

/// One slot per window always stays free for a click, even in a tiny window (5 per second):
/// without it another process's background work filled every window and its clicks got
/// nothing but 429s. A window of one slot cannot spare it.
fn minimum_reserve(max: u32) -> u32 {
    u32::from(max >= 2)
}

/// Marks an interactive caller as waiting, so background work stands aside until it leaves.
struct InteractiveWaiter<'a> {
    budget: &'a RateBudget,
}

impl<'a> InteractiveWaiter<'a> {
    fn new(budget: &'a RateBudget) -> Self {
        budget.window().interactive_waiting += 1;
        Self { budget }
    }
}

impl Drop for InteractiveWaiter<'_> {
    fn drop(&mut self) {
        self.budget.window().interactive_waiting -= 1;
        self.budget.changed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    async fn take_n(budget: &RateBudget, lane: Lane, n: u32) {
        for _ in 0..n {
            budget.acquire(lane).await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn never_exceeds_the_window() {
        let budget = RateBudget::new(10, Duration::from_secs(1));
        let start = Instant::now();
        take_n(&budget, Lane::Interactive, 25).await;
        // 25 starts in windows of 10 per second: the 21st cannot start before t = 2 s.
        assert!(start.elapsed() >= Duration::from_secs(2));
        assert!(start.elapsed() < Duration::from_secs(3));
    }

    /// How many background slots are taken within `window` of (virtual) time.
    async fn background_within(budget: &RateBudget, window: Duration) -> u32 {
        let deadline = Instant::now() + window;
        let mut taken = 0;
        while tokio::time::timeout_at(deadline, budget.acquire(Lane::Background))
            .await
            .is_ok()
        {
            taken += 1;
        }
        taken
    }

    #[tokio::test(start_paused = true)]
    async fn background_work_is_paced_evenly() {
        let budget = RateBudget::new(100, Duration::from_secs(10));
        let start = Instant::now();
        take_n(&budget, Lane::Background, 11).await;
        // One start every 100 ms: the 11th may not go before t = 1 s.
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn background_leaves_a_reserve_while_the_user_is_active() {
        let budget = RateBudget::new(100, Duration::from_secs(10));
        budget.acquire(Lane::Interactive).await;
        // Within the click's window, background stops ten slots short of the limit…
        assert_eq!(
            background_within(&budget, Duration::from_millis(9_950)).await,
            89
        );
        // …and those ten go to clicks at once.
        let clicks = Instant::now();
        take_n(&budget, Lane::Interactive, 10).await;
        assert_eq!(clicks.elapsed(), Duration::ZERO);
    }

    /// Idle background work uses nearly the whole window, and a one-slot window is not
    /// held back from it.
    #[tokio::test(start_paused = true)]
    async fn idle_background_work_uses_nearly_the_whole_window() {
        for (limit, window, within, taken) in [(100, 10, 9_950, 96), (1, 1, 950, 1)] {
            let budget = RateBudget::new(limit, Duration::from_secs(window));
            let within = Duration::from_millis(within);
            assert_eq!(background_within(&budget, within).await, taken, "{limit}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_tiny_window_still_keeps_one_slot_for_clicks() {
        let budget = RateBudget::new(5, Duration::from_secs(1));
        assert_eq!(
            background_within(&budget, Duration::from_millis(950)).await,
            4
        );
        let click = Instant::now();
        budget.acquire(Lane::Interactive).await;
        assert_eq!(click.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_click_during_a_long_sync_waits_a_moment_not_a_window() {
        let budget = RateBudget::new(100, Duration::from_secs(10));
        background_within(&budget, Duration::from_secs(35)).await;
        let click = Instant::now();
        // A contact opens with four calls at once.
        take_n(&budget, Lane::Interactive, 4).await;
        assert!(
            click.elapsed() <= Duration::from_millis(300),
            "{:?}",
            click.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_click_overtakes_queued_background_work() {
        let budget = Arc::new(RateBudget::new(4, Duration::from_secs(1)));
        take_n(&budget, Lane::Interactive, 4).await;
        let background = tokio::spawn({
            let budget = budget.clone();
            async move {
                budget.acquire(Lane::Background).await;
                Instant::now()
            }
        });
        tokio::task::yield_now().await;
        let click = budget.acquire(Lane::Interactive);
        click.await;
        let clicked_at = Instant::now();
        let background_at = background.await.unwrap();
        assert!(clicked_at <= background_at, "the click went first");
    }

    #[tokio::test(start_paused = true)]
    async fn server_headers_count_requests_made_by_others() {
        let budget = RateBudget::new(100, Duration::from_secs(10));
        budget.acquire(Lane::Interactive).await;
        budget.observe(&Headroom {
            remaining: 3,
            max: 50,
            interval_ms: 5_000,
            daily_remaining: None,
            daily_limit: None,
        });
        let snapshot = budget.snapshot();
        assert_eq!((snapshot.max, snapshot.used), (50, 47));
        assert_eq!(snapshot.interval, Duration::from_secs(5));
        assert_eq!(snapshot.daily, None);
        budget.observe(&Headroom {
            remaining: 3,
            max: 50,
            interval_ms: 5_000,
            daily_remaining: Some(1_234),
            daily_limit: Some(200_000),
        });
        let daily = budget.snapshot().daily;
        assert_eq!(
            daily,
            Some(DailyBudget {
                remaining: 1_234,
                limit: 200_000
            })
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_pauses_only_the_lane_that_got_it() {
        let budget = RateBudget::new(10, Duration::from_secs(1));
        budget.pause(Lane::Background, Duration::from_secs(5));
        let start = Instant::now();
        budget.acquire(Lane::Interactive).await;
        assert_eq!(start.elapsed(), Duration::ZERO);
        budget.acquire(Lane::Background).await;
        assert_eq!(start.elapsed(), Duration::from_secs(5));
    }
}
