//! `contact-desk api <operation>`: one subcommand per Contacts endpoint, named by
//! HighLevel's operationId; the decoded response is printed as JSON.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::highlevel::{
    BusinessQuery, Client, ClientConfig, ContactFields, ContactQuery, Cursor, Error, NewTask,
    StaticToken, TaskChanges, DEFAULT_BASE_URL, MAX_PAGE_SIZE,
};

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// HighLevel's API address (the sandbox prints its own).
    #[arg(long, env = "CONTACT_DESK_BASE_URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// The sub-account (location) id.
    #[arg(long, env = "CONTACT_DESK_LOCATION")]
    location: String,
    #[command(subcommand)]
    operation: Operation,
}

/// The token comes from CONTACT_DESK_TOKEN, never from an argument (shell history).
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
    /// The request body as JSON.
    #[arg(long)]
    data: String,
}

#[derive(Debug, Args)]
struct ContactData {
    #[arg(long)]
    contact_id: String,
    #[arg(long)]
    data: String,
}

#[derive(Debug, Args)]
struct TaskData {
    #[arg(long)]
    contact_id: String,
    #[arg(long)]
    task_id: String,
    #[arg(long)]
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
    let outcome = super::runtime().and_then(|runtime| runtime.block_on(call(args)));
    match outcome {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("contact-desk api: {:?}: {error}", error.class());
            ExitCode::from(exit_code(&error))
        }
    }
}

/// Distinct exit codes let scripts tell "fix the input" from "try again later".
fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Unauthorized { .. } | Error::Forbidden { .. } => 3,
        Error::NotFound { .. } => 4,
        Error::Validation { .. } | Error::Rejected { .. } => 5,
        Error::RateLimited { .. } => 6,
        Error::Server { .. } | Error::Timeout | Error::Network { .. } => 7,
        Error::Decode { .. } | Error::Protocol { .. } | Error::Cancelled => 8,
    }
}

async fn call(args: ApiArgs) -> Result<String, Error> {
    let client = connect(&args.base_url, &args.location)?;
    let api = client.interactive();
    let json = match args.operation {
        Operation::GetContact(a) => pretty(&api.contacts().get(&a.contact_id).await?),
        Operation::GetAllTasks(a) => pretty(&api.tasks(&a.contact_id).list().await?),
        Operation::GetTask(a) => pretty(&api.tasks(&a.contact_id).get(&a.task_id).await?),
        Operation::GetAllNotes(a) => pretty(&api.notes(&a.contact_id).list().await?),
        Operation::GetNote(a) => pretty(&api.notes(&a.contact_id).get(&a.id).await?),
        Operation::GetAppointmentsForContact(a) => {
            pretty(&api.appointments(&a.contact_id).list().await?)
        }
        Operation::GetContacts(a) => list_contacts(&client, a).await?,
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

/// A client for the given address, authenticated by CONTACT_DESK_TOKEN.
pub fn connect(base_url: &str, location: &str) -> Result<Client, Error> {
    let token = std::env::var(TOKEN_ENV)
        .ok()
        .filter(|token| !token.trim().is_empty())
        .ok_or_else(|| Error::Unauthorized {
            message: format!("no token: set {TOKEN_ENV} (a Private Integration Token)"),
        })?;
    let config = ClientConfig::new(base_url, location)?;
    let credentials = Arc::new(StaticToken::new(SecretString::from(
        token.trim().to_owned(),
    )));
    Client::new(config, credentials)
}

fn body<T: DeserializeOwned>(data: &str) -> Result<T, Error> {
    serde_json::from_str(data).map_err(|error| Error::Validation {
        messages: vec![format!("--data is not a valid request body: {error}")],
    })
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}
