-- Names for the ids contacts carry (issue 13): the location's users (owners, assignees,
-- hosts), its custom fields (name, type, options) and its businesses as HighLevel names
-- them. Each list is replaced whole when it is read again.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT
);

CREATE TABLE custom_fields (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  field_key TEXT,
  data_type TEXT,
  -- The picklist options (`[{key?, label}]`), as JSON.
  options TEXT NOT NULL DEFAULT '[]'
);

-- Businesses by their own name; `businesses` (rebuilt from the contacts) prefers it to
-- the contacts' most common company name.
CREATE TABLE business_names (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
