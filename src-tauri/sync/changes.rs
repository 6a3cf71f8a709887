//! What changed about a contact's tasks between two fetches.

use std::collections::HashMap;

use jiff::Timestamp;

use crate::cache::{ChangeEvent, ChangeKind};
use crate::highlevel::Task;

/// The events between the stored tasks (`before`, fetched at `before_at`) and a fresh
/// fetch. Keys name the transition from that stored state, so computing the same diff
/// again (after a failed write, or by a second window) yields the same keys.
pub fn task_changes(
    contact_id: &str,
    contact_name: &str,
    before: &[Task],
    before_at: Timestamp,
    after: &[Task],
    now: Timestamp,
) -> Vec<ChangeEvent> {
    let old: HashMap<&str, &Task> = before.iter().map(|task| (task.id.as_str(), task)).collect();
    let new: HashMap<&str, &Task> = after.iter().map(|task| (task.id.as_str(), task)).collect();
    let event = |task: &Task, kind: ChangeKind, detail: Option<String>| ChangeEvent {
        key: format!("{}:{kind:?}:{}", task.id, before_at.as_millisecond()),
        at: now,
        contact_id: contact_id.to_owned(),
        contact_name: contact_name.to_owned(),
        task_id: task.id.clone(),
        kind,
        title: task
            .title
            .clone()
            .unwrap_or_else(|| "Untitled task".to_owned()),
        detail,
    };
    let mut events = Vec::new();
    for task in after {
        let Some(previous) = old.get(task.id.as_str()) else {
            events.push(event(task, ChangeKind::TaskAdded, due_text(task.due_date)));
            continue;
        };
        match (previous.completed, task.completed) {
            (false, true) => events.push(event(task, ChangeKind::TaskCompleted, None)),
            (true, false) => events.push(event(task, ChangeKind::TaskReopened, None)),
            _ => {}
        }
        if previous.due_date != task.due_date {
            let detail = format!(
                "{} → {}",
                due_text(previous.due_date).unwrap_or_else(|| "no due date".into()),
                due_text(task.due_date).unwrap_or_else(|| "no due date".into())
            );
            events.push(event(task, ChangeKind::TaskDueChanged, Some(detail)));
        }
    }
    for task in before
        .iter()
        .filter(|task| !new.contains_key(task.id.as_str()))
    {
        events.push(event(task, ChangeKind::TaskRemoved, None));
    }
    events
}

fn due_text(due: Option<Timestamp>) -> Option<String> {
    due.map(|due| due.strftime("%Y-%m-%d %H:%M UTC").to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn task(id: &str, due: &str, completed: bool) -> Task {
        serde_json::from_value(
            json!({"id": id, "title": id, "dueDate": due, "completed": completed}),
        )
        .unwrap()
    }

    fn kinds(events: &[ChangeEvent]) -> Vec<(String, ChangeKind)> {
        events.iter().map(|e| (e.task_id.clone(), e.kind)).collect()
    }

    #[test]
    fn finds_each_kind_of_change() {
        let at: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        let now: Timestamp = "2026-11-02T00:00:00Z".parse().unwrap();
        let before = [
            task("done", "2026-11-10T09:00:00Z", false),
            task("reopened", "2026-11-10T09:00:00Z", true),
            task("moved", "2026-11-10T09:00:00Z", false),
            task("same", "2026-11-10T09:00:00Z", false),
            task("gone", "2026-11-10T09:00:00Z", false),
        ];
        let after = [
            task("done", "2026-11-10T09:00:00Z", true),
            task("reopened", "2026-11-10T09:00:00Z", false),
            task("moved", "2026-11-12T09:00:00Z", false),
            task("same", "2026-11-10T09:00:00Z", false),
            task("new", "2026-11-20T09:00:00Z", false),
        ];
        let events = task_changes("c1", "Ada", &before, at, &after, now);
        let expected = [
            ("done", ChangeKind::TaskCompleted),
            ("reopened", ChangeKind::TaskReopened),
            ("moved", ChangeKind::TaskDueChanged),
            ("new", ChangeKind::TaskAdded),
            ("gone", ChangeKind::TaskRemoved),
        ];
        assert_eq!(
            kinds(&events),
            expected.map(|(id, kind)| (id.to_owned(), kind))
        );
        assert_eq!(
            events[2].detail.as_deref(),
            Some("2026-11-10 09:00 UTC → 2026-11-12 09:00 UTC")
        );
        // The same transition from the same stored state has the same key.
        let again = task_changes("c1", "Ada", &before, at, &after, now);
        assert_eq!(events, again);
        let later = task_changes("c1", "Ada", &before, now, &after, now);
        assert_ne!(events[0].key, later[0].key);
    }

    #[test]
    fn nothing_changed_means_no_events() {
        let at: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        let tasks = [task("a", "2026-11-10T09:00:00Z", false)];
        assert!(task_changes("c1", "Ada", &tasks, at, &tasks, at).is_empty());
    }
}
