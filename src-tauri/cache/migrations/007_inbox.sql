-- The task inbox groups open tasks by owner in the order of `tasks_inbox` (no table
-- reads, no sort), and lists recently completed tasks by due date as it lists open ones
-- through `tasks_open_by_due`.
CREATE INDEX tasks_inbox ON tasks (completed, assigned_to, contact_rowid);
CREATE INDEX tasks_done_by_due ON tasks (due_date) WHERE completed = 1;
