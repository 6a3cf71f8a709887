//! `contact-desk sandbox`: a local HighLevel for demos, tests and benchmarks, until Ctrl-C.

use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use crate::sandbox::{Churn, FaultKind, RateLimit, Sandbox, SandboxConfig};

/// The flags of `contact-desk sandbox`; every default is the demo's.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Bearer token with contacts.readonly and contacts.write (default: derived from the seed).
    #[arg(long)]
    token: Option<String>,
    /// A second token with contacts.readonly only (default: derived from the seed).
    #[arg(long)]
    readonly_token: Option<String>,
    /// The location (sub-account) id (default: derived from the seed).
    #[arg(long = "location")]
    location_id: Option<String>,
    /// Same seed and --today, same data.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// How many contacts to seed.
    #[arg(long, default_value_t = 250)]
    contacts: u32,
    /// How many businesses the contacts belong to (about 85 % belong to one).
    #[arg(long, default_value_t = 12)]
    businesses: u32,
    /// The date seeded data is anchored to, YYYY-MM-DD (default: today, UTC).
    #[arg(long)]
    today: Option<jiff::civil::Date>,
    /// Delay added to every API response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// How long a contact's change takes to show in POST /contacts/search, in milliseconds.
    #[arg(long, default_value_t = 0)]
    search_lag_ms: u64,
    /// Burst limit per location: <max>/<n>s or <max>/<n>ms.
    #[arg(long, default_value = "100/10s")]
    rate_limit: RateLimit,
    /// Requests per location per day.
    #[arg(long, default_value_t = 200_000)]
    daily_limit: u32,
    /// Chance from 0 to 1 that an API request fails with one of --faults.
    #[arg(long, default_value_t = 0.0, value_parser = fault_rate)]
    fault_rate: f64,
    /// Faults to draw from, comma-separated: 500, 502, timeout, reset, malformed-json, html
    /// (default: all).
    #[arg(long, value_delimiter = ',')]
    faults: Vec<FaultKind>,
    /// Changes people make in HighLevel meanwhile, <changes>/min (e.g. 60/min): contact
    /// edits, tasks completed, reopened, created and deleted, notes, now and then a contact
    /// added or deleted; the same seed makes the same changes.
    #[arg(long)]
    churn: Option<Churn>,
    /// Every contact gets exactly this many tasks (default: 0 to 6, drawn by the seed).
    #[arg(long)]
    tasks_per_contact: Option<u32>,
    /// How many locations (sub-accounts) the agency has: the first as the flags above
    /// say, the others seeded alike from seed + 1, seed + 2, … with their own tokens and
    /// rate limits; the agency OAuth endpoints list them and mint their tokens.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=500))]
    locations: u32,
    /// The OAuth app's client id (default: derived from the seed).
    #[arg(long, requires = "client_secret")]
    client_id: Option<String>,
    /// The OAuth app's client secret.
    #[arg(long, requires = "client_id")]
    client_secret: Option<String>,
}

pub fn run(args: SandboxArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("contact-desk sandbox: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args.into_config())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("contact-desk sandbox: {error}");
            ExitCode::FAILURE
        }
    }
}

impl SandboxArgs {
    fn into_config(self) -> SandboxConfig {
        let mut config = SandboxConfig::seeded(self.seed);
        config.port = self.port;
        if let Some(token) = self.token {
            config.token = token;
        }
        if let Some(token) = self.readonly_token {
            config.readonly_token = Some(token);
        }
        if let Some(location_id) = self.location_id {
            config.location_id = location_id;
        }
        config.contacts = self.contacts;
        config.businesses = self.businesses;
        config.tasks_per_contact = self.tasks_per_contact;
        config.churn = self.churn;
        config.locations = self.locations;
        if let Some(today) = self.today {
            config.today = today;
        }
        config.latency = Duration::from_millis(self.latency_ms);
        config.search_lag = Duration::from_millis(self.search_lag_ms);
        config.rate_limit = self.rate_limit;
        config.daily_limit = self.daily_limit;
        config.fault_rate = self.fault_rate;
        if !self.faults.is_empty() {
            config.fault_kinds = self.faults;
        }
        if let (Some(client_id), Some(client_secret)) = (self.client_id, self.client_secret) {
            config.oauth.client_id = client_id;
            config.oauth.client_secret = client_secret;
        }
        config
    }
}

