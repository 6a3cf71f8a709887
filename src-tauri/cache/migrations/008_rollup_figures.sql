-- Figures per business kept current by every write, so "All locations" rolls up 20
-- caches of 50,000 contacts from a few thousand rows instead of a scan of each cache
-- (reports::by_location). They count what an unfiltered roll-up counts: live contacts
-- and the tasks, notes, appointments and tags of live contacts, grouped by business
-- ('' for contacts without one). Rows that fall to zero stay and are read as absent.
CREATE TABLE rollup_figures (
  business_key TEXT PRIMARY KEY,
  contacts INTEGER NOT NULL DEFAULT 0,
  with_email INTEGER NOT NULL DEFAULT 0,
  with_phone INTEGER NOT NULL DEFAULT 0,
  -- With a date added: the new contacts of a roll-up without a period.
  dated INTEGER NOT NULL DEFAULT 0,
  unsynced INTEGER NOT NULL DEFAULT 0,
  open_tasks INTEGER NOT NULL DEFAULT 0,
  completed_tasks INTEGER NOT NULL DEFAULT 0,
  notes INTEGER NOT NULL DEFAULT 0,
  -- With a start time.
  appointments INTEGER NOT NULL DEFAULT 0,
  last_activity INTEGER
) WITHOUT ROWID;

CREATE TABLE rollup_owners (
  business_key TEXT NOT NULL,
  owner TEXT NOT NULL,
  contacts INTEGER NOT NULL,
  PRIMARY KEY (business_key, owner)
) WITHOUT ROWID;

CREATE TABLE rollup_tags (
  business_key TEXT NOT NULL,
  tag TEXT NOT NULL,
  contacts INTEGER NOT NULL,
  PRIMARY KEY (business_key, tag)
) WITHOUT ROWID;

-- What depends on the instant a report is made for, by UTC day (its first millisecond):
-- open tasks by the day they fall due, appointments by the day they start. Overdue
-- tasks and past appointments are the days already over plus today's, counted exactly.
CREATE TABLE rollup_days (
  business_key TEXT NOT NULL,
  day INTEGER NOT NULL,
  open_due INTEGER NOT NULL DEFAULT 0,
  appointments INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (business_key, day)
) WITHOUT ROWID;

-- The roll-up counts completions a sync saw after the report's instant as open: when
-- the latest is before it, every completed task is completed (one index step to know).
CREATE INDEX change_events_by_kind ON change_events (kind, at);

-- A contact: what it adds to its business while it is live.
CREATE TRIGGER rollup_contact_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO rollup_figures (business_key, contacts, with_email, with_phone, dated,
      unsynced, open_tasks, completed_tasks, notes, appointments, last_activity)
    SELECT coalesce(new.business_id, ''), 1, coalesce(new.email <> '', 0), coalesce(new.phone <> '', 0),
      (new.date_added IS NOT NULL), (new.details_synced_at IS NULL),
      (SELECT count(*) FROM tasks WHERE contact_rowid = new.rowid AND completed = 0),
      (SELECT count(*) FROM tasks WHERE contact_rowid = new.rowid AND completed <> 0),
      (SELECT count(*) FROM notes WHERE contact_rowid = new.rowid),
      (SELECT count(*) FROM appointments WHERE contact_rowid = new.rowid AND starts_at IS NOT NULL),
      new.last_activity
    WHERE new.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET
      contacts = contacts + excluded.contacts, with_email = with_email + excluded.with_email,
      with_phone = with_phone + excluded.with_phone, dated = dated + excluded.dated,
      unsynced = unsynced + excluded.unsynced, open_tasks = open_tasks + excluded.open_tasks,
      completed_tasks = completed_tasks + excluded.completed_tasks, notes = notes + excluded.notes,
      appointments = appointments + excluded.appointments,
      last_activity = max(coalesce(last_activity, excluded.last_activity), coalesce(excluded.last_activity, last_activity));
  INSERT INTO rollup_owners (business_key, owner, contacts)
    SELECT coalesce(new.business_id, ''), new.assigned_to, 1 WHERE new.deleted = 0 AND new.assigned_to <> ''
    ON CONFLICT (business_key, owner) DO UPDATE SET contacts = contacts + excluded.contacts;
  INSERT INTO rollup_tags (business_key, tag, contacts)
    SELECT coalesce(new.business_id, ''), tag, 1 FROM contact_tags WHERE contact_rowid = new.rowid AND new.deleted = 0
    ON CONFLICT (business_key, tag) DO UPDATE SET contacts = contacts + excluded.contacts;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(new.business_id, ''), due_date - (due_date % 86400000 + 86400000) % 86400000, 1, 0 FROM tasks
    WHERE contact_rowid = new.rowid AND completed = 0 AND due_date IS NOT NULL AND new.deleted = 0
    ON CONFLICT (business_key, day) DO UPDATE SET open_due = open_due + excluded.open_due;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(new.business_id, ''), starts_at - (starts_at % 86400000 + 86400000) % 86400000, 0, 1 FROM appointments
    WHERE contact_rowid = new.rowid AND starts_at IS NOT NULL AND new.deleted = 0
    ON CONFLICT (business_key, day) DO UPDATE SET appointments = appointments + excluded.appointments;
