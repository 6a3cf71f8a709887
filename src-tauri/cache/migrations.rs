use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

/// Append-only: a released migration is never edited, only followed by a new one.
const MIGRATIONS: &[M<'_>] = &[
    M::up(include_str!("migrations/001_initial.sql")),
    M::up(include_str!("migrations/002_report_indexes.sql")),
    M::up(include_str!("migrations/003_sync_by_resource.sql")),
    M::up(include_str!("migrations/004_names.sql")),
    M::up(include_str!("migrations/005_jobs.sql")),
    M::up(include_str!("migrations/006_duplicates.sql")),
    M::up(include_str!("migrations/007_inbox.sql")),
    M::up(include_str!("migrations/008_rollup_figures.sql")),
];

/// The schema this build migrates a cache to, for the diagnostics export.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

pub fn run(connection: &mut Connection) -> super::Result<()> {
    Migrations::from_slice(MIGRATIONS).to_latest(connection)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(Migrations::from_slice(MIGRATIONS).validate().is_ok());
    }
}
