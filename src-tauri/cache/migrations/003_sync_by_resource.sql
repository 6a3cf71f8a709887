-- Sync fetches each kind of detail on its own cadence (issue 12): tasks and appointments
-- in bulk, notes per contact within a share of the daily budget.

-- When the contact's notes were last fetched; NULL means never. `details_synced_at` now
-- says when its tasks were last fetched.
ALTER TABLE contacts ADD COLUMN notes_synced_at INTEGER;
CREATE INDEX contacts_notes_unsynced ON contacts (notes_synced_at);

-- The pending-task watch pass that last saw this task open: an open task the finished
-- pass did not see was completed, deleted or moved in HighLevel.
ALTER TABLE tasks ADD COLUMN seen_pass INTEGER NOT NULL DEFAULT 0;

-- Appointments are refreshed by calendar and time window.
ALTER TABLE appointments ADD COLUMN calendar_id TEXT;
UPDATE appointments SET calendar_id = json_extract(json, '$.calendarId');
CREATE INDEX appointments_by_calendar ON appointments (calendar_id, starts_at);

-- Contacts synced before this migration had all three fetched together.
UPDATE contacts SET notes_synced_at = details_synced_at;