END;
CREATE TRIGGER rollup_contact_delete BEFORE DELETE ON contacts BEGIN
  INSERT INTO rollup_figures (business_key, contacts, with_email, with_phone, dated,
      unsynced, open_tasks, completed_tasks, notes, appointments, last_activity)
    SELECT coalesce(old.business_id, ''), -1, -coalesce(old.email <> '', 0), -coalesce(old.phone <> '', 0),
      -(old.date_added IS NOT NULL), -(old.details_synced_at IS NULL),
      -(SELECT count(*) FROM tasks WHERE contact_rowid = old.rowid AND completed = 0),
      -(SELECT count(*) FROM tasks WHERE contact_rowid = old.rowid AND completed <> 0),
      -(SELECT count(*) FROM notes WHERE contact_rowid = old.rowid),
      -(SELECT count(*) FROM appointments WHERE contact_rowid = old.rowid AND starts_at IS NOT NULL),
      old.last_activity
    WHERE old.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET
      contacts = contacts + excluded.contacts, with_email = with_email + excluded.with_email,
      with_phone = with_phone + excluded.with_phone, dated = dated + excluded.dated,
      unsynced = unsynced + excluded.unsynced, open_tasks = open_tasks + excluded.open_tasks,
      completed_tasks = completed_tasks + excluded.completed_tasks, notes = notes + excluded.notes,
      appointments = appointments + excluded.appointments,
      last_activity = last_activity;
  UPDATE rollup_figures SET last_activity = (
      SELECT max(last_activity) FROM contacts
      WHERE deleted = 0 AND business_id IS old.business_id AND rowid <> old.rowid)
    WHERE business_key = coalesce(old.business_id, '') AND last_activity = old.last_activity AND old.deleted = 0;
  INSERT INTO rollup_owners (business_key, owner, contacts)
    SELECT coalesce(old.business_id, ''), old.assigned_to, -1 WHERE old.deleted = 0 AND old.assigned_to <> ''
    ON CONFLICT (business_key, owner) DO UPDATE SET contacts = contacts + excluded.contacts;
  INSERT INTO rollup_tags (business_key, tag, contacts)
    SELECT coalesce(old.business_id, ''), tag, -1 FROM contact_tags WHERE contact_rowid = old.rowid AND old.deleted = 0
    ON CONFLICT (business_key, tag) DO UPDATE SET contacts = contacts + excluded.contacts;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(old.business_id, ''), due_date - (due_date % 86400000 + 86400000) % 86400000, -1, 0 FROM tasks
    WHERE contact_rowid = old.rowid AND completed = 0 AND due_date IS NOT NULL AND old.deleted = 0
    ON CONFLICT (business_key, day) DO UPDATE SET open_due = open_due + excluded.open_due;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(old.business_id, ''), starts_at - (starts_at % 86400000 + 86400000) % 86400000, 0, -1 FROM appointments
    WHERE contact_rowid = old.rowid AND starts_at IS NOT NULL AND old.deleted = 0
    ON CONFLICT (business_key, day) DO UPDATE SET appointments = appointments + excluded.appointments;