async fn serve(config: SandboxConfig) -> std::io::Result<()> {
    let readonly_token = config.readonly_token.clone();
    let oauth = config.oauth.clone();
    let sandbox = Sandbox::start(config).await?;
    println!("base_url: {}", sandbox.base_url());
    println!("token: {}", sandbox.token());
    if let Some(token) = readonly_token {
        println!("readonly_token: {token}");
    }
    println!("location_id: {}", sandbox.location_id());
    println!("client_id: {}", oauth.client_id);
    println!("client_secret: {}", oauth.client_secret);
    let locations = sandbox.locations();
    if locations.len() > 1 {
        println!("company_id: {}", sandbox.company_id());
        println!("agency_token: {}", sandbox.agency_token());
        // `location_N: <id> <token> <name>`, one per line, each key its own.
        for (n, location) in locations.iter().enumerate() {
            let (id, token, name) = (&location.location_id, &location.token, &location.name);
            println!("location_{}: {id} {token} {name}", n + 1);
        }
    }
    println!("ready");
    let stopped = stop_signal().await;
    sandbox.shutdown().await;
    stopped
}

/// Ctrl-C, or SIGTERM where there is one (how service managers and test harnesses stop it).
async fn stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            interrupted = tokio::signal::ctrl_c() => interrupted,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

fn fault_rate(text: &str) -> Result<f64, String> {
    let rate: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    match (0.0..=1.0).contains(&rate) {
        true => Ok(rate),
        false => Err(format!("{rate} is not between 0 and 1")),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Args as Cli, Command};

    fn parse(args: &[&str]) -> Result<SandboxArgs, clap::Error> {
        let cli = Cli::try_parse_from([&["contact-desk", "sandbox"], args].concat())?;
        match cli.command {
            Some(Command::Sandbox(args)) => Ok(*args),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn flags_override_the_seeded_defaults() {
        let config = parse(&[
            "--seed",
            "42",
            "--contacts",
            "10",
            "--today",
            "2025-06-15",
            "--rate-limit",
            "5/500ms",
            "--faults",
            "500,reset",
            "--fault-rate",
            "0.5",
            "--location",
            "myLocation",
            "--client-id",
            "id",
            "--client-secret",
            "secret",
            "--churn",
            "30/min",
            "--tasks-per-contact",
            "3",
            "--search-lag-ms",
            "3000",
            "--locations",
            "20",
        ])
        .unwrap()
        .into_config();
        assert_eq!(config.seed, 42);
        assert_eq!(config.token, SandboxConfig::seeded(42).token);
        assert_eq!(config.today, jiff::civil::date(2025, 6, 15));
        assert_eq!(config.rate_limit.interval, Duration::from_millis(500));
        assert_eq!(
            config.fault_kinds,
            [FaultKind::ServerError, FaultKind::ConnectionReset]
        );
        assert_eq!(config.location_id, "myLocation");
        assert_eq!(config.search_lag, Duration::from_secs(3));
        assert_eq!(
            (config.oauth.client_id.as_str(), config.contacts),
            ("id", 10)
        );
        assert_eq!(config.churn, Some(Churn { per_minute: 30 }));
        assert_eq!(config.tasks_per_contact, Some(3));
        assert_eq!(config.locations, 20);
    }

    #[test]
    fn bad_values_are_refused_with_the_reason() {
        let error = parse(&["--rate-limit", "fast"]).unwrap_err().to_string();
        assert!(
            error.contains("expected <max>/<n>s or <max>/<n>ms"),
            "{error}"
        );
        let error = parse(&["--faults", "500,teapot"]).unwrap_err().to_string();
        assert!(error.contains("unknown fault \"teapot\""), "{error}");
        let error = parse(&["--fault-rate", "2"]).unwrap_err().to_string();
        assert!(error.contains("not between 0 and 1"), "{error}");
        let error = parse(&["--churn", "5/s"]).unwrap_err().to_string();
        assert!(error.contains("expected <changes>/min"), "{error}");
        assert!(parse(&["--client-id", "alone"]).is_err());
        assert!(parse(&["--locations", "0"]).is_err());
    }
}
