//! `contact-desk api <operation>`: one subcommand per Contacts endpoint, named by
//! HighLevel's operationId; the decoded response is printed as JSON.

use std::process::ExitCode;
use std::sync::Arc;

use clap::builder::RangedI64ValueParser;
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches, Subcommand};
use secrecy::SecretString;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::accounts::{Accounts, AccountsError};
use crate::highlevel::operation::{ApiResponse, Endpoint, Kind, Operation, Parameter, ENDPOINTS};
use crate::highlevel::{Client, ClientConfig, Error, StaticToken, DEFAULT_BASE_URL};
use crate::writes::check_operation;

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// HighLevel's API address (the sandbox prints its own); overrides the active
    /// profile's, and defaults to HighLevel's with CONTACT_DESK_TOKEN.
    #[arg(long, env = "CONTACT_DESK_BASE_URL")]
    base_url: Option<String>,
    /// The sub-account (location) id; overrides the active profile's, and is required
    /// with CONTACT_DESK_TOKEN.
    #[arg(long, env = "CONTACT_DESK_LOCATION")]
    location: Option<String>,
    #[command(subcommand)]
    request: Request,
}

/// A token from CONTACT_DESK_TOKEN wins over the active profile; a token never comes
/// from an argument (shell history).
pub const TOKEN_ENV: &str = "CONTACT_DESK_TOKEN";

