-- The task inbox lists recently completed tasks by due date, as it lists open ones through
-- `tasks_open_by_due`.
CREATE INDEX tasks_done_by_due ON tasks (due_date) WHERE completed = 1;