END;
CREATE TRIGGER rollup_contact_update AFTER UPDATE OF business_id, deleted, email, phone, date_added, assigned_to, details_synced_at, last_activity ON contacts
WHEN old.business_id IS NOT new.business_id OR old.deleted IS NOT new.deleted OR old.email IS NOT new.email OR old.phone IS NOT new.phone OR old.date_added IS NOT new.date_added OR old.assigned_to IS NOT new.assigned_to OR old.details_synced_at IS NOT new.details_synced_at OR old.last_activity IS NOT new.last_activity BEGIN
  INSERT INTO rollup_figures (business_key, contacts, with_email, with_phone, dated,
      unsynced, open_tasks, completed_tasks, notes, appointments, last_activity)
    SELECT coalesce(old.business_id, ''), -1, -coalesce(old.email <> '', 0), -coalesce(old.phone <> '', 0),
      -(old.date_added IS NOT NULL), -(old.details_synced_at IS NULL),
      -(SELECT count(*) FROM tasks WHERE contact_rowid = old.rowid AND completed = 0),
      -(SELECT count(*) FROM tasks WHERE contact_rowid = old.rowid AND completed <> 0),
      -(SELECT count(*) FROM notes WHERE contact_rowid = old.rowid),
      -(SELECT count(*) FROM appointments WHERE contact_rowid = old.rowid AND starts_at IS NOT NULL),
      old.last_activity
    WHERE old.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET
      contacts = contacts + excluded.contacts, with_email = with_email + excluded.with_email,
      with_phone = with_phone + excluded.with_phone, dated = dated + excluded.dated,
      unsynced = unsynced + excluded.unsynced, open_tasks = open_tasks + excluded.open_tasks,
      completed_tasks = completed_tasks + excluded.completed_tasks, notes = notes + excluded.notes,
      appointments = appointments + excluded.appointments,
      last_activity = last_activity;
  UPDATE rollup_figures SET last_activity = (
      SELECT max(last_activity) FROM contacts
      WHERE deleted = 0 AND business_id IS old.business_id AND rowid <> old.rowid)
    WHERE business_key = coalesce(old.business_id, '') AND last_activity = old.last_activity AND old.deleted = 0;
  INSERT INTO rollup_owners (business_key, owner, contacts)
    SELECT coalesce(old.business_id, ''), old.assigned_to, -1 WHERE old.deleted = 0 AND old.assigned_to <> ''
    ON CONFLICT (business_key, owner) DO UPDATE SET contacts = contacts + excluded.contacts;
  INSERT INTO rollup_tags (business_key, tag, contacts)
    SELECT coalesce(old.business_id, ''), tag, -1 FROM contact_tags WHERE contact_rowid = old.rowid AND old.deleted = 0
    ON CONFLICT (business_key, tag) DO UPDATE SET contacts = contacts + excluded.contacts;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(old.business_id, ''), due_date - (due_date % 86400000 + 86400000) % 86400000, -1, 0 FROM tasks
    WHERE contact_rowid = old.rowid AND completed = 0 AND due_date IS NOT NULL AND old.deleted = 0
    ON CONFLICT (business_key, day) DO UPDATE SET open_due = open_due + excluded.open_due;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(old.business_id, ''), starts_at - (starts_at % 86400000 + 86400000) % 86400000, 0, -1 FROM appointments
    WHERE contact_rowid = old.rowid AND starts_at IS NOT NULL AND old.deleted = 0
    ON CONFLICT (business_key, day) DO UPDATE SET appointments = appointments + excluded.appointments;
  INSERT INTO rollup_figures (business_key, contacts, with_email, with_phone, dated,
      unsynced, open_tasks, completed_tasks, notes, appointments, last_activity)
    SELECT coalesce(new.business_id, ''), 1, coalesce(new.email <> '', 0), coalesce(new.phone <> '', 0),
      (new.date_added IS NOT NULL), (new.details_synced_at IS NULL),
      (SELECT count(*) FROM tasks WHERE contact_rowid = new.rowid AND completed = 0),
      (SELECT count(*) FROM tasks WHERE contact_rowid = new.rowid AND completed <> 0),
      (SELECT count(*) FROM notes WHERE contact_rowid = new.rowid),
      (SELECT count(*) FROM appointments WHERE contact_rowid = new.rowid AND starts_at IS NOT NULL),
      new.last_activity
    WHERE new.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET
      contacts = contacts + excluded.contacts, with_email = with_email + excluded.with_email,
      with_phone = with_phone + excluded.with_phone, dated = dated + excluded.dated,
      unsynced = unsynced + excluded.unsynced, open_tasks = open_tasks + excluded.open_tasks,
      completed_tasks = completed_tasks + excluded.completed_tasks, notes = notes + excluded.notes,
      appointments = appointments + excluded.appointments,
      last_activity = max(coalesce(last_activity, excluded.last_activity), coalesce(excluded.last_activity, last_activity));
  INSERT INTO rollup_owners (business_key, owner, contacts)
    SELECT coalesce(new.business_id, ''), new.assigned_to, 1 WHERE new.deleted = 0 AND new.assigned_to <> ''
    ON CONFLICT (business_key, owner) DO UPDATE SET contacts = contacts + excluded.contacts;
  INSERT INTO rollup_tags (business_key, tag, contacts)
    SELECT coalesce(new.business_id, ''), tag, 1 FROM contact_tags WHERE contact_rowid = new.rowid AND new.deleted = 0
    ON CONFLICT (business_key, tag) DO UPDATE SET contacts = contacts + excluded.contacts;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(new.business_id, ''), due_date - (due_date % 86400000 + 86400000) % 86400000, 1, 0 FROM tasks
    WHERE contact_rowid = new.rowid AND completed = 0 AND due_date IS NOT NULL AND new.deleted = 0
    ON CONFLICT (business_key, day) DO UPDATE SET open_due = open_due + excluded.open_due;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(new.business_id, ''), starts_at - (starts_at % 86400000 + 86400000) % 86400000, 0, 1 FROM appointments
    WHERE contact_rowid = new.rowid AND starts_at IS NOT NULL AND new.deleted = 0
    ON CONFLICT (business_key, day) DO UPDATE SET appointments = appointments + excluded.appointments;
