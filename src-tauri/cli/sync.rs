//! `contact-desk sync`: one sync run for a profile, with a progress bar; `--all` syncs
//! every location of the active agency at once.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::exit::Exit;
use super::profile::open_accounts;
use super::shared::{fail, profile};
use crate::accounts::{Accounts, AccountsError, Profile};
use crate::cache::ChangeEvent;
use crate::error::AppError;
use crate::locks::{lock_path, FileLock};
use crate::session::{cache_path, remove_database, Session};
use crate::sync::{Connectivity, SyncEvents, SyncPhase, SyncProgress, SyncReport, SyncScope};

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Fetch everything again: every contact and appointment in bulk, then every
    /// contact's tasks, notes and appointments one by one (costly: use it rarely).
    #[arg(long, conflicts_with = "list_only")]
    deep: bool,
    /// Only bring the contacts up to date.
    #[arg(long)]
    list_only: bool,
    /// The profile to sync (id or name); the active one by default.
    #[arg(long, conflicts_with = "all")]
    profile: Option<String>,
    /// Sync every location of the active profile's agency (every connected profile when
    /// it has none) at once, each within its own location's rate limit.
    #[arg(long, conflicts_with = "rebuild")]
    all: bool,
    /// Throw the cache away first and fetch everything again (the way out of a damaged
    /// cache: it only holds copies of HighLevel's data).
    #[arg(long)]
    rebuild: bool,
}

pub fn run(args: SyncArgs) -> ExitCode {
    if args.all {
        return sync_all(scope_of(&args));
    }
    match sync(args) {
        Ok(report) => {
            print_summary(&report);
            match partial_failure(&report) {
                Some(summary) => {
                    eprintln!("contact-desk sync: {summary}");
                    Exit::PartialSync.into()
                }
                None => ExitCode::SUCCESS,
            }
        }
        Err(error) => fail("sync", &error),
    }
}

/// "details of 12 of 250 contacts failed: <first error>", when any did.
fn partial_failure(report: &SyncReport) -> Option<String> {
    (report.details_failed > 0).then(|| {
        format!(
            "details of {} of {} contacts failed: {}",
            report.details_failed,
            report.details_queued,
            report.first_failure.as_deref().unwrap_or("unknown error")
        )
    })
}

fn print_summary(report: &SyncReport) {
    println!(
        "synced: {} contacts listed, {} gone, tasks of {} contacts, {} open tasks watched, \
         {} appointments, notes of {}, details of {} fetched ({} failed), {} task changes, \
         {} requests{}",
        report.contacts_listed,
        report.contacts_hidden,
        report.tasks_refreshed,
        report.open_tasks_watched,
        report.appointments,
        report.notes_fetched,
        report.details_fetched,
        report.details_failed,
        report.changes,
        report.requests,
        if report.cancelled {
            " (cancelled; the next run resumes)"
        } else {
            ""
        }
    );
}

fn sync(args: SyncArgs) -> Result<SyncReport, AppError> {
    let accounts = open_accounts()?;
    let profile = profile(&accounts, args.profile.as_deref())?;
    if args.rebuild {
        rebuild(&accounts, &profile)?;
    }
    let runtime = super::runtime()?;
    let synced = runtime.block_on(async {
        let bar = Arc::new(Bar::new());
        let session = Session::open_profile(&accounts, &profile.id, bar.clone())?;
        session.ensure_credentials()?;
        say_if_another_run_holds(&bar, &cache_path(accounts.data_dir(), &profile.id));
        let syncer = session.syncer().clone();
        let cancel = syncer.clone();
        // Ctrl-C stops after the request in flight; what was stored stays, and resumes.
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.cancel();
            }
        });
        let report = syncer.run(scope_of(&args)).await;
        bar.finish();
        Ok(report?)
    });
    ensure_profile_kept(&accounts, &profile, synced)
}

fn scope_of(args: &SyncArgs) -> SyncScope {
    match (args.deep, args.list_only) {
        (true, _) => SyncScope::Deep,
        (_, true) => SyncScope::Contacts,
        _ => SyncScope::Standard,
    }
}

/// One line per location; exits with the worst outcome (a failed location's code, else
/// 10 when some contacts' details failed).
fn sync_all(scope: SyncScope) -> ExitCode {
    let synced = sync_every_location(scope);
    let results = match synced {
        Ok(results) => results,
        Err(error) => return fail("sync", &error),
    };
    let mut exit = ExitCode::SUCCESS;
    for (profile, result) in &results {
        match result {
            Ok(report) => {
                print!("{}: ", profile.name);
                print_summary(report);
                if let Some(summary) = partial_failure(report) {
                    eprintln!("contact-desk sync: {}: {summary}", profile.name);
                    exit = Exit::PartialSync.into();
                }
            }
            Err(error) => exit = fail(&format!("sync: {}", profile.name), error),
        }
    }
    println!(
        "{} locations synced.",
        results.iter().filter(|(_, r)| r.is_ok()).count()
    );
    exit
}

