//! CSV exports (RFC 4180 via the csv crate): readable column names, ISO-8601 dates,
//! optional BOM for Excel, and every cell a spreadsheet could run as a formula
//! neutralised. Owners appear by name (as far as the location's user list names them);
//! internal ids appear only when asked for, each in its own column.

use std::io::Write;

use jiff::Timestamp;

use super::{BusinessRollup, ReportError, Rollup};
use crate::cache::{ContactRow, Names};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct CsvOptions {
    /// Starts the file with a UTF-8 byte order mark, which Excel needs to read UTF-8.
    pub bom: bool,
    /// Adds HighLevel's ids (business, owners, contacts) as extra columns.
    pub include_ids: bool,
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// Characters that make a spreadsheet treat a cell as a formula (or hide it behind one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet will show as text: formula-like text gets a leading apostrophe,
/// the convention spreadsheets read as "this is text".
pub fn neutralise(cell: &str) -> String {
    match cell.starts_with(FORMULA_STARTS) {
        true => format!("'{cell}"),
        false => cell.to_owned(),
    }
}

/// The roll-up CSV's columns (before the id columns).
pub(super) const ROLLUP_HEADER: [&str; 16] = [
    "Business",
    "Contacts",
    "With email",
    "With phone",
    "New contacts",
    "Open tasks",
    "Completed tasks",
    "Overdue tasks",
    "Notes",
    "Upcoming appointments",
    "Past appointments",
    "Last activity",
    "Owners",
    "Owner names",
    "Top tags",
    "Contacts without synced details",
];

pub fn write_rollup_csv(
    rollup: &Rollup,
    out: impl Write,
    options: CsvOptions,
) -> Result<(), ReportError> {
    let header = ROLLUP_HEADER;
    let rows = rollup.rows.iter().chain(std::iter::once(&rollup.totals));
    let records = rows.map(|row| rollup_cells(row, options));
    let id_columns = ["Business ID", "Owner IDs"];
    write_csv(out, options, (&header, id_columns), records)
}

pub(super) fn rollup_cells(row: &BusinessRollup, options: CsvOptions) -> Vec<String> {
    let tags = row
        .top_tags
        .iter()
        .map(|tag| format!("{} ({})", tag.tag, tag.contacts))
        .collect::<Vec<_>>()
        .join("; ");
    let mut cells = vec![
        neutralise(&row.name),
        row.contacts.to_string(),
        row.with_email.to_string(),
        row.with_phone.to_string(),
        row.new_contacts.to_string(),
        row.open_tasks.to_string(),
        row.completed_tasks.to_string(),
        row.overdue_tasks.to_string(),
        row.notes.to_string(),
        row.upcoming_appointments.to_string(),
        row.past_appointments.to_string(),
        iso(row.last_activity),
        row.owners.len().to_string(),
        neutralise(&row.owner_names.join("; ")),
        neutralise(&tags),
        row.unsynced_contacts.to_string(),
    ];
    if options.include_ids {
        cells.push(neutralise(row.business_id.as_deref().unwrap_or_default()));
        cells.push(neutralise(&row.owners.join("; ")));
    }
    cells
}

/// One business's contacts with their owners' names and their task and note counts.
pub fn write_business_csv(
    rows: &[ContactRow],
    names: &Names,
    out: impl Write,
    options: CsvOptions,
) -> Result<(), ReportError> {
    let header = [
        "Name",
        "Email",
        "Phone",
        "Company",
        "Owner",
        "Tags",
        "Added",
        "Open tasks",
        "Completed tasks",
        "Overdue",
        "Next due",
        "Notes",
        "Details synced",
    ];
    let records = rows.iter().map(|row| contact_cells(row, names, options));
    let id_columns = ["Contact ID", "Owner ID"];
    write_csv(out, options, (&header, id_columns), records)
}

fn contact_cells(row: &ContactRow, names: &Names, options: CsvOptions) -> Vec<String> {
    let owner = row.assigned_to.as_deref().and_then(|id| names.user(id));
    let mut cells = vec![
        neutralise(&row.name),
        neutralise(row.email.as_deref().unwrap_or_default()),
        neutralise(row.phone.as_deref().unwrap_or_default()),
        neutralise(row.company_name.as_deref().unwrap_or_default()),
        neutralise(owner.unwrap_or_default()),
        neutralise(&row.tags.join("; ")),
        iso(row.date_added),
        row.open_tasks.to_string(),
        row.completed_tasks.to_string(),
        if row.overdue { "yes" } else { "no" }.to_owned(),
        iso(row.next_due),
        row.notes.to_string(),
        if row.details_synced { "yes" } else { "no" }.to_owned(),
    ];
    if options.include_ids {
        cells.push(neutralise(&row.id));
        cells.push(neutralise(row.assigned_to.as_deref().unwrap_or_default()));
    }
    cells
}

/// A whole CSV file: the BOM if asked for, the header (and its id columns when ids are
/// asked for), then one record each.
pub(super) fn write_csv(
    mut out: impl Write,
    options: CsvOptions,
    (header, id_columns): (&[&str], [&str; 2]),
    records: impl Iterator<Item = Vec<String>>,
) -> Result<(), ReportError> {
    if options.bom {
        out.write_all(BOM)?;
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(header.iter().chain(match options.include_ids {
        true => &id_columns[..],
        false => &[],
    }))?;
    for record in records {
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

fn iso(timestamp: Option<Timestamp>) -> String {
    timestamp
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}