END;

-- Tasks, notes, appointments and tags count for their contact's business while it is live.
CREATE TRIGGER rollup_task_insert AFTER INSERT ON tasks BEGIN
  INSERT INTO rollup_figures (business_key, open_tasks, completed_tasks)
    SELECT coalesce(c.business_id, ''), (new.completed = 0), (new.completed <> 0)
    FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET open_tasks = open_tasks + excluded.open_tasks,
      completed_tasks = completed_tasks + excluded.completed_tasks;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(c.business_id, ''), new.due_date - (new.due_date % 86400000 + 86400000) % 86400000, 1, 0
    FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0 AND new.completed = 0 AND new.due_date IS NOT NULL
    ON CONFLICT (business_key, day) DO UPDATE SET open_due = open_due + excluded.open_due;
END;
CREATE TRIGGER rollup_task_delete AFTER DELETE ON tasks BEGIN
  INSERT INTO rollup_figures (business_key, open_tasks, completed_tasks)
    SELECT coalesce(c.business_id, ''), -(old.completed = 0), -(old.completed <> 0)
    FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET open_tasks = open_tasks + excluded.open_tasks,
      completed_tasks = completed_tasks + excluded.completed_tasks;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(c.business_id, ''), old.due_date - (old.due_date % 86400000 + 86400000) % 86400000, -1, 0
    FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0 AND old.completed = 0 AND old.due_date IS NOT NULL
    ON CONFLICT (business_key, day) DO UPDATE SET open_due = open_due + excluded.open_due;
