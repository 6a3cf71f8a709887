-- The journal of background jobs (bulk actions, merges): each job is an ordered list of
-- items, one HighLevel write each. An item is marked `sending` (committed) before its
-- request goes out, so after a crash it is reconciled by reading, never sent blindly again.

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  -- running, paused, cancelled, done, failed
  state TEXT NOT NULL,
  -- The job this one undoes, if any.
  undo_of INTEGER REFERENCES jobs (id),
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);

CREATE TABLE job_items (
  job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  -- The write, as JSON (jobs::Write).
  write TEXT NOT NULL,
  -- pending, sending, done, failed, skipped
  state TEXT NOT NULL,
  -- Per-contact outcomes, as JSON (Vec<jobs::ContactResult>).
  results TEXT NOT NULL DEFAULT '[]',
  -- The writes that undo this one, as JSON (Vec<jobs::Write>).
  undo TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;

CREATE INDEX job_items_by_state ON job_items (job_id, state, seq);