type LocationOutcome = (Profile, Result<SyncReport, AppError>);

fn sync_every_location(scope: SyncScope) -> Result<Vec<LocationOutcome>, AppError> {
    let accounts = open_accounts()?;
    let profiles = accounts.all_locations()?;
    if profiles.is_empty() {
        return Err(AccountsError::NoActiveProfile.into());
    }
    let runtime = super::runtime()?;
    let quiet = |_: &Profile| -> Arc<dyn SyncEvents> { Arc::new(Quiet) };
    let reports = runtime.block_on(Session::sync_locations(&accounts, &profiles, scope, quiet));
    Ok(profiles.into_iter().zip(reports).collect())
}

/// Several bars at once would garble the terminal: `--all` prints a line per location.
struct Quiet;

impl SyncEvents for Quiet {}

/// A profile removed while it synced has lost its cache with it: whatever the run did,
/// it kept nothing, so it is no success (and any file it recreated goes too).
fn ensure_profile_kept(
    accounts: &Accounts,
    profile: &Profile,
    synced: Result<SyncReport, AppError>,
) -> Result<SyncReport, AppError> {
    match accounts.profile(&profile.id) {
        Err(AccountsError::UnknownProfile { .. }) => {
            remove_leftovers(&accounts.profile_data_dir(&profile.id));
            Err(AppError::NotFound {
                message: format!(
                    "the profile {} was removed while it synced; nothing was kept",
                    profile.name
                ),
            })
        }
        _ => synced,
    }
}

fn remove_leftovers(dir: &std::path::Path) {
    match std::fs::remove_dir_all(dir) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            tracing::warn!(%error, "a removed profile's leftover cache could not be deleted");
        }
        _ => {}
    }
}

/// A cron log should say why a run sat idle: the sync waits for the other run to end.
fn say_if_another_run_holds(bar: &Bar, cache: &std::path::Path) {
    if let Ok(None) = FileLock::try_acquire(&lock_path(cache, "sync")) {
        // stderr, not the bar: a bar that is not on a terminal prints nothing.
        bar.bar.suspend(|| {
            eprintln!(
                "contact-desk sync: another sync of this profile is running; waiting for it to end"
            );
        });
    }
}

/// Deletes the profile's cache once no sync of it runs (it waits for one that does).
fn rebuild(accounts: &Accounts, profile: &Profile) -> Result<(), AppError> {
    let path = cache_path(accounts.data_dir(), &profile.id);
    let locked = std::fs::create_dir_all(accounts.profile_data_dir(&profile.id))
        .and_then(|()| FileLock::acquire(&lock_path(&path, "sync")));
    let _no_sync = locked.map_err(|error| AppError::Io {
        message: format!("could not lock {}: {error}", path.display()),
    })?;
    remove_database(&path)?;
    eprintln!(
        "contact-desk sync: removed the cache of {}; fetching everything again",
        profile.name
    );
    Ok(())
}

/// The sync's progress as a terminal bar (drawn only on a terminal).
struct Bar {
    bar: ProgressBar,
}

impl Bar {
    fn new() -> Self {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Self { bar }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl SyncEvents for Bar {
    fn progress(&self, progress: &SyncProgress) {
        self.bar.set_prefix(match progress.phase {
            SyncPhase::Contacts => "contacts",
            SyncPhase::Tasks => "tasks",
            SyncPhase::Appointments => "appointments",
            SyncPhase::Notes => "notes",
            SyncPhase::Details => "details",
            SyncPhase::Idle => "done",
        });
        self.bar
            .set_length(u64::from(progress.total.unwrap_or(progress.done)));
        self.bar.set_position(u64::from(progress.done));
        let eta = progress
            .eta_seconds
            .map(|s| format!(", ~{s} s left"))
            .unwrap_or_default();
        self.bar.set_message(format!(
            "{} requests, {} free in the window{eta}",
            progress.requests, progress.budget_left
        ));
    }

    fn changes(&self, events: &[ChangeEvent], _watched: bool) {
        for event in events {
            self.bar.println(format!(
                "{:?}: {} · {}",
                event.kind, event.contact_name, event.title
            ));
        }
    }

    fn connectivity(&self, connectivity: &Connectivity) {
        if !connectivity.online {
            self.bar.println(format!(
                "offline: {}",
                connectivity.reason.as_deref().unwrap_or("no connection")
            ));
        }
    }
}