END;
CREATE TRIGGER rollup_task_update AFTER UPDATE OF completed, due_date, contact_rowid ON tasks BEGIN
  INSERT INTO rollup_figures (business_key, open_tasks, completed_tasks)
    SELECT coalesce(c.business_id, ''), -(old.completed = 0), -(old.completed <> 0)
    FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET open_tasks = open_tasks + excluded.open_tasks,
      completed_tasks = completed_tasks + excluded.completed_tasks;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(c.business_id, ''), old.due_date - (old.due_date % 86400000 + 86400000) % 86400000, -1, 0
    FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0 AND old.completed = 0 AND old.due_date IS NOT NULL
    ON CONFLICT (business_key, day) DO UPDATE SET open_due = open_due + excluded.open_due;
  INSERT INTO rollup_figures (business_key, open_tasks, completed_tasks)
    SELECT coalesce(c.business_id, ''), (new.completed = 0), (new.completed <> 0)
    FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET open_tasks = open_tasks + excluded.open_tasks,
      completed_tasks = completed_tasks + excluded.completed_tasks;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(c.business_id, ''), new.due_date - (new.due_date % 86400000 + 86400000) % 86400000, 1, 0
    FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0 AND new.completed = 0 AND new.due_date IS NOT NULL
    ON CONFLICT (business_key, day) DO UPDATE SET open_due = open_due + excluded.open_due;
END;
CREATE TRIGGER rollup_note_insert AFTER INSERT ON notes BEGIN
  INSERT INTO rollup_figures (business_key, notes)
    SELECT coalesce(c.business_id, ''), 1 FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET notes = notes + excluded.notes;
END;
CREATE TRIGGER rollup_note_delete AFTER DELETE ON notes BEGIN
  INSERT INTO rollup_figures (business_key, notes)
    SELECT coalesce(c.business_id, ''), -1 FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET notes = notes + excluded.notes;
END;
CREATE TRIGGER rollup_note_update AFTER UPDATE OF contact_rowid ON notes BEGIN
  INSERT INTO rollup_figures (business_key, notes)
    SELECT coalesce(c.business_id, ''), -1 FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET notes = notes + excluded.notes;
  INSERT INTO rollup_figures (business_key, notes)
    SELECT coalesce(c.business_id, ''), 1 FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key) DO UPDATE SET notes = notes + excluded.notes;
END;
CREATE TRIGGER rollup_appointment_insert AFTER INSERT ON appointments BEGIN
  INSERT INTO rollup_figures (business_key, appointments)
    SELECT coalesce(c.business_id, ''), 1 FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0 AND new.starts_at IS NOT NULL
    ON CONFLICT (business_key) DO UPDATE SET appointments = appointments + excluded.appointments;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(c.business_id, ''), new.starts_at - (new.starts_at % 86400000 + 86400000) % 86400000, 0, 1
    FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0 AND new.starts_at IS NOT NULL
    ON CONFLICT (business_key, day) DO UPDATE SET appointments = appointments + excluded.appointments;
END;
CREATE TRIGGER rollup_appointment_delete AFTER DELETE ON appointments BEGIN
  INSERT INTO rollup_figures (business_key, appointments)
    SELECT coalesce(c.business_id, ''), -1 FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0 AND old.starts_at IS NOT NULL
    ON CONFLICT (business_key) DO UPDATE SET appointments = appointments + excluded.appointments;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(c.business_id, ''), old.starts_at - (old.starts_at % 86400000 + 86400000) % 86400000, 0, -1
    FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0 AND old.starts_at IS NOT NULL
    ON CONFLICT (business_key, day) DO UPDATE SET appointments = appointments + excluded.appointments;
END;
CREATE TRIGGER rollup_appointment_update AFTER UPDATE OF starts_at, contact_rowid ON appointments BEGIN
  INSERT INTO rollup_figures (business_key, appointments)
    SELECT coalesce(c.business_id, ''), -1 FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0 AND old.starts_at IS NOT NULL
    ON CONFLICT (business_key) DO UPDATE SET appointments = appointments + excluded.appointments;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(c.business_id, ''), old.starts_at - (old.starts_at % 86400000 + 86400000) % 86400000, 0, -1
    FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0 AND old.starts_at IS NOT NULL
    ON CONFLICT (business_key, day) DO UPDATE SET appointments = appointments + excluded.appointments;
  INSERT INTO rollup_figures (business_key, appointments)
    SELECT coalesce(c.business_id, ''), 1 FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0 AND new.starts_at IS NOT NULL
    ON CONFLICT (business_key) DO UPDATE SET appointments = appointments + excluded.appointments;
  INSERT INTO rollup_days (business_key, day, open_due, appointments)
    SELECT coalesce(c.business_id, ''), new.starts_at - (new.starts_at % 86400000 + 86400000) % 86400000, 0, 1
    FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0 AND new.starts_at IS NOT NULL
    ON CONFLICT (business_key, day) DO UPDATE SET appointments = appointments + excluded.appointments;
