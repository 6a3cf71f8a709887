//! Requests counted per endpoint, so a benchmark reads what a sync cost from the server's
//! side instead of computing it, and writes counted per contact they changed, so a test
//! sees that no contact was tagged, or given a task, by two requests. Served at `GET /__sandbox/stats`, a path HighLevel does not
//! use, outside auth and the rate limit.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Every API request received (401s and 429s included), by method and route template
/// (`GET /contacts/:contactId/tasks`); a path no route serves counts as `GET (no route)`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SandboxStats {
    pub total: u64,
    pub by_endpoint: BTreeMap<String, u64>,
    /// Bulk tag and business requests and task creates that reached their route, by
    /// endpoint, then by the contact they named.
    #[serde(default)]
    pub writes_by_contact: BTreeMap<String, BTreeMap<String, u64>>,
}

impl SandboxStats {
    pub(crate) fn count(&mut self, method: &str, template: Option<&str>) {
        let endpoint = match template {
            Some(template) => format!("{method} {}", highlevel_template(template)),
            None => format!("{method} (no route)"),
        };
        self.total += 1;
        *self.by_endpoint.entry(endpoint).or_default() += 1;
    }

    /// A write to `endpoint` (HighLevel's template) that named `contacts`.
    pub(crate) fn count_write(&mut self, endpoint: &str, contacts: &[String]) {
        let counts = self
            .writes_by_contact
            .entry(endpoint.to_owned())
            .or_default();
        for contact in contacts {
            *counts.entry(contact.clone()).or_default() += 1;
        }
    }

    /// The most requests to `endpoint` that named one contact (1 when none was written twice).
    pub fn most_writes_to_one_contact(&self, endpoint: &str) -> u64 {
        self.writes_by_contact
            .get(endpoint)
            .and_then(|counts| counts.values().max().copied())
            .unwrap_or_default()
    }

    /// How many contacts requests to `endpoint` named.
    pub fn contacts_written(&self, endpoint: &str) -> usize {
        self.writes_by_contact
            .get(endpoint)
            .map_or(0, BTreeMap::len)
    }

    /// Requests to one endpoint, e.g. `stats.of("POST /contacts/search")`.
    pub fn of(&self, endpoint: &str) -> u64 {
        self.by_endpoint.get(endpoint).copied().unwrap_or_default()
    }
}

/// axum's `/contacts/{contact_id}` as HighLevel writes it: `/contacts/:contactId`.
pub(crate) fn highlevel_template(axum: &str) -> String {
    axum.split('/')
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => format!(":{}", camel_case(name)),
                None => segment.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

fn camel_case(snake: &str) -> String {
    let mut parts = snake.split('_');
    let first = parts.next().unwrap_or_default().to_owned();
    parts.fold(first, |mut name, part| {
        let mut chars = part.chars();
        if let Some(initial) = chars.next() {
            name.extend(initial.to_uppercase());
            name.push_str(chars.as_str());
        }
        name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_counted_under_highlevels_templates() {
        let mut stats = SandboxStats::default();
        stats.count("GET", Some("/contacts/{contact_id}/tasks/{task_id}"));
        stats.count("GET", Some("/contacts/{contact_id}/tasks/{task_id}"));
        stats.count("POST", Some("/locations/{location_id}/tasks/search"));
        stats.count("GET", None);
        assert_eq!(stats.total, 4);
        assert_eq!(stats.of("GET /contacts/:contactId/tasks/:taskId"), 2);
        assert_eq!(stats.of("POST /locations/:locationId/tasks/search"), 1);
        assert_eq!(stats.of("GET (no route)"), 1);
    }

    #[test]
    fn writes_are_counted_per_contact() {
        let mut stats = SandboxStats::default();
        let endpoint = "POST /contacts/bulk/tags/update/:kind";
        stats.count_write(endpoint, &["a".into(), "b".into()]);
        assert_eq!(stats.most_writes_to_one_contact(endpoint), 1);
        stats.count_write(endpoint, &["b".into()]);
        assert_eq!(stats.most_writes_to_one_contact(endpoint), 2);
        assert_eq!(stats.contacts_written(endpoint), 2);
        assert_eq!(stats.most_writes_to_one_contact("POST /contacts/"), 0);
    }
}
