//! Plain-text tables for the terminal. Values come from HighLevel, so control
//! characters are replaced: a contact's name must not be able to move the cursor.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::cache::{CachedContact, ContactRow, Details};
use crate::locations::LocatedRow;
use crate::reports::{BusinessRollup, Rollup, RollupByLocation};

/// The widest a column gets, in terminal cells; longer values are cut.
const MAX_COLUMN: usize = 40;

pub fn contact_rows(rows: &[ContactRow], total: u32) -> String {
    let mut out = table(
        &["Name", "Email", "Phone", "Company", "Open", "Overdue", "Id"],
        rows.iter()
            .map(|row| {
                vec![
                    row.name.clone(),
                    row.email.clone().unwrap_or_default(),
                    row.phone.clone().unwrap_or_default(),
                    row.company_name.clone().unwrap_or_default(),
                    row.open_tasks.to_string(),
                    if row.overdue {
                        "yes".into()
                    } else {
                        String::new()
                    },
                    row.id.clone(),
                ]
            })
            .collect(),
    );
    out.push_str(&format!("\n{} of {total} contacts", rows.len()));
    out
}

/// Contacts across locations: `contact_rows`' columns after the location's name.
pub fn located_rows(rows: &[LocatedRow], total: u32) -> String {
    let mut out = table(
        &[
            "Location", "Name", "Email", "Phone", "Company", "Open", "Id",
        ],
        rows.iter()
            .map(|row| {
                let contact = &row.contact;
                vec![
                    row.location.clone(),
                    contact.name.clone(),
                    contact.email.clone().unwrap_or_default(),
                    contact.phone.clone().unwrap_or_default(),
                    contact.company_name.clone().unwrap_or_default(),
                    contact.open_tasks.to_string(),
                    contact.id.clone(),
                ]
            })
            .collect(),
    );
    out.push_str(&format!("\n{} of {total} contacts", rows.len()));
    out
}

pub fn contact(cached: &CachedContact, details: &Details) -> String {
    let c = &cached.contact;
    let mut out = format!("{}\n", safe(&c.display_name()));
    for (label, value) in [
        ("Email", c.email.clone()),
        ("Phone", c.phone.clone()),
        ("Company", c.company_name.clone()),
        ("Business", c.business_id.clone()),
        ("Tags", Some(c.tags.join(", ")).filter(|t| !t.is_empty())),
        ("Synced", Some(cached.synced_at.to_string())),
        (
            "Details",
            Some(
                details
                    .synced_at
                    .map_or("never fetched".into(), |t| t.to_string()),
            ),
        ),
    ] {
        if let Some(value) = value {
            out.push_str(&format!("  {label:<9} {}\n", safe(&value)));
        }
    }
    out.push_str(&format!("\nTasks ({})\n", details.tasks.len()));
    for task in &details.tasks {
        let mark = if task.completed { "x" } else { " " };
        let due = task.due_date.map(|d| d.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "  [{mark}] {}  {due}\n",
            safe(task.title.as_deref().unwrap_or("Untitled"))
        ));
    }
    out.push_str(&format!("\nNotes ({})\n", details.notes.len()));
    for note in &details.notes {
        let body: String = note
            .body
            .as_deref()
            .unwrap_or_default()
            .chars()
            .take(100)
            .collect();
        out.push_str(&format!(
            "  {}{}\n",
            if note.pinned { "(pinned) " } else { "" },
            safe(&body)
        ));
    }
    out.push_str(&format!(
        "\nAppointments ({})\n",
        details.appointments.len()
    ));
    for appointment in &details.appointments {
        let when = appointment
            .start_time
            .map(|t| t.to_string())
            .unwrap_or_default();
        let status = appointment.appointment_status.as_deref().unwrap_or("");
        out.push_str(&format!(
            "  {when}  {}  {status}\n",
            safe(appointment.title.as_deref().unwrap_or(""))
        ));
    }
    out
}

