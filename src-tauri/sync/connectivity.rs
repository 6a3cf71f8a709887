//! Online or offline, as the last request to HighLevel found it.

use jiff::Timestamp;
use serde::Serialize;
use tokio::sync::watch;

use crate::highlevel::Error;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Connectivity {
    pub online: bool,
    /// When the current state began.
    #[cfg_attr(feature = "desktop", specta(type = String))]
    pub since: Timestamp,
    /// Why the app thinks it is offline.
    pub reason: Option<String>,
}

/// Shared by every caller: requests report in, the UI and the scheduler watch.
pub struct ConnectivityMonitor {
    state: watch::Sender<Connectivity>,
}

impl Default for ConnectivityMonitor {
    fn default() -> Self {
        let (state, _) = watch::channel(Connectivity {
            online: true,
            since: Timestamp::now(),
            reason: None,
        });
        Self { state }
    }
}

impl ConnectivityMonitor {
    pub fn current(&self) -> Connectivity {
        self.state.borrow().clone()
    }

    pub fn is_online(&self) -> bool {
        self.state.borrow().online
    }

    pub fn subscribe(&self) -> watch::Receiver<Connectivity> {
        self.state.subscribe()
    }

    /// A network failure means offline; any answer from HighLevel (even an error) means online.
    pub fn report<T>(&self, result: &Result<T, Error>) {
        match result {
            Err(error) if error.is_connectivity() => self.set(false, Some(error.to_string())),
            Err(Error::Cancelled) => {}
            _ => self.set(true, None),
        }
    }

    fn set(&self, online: bool, reason: Option<String>) {
        self.state.send_if_modified(|state| {
            if state.online == online {
                return false;
            }
            *state = Connectivity {
                online,
                since: Timestamp::now(),
                reason,
            };
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_failures_go_offline_and_any_answer_comes_back() {
        let monitor = ConnectivityMonitor::default();
        let mut watcher = monitor.subscribe();
        monitor.report::<()>(&Err(Error::Timeout));
        assert!(!monitor.is_online());
        assert!(watcher.has_changed().unwrap());
        watcher.mark_unchanged();
        // Still offline: no new notification.
        monitor.report::<()>(&Err(Error::Network {
            message: "refused".into(),
        }));
        assert!(!watcher.has_changed().unwrap());
        monitor.report::<()>(&Err(Error::NotFound {
            message: "gone".into(),
        }));
        assert!(monitor.is_online());
        assert_eq!(monitor.current().reason, None);
    }
}
