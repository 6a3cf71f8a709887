//! HighLevel's search index trails its writes by a few seconds: a contact created, changed
//! or deleted shows in `POST /contacts/search` only that much later, and until then search
//! serves the version it had indexed. With no lag nothing is kept.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use super::model::Contact;

pub(crate) struct SearchLag {
    lag_ms: i64,
    /// The version search still serves for contacts with changes not yet visible (`None`:
    /// not indexed yet, i.e. created within the lag).
    indexed: HashMap<String, Option<Contact>>,
    /// Changes in the order they were made: when each shows, and the version it shows.
    pending: VecDeque<(i64, String, Option<Contact>)>,
}

impl SearchLag {
    pub(crate) fn new(lag: Duration) -> Self {
        Self {
            lag_ms: i64::try_from(lag.as_millis()).unwrap_or(i64::MAX),
            indexed: HashMap::new(),
            pending: VecDeque::new(),
        }
    }

    /// A write at `now`: search keeps serving `before` until `after` shows, a lag later.
    pub(crate) fn record(
        &mut self,
        id: &str,
        before: Option<&Contact>,
        after: Option<&Contact>,
        now: i64,
    ) {
        if self.lag_ms == 0 {
            return;
        }
        self.indexed
            .entry(id.to_owned())
            .or_insert_with(|| before.cloned());
        let due = now.saturating_add(self.lag_ms);
        self.pending.push_back((due, id.to_owned(), after.cloned()));
    }

    /// Indexes the changes due by `now`, oldest first.
    pub(crate) fn catch_up(&mut self, now: i64) {
        while self.pending.front().is_some_and(|(due, ..)| *due <= now) {
            let Some((_, id, version)) = self.pending.pop_front() else {
                return;
            };
            match self.pending.iter().any(|(_, other, _)| *other == id) {
                true => self.indexed.insert(id, version),
                // Nothing else pending: the index holds what the store holds.
                false => self.indexed.remove(&id),
            };
        }
    }

    /// The contacts as search sees them, given the store's current ones.
    pub(crate) fn visible<'a>(
        &'a self,
        contacts: &'a HashMap<String, Contact>,
    ) -> impl Iterator<Item = &'a Contact> {
        let current = contacts
            .values()
            .filter_map(|contact| match self.indexed.get(&contact.id) {
                None => Some(contact),
                Some(indexed) => indexed.as_ref(),
            });
        let deleted = self
            .indexed
            .iter()
            .filter(|(id, _)| !contacts.contains_key(*id))
            .filter_map(|(_, indexed)| indexed.as_ref());
        current.chain(deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(id: &str, first_name: &str) -> Contact {
        let mut contact = Contact::blank(id.into(), "loc".into(), 0);
        contact.first_name = Some(first_name.into());
        contact
    }

    fn names(lag: &SearchLag, contacts: &HashMap<String, Contact>) -> Vec<String> {
        let mut names: Vec<String> = lag
            .visible(contacts)
            .filter_map(|c| c.first_name.clone())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_show_a_lag_later_one_after_the_other() {
        let mut lag = SearchLag::new(Duration::from_millis(100));
        let mut contacts = HashMap::new();
        let (ada, bea) = (contact("a", "Ada"), contact("b", "Bea"));
        contacts.insert("a".to_owned(), ada.clone());
        contacts.insert("b".to_owned(), bea.clone());

        let renamed = contact("a", "Adele");
        lag.record("a", Some(&ada), Some(&renamed), 1_000);
        contacts.insert("a".to_owned(), renamed.clone());
        let again = contact("a", "Adeline");
        lag.record("a", Some(&renamed), Some(&again), 1_050);
        contacts.insert("a".to_owned(), again);
        lag.record("b", Some(&bea), None, 1_050);
        contacts.remove("b");
        let new = contact("c", "Cy");
        lag.record("c", None, Some(&new), 1_050);
        contacts.insert("c".to_owned(), new);

        lag.catch_up(1_099);
        assert_eq!(names(&lag, &contacts), ["Ada", "Bea"]);
        lag.catch_up(1_100);
        assert_eq!(names(&lag, &contacts), ["Adele", "Bea"]);
        lag.catch_up(1_150);
        assert_eq!(names(&lag, &contacts), ["Adeline", "Cy"]);
        assert!(lag.indexed.is_empty() && lag.pending.is_empty());
    }

    #[test]
    fn without_a_lag_nothing_is_kept() {
        let mut lag = SearchLag::new(Duration::ZERO);
        let ada = contact("a", "Ada");
        lag.record("a", None, Some(&ada), 0);
        assert!(lag.indexed.is_empty() && lag.pending.is_empty());
    }
}
