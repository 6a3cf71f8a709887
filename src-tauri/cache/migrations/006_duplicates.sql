-- Duplicate detection (issue 13) compares every live contact's name, email, phone and
-- business: it reads them from this index and never the wide rows.
CREATE INDEX contacts_duplicates ON contacts (deleted, business_id, name, email, phone, id);

-- Pairs the user said are not duplicates, each once with its lower id first.
CREATE TABLE duplicate_dismissals (
  first_id TEXT NOT NULL,
  second_id TEXT NOT NULL,
  dismissed_at INTEGER NOT NULL,
  PRIMARY KEY (first_id, second_id)
) WITHOUT ROWID;
