//! The account the app (or a CLI command) works with: the demo, served by a sandbox
//! inside this process, or a connected profile. A session owns the client, the profile's
//! cache and the sync engine; the UI and the CLI only ever talk to a session.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::accounts::{Accounts, Profile, ProfileStatus, WriteAccess};
use crate::cache::Cache;
use crate::error::AppError;
use crate::highlevel::{Client, ClientConfig, RateBudget, RecordSink, RequestRecord, StaticToken};
use crate::locks::{lock_path, FileLock};
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::sync::{ConnectivityMonitor, SyncEvents, SyncReport, SyncScope, Syncer};

/// The demo's profile id: its cache lives beside real profiles' caches.
pub const DEMO_ID: &str = "demo";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub enum SessionKind {
    Demo,
    Profile,
}

/// What the header and Settings show about the active session (never a token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub kind: SessionKind,
    /// The profile's id (`demo` for the demo).
    pub id: String,
    pub name: String,
    pub environment: String,
    pub base_url: String,
    pub location_id: String,
    pub write_access: WriteAccess,
    pub status: ProfileStatus,
    /// Set when the credentials cannot be loaded (keychain locked, say): the cache stays
    /// readable, anything that needs HighLevel fails with this.
    pub credentials_problem: Option<AppError>,
}

pub struct Session {
    info: SessionInfo,
    syncer: Arc<Syncer>,
    /// Keeps the demo's sandbox serving for as long as the session lives.
    _sandbox: Option<Sandbox>,
}

impl Session {
    /// Starts the sandbox on a random loopback port and opens a fresh cache for it: the
    /// sandbox's data is regenerated at each start, so yesterday's cache would mislead.
    pub async fn open_demo(data_dir: &Path, events: Arc<dyn SyncEvents>) -> Result<Self, AppError> {
        let sandbox = Sandbox::start(SandboxConfig::demo())
            .await
            .map_err(|error| AppError::Io {
                message: format!("the demo could not start: {error}"),
            })?;
        let cache_path = cache_path(data_dir, DEMO_ID);
        remove_database(&cache_path)?;
        let cache = Arc::new(Cache::open(&cache_path)?);
        let client = static_client(
            &sandbox.base_url(),
            sandbox.location_id(),
            sandbox.token(),
            request_log(&cache),
        )?;
        let info = SessionInfo {
            kind: SessionKind::Demo,
            id: DEMO_ID.to_owned(),
            name: "Demo workspace".to_owned(),
            environment: "Sandbox".to_owned(),
            base_url: sandbox.base_url(),
            location_id: sandbox.location_id().to_owned(),
            write_access: WriteAccess::Granted,
            status: ProfileStatus::Connected,
            credentials_problem: None,
        };
        Ok(Self::assemble(info, client, cache, events, Some(sandbox)))
    }

    /// Opens a profile's cache and client. When its credentials cannot be loaded the
    /// session still opens, read-only, and says why.
    pub fn open_profile(
        accounts: &Accounts,
        reference: &str,
        events: Arc<dyn SyncEvents>,
    ) -> Result<Self, AppError> {
        let profile = accounts.profile(reference)?;
        let cache = Arc::new(Cache::open(&cache_path(accounts.data_dir(), &profile.id))?);
        let sink = request_log(&cache);
        let (client, credentials_problem) =
            match accounts.client_with_sink(&profile.id, Some(sink.clone())) {
                Ok(client) => (client, None),
                Err(error) => {
                    // A client that cannot authenticate: every request fails before it is sent.
                    let client = static_client(&profile.base_url, &profile.location_id, "", sink)?;
                    (client, Some(AppError::from(error)))
                }
            };
        let info = SessionInfo {
            kind: SessionKind::Profile,
            id: profile.id.clone(),
            name: profile.name.clone(),
            environment: profile.environment.clone(),
            base_url: profile.base_url.clone(),
            location_id: profile.location_id.clone(),
            write_access: profile.write_access.clone(),
            status: profile.status.clone(),
            credentials_problem,
        };
        Ok(Self::assemble(info, client, cache, events, None))
    }

    /// Syncs every profile at once, each through its own session: its own client, so its
    /// location's own rate budget (HighLevel counts per location) and daily reserve, in
    /// which a click on that location still goes first. One location's failure stops
    /// none of the others. `events` gives each profile its listener.
    pub async fn sync_locations(
        accounts: &Accounts,
        profiles: &[Profile],
        scope: SyncScope,
        events: impl Fn(&Profile) -> Arc<dyn SyncEvents>,
    ) -> Vec<Result<SyncReport, AppError>> {
        let opened: Vec<Result<Session, AppError>> = profiles
            .iter()
            .map(|profile| {
                Self::open_profile(accounts, &profile.id, events(profile))
                    .and_then(|session| session.ensure_credentials().map(|()| session))
            })
            .collect();
        let syncers: Vec<Arc<Syncer>> = opened
            .iter()
            .flatten()
            .map(|session| session.syncer().clone())
            .collect();
        let mut reports = Self::sync_all(&syncers, scope).await.into_iter();
        opened
            .into_iter()
            .map(|session| match session {
                Ok(_) => reports.next().unwrap_or(Err(AppError::Cancelled)),
                Err(error) => Err(error),
            })
            .collect()
    }