/// The endpoint named on the command line with its arguments; the subcommands are
/// built from [`ENDPOINTS`]. The body is parsed when the call runs, so a bad one is
/// invalid input (exit 5) rather than a usage error.
#[derive(Debug)]
struct Request {
    endpoint: &'static Endpoint,
    parameters: Map<String, Value>,
    /// The body parameter's name and `--data`'s text.
    body: Option<(&'static str, String)>,
}

impl Request {
    fn operation(self) -> Result<Operation, Error> {
        let mut parameters = self.parameters;
        if let Some((name, body)) = &self.body {
            parameters.insert(
                (*name).into(),
                serde_json::from_str(body).map_err(bad_body)?,
            );
        }
        parameters.insert("operation".into(), self.endpoint.operation.into());
        serde_json::from_value(Value::Object(parameters)).map_err(bad_body)
    }
}

fn bad_body(error: serde_json::Error) -> Error {
    Error::Invalid {
        message: format!("--data is not a valid request body: {error}"),
    }
}

impl FromArgMatches for Request {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let (name, matches) = matches
            .subcommand()
            .ok_or_else(|| clap::Error::new(ErrorKind::MissingSubcommand))?;
        let endpoint = ENDPOINTS
            .iter()
            .find(|endpoint| endpoint.operation_id == name)
            .ok_or_else(|| clap::Error::new(ErrorKind::InvalidSubcommand))?;
        let mut parameters = Map::new();
        let mut body = None;
        for parameter in endpoint.parameters {
            let name = parameter.name;
            let value = match parameter.kind {
                Kind::Json => {
                    body = matches
                        .get_one::<String>(name)
                        .map(|text| (name, text.clone()));
                    continue;
                }
                Kind::Id | Kind::Text => matches.get_one::<String>(name).map(|v| json!(v)),
                Kind::Count => matches.get_one::<u32>(name).map(|v| json!(v)),
                Kind::Millis => matches.get_one::<i64>(name).map(|v| json!(v)),
                Kind::Flag => Some(json!(matches.get_flag(name))),
            };
            parameters.insert(name.into(), value.unwrap_or(Value::Null));
        }
        Ok(Request {
            endpoint,
            parameters,
            body,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Subcommand for Request {
    fn augment_subcommands(command: Command) -> Command {
        command.subcommands(ENDPOINTS.iter().map(subcommand))
    }

    fn augment_subcommands_for_update(command: Command) -> Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        ENDPOINTS
            .iter()
            .any(|endpoint| endpoint.operation_id == name)
    }
}

/// `contact-desk api <operationId>`, its flags the endpoint's parameters.
fn subcommand(endpoint: &'static Endpoint) -> Command {
    Command::new(endpoint.operation_id)
        .about(format!(
            "{} {}: {}",
            endpoint.method.as_str(),
            endpoint.path,
            endpoint.summary
        ))
        .args(endpoint.parameters.iter().map(argument))
}

fn argument(parameter: &'static Parameter) -> Arg {
    let arg = Arg::new(parameter.name)
        .long(parameter.flag)
        .value_name(parameter.flag.to_uppercase().replace('-', "_"))
        .required(parameter.required)
        .help((!parameter.help.is_empty()).then_some(parameter.help))
        .conflicts_with_all(parameter.conflicts);
    let arg = match parameter.default {
        Some(default) => arg.default_value(default),
        None => arg,
    };
    let arg = match parameter.requires {
        Some(other) => arg.requires(other),
        None => arg,
    };
    match parameter.kind {
        Kind::Id | Kind::Text => arg,
        Kind::Count => arg.value_parser(count(parameter.range)),
        Kind::Millis => arg.value_parser(clap::value_parser!(i64)),
        Kind::Flag => arg.action(ArgAction::SetTrue),
        Kind::Json => arg.value_parser(request_body),
    }
}

fn count(range: Option<(u32, u32)>) -> RangedI64ValueParser<u32> {
    let parser = clap::value_parser!(u32);
    match range {
        Some((low, high)) => parser.range(i64::from(low)..=i64::from(high)),
        None => parser,
    }
}

#[derive(Serialize)]
struct Succeeded {
    succeeded: bool,
}

pub fn run(args: ApiArgs) -> ExitCode {
    let outcome = super::runtime()
        .map_err(AccountsError::from)
        .and_then(|runtime| runtime.block_on(call(args)));
    match outcome {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(AccountsError::Api(error)) => {
            eprintln!("contact-desk api: {:?}: {error}", error.class());
            super::exit::failure(error)
        }
        Err(error) => {
            eprintln!("contact-desk api: {error}");
            super::exit::failure(error)
        }
    }
}

async fn call(args: ApiArgs) -> Result<String, AccountsError> {
    let connection = connect(args.base_url.as_deref(), args.location.as_deref())?;
    let is_write = args.request.endpoint.is_write();
    let api = connection.client.interactive();
    let outcome = match args.request.operation() {
        Ok(operation) => match check_operation(operation) {
            Ok(operation) => operation.execute(&api).await,
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    if let (true, Some((accounts, profile_id))) = (is_write, &connection.profile) {
        // What HighLevel said about this write is what the app knows about write access.
        accounts.note_write_outcome(profile_id, &outcome)?;
    }
    Ok(printed(&outcome?))
}

/// The response as JSON; a delete or an enrollment prints `{"succeeded": true}`.
fn printed(response: &ApiResponse) -> String {
    match response {
        ApiResponse::Deleted | ApiResponse::Succeeded => pretty(&Succeeded { succeeded: true }),
        response => pretty(response),
    }
}

/// The client `api` calls through, and the profile it belongs to (none for a token
/// from the environment).
pub struct Connection {
    pub client: Client,
    pub profile: Option<(Accounts, String)>,
}

/// CONTACT_DESK_TOKEN when set, else the active profile; `base_url` and `location`
/// override the profile's.
pub fn connect(
    base_url: Option<&str>,
    location: Option<&str>,
) -> Result<Connection, AccountsError> {
    if let Some(token) = env_token() {
        let location = location.ok_or_else(|| {
            AccountsError::invalid(format!(
                "--location (or CONTACT_DESK_LOCATION) is required with {TOKEN_ENV}"
            ))
        })?;
        let config = ClientConfig::new(base_url.unwrap_or(DEFAULT_BASE_URL), location)?;
        let client = Client::new(config, Arc::new(StaticToken::new(token)))?;
        return Ok(Connection {
            client,
            profile: None,
        });
    }
    let accounts = super::profile::open_accounts()?;
    let profile = accounts.active()?.ok_or(AccountsError::NoActiveProfile)?;
    let client = match (base_url, location) {
        (None, None) => accounts.client(&profile.id)?,
        _ => {
            let config = ClientConfig::new(
                base_url.unwrap_or(&profile.base_url),
                location.unwrap_or(&profile.location_id),
            )?;
            Client::new(config, accounts.credentials(&profile.id)?)?
        }
    };
    Ok(Connection {
        client,
        profile: Some((accounts, profile.id)),
    })
}

fn env_token() -> Option<SecretString> {
    let token = std::env::var(TOKEN_ENV).ok()?;
    let token = token.trim();
    (!token.is_empty()).then(|| SecretString::from(token.to_owned()))
}

/// `--data`'s value as given, or read from the file after `@`, or from stdin for `-`.
fn request_body(value: &str) -> Result<String, String> {
    let read = if value == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|error| format!("cannot read the body from stdin: {error}"))
    } else if let Some(path) = value.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))
    } else {
        return Ok(value.to_owned());
    };
    read.map(|body| body.trim_start_matches('\u{feff}').to_owned())
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}
