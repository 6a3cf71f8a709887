//! `contact-desk profile …`: add, list, switch, test, rotate and remove the HighLevel
//! accounts the app and the `api` command use. Tokens and client secrets are read from
//! stdin or a hidden prompt, never from arguments (they would land in shell history).

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};
use secrecy::SecretString;
use url::Url;

use crate::accounts::oauth::{
    DEFAULT_AUTHORIZATION_TIMEOUT, DEFAULT_AUTHORIZE_URL, DEFAULT_REDIRECT_PORT,
};
use crate::accounts::{
    Accounts, AccountsError, AgencySetup, AuthKind, BrowserStep, NewProfile, OAuthApp, OAuthSetup,
    ProfileStatus, ProfileView, Redirect, WriteAccess,
};
use crate::highlevel::DEFAULT_BASE_URL;
use crate::paths;
use crate::vault::KeychainStore;

#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    command: ProfileCommand,
}

#[derive(Debug, Subcommand)]
enum ProfileCommand {
    /// Add a profile with a Private Integration Token (piped on stdin, else prompted for
    /// without echo); the token is checked with a one-contact read before it is saved.
    Add(AddArgs),
    /// Add a profile through OAuth with your own Marketplace app (client secret piped on
    /// stdin, else prompted for); opens the location chooser in the browser.
    #[command(name = "add-oauth")]
    AddOAuth(AddOAuthArgs),
    /// List the profiles; `*` marks the active one.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Make a profile the active one.
    Use { profile: String },
    /// Check a profile (the active one by default) with a one-contact read.
    Test { profile: Option<String> },
    /// Replace a profile's Private Integration Token (the new one from stdin or a prompt).
    Rotate { profile: String },
    /// Authorize an OAuth profile again after its refresh token stopped working.
    Reconnect {
        profile: String,
        #[command(flatten)]
        browser: BrowserArgs,
    },
    /// Connect an agency through its own agency-level (Company) Marketplace app (client
    /// secret piped on stdin, else prompted for), then list the locations it is installed in.
    #[command(name = "agency-connect")]
    AgencyConnect(AgencyConnectArgs),
    /// Add locations of an OAuth agency as profiles, each with its own location token;
    /// run again later to add more.
    #[command(name = "agency-add")]
    AgencyAdd {
        /// The agency (id or name).
        agency: String,
        /// A location id to add (repeat it); --all adds every installed location.
        #[arg(long = "location", required_unless_present = "all")]
        locations: Vec<String>,
        #[arg(long)]
        all: bool,
    },
    /// Group profiles with their own Private Integration Tokens into one agency (made
    /// when no agency has the name), synced and read together.
    #[command(name = "agency-group")]
    AgencyGroup {
        /// The agency's name.
        agency: String,
        /// The profiles to put in it (ids or names).
        #[arg(required = true)]
        profiles: Vec<String>,
    },
    /// Remove an agency with all its profiles, their keychain entries and cached data.
    #[command(name = "agency-remove")]
    AgencyRemove {
        agency: String,
        /// Do not ask for confirmation (needed when stdin is not a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Remove a profile, its keychain entries and its cached data.
    Remove {
        profile: String,
        /// Do not ask for confirmation (needed when stdin is not a terminal).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
struct AddArgs {
    #[arg(long)]
    name: String,
    #[arg(long, default_value = "Production")]
    environment: String,
    /// The sub-account (location) id.
    #[arg(long)]
    location: String,
    #[arg(long, default_value = DEFAULT_BASE_URL)]
    base_url: String,
}

#[derive(Debug, Args)]
struct AddOAuthArgs {
    #[arg(long)]
    name: String,
    #[arg(long, default_value = "Production")]
    environment: String,
    #[command(flatten)]
    app: AppArgs,
}

#[derive(Debug, Args)]
struct AgencyConnectArgs {
    /// The agency's name.
    #[arg(long)]
    name: String,
    #[command(flatten)]
    app: AppArgs,
}

/// The Marketplace app (a location's, or an agency's) and how its browser step runs.
#[derive(Debug, Args)]
struct AppArgs {
    /// The Marketplace app's client id.
    #[arg(long)]
    client_id: String,
    /// Where the location chooser lives (the sandbox's base URL for the sandbox).
    #[arg(long, default_value = DEFAULT_AUTHORIZE_URL)]
    authorize_url: String,
    #[arg(long, default_value = DEFAULT_BASE_URL)]
    base_url: String,
    #[command(flatten)]
    browser: BrowserArgs,
}

impl AppArgs {
    /// The app with its secret (read from stdin or a prompt), where it lives, and the
    /// browser step.
    fn read(self) -> Result<(OAuthApp, String, Redirect), AccountsError> {
        let client_secret = read_secret("OAuth client secret: ")?;
        let redirect = self.browser.redirect();
        let app = OAuthApp {
            client_id: self.client_id,
            client_secret,
            authorize_url: self.authorize_url,
        };
        Ok((app, self.base_url, redirect))
    }
}

#[derive(Debug, Args)]
struct BrowserArgs {
    /// The loopback port of the redirect URL registered in the app (0: any free port).
    #[arg(long, default_value_t = DEFAULT_REDIRECT_PORT)]
    redirect_port: u16,
    /// Minutes to wait for the browser.
    #[arg(long, default_value_t = DEFAULT_AUTHORIZATION_TIMEOUT.as_secs() / 60)]
    timeout_minutes: u64,
    /// The app's registered redirect URL, when it is not the loopback one: after approving,
    /// paste the address the browser landed on (or the code in it) here.
    #[arg(long)]
    redirect_uri: Option<String>,
}

impl BrowserArgs {
    fn redirect(&self) -> Redirect {
        match &self.redirect_uri {
            Some(redirect_uri) => Redirect::Pasted {
                redirect_uri: redirect_uri.clone(),
                pasted: Box::pin(async {
                    tokio::task::spawn_blocking(read_pasted)
                        .await
                        .map_err(|error| {
                            AccountsError::invalid(format!("could not read it: {error}"))
                        })?
                }),
            },
            None => Redirect::Loopback(BrowserStep {
                redirect_port: self.redirect_port,
                timeout: std::time::Duration::from_secs(self.timeout_minutes.max(1) * 60),
            }),
        }
    }
}

/// One line from the terminal: where the browser landed after approving.
fn read_pasted() -> Result<String, AccountsError> {
    eprint!("Paste the address the browser landed on (or the code): ");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| AccountsError::invalid(format!("could not read it: {error}")))?;
    Ok(line)
}

pub fn run(args: ProfileArgs) -> ExitCode {
    match execute(args.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("contact-desk profile: {error}");
            super::exit::failure(error)
        }
    }
}

/// The accounts of this user's data directory, with secrets in the OS keychain.
pub fn open_accounts() -> Result<Accounts, AccountsError> {
    let data_dir = paths::data_dir().ok_or_else(|| AccountsError::Storage {
        message: format!("no data directory: set {} or HOME", paths::DATA_DIR_ENV),
    })?;
    Ok(Accounts::new(data_dir, Arc::new(KeychainStore::default())))
}

fn execute(command: ProfileCommand) -> Result<ExitCode, AccountsError> {
    let accounts = open_accounts()?;
    let runtime = super::runtime()?;
    match command {
        ProfileCommand::Add(args) => {
            let token = read_secret("Private Integration Token: ")?;
            let settings = NewProfile {
                name: args.name,
                environment: args.environment,
                base_url: args.base_url,
                location_id: args.location,
            };
            let profile = runtime.block_on(accounts.add_private_token(settings, token))?;
            println!("Added {} ({}); the token works.", profile.name, profile.id);
        }
        ProfileCommand::AddOAuth(args) => {
            let (app, base_url, redirect) = args.app.read()?;
            let setup = OAuthSetup {
                name: args.name,
                environment: args.environment,
                base_url,
                app,
                redirect,
            };
            let profile = runtime.block_on(accounts.connect_oauth(setup, open_browser))?;
            println!(
                "Added {} ({}) for location {}.",
                profile.name, profile.id, profile.location_id
            );
        }
        ProfileCommand::AgencyConnect(args) => {
            let (app, base_url, redirect) = args.app.read()?;
            let setup = AgencySetup {
                name: args.name,
                base_url,
                app,
                redirect,
            };
            let agency = runtime.block_on(accounts.connect_agency(setup, open_browser))?;
            println!(
                "Connected the agency {} ({}). Its locations:",
                agency.name, agency.id
            );
            for location in runtime.block_on(accounts.installed_locations(&agency.id))? {
                println!("  {}  {}", location.id, location.name);
            }
            println!(
                "Add them with `contact-desk profile agency-add {} --all` (or --location ID).",
                agency.id
            );
        }
        ProfileCommand::AgencyAdd {
            agency,
            locations,
            all,
        } => {
            let chosen = match all {
                true => runtime
                    .block_on(accounts.installed_locations(&agency))?
                    .into_iter()
                    .map(|location| location.id)
                    .collect(),
                false => locations,
            };
            let added = runtime.block_on(accounts.add_agency_locations(&agency, &chosen))?;
            for profile in &added {
                println!(
                    "Added {} ({}) for location {}.",
                    profile.name, profile.id, profile.location_id
                );
            }
            println!("{} locations added.", added.len());
        }
        ProfileCommand::AgencyGroup { agency, profiles } => {
            let agency = accounts.group_into_agency(&agency, &profiles)?;
            println!(
                "{} profiles are in the agency {} ({}).",
                profiles.len(),
                agency.name,
                agency.id
            );
        }
        ProfileCommand::List { json } => print_list(&accounts.list()?, json),
        ProfileCommand::Use { profile } => {
            let profile = accounts.use_profile(&profile)?;
            println!("Now using {} ({}).", profile.name, profile.id);
        }
        ProfileCommand::Test { profile } => {
            let reference = match profile {
                Some(reference) => reference,
                None => accounts.active()?.ok_or(AccountsError::NoActiveProfile)?.id,
            };
            let report = runtime.block_on(accounts.test_connection(&reference))?;
            let total = report
                .contact_total
                .map_or_else(|| "unknown".to_owned(), |total| total.to_string());
            match report.error {
                None => println!(
                    "ok: {total} contacts; write access {}",
                    write_access(&report.write_access)
                ),
                Some(error) => {
                    eprintln!("contact-desk profile: test failed: {error}");
                    return Ok(super::exit::failure(error));
                }
            }
        }
        ProfileCommand::Rotate { profile } => {
            let token = read_secret("New Private Integration Token: ")?;
            let profile = runtime.block_on(accounts.rotate(&profile, token))?;
            println!(
                "Rotated the token of {}; the old one is no longer stored.",
                profile.name
            );
        }
        ProfileCommand::Reconnect { profile, browser } => {
            let reconnect = accounts.reconnect_oauth(&profile, browser.redirect(), open_browser);
            let profile = runtime.block_on(reconnect)?;
            println!("Reconnected {}.", profile.name);
        }
        ProfileCommand::Remove { profile, yes } => {
            let profile = accounts.profile(&profile)?;
            if !yes && !confirm_removal(&format!("{} ({})", profile.name, profile.id))? {
                eprintln!("Nothing removed.");
                return Ok(ExitCode::FAILURE);
            }
            accounts.remove(&profile.id)?;
            println!(
                "Removed {} with its keychain entries and cached data.",
                profile.name
            );
        }
        ProfileCommand::AgencyRemove { agency, yes } => {
            let agency = accounts.agency(&agency)?;
            let what = format!(
                "the agency {} ({}) with all its profiles",
                agency.name, agency.id
            );
            if !yes && !confirm_removal(&what)? {
                eprintln!("Nothing removed.");
                return Ok(ExitCode::FAILURE);
            }
            accounts.remove_agency(&agency.id)?;
            println!("Removed {what}, their keychain entries and cached data.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Piped input is one line; at a terminal the prompt does not echo what is typed.
fn read_secret(prompt: &str) -> Result<SecretString, AccountsError> {
    let stdin = std::io::stdin();
    let read = if stdin.is_terminal() {
        rpassword::prompt_password(prompt)
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map(|_| line)
    };
    let text =
        read.map_err(|error| AccountsError::invalid(format!("could not read it: {error}")))?;
    Ok(SecretString::from(text))
}

/// The URL goes to stderr too: the browser may not open (no desktop, a remote shell).
fn open_browser(url: &Url) {
    eprintln!("Open this address to choose the sub-account and approve the app:\n{url}");
    if let Err(error) = open::that_detached(url.as_str()) {
        eprintln!("(the browser could not be opened: {error})");
    }
}

fn confirm_removal(what: &str) -> Result<bool, AccountsError> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(AccountsError::invalid(
            "stdin is not a terminal: pass --yes to remove without confirmation",
        ));
    }
    eprint!("Remove {what}, its keychain entries and cached data? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|error| AccountsError::invalid(format!("could not read the answer: {error}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

fn print_list(views: &[ProfileView], json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(views).unwrap_or_default()
        );
        return;
    }
    if views.is_empty() {
        println!("No profiles yet: add one with `contact-desk profile add`.");
        return;
    }
    let header = [
        "  NAME",
        "ID",
        "ENVIRONMENT",
        "LOCATION",
        "AUTH",
        "TOKEN",
        "AGE",
        "STATUS",
    ];
    let rows: Vec<[String; 8]> = views.iter().map(row).collect();
    let mut widths = header.map(|cell| cell.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let render = |cells: [&str; 8]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    println!("{}", render(header));
    for row in &rows {
        println!("{}", render(row.each_ref().map(String::as_str)));
    }
}

fn row(view: &ProfileView) -> [String; 8] {
    let profile = &view.profile;
    let auth = match profile.auth {
        AuthKind::PrivateToken => "token",
        AuthKind::OAuth { .. } => "oauth",
        AuthKind::AgencyOAuth => "agency oauth",
    };
    let mut status = match &profile.status {
        ProfileStatus::Connected => "connected".to_owned(),
        ProfileStatus::ReconnectRequired { reason } => format!("reconnect required: {reason}"),
    };
    if view.needs_rotation {
        status.push_str(" · rotate the token");
    }
    [
        format!("{} {}", if view.active { "*" } else { " " }, profile.name),
        profile.id.clone(),
        profile.environment.clone(),
        profile.location_id.clone(),
        auth.to_owned(),
        view.token_hint
            .clone()
            .unwrap_or_else(|| "(keychain locked)".to_owned()),
        format!("{} d", view.token_age_days),
        status,
    ]
}

fn write_access(access: &WriteAccess) -> String {
    match access {
        WriteAccess::Unknown => "unknown until the first write".to_owned(),
        WriteAccess::Granted => "granted".to_owned(),
        WriteAccess::Missing { reason } => format!("missing ({reason})"),
    }
}