    /// Runs the syncers at once on the background sync runtime, apart from the one that
    /// answers clicks: a sync writes its cache from its tasks (SQLite blocks), and twenty
    /// of them on the clicks' workers would make a click wait for a worker.
    pub async fn sync_all(
        syncers: &[Arc<Syncer>],
        scope: SyncScope,
    ) -> Vec<Result<SyncReport, AppError>> {
        let runtime = match background_runtime() {
            Ok(runtime) => runtime,
            Err(error) => return syncers.iter().map(|_| Err(error.clone())).collect(),
        };
        let runs = syncers.iter().map(|syncer| {
            let syncer = syncer.clone();
            runtime.spawn(async move { syncer.run(scope).await })
        });
        futures_util::future::join_all(runs)
            .await
            .into_iter()
            .map(|joined| match joined {
                Ok(report) => Ok(report?),
                Err(error) => Err(AppError::Io {
                    message: format!("a location's sync stopped: {error}"),
                }),
            })
            .collect()
    }

    /// The session around its parts, with a sync engine of its own.
    fn assemble(
        info: SessionInfo,
        client: Client,
        cache: Arc<Cache>,
        events: Arc<dyn SyncEvents>,
        sandbox: Option<Sandbox>,
    ) -> Self {
        let connectivity = Arc::new(ConnectivityMonitor::default());
        Self {
            info,
            syncer: Syncer::new(client, cache, events, connectivity),
            _sandbox: sandbox,
        }
    }

    /// As `open_profile`, but a damaged cache is removed and rebuilt by the next sync:
    /// it only ever holds copies of HighLevel's data, so nothing else is lost. The app
    /// does this (and says so); the CLI reports the damage instead.
    pub fn open_profile_rebuilding(
        accounts: &Accounts,
        reference: &str,
        events: Arc<dyn SyncEvents>,
    ) -> Result<Self, AppError> {
        match Self::open_profile(accounts, reference, events.clone()) {
            Err(AppError::CacheDamaged { path, detail }) => {
                // A sync of this profile in another process (a cron job) still writes
                // to it: then the damage stands until that run ends.
                let Ok(Some(_no_sync)) =
                    FileLock::try_acquire(&lock_path(Path::new(&path), "sync"))
                else {
                    return Err(AppError::CacheDamaged { path, detail });
                };
                tracing::warn!(%path, %detail, "the cache is damaged; rebuilding it");
                remove_database(Path::new(&path))?;
                let session = Self::open_profile(accounts, reference, events.clone())?;
                events.cache_rebuilt(&session.info.name, &detail);
                Ok(session)
            }
            other => other,
        }
    }

    pub fn info(&self) -> &SessionInfo {
        &self.info
    }

    pub fn syncer(&self) -> &Arc<Syncer> {
        &self.syncer
    }

    /// Fails with the credentials problem, if there is one, before anything is sent.
    pub fn ensure_credentials(&self) -> Result<(), AppError> {
        match &self.info.credentials_problem {
            Some(problem) => Err(problem.clone()),
            None => Ok(()),
        }
    }
}

/// `<data dir>/profiles/<id>/cache.sqlite`: removed with the profile.
pub fn cache_path(data_dir: &Path, profile_id: &str) -> std::path::PathBuf {
    crate::paths::profile_dir(data_dir, profile_id).join("cache.sqlite")
}

/// A client whose token never changes (the demo's sandbox token, or none at all).
fn static_client(
    base_url: &str,
    location_id: &str,
    token: &str,
    sink: Arc<dyn RecordSink>,
) -> Result<Client, AppError> {
    let config = ClientConfig::new(base_url, location_id)?;
    let token = Arc::new(StaticToken::new(token.to_owned().into()));
    let budget = Arc::new(RateBudget::highlevel_default());
    Ok(Client::with_parts(config, token, budget, Some(sink))?)
}

/// Every request record goes to the profile's request log.
fn request_log(cache: &Arc<Cache>) -> Arc<dyn RecordSink> {
    let cache = cache.clone();
    Arc::new(move |record: &RequestRecord| {
        if let Err(error) = cache.log_request(record) {
            tracing::warn!(%error, "a request record could not be logged");
        }
    })
}

/// The runtime background syncs of many locations run on, made on first use and kept for
/// the process (a runtime cannot be dropped from async code).
pub(crate) fn background_runtime() -> Result<&'static tokio::runtime::Runtime, AppError> {
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    let built = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("contact-desk-sync")
            .enable_all()
            .build()
            .map_err(|error| error.to_string())
    });
    built.as_ref().map_err(|error| AppError::Io {
        message: format!("the background sync runtime could not start: {error}"),
    })
}

/// Deletes a cache database with its WAL and shared-memory files (absent ones are fine).
pub fn remove_database(path: &Path) -> Result<(), AppError> {
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(AppError::Io {
                    message: format!("could not reset {}: {error}", file.display()),
                })
            }
        }
    }
    Ok(())
}