pub fn rollup(rollup: &Rollup) -> String {
    let rows = rollup
        .rows
        .iter()
        .chain(std::iter::once(&rollup.totals))
        .map(rollup_cells)
        .collect();
    let mut out = table(&ROLLUP_COLUMNS, rows);
    if rollup.completeness.unsynced > 0 {
        out.push_str(&format!(
            "\n{} of {} contacts have no synced tasks or notes yet (run `contact-desk sync --deep`)",
            rollup.completeness.unsynced, rollup.completeness.contacts
        ));
    }
    out
}

/// Every location's businesses and totals, then the totals of all, the location first.
pub fn rollup_by_location(rollup: &RollupByLocation) -> String {
    let located = rollup.locations.iter().flat_map(|location| {
        location
            .rows
            .iter()
            .chain(std::iter::once(&location.totals))
            .map(|row| (location.location.name.as_str(), row))
    });
    let rows = located
        .chain(std::iter::once(("All locations", &rollup.totals)))
        .map(|(location, row)| {
            let mut cells = vec![location.to_owned()];
            cells.extend(rollup_cells(row));
            cells
        })
        .collect();
    let header: Vec<&str> = std::iter::once("Location").chain(ROLLUP_COLUMNS).collect();
    table(&header, rows)
}

const ROLLUP_COLUMNS: [&str; 10] = [
    "Business",
    "Contacts",
    "New",
    "Open",
    "Overdue",
    "Done",
    "Notes",
    "Upcoming",
    "Last activity",
    "Unsynced",
];

fn rollup_cells(r: &BusinessRollup) -> Vec<String> {
    vec![
        r.name.clone(),
        r.contacts.to_string(),
        r.new_contacts.to_string(),
        r.open_tasks.to_string(),
        r.overdue_tasks.to_string(),
        r.completed_tasks.to_string(),
        r.notes.to_string(),
        r.upcoming_appointments.to_string(),
        r.last_activity
            .map(|t| t.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        r.unsynced_contacts.to_string(),
    ]
}

/// Columns are sized by display width, so CJK and emoji (two cells each) line up.
fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| row.iter().map(|cell| safe(cell)).collect())
        .collect();
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, title)| {
            rows.iter()
                .map(|row| row.get(i).map_or(0, |cell| cell.width()))
                .chain([title.width()])
                .max()
                .unwrap_or(0)
                .min(MAX_COLUMN)
        })
        .collect();
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| fit(cell, *width))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let mut out = line(header.iter().map(|h| (*h).to_owned()).collect());
    for row in rows {
        out.push('\n');
        out.push_str(&line(row));
    }
    out
}

/// `cell` cut to at most `width` columns, then padded to exactly `width`.
fn fit(cell: &str, width: usize) -> String {
    let mut used = 0;
    let mut fitted: String = cell
        .chars()
        .take_while(|c| {
            used += c.width().unwrap_or(0);
            used <= width
        })
        .collect();
    let padding = width.saturating_sub(fitted.width());
    fitted.extend(std::iter::repeat_n(' ', padding));
    fitted
}

/// Control characters (escape sequences, CR, tabs) become spaces.
fn safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(names: &[&str]) -> String {
        let rows = names
            .iter()
            .map(|name| vec![(*name).to_owned(), "id".to_owned()])
            .collect();
        table(&["Name", "Id"], rows)
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(
            names(&["山田太郎", "Ada", "🎉 Party"]),
            "Name      Id\n山田太郎  id\nAda       id\n🎉 Party  id"
        );
    }

    #[test]
    fn long_names_are_cut_to_the_column_without_splitting_a_character() {
        let wide = "名".repeat(30);
        let odd = format!("a{wide}");
        let table = names(&[&wide, &odd]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[1], format!("{}  id", "名".repeat(20)));
        assert_eq!(lines[2], format!("a{}   id", "名".repeat(19)));
    }
}
