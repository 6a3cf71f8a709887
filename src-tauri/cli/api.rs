//! `contact-desk api <operation>`: one subcommand per Contacts endpoint, named by
//! HighLevel's operationId; the decoded response is printed as JSON.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::accounts::{Accounts, AccountsError};
use crate::highlevel::{
    BusinessQuery, Client, ClientConfig, ContactFields, ContactQuery, Cursor, Error, NewTask,
    StaticToken, TaskChanges, DEFAULT_BASE_URL, MAX_PAGE_SIZE,
};

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
    operation: Operation,
}

/// A token from CONTACT_DESK_TOKEN wins over the active profile; a token never comes
/// from an argument (shell history).
pub const TOKEN_ENV: &str = "CONTACT_DESK_TOKEN";

#[derive(Debug, Subcommand)]
enum Operation {
    /// GET /contacts/:contactId
    GetContact(ContactId),
    /// GET /contacts/:contactId/tasks
    GetAllTasks(ContactId),
    /// GET /contacts/:contactId/tasks/:taskId
    GetTask(TaskId),
    /// GET /contacts/:contactId/notes
    GetAllNotes(ContactId),
    /// GET /contacts/:contactId/notes/:id
    GetNote(NoteId),
    /// GET /contacts/:contactId/appointments
    GetAppointmentsForContact(ContactId),
    /// GET /contacts/ (one page, or every page with --all)
    GetContacts(ListArgs),
    /// GET /contacts/business/:businessId
    #[command(name = "get-contacts-by-businessId")]
    GetContactsByBusinessId(BusinessArgs),
    /// POST /contacts/ (--data: the contact's fields; locationId is added)
    CreateContact(Data),
    /// PUT /contacts/:contactId (--data: the fields to change; `tags` replaces all tags)
    UpdateContact(ContactData),
    /// DELETE /contacts/:contactId
    DeleteContact(ContactId),
    /// POST /contacts/:contactId/tasks (--data: {"title", "dueDate", "completed", …})
    CreateTask(ContactData),
    /// PUT /contacts/:contactId/tasks/:taskId
    UpdateTask(TaskData),
    /// PUT /contacts/:contactId/tasks/:taskId/completed (--data: {"completed": true})
    UpdateTaskCompleted(TaskData),
    /// DELETE /contacts/:contactId/tasks/:taskId
    DeleteTask(TaskId),
    /// POST /contacts/:contactId/tags (--data: {"tags": ["…"]})
    AddTags(ContactData),
}

#[derive(Debug, Args)]
struct ContactId {
    #[arg(long)]
    contact_id: String,
}

#[derive(Debug, Args)]
struct TaskId {
    #[arg(long)]
    contact_id: String,
    #[arg(long)]
    task_id: String,
}

#[derive(Debug, Args)]
struct NoteId {
    #[arg(long)]
    contact_id: String,
    #[arg(long)]
    id: String,
}

#[derive(Debug, Args)]
struct Data {
    /// The request body: JSON, `@file` to read it from a file, or `-` for stdin (for
    /// bodies over the argument limit).
    #[arg(long, value_parser = request_body)]
    data: String,
}

#[derive(Debug, Args)]
struct ContactData {
    #[arg(long)]
    contact_id: String,
    /// The request body: JSON, `@file`, or `-` for stdin.
    #[arg(long, value_parser = request_body)]
    data: String,
}

#[derive(Debug, Args)]
struct TaskData {
    #[arg(long)]
    contact_id: String,
    #[arg(long)]
    task_id: String,
    /// The request body: JSON, `@file`, or `-` for stdin.
    #[arg(long, value_parser = request_body)]
    data: String,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Free-text filter (name, email, phone, company).
    #[arg(long)]
    query: Option<String>,
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_PAGE_SIZE)))]
    limit: u32,
    /// Epoch milliseconds of the previous page's last contact (with --start-after-id).
    #[arg(long, requires = "start_after_id")]
    start_after: Option<i64>,
    #[arg(long, requires = "start_after")]
    start_after_id: Option<String>,
    /// Follow the cursor to the last page and print every contact.
    #[arg(long, conflicts_with_all = ["start_after", "start_after_id"])]
    all: bool,
}

