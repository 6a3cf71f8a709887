//! `contact-desk report businesses|business`: roll-ups and exports from the cache, so a
//! cron job can mail a weekly report without the app open.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use jiff::Timestamp;

use super::shared::{all_locations, cache, print_or_fail};
use crate::error::AppError;
use crate::reports::{self, CsvOptions, ReportFilter};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The profile (id or name); the active one by default.
    #[arg(long, global = true)]
    profile: Option<String>,
    #[command(subcommand)]
    command: ReportCommand,
}

#[derive(Debug, Subcommand)]
enum ReportCommand {
    /// The roll-up of every business (a table, or a CSV file with --csv).
    Businesses {
        /// First day of the period (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Last day of the period (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        /// Owner (HighLevel user id).
        #[arg(long)]
        owner: Option<String>,
        /// Every connected profile's businesses, each row naming its location.
        #[arg(long, conflicts_with = "profile")]
        all_locations: bool,
        #[command(flatten)]
        export: Export,
    },
    /// One business's contacts with their task and note counts.
    Business {
        /// The business id.
        id: String,
        #[command(flatten)]
        export: Export,
    },
}

#[derive(Debug, Args)]
struct Export {
    /// Write CSV here instead of printing a table.
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Start the CSV with a byte order mark (for Excel).
    #[arg(long, requires = "csv")]
    bom: bool,
    /// Add HighLevel's ids as columns.
    #[arg(long, requires = "csv")]
    include_ids: bool,
}

impl Export {
    fn options(&self) -> CsvOptions {
        CsvOptions {
            bom: self.bom,
            include_ids: self.include_ids,
        }
    }
}

pub fn run(args: ReportArgs) -> ExitCode {
    print_or_fail("report", execute(args))
}

fn execute(args: ReportArgs) -> Result<String, AppError> {
    let now = Timestamp::now();
    if let ReportCommand::Businesses {
        from,
        to,
        tag,
        owner,
        all_locations: true,
        export,
    } = args.command
    {
        let filter = ReportFilter {
            from,
            to,
            tag,
            owner,
        };
        return by_location(&filter, &export, now);
    }
    let cache = cache(args.profile.as_deref())?;
    match args.command {
        ReportCommand::Businesses {
            from,
            to,
            tag,
            owner,
            export,
            ..
        } => {
            let filter = ReportFilter {
                from,
                to,
                tag,
                owner,
            };
            let rollup = reports::rollup(&cache, &filter, now)?;
            match &export.csv {
                Some(path) => {
                    reports::write_rollup_csv(
                        &rollup,
                        BufWriter::new(create(path)?),
                        export.options(),
                    )?;
                    Ok(format!(
                        "wrote {} businesses to {}",
                        rollup.rows.len(),
                        path.display()
                    ))
                }
                None => Ok(super::render::rollup(&rollup)),
            }
        }
        ReportCommand::Business { id, export } => {
            let rows = reports::business_contacts(&cache, &id, now)?;
            if rows.is_empty() {
                return Err(AppError::NotFound {
                    message: format!("no contacts of business {id} in the cache"),
                });
            }
            match &export.csv {
                Some(path) => {
                    reports::write_business_csv(
                        &rows,
                        &cache.names()?,
                        BufWriter::new(create(path)?),
                        export.options(),
                    )?;
                    Ok(format!(
                        "wrote {} contacts to {}",
                        rows.len(),
                        path.display()
                    ))
                }
                None => Ok(super::render::contact_rows(
                    &rows,
                    u32::try_from(rows.len()).unwrap_or(u32::MAX),
                )),
            }
        }
    }
}

/// The location × business roll-up: a table, or a CSV file with --csv.
fn by_location(filter: &ReportFilter, export: &Export, now: Timestamp) -> Result<String, AppError> {
    let rollup = reports::rollup_by_location(&all_locations()?, filter, now)?;
    let Some(path) = &export.csv else {
        return Ok(super::render::rollup_by_location(&rollup));
    };
    reports::write_by_location_csv(&rollup, BufWriter::new(create(path)?), export.options())?;
    let businesses: usize = rollup.locations.iter().map(|l| l.rows.len()).sum();
    Ok(format!(
        "wrote {businesses} businesses of {} locations to {}",
        rollup.locations.len(),
        path.display()
    ))
}

fn create(path: &PathBuf) -> Result<File, AppError> {
    File::create(path).map_err(|error| AppError::Io {
        message: format!("could not write {}: {error}", path.display()),
    })
}