END;
CREATE TRIGGER rollup_tag_insert AFTER INSERT ON contact_tags BEGIN
  INSERT INTO rollup_tags (business_key, tag, contacts)
    SELECT coalesce(c.business_id, ''), new.tag, 1 FROM contacts c WHERE c.rowid = new.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key, tag) DO UPDATE SET contacts = contacts + excluded.contacts;
END;
CREATE TRIGGER rollup_tag_delete AFTER DELETE ON contact_tags BEGIN
  INSERT INTO rollup_tags (business_key, tag, contacts)
    SELECT coalesce(c.business_id, ''), old.tag, -1 FROM contacts c WHERE c.rowid = old.contact_rowid AND c.deleted = 0
    ON CONFLICT (business_key, tag) DO UPDATE SET contacts = contacts + excluded.contacts;
END;

-- The figures of the contacts already cached.
INSERT INTO rollup_figures (business_key, contacts, with_email, with_phone, dated, unsynced,
    last_activity)
  SELECT coalesce(business_id, ''), count(*), sum(coalesce(email <> '', 0)),
    sum(coalesce(phone <> '', 0)), sum(date_added IS NOT NULL),
    sum(details_synced_at IS NULL), max(last_activity)
  FROM contacts WHERE deleted = 0 GROUP BY 1;
INSERT INTO rollup_figures (business_key, open_tasks, completed_tasks)
  SELECT coalesce(c.business_id, ''), sum(t.completed = 0), sum(t.completed <> 0)
  FROM tasks t JOIN contacts c ON c.rowid = t.contact_rowid WHERE c.deleted = 0 GROUP BY 1
  ON CONFLICT (business_key) DO UPDATE SET open_tasks = excluded.open_tasks,
    completed_tasks = excluded.completed_tasks;
INSERT INTO rollup_figures (business_key, notes)
  SELECT coalesce(c.business_id, ''), count(*)
  FROM notes n JOIN contacts c ON c.rowid = n.contact_rowid WHERE c.deleted = 0 GROUP BY 1
  ON CONFLICT (business_key) DO UPDATE SET notes = excluded.notes;
INSERT INTO rollup_figures (business_key, appointments)
  SELECT coalesce(c.business_id, ''), count(*)
  FROM appointments a JOIN contacts c ON c.rowid = a.contact_rowid
  WHERE c.deleted = 0 AND a.starts_at IS NOT NULL GROUP BY 1
  ON CONFLICT (business_key) DO UPDATE SET appointments = excluded.appointments;
INSERT INTO rollup_owners (business_key, owner, contacts)
  SELECT coalesce(business_id, ''), assigned_to, count(*)
  FROM contacts WHERE deleted = 0 AND assigned_to <> '' GROUP BY 1, 2;
INSERT INTO rollup_tags (business_key, tag, contacts)
  SELECT coalesce(c.business_id, ''), t.tag, count(*)
  FROM contact_tags t JOIN contacts c ON c.rowid = t.contact_rowid WHERE c.deleted = 0
  GROUP BY 1, 2;
INSERT INTO rollup_days (business_key, day, open_due)
  SELECT coalesce(c.business_id, ''), t.due_date - (t.due_date % 86400000 + 86400000) % 86400000,
    count(*)
  FROM tasks t JOIN contacts c ON c.rowid = t.contact_rowid
  WHERE c.deleted = 0 AND t.completed = 0 AND t.due_date IS NOT NULL GROUP BY 1, 2;
INSERT INTO rollup_days (business_key, day, appointments)
  SELECT coalesce(c.business_id, ''),
    a.starts_at - (a.starts_at % 86400000 + 86400000) % 86400000, count(*)
  FROM appointments a JOIN contacts c ON c.rowid = a.contact_rowid
  WHERE c.deleted = 0 AND a.starts_at IS NOT NULL GROUP BY 1, 2
  ON CONFLICT (business_key, day) DO UPDATE SET appointments = excluded.appointments;
