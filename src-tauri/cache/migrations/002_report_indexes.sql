-- Reports read these covering indexes sequentially and never touch the wide rows
-- (contacts carry their full JSON). Detail rows also point at their contact's rowid,
-- so a report groups them by a number, not by a text id.
CREATE INDEX contacts_report ON contacts (
  deleted, business_id, email, phone, date_added, last_activity, assigned_to, details_synced_at
);

ALTER TABLE tasks ADD COLUMN contact_rowid INTEGER;
ALTER TABLE notes ADD COLUMN contact_rowid INTEGER;
ALTER TABLE appointments ADD COLUMN contact_rowid INTEGER;
UPDATE tasks SET contact_rowid = (SELECT rowid FROM contacts c WHERE c.id = tasks.contact_id);
UPDATE notes SET contact_rowid = (SELECT rowid FROM contacts c WHERE c.id = notes.contact_id);
UPDATE appointments SET contact_rowid = (SELECT rowid FROM contacts c WHERE c.id = appointments.contact_id);

CREATE INDEX tasks_report ON tasks (contact_rowid, completed, due_date, id);
CREATE INDEX notes_report ON notes (contact_rowid, date_added);
CREATE INDEX appointments_report ON appointments (contact_rowid, starts_at);

-- The deep-sync queue orders every live contact by these columns: read them from an
-- index, so choosing the next contacts never pulls the wide rows into memory.
CREATE INDEX contacts_sync_queue ON contacts (
  deleted, watched, viewed_at, details_synced_at, date_added, id
);
