//! `contact-desk contacts list|show|search`: the cache, readable with the network gone.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use jiff::Timestamp;

use super::shared::{all_locations, cache, print_or_fail};
use crate::cache::{ContactFilter, ContactRow, ContactSort, TaskFilter};
use crate::error::AppError;

#[derive(Debug, Args)]
pub struct ContactsArgs {
    /// The profile (id or name); the active one by default.
    #[arg(long, global = true)]
    profile: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: ContactsCommand,
}

#[derive(Debug, Subcommand)]
enum ContactsCommand {
    /// List cached contacts, filtered and sorted.
    List(ListArgs),
    /// One contact with its tasks, notes and appointments.
    Show {
        /// The contact's id.
        #[arg(value_parser = clap::builder::NonEmptyStringValueParser::new())]
        id: String,
    },
    /// Find contacts by name, email, phone, company or tag.
    Search {
        text: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Search every connected profile's cache, each row naming its location.
        #[arg(long, conflicts_with = "profile")]
        all_locations: bool,
    },
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Only contacts with this tag.
    #[arg(long)]
    tag: Option<String>,
    /// Owner (HighLevel user id).
    #[arg(long)]
    owner: Option<String>,
    /// Only contacts of this business (its id).
    #[arg(long)]
    business: Option<String>,
    /// Only contacts with open tasks past their due date.
    #[arg(long)]
    overdue: bool,
    #[arg(long, value_enum, default_value_t = Sort::Newest)]
    sort: Sort,
    /// How many contacts to print at most.
    #[arg(long, default_value_t = 50)]
    limit: u32,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Sort {
    Newest,
    Oldest,
    Name,
    Due,
}

pub fn run(args: ContactsArgs) -> ExitCode {
    print_or_fail("contacts", execute(args))
}

fn execute(args: ContactsArgs) -> Result<String, AppError> {
    let now = Timestamp::now();
    if let ContactsCommand::Search {
        text,
        limit,
        all_locations: true,
    } = &args.command
    {
        let found = all_locations()?.search(text, *limit, now)?;
        note_if_capped(found.capped);
        if args.json {
            return Ok(serde_json::to_string_pretty(&found.rows).unwrap_or_default());
        }
        return Ok(super::render::located_rows(&found.rows, found.total));
    }
    let cache = cache(args.profile.as_deref())?;
    match args.command {
        ContactsCommand::List(list) => {
            let filter = ContactFilter {
                tag: list.tag,
                owner: list.owner,
                business_id: list.business,
                tasks: list.overdue.then_some(TaskFilter::Overdue),
                ..ContactFilter::default()
            };
            let sort = match list.sort {
                Sort::Newest => ContactSort::Newest,
                Sort::Oldest => ContactSort::Oldest,
                Sort::Name => ContactSort::Name,
                Sort::Due => ContactSort::NextDue,
            };
            let page = cache.list_contacts(&filter, sort, 0, list.limit, now)?;
            Ok(rows(&page.rows, page.total.unwrap_or_default(), args.json))
        }
        ContactsCommand::Search { text, limit, .. } => {
            let filter = ContactFilter {
                search: Some(text),
                ..ContactFilter::default()
            };
            let page = cache.list_contacts(&filter, ContactSort::Name, 0, limit, now)?;
            note_if_capped(page.capped);
            Ok(rows(&page.rows, page.total.unwrap_or_default(), args.json))
        }
        ContactsCommand::Show { id } => {
            let contact =
                cache
                    .contact(&id)?
                    .filter(|c| !c.deleted)
                    .ok_or_else(|| AppError::NotFound {
                        message: format!("no contact {id} in the cache"),
                    })?;
            let details = cache.details(&id)?;
            if args.json {
                let value = serde_json::json!({ "contact": contact, "details": details });
                return Ok(serde_json::to_string_pretty(&value).unwrap_or_default());
            }
            Ok(super::render::contact(&contact, &details))
        }
    }
}

fn note_if_capped(capped: bool) {
    if capped {
        eprintln!("note: more contacts match than a search returns; add words to narrow it");
    }
}

fn rows(rows: &[ContactRow], total: u32, json: bool) -> String {
    if json {
        return serde_json::to_string_pretty(rows).unwrap_or_default();
    }
    super::render::contact_rows(rows, total)
}
