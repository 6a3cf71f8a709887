-- Contacts: typed columns for what is searched, sorted, filtered and grouped; the full
-- record HighLevel sent in `json`. Times are epoch milliseconds.
CREATE TABLE contacts (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  sort_name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  company_name TEXT,
  business_id TEXT,
  assigned_to TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  tags_text TEXT NOT NULL DEFAULT '',
  date_added INTEGER,
  date_updated INTEGER,
  last_activity INTEGER,
  json TEXT NOT NULL,
  synced_at INTEGER NOT NULL,
  -- The listing that last saw the contact; older ones after a complete listing are gone.
  listing INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  -- When tasks, notes and appointments were last fetched; NULL means never.
  details_synced_at INTEGER,
  open_tasks INTEGER NOT NULL DEFAULT 0,
  completed_tasks INTEGER NOT NULL DEFAULT 0,
  -- The earliest due date among open tasks: "overdue" is next_due < now.
  next_due INTEGER,
  notes_count INTEGER NOT NULL DEFAULT 0,
  appointments_count INTEGER NOT NULL DEFAULT 0,
  watched INTEGER NOT NULL DEFAULT 0,
  viewed_at INTEGER
);

CREATE INDEX contacts_newest ON contacts (deleted, date_added DESC, id DESC);
CREATE INDEX contacts_by_name ON contacts (deleted, sort_name, id);
CREATE INDEX contacts_by_business ON contacts (business_id, deleted);
CREATE INDEX contacts_by_owner ON contacts (assigned_to, deleted);
CREATE INDEX contacts_by_due ON contacts (next_due) WHERE next_due IS NOT NULL;
CREATE INDEX contacts_watched ON contacts (watched) WHERE watched = 1;
CREATE INDEX contacts_viewed ON contacts (viewed_at) WHERE viewed_at IS NOT NULL;
CREATE INDEX contacts_undetailed ON contacts (details_synced_at);

CREATE TABLE contact_tags (
  tag TEXT NOT NULL,
  contact_rowid INTEGER NOT NULL REFERENCES contacts (rowid) ON DELETE CASCADE,
  PRIMARY KEY (tag, contact_rowid)
) WITHOUT ROWID;
CREATE INDEX contact_tags_by_contact ON contact_tags (contact_rowid);

-- Substring search over what people type: names, emails, phone digits, company, tags.
CREATE VIRTUAL TABLE contacts_fts USING fts5 (
  name, email, phone, company_name, tags_text,
  content = 'contacts', content_rowid = 'rowid', tokenize = 'trigram'
);
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contacts_fts (rowid, name, email, phone, company_name, tags_text)
  VALUES (new.rowid, new.name, new.email, new.phone, new.company_name, new.tags_text);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
  INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone, company_name, tags_text)
  VALUES ('delete', old.rowid, old.name, old.email, old.phone, old.company_name, old.tags_text);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, email, phone, company_name, tags_text ON contacts BEGIN
  INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone, company_name, tags_text)
  VALUES ('delete', old.rowid, old.name, old.email, old.phone, old.company_name, old.tags_text);
  INSERT INTO contacts_fts (rowid, name, email, phone, company_name, tags_text)
  VALUES (new.rowid, new.name, new.email, new.phone, new.company_name, new.tags_text);
END;

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL,
  title TEXT,
  assigned_to TEXT,
  due_date INTEGER,
  completed INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX tasks_by_contact ON tasks (contact_id);
CREATE INDEX tasks_open_by_due ON tasks (due_date) WHERE completed = 0;

CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL,
  date_added INTEGER,
  pinned INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX notes_by_contact ON notes (contact_id);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL,
  -- The wall-clock start read as UTC, for ordering and date ranges.
  starts_at INTEGER,
  status TEXT,
  json TEXT NOT NULL
);
CREATE INDEX appointments_by_contact ON appointments (contact_id);
CREATE INDEX appointments_by_start ON appointments (starts_at);

-- Businesses as the contacts describe them: named by their most common company name.
CREATE TABLE businesses (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  contacts INTEGER NOT NULL
);

-- Sync checkpoints and other small facts, as JSON values.
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE request_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  ids TEXT NOT NULL,
  lane TEXT NOT NULL,
  status INTEGER,
  duration_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  trace_id TEXT,
  error_class TEXT,
  error_message TEXT,
  remaining INTEGER,
  max INTEGER,
  interval_ms INTEGER,
  daily_remaining INTEGER
);
CREATE INDEX request_log_by_error ON request_log (error_class, id);

-- What a sync noticed about tasks; `dedupe` keeps one event per real change.
CREATE TABLE change_events (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  contact_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT,
  dedupe TEXT NOT NULL UNIQUE,
  notified INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX change_events_by_contact ON change_events (contact_id, id);
