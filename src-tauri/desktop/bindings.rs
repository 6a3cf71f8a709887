//! The typed IPC surface, and the TypeScript bindings generated from it.

use tauri_specta::{collect_commands, collect_events, Builder};

use super::commands::{
    accounts, activity, agencies, businesses, contacts, diagnostics, duplicates, explorer, jobs,
    links, locations, names, notes, reports, sync, tasks, updates, window,
};
use super::events;
use crate::accounts::oauth::{redirect_uri, DEFAULT_AUTHORIZE_URL, DEFAULT_REDIRECT_PORT};
use crate::error::AppError;
use crate::highlevel::operation::ENDPOINTS;
use crate::highlevel::DEFAULT_BASE_URL;

pub fn builder() -> Builder<tauri::Wry> {
    Builder::new()
        .commands(collect_commands![
            diagnostics::get_diagnostics,
            updates::get_update_status,
            updates::set_update_channel,
            updates::install_update,
            diagnostics::export_diagnostics,
            diagnostics::log_from_webview,
            window::last_section,
            window::remember_section,
            window::take_opened_link,
            accounts::get_session,
            accounts::list_profiles,
            accounts::add_token_profile,
            accounts::start_oauth_sign_in,
            accounts::finish_oauth_sign_in,
            accounts::cancel_oauth_sign_in,
            accounts::reconnect_profile,
            accounts::test_profile,
            accounts::switch_profile,
            accounts::open_demo,
            accounts::rotate_token,
            accounts::remove_profile,
            agencies::list_agencies,
            agencies::start_agency_sign_in,
            agencies::finish_agency_sign_in,
            agencies::cancel_agency_sign_in,
            agencies::agency_locations,
            agencies::add_agency_locations,
            agencies::group_into_agency,
            agencies::remove_agency,
            contacts::list_contacts,
            contacts::contact_facets,
            contacts::open_contact,
            contacts::cached_contact,
            contacts::refresh_contact,
            contacts::watch_contact,
            contacts::create_contact,
            contacts::update_contact,
            contacts::delete_contact,
            contacts::add_tags,
            contacts::remove_tag,
            tasks::create_task,
            tasks::update_task,
            tasks::set_task_completed,
            tasks::delete_task,
            tasks::task_inbox,
            notes::create_note,
            notes::update_note,
            notes::delete_note,
            businesses::list_businesses,
            businesses::open_business,
            duplicates::check_new_contact,
            duplicates::likely_duplicates,
            duplicates::dismiss_duplicate,
            duplicates::plan_merge,
            duplicates::run_merge,
            sync::get_sync_status,
            sync::get_sync_spending,
            sync::sync_now,
            sync::cancel_sync,
            sync::set_schedule,
            sync::list_changes,
            activity::list_requests,
            reports::get_rollup,
            locations::open_locations,
            locations::list_located_contacts,
            locations::located_task_inbox,
            locations::set_located_task_completed,
            locations::list_located_businesses,
            locations::get_rollup_by_location,
            locations::export_rollup_by_location_csv,
            reports::export_rollup_csv,
            reports::export_business_csv,
            reports::fetch_missing_details,
            links::open_external,
            names::get_names,
            explorer::api_call,
            jobs::matching_contact_ids,
            jobs::preview_bulk,
            jobs::start_bulk,
            jobs::list_jobs,
            jobs::job_outcomes,
            jobs::cancel_job,
            jobs::undo_job,
            jobs::export_selection_csv,
        ])
        .events(collect_events![
            events::SyncProgressed,
            events::ConnectivityChanged,
            events::ContactsChanged,
            events::ContactRefreshed,
            events::ChangesDetected,
            events::SessionChanged,
            events::LocationContactsChanged,
            events::JobChanged,
            super::updater::UpdateReady,
            super::updater::UpdateRefused,
            events::LinkOpened,
        ])
        .typ::<AppError>()
        .constant("ENDPOINTS", ENDPOINTS)
        .constant("DEFAULT_BASE_URL", DEFAULT_BASE_URL)
        .constant("DEFAULT_AUTHORIZE_URL", DEFAULT_AUTHORIZE_URL)
        .constant("OAUTH_REDIRECT_URL", redirect_uri(DEFAULT_REDIRECT_PORT))
        .disable_serde_phases()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use specta_typescript::Typescript;

    use crate::accounts::{ConnectionReport, Profile, ProfileView};

    /// The drift check: the committed bindings must equal a fresh export.
    /// `make bindings` (UPDATE_BINDINGS=1) rewrites them instead.
    #[test]
    fn committed_bindings_match_the_commands() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
        let fresh = tempfile::NamedTempFile::new().unwrap();
        super::builder()
            .export(Typescript::default(), fresh.path())
            .unwrap();
        let fresh = std::fs::read_to_string(fresh.path()).unwrap();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh).unwrap();
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == fresh,
            "ui/src/bindings.ts is out of date with the Rust commands: run `make bindings`"
        );
    }

    /// What the desktop will send to the UI exports to TypeScript: no 64-bit integers, and
    /// timestamps as strings.
    #[test]
    fn profile_types_export_to_typescript() {
        let file = tempfile::NamedTempFile::new().unwrap();
        tauri_specta::Builder::<tauri::Wry>::new()
            .typ::<Profile>()
            .typ::<ProfileView>()
            .typ::<ConnectionReport>()
            .disable_serde_phases()
            .export(Typescript::default(), file.path())
            .unwrap();
        let typescript = std::fs::read_to_string(file.path()).unwrap();
        assert!(typescript.contains("addedAt: string"), "{typescript}");
        assert!(
            typescript.contains("rotatedAt: string | null"),
            "{typescript}"
        );
        assert!(typescript.contains("tokenAgeDays: number"), "{typescript}");
        assert!(typescript.contains("\"ReconnectRequired\""), "{typescript}");
    }
}