#[derive(Debug, Args)]
struct BusinessArgs {
    #[arg(long)]
    business_id: String,
    #[arg(long, default_value_t = 0)]
    skip: u32,
    #[arg(long, default_value_t = 20)]
    limit: u32,
    #[arg(long)]
    query: Option<String>,
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
    let is_write = args.operation.is_write();
    let outcome = perform(&connection.client, args.operation).await;
    if let (true, Some((accounts, profile_id))) = (is_write, &connection.profile) {
        // What HighLevel said about this write is what the app knows about write access.
        accounts.note_write_outcome(profile_id, &outcome)?;
    }
    Ok(outcome?)
}

impl Operation {
    fn is_write(&self) -> bool {
        !matches!(
            self,
            Operation::GetContact(_)
                | Operation::GetAllTasks(_)
                | Operation::GetTask(_)
                | Operation::GetAllNotes(_)
                | Operation::GetNote(_)
                | Operation::GetAppointmentsForContact(_)
                | Operation::GetContacts(_)
                | Operation::GetContactsByBusinessId(_)
        )
    }
}

async fn perform(client: &Client, operation: Operation) -> Result<String, Error> {
    let api = client.interactive();
    let json = match operation {
        Operation::GetContact(a) => pretty(&api.contacts().get(&a.contact_id).await?),
        Operation::GetAllTasks(a) => pretty(&api.tasks(&a.contact_id).list().await?),
        Operation::GetTask(a) => pretty(&api.tasks(&a.contact_id).get(&a.task_id).await?),
        Operation::GetAllNotes(a) => pretty(&api.notes(&a.contact_id).list().await?),
        Operation::GetNote(a) => pretty(&api.notes(&a.contact_id).get(&a.id).await?),
        Operation::GetAppointmentsForContact(a) => {
            pretty(&api.appointments(&a.contact_id).list().await?)
        }
        Operation::GetContacts(a) => list_contacts(client, a).await?,
        Operation::GetContactsByBusinessId(a) => {
            let query = BusinessQuery {
                skip: a.skip,
                limit: a.limit,
                query: a.query,
            };
            pretty(&api.contacts().by_business(&a.business_id, &query).await?)
        }
        Operation::CreateContact(a) => pretty(
            &api.contacts()
                .create(&body::<ContactFields>(&a.data)?)
                .await?,
        ),
        Operation::UpdateContact(a) => {
            let fields = body::<ContactFields>(&a.data)?;
            pretty(&api.contacts().update(&a.contact_id, &fields).await?)
        }
        Operation::DeleteContact(a) => {
            api.contacts().delete(&a.contact_id).await?;
            pretty(&Succeeded { succeeded: true })
        }
        Operation::CreateTask(a) => pretty(
            &api.tasks(&a.contact_id)
                .create(&body::<NewTask>(&a.data)?)
                .await?,
        ),
        Operation::UpdateTask(a) => {
            let changes = body::<TaskChanges>(&a.data)?;
            pretty(
                &api.tasks(&a.contact_id)
                    .update(&a.task_id, &changes)
                    .await?,
            )
        }
        Operation::UpdateTaskCompleted(a) => {
            let completed = body::<Completed>(&a.data)?.completed;
            pretty(
                &api.tasks(&a.contact_id)
                    .set_completed(&a.task_id, completed)
                    .await?,
            )
        }
        Operation::DeleteTask(a) => {
            api.tasks(&a.contact_id).delete(&a.task_id).await?;
            pretty(&Succeeded { succeeded: true })
        }
        Operation::AddTags(a) => {
            let tags = body::<TagsBody>(&a.data)?.tags;
            pretty(&api.tags(&a.contact_id).add(&tags).await?)
        }
    };
    Ok(json)
}

#[derive(serde::Deserialize)]
struct Completed {
    completed: bool,
}

#[derive(serde::Deserialize)]
struct TagsBody {
    tags: Vec<String>,
}

async fn list_contacts(client: &Client, args: ListArgs) -> Result<String, Error> {
    let cursor = args
        .start_after
        .zip(args.start_after_id)
        .map(|(start_after, start_after_id)| Cursor {
            start_after,
            start_after_id,
        });
    let query = ContactQuery {
        query: args.query,
        limit: if args.all { MAX_PAGE_SIZE } else { args.limit },
        cursor,
    };
    let contacts = client.interactive().contacts();
    if args.all {
        return Ok(pretty(&contacts.pager(query).collect().await?));
    }
    Ok(pretty(&contacts.list(&query).await?))
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

fn body<T: DeserializeOwned>(data: &str) -> Result<T, Error> {
    serde_json::from_str(data).map_err(|error| Error::Invalid {
        message: format!("--data is not a valid request body: {error}"),
    })
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}
