//! The sandbox's in-memory database: the location's records and the indexes that keep
//! listing fast at 100,000 contacts (contacts ordered by `(dateAdded, id)`, per business, and
//! by email and phone for the duplicate check).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use fastrand::Rng;

use super::enrollments::{self, Enrollments, CAMPAIGN_IDS, WORKFLOW_IDS};
use super::error::ApiError;
use super::ids;
use super::input::{self, ContactFields, CustomFieldDefinition, NoteFields, TaskFields};
use super::lag::SearchLag;
use super::model::{Appointment, Business, Calendar, Contact, Event, Note, SortKey, Task, User};
use super::phone;
use super::search::{Found, SearchRequest};
use super::seed::Seeded;

pub(crate) struct Store {
    location_id: String,
    contacts: HashMap<String, Contact>,
    /// Ascending; listings walk it backwards for newest first. Each entry holds the contact's
    /// [`Contact::search_text`], so that a search is one substring test per contact.
    by_date: BTreeMap<SortKey, String>,
    by_business: HashMap<String, BTreeSet<SortKey>>,
    /// Lower-cased email → contact id.
    by_email: HashMap<String, String>,
    by_phone: HashMap<String, String>,
    tasks: HashMap<String, Vec<Task>>,
    notes: HashMap<String, Vec<Note>>,
    appointments: HashMap<String, Vec<Appointment>>,
    calendars: Vec<Calendar>,
    /// Every task by `(dateAdded, id)`, to its contact: the task search's stable order.
    task_order: BTreeMap<SortKey, String>,
    custom_fields: Vec<CustomFieldDefinition>,
    users: Vec<User>,
    businesses: Vec<Business>,
    campaigns: Enrollments,
    workflows: Enrollments,
    /// What `POST /contacts/search` has not indexed yet.
    lag: SearchLag,
    /// Ids of records created at run time; seeded from the sandbox's seed too.
    ids: Rng,
}

/// A location-wide task search, its text lower-cased.
#[derive(Debug, Default)]
pub(crate) struct TaskQuery {
    pub contact_ids: Vec<String>,
    pub completed: Option<bool>,
    pub assigned_to: Vec<String>,
    pub query: Option<String>,
    pub business_id: Option<String>,
    pub skip: usize,
    pub limit: usize,
}

/// Whose events `GET /calendars/events` lists.
pub(crate) enum EventOwner {
    Calendar(String),
    User(String),
    Group(String),
}

/// One page of `GET /contacts/`, newest first.
pub(crate) struct Page<'a> {
    pub contacts: Vec<&'a Contact>,
    /// Contacts that match the search, on every page.
    pub total: usize,
    /// Matching contacts listed before this page, to number it.
    pub preceding: usize,
    pub has_more: bool,
}

impl Store {
    pub(crate) fn new(location_id: String, seeded: Seeded, ids: Rng, search_lag: Duration) -> Self {
        let mut store = Self {
            location_id,
            contacts: HashMap::with_capacity(seeded.contacts.len()),
            by_date: BTreeMap::new(),
            by_business: HashMap::new(),
            by_email: HashMap::with_capacity(seeded.contacts.len()),
            by_phone: HashMap::with_capacity(seeded.contacts.len()),
            tasks: HashMap::new(),
            notes: HashMap::new(),
            appointments: HashMap::new(),
            calendars: seeded.calendars,
            task_order: BTreeMap::new(),
            custom_fields: seeded.custom_fields,
            users: seeded.users,
            businesses: seeded.businesses,
            campaigns: Enrollments::default(),
            workflows: Enrollments::default(),
            lag: SearchLag::new(search_lag),
            ids,
        };
        for contact in seeded.contacts {
            store.insert_contact(contact);
        }
        for task in seeded.tasks {
            let key = (task.date_added, task.id.clone());
            store.task_order.insert(key, task.contact_id.clone());
            store
                .tasks
                .entry(task.contact_id.clone())
                .or_default()
                .push(task);
        }
        for note in seeded.notes {
            store
                .notes
                .entry(note.contact_id.clone())
                .or_default()
                .push(note);
        }
        for appointment in seeded.appointments {
            let contact_id = appointment.contact_id.clone();
            store
                .appointments
                .entry(contact_id)
                .or_default()
                .push(appointment);
        }
        store
    }

    pub(crate) fn custom_fields(&self) -> &[CustomFieldDefinition] {
        &self.custom_fields
    }

    pub(crate) fn users(&self) -> &[User] {
        &self.users
    }

    /// `limit` businesses after the first `skip`, in the order they were seeded.
    pub(crate) fn businesses(&self, skip: usize, limit: usize) -> &[Business] {
        let start = skip.min(self.businesses.len());
        let end = start.saturating_add(limit).min(self.businesses.len());
        &self.businesses[start..end]
    }

    pub(crate) fn contact(&self, id: &str) -> Result<&Contact, ApiError> {
        self.contacts
            .get(id)
            .ok_or_else(|| ApiError::not_found("Contact"))
    }

    /// Up to `limit` contacts matching `search` (lower-cased), newest first, strictly after
    /// the `after` cursor when there is one.
    pub(crate) fn page(
        &self,
        search: Option<&str>,
        after: Option<&SortKey>,
        limit: usize,
    ) -> Page<'_> {
        let matches =
            |(_, text): &(&SortKey, &String)| search.is_none_or(|needle| text.contains(needle));
        let total = match search {
            None => self.by_date.len(),
            Some(_) => self.by_date.iter().filter(matches).count(),
        };
        // One row past the page tells whether another page follows.
        let (preceding, rest): (usize, Vec<(&SortKey, &String)>) = match after {
            None => (
                0,
                self.by_date
                    .iter()
                    .rev()
                    .filter(matches)
                    .take(limit + 1)
                    .collect(),
            ),
            Some(cursor) => (
                self.by_date.range(cursor..).filter(matches).count(),
                self.by_date
                    .range(..cursor)
                    .rev()
                    .filter(matches)
                    .take(limit + 1)
                    .collect(),
            ),
        };
        let contacts = rest
            .iter()
            .take(limit)
            .filter_map(|((_, id), _)| self.contacts.get(id))
            .collect();
        Page {
            contacts,
            total,
            preceding,
            has_more: rest.len() > limit,
        }
    }

    /// `GET /contacts/business/:id`: one business's contacts, newest first, `skip`ped, and how
    /// many match in all. An unknown business simply has none.
    pub(crate) fn business_contacts(
        &self,
        business_id: &str,
        search: Option<&str>,
        skip: usize,
        limit: usize,
    ) -> (Vec<&Contact>, usize) {
        let Some(keys) = self.by_business.get(business_id) else {
            return (Vec::new(), 0);
        };
        let matching: Vec<&SortKey> = keys
            .iter()
            .rev()
            .filter(|key| self.key_matches(key, search))
            .collect();
        let contacts = matching
            .iter()
            .skip(skip)
            .take(limit)
            .filter_map(|(_, id)| self.contacts.get(id))
            .collect();
        (contacts, matching.len())
    }

    fn key_matches(&self, key: &SortKey, search: Option<&str>) -> bool {
        search.is_none_or(|needle| {
            self.by_date
                .get(key)
                .is_some_and(|text| text.contains(needle))
        })
    }

    pub(crate) fn create_contact(
        &mut self,
        fields: ContactFields,
        now: i64,
    ) -> Result<&Contact, ApiError> {
        let id = self.unused_id(|store, id| store.contacts.contains_key(id));
        let mut contact = Contact::blank(id, self.location_id.clone(), now);
        fields.apply(&mut contact);
        self.refuse_duplicate(&contact)?;
        let id = contact.id.clone();
        self.lag.record(&id, None, Some(&contact), now);
        self.insert_contact(contact);
        self.contact(&id)
    }

    pub(crate) fn update_contact(
        &mut self,
        id: &str,
        fields: ContactFields,
        now: i64,
    ) -> Result<&Contact, ApiError> {
        let before = self.contact(id)?.clone();
        let mut contact = before.clone();
        fields.apply(&mut contact);
        contact.date_updated = now;
        self.refuse_duplicate(&contact)?;
        self.lag.record(id, Some(&before), Some(&contact), now);
        self.remove_contact(id);
        self.insert_contact(contact);
        self.contact(id)
    }

    /// The contact HighLevel's duplicate rule finds: by email (case-blind), then by phone.
    pub(crate) fn duplicate_of(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Option<&Contact> {
        let by_email = email.and_then(|email| self.by_email.get(&email.trim().to_lowercase()));
        let by_phone = || phone.and_then(|phone| self.by_phone.get(&phone::normalise(phone)));
        by_email
            .or_else(by_phone)
            .and_then(|id| self.contacts.get(id))
    }

    /// Updates the contact the duplicate rule matches (keeping its phone when the phone is
    /// another contact's), else creates one; `true` when created.
    pub(crate) fn upsert_contact(
        &mut self,
        mut fields: ContactFields,
        email: Option<&str>,
        phone: Option<&str>,
        now: i64,
    ) -> Result<(bool, &Contact), ApiError> {
        let Some(id) = self.duplicate_of(email, phone).map(|c| c.id.clone()) else {
            return Ok((true, self.create_contact(fields, now)?));
        };
        let phone_taken = self
            .duplicate_of(None, phone)
            .is_some_and(|other| other.id != id);
        if phone_taken {
            fields.keep_phone();
        }
        Ok((false, self.update_contact(&id, fields, now)?))
    }

    /// Deletes the contact and everything hanging off it.
    pub(crate) fn delete_contact(&mut self, id: &str, now: i64) -> Result<(), ApiError> {
        let contact = self
            .contacts
            .get(id)
            .ok_or_else(|| ApiError::not_found("Contact"))?;
        self.lag.record(id, Some(contact), None, now);
        self.remove_contact(id);
        for task in self.tasks.remove(id).unwrap_or_default() {
            self.task_order.remove(&(task.date_added, task.id));
        }
        self.notes.remove(id);
        self.appointments.remove(id);
        self.campaigns.remove(id, None);
        self.workflows.remove(id, None);
        Ok(())
    }

    /// Changes the contact's tags (a contact write: `dateUpdated` moves) and returns them.
    pub(crate) fn change_tags(
        &mut self,
        id: &str,
        now: i64,
        change: impl FnOnce(&mut Vec<String>),
    ) -> Result<&[String], ApiError> {
        let before = self.contact(id)?.clone();
        let contact = self
            .contacts
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found("Contact"))?;
        change(&mut contact.tags);
        contact.date_updated = now;
        self.lag.record(id, Some(&before), Some(contact), now);
        Ok(&contact.tags)
    }

    /// Moves the contacts listed into `business_id` (out of any with `None`), as contact
    /// writes; answers the ids it moved (unknown ones are skipped).
    pub(crate) fn set_business(
        &mut self,
        ids: &[String],
        business_id: Option<&str>,
        now: i64,
    ) -> Vec<String> {
        let mut moved = Vec::new();
        for id in ids {
            let Some(before) = self.contacts.get(id).cloned() else {
                continue;
            };
            let mut contact = before.clone();
            contact.business_id = business_id.map(str::to_owned);
            contact.date_updated = now;
            self.lag.record(id, Some(&before), Some(&contact), now);
            self.remove_contact(id);
            self.insert_contact(contact);
            moved.push(id.clone());
        }
        moved
    }

    /// Adds (`add`) or removes the user ids given; answers the contact's followers after,
    /// and those of the ids that changed anything. Followers are no contact write.
    pub(crate) fn change_followers(
        &mut self,
        id: &str,
        ids: Vec<String>,
        add: bool,
    ) -> Result<(&[String], Vec<String>), ApiError> {
        let contact = self
            .contacts
            .get_mut(id)
            .ok_or_else(|| ApiError::not_found("Contact"))?;
        let changed: Vec<String> = ids
            .into_iter()
            .filter(|follower| contact.followers.contains(follower) != add)
            .collect();
        match add {
            true => input::add_tags(&mut contact.followers, changed.clone()),
            false => contact.followers.retain(|f| !changed.contains(f)),
        }
        Ok((&contact.followers, changed))
    }

    /// Enrolls the contact in the campaign (`add`) or removes it; `None` removes it from
    /// every campaign.
    pub(crate) fn change_campaign(
        &mut self,
        contact_id: &str,
        campaign_id: Option<&str>,
        add: bool,
    ) -> Result<(), ApiError> {
        self.contact(contact_id)?;
        let campaign = campaign_id
            .map(|id| enrollments::known(&CAMPAIGN_IDS, id, "Campaign"))
            .transpose()?;
        match (add, campaign) {
            (true, Some(campaign)) => self.campaigns.add(contact_id, campaign),
            (_, campaign) => self.campaigns.remove(contact_id, campaign),
        }
        Ok(())
    }

    pub(crate) fn change_workflow(
        &mut self,
        contact_id: &str,
        workflow_id: &str,
        add: bool,
    ) -> Result<(), ApiError> {
        self.contact(contact_id)?;
        let workflow = enrollments::known(&WORKFLOW_IDS, workflow_id, "Workflow")?;
        match add {
            true => self.workflows.add(contact_id, workflow),
            false => self.workflows.remove(contact_id, Some(workflow)),
        }
        Ok(())
    }

    pub(crate) fn tasks(&self, contact_id: &str) -> Result<&[Task], ApiError> {
        self.records_of(&self.tasks, contact_id)
    }

    pub(crate) fn task(&self, contact_id: &str, task_id: &str) -> Result<&Task, ApiError> {
        self.tasks(contact_id)?
            .iter()
            .find(|task| task.id == task_id)
            .ok_or_else(|| ApiError::not_found("Task"))
    }

    pub(crate) fn create_task(
        &mut self,
        contact_id: &str,
        fields: TaskFields,
        now: i64,
    ) -> Result<&Task, ApiError> {
        self.contact(contact_id)?;
        let id =
            self.unused_id(|store, id| store.tasks.values().flatten().any(|task| task.id == id));
        let mut task = Task {
            id,
            title: String::new(),
            body: None,
            assigned_to: None,
            due_date: 0,
            completed: false,
            contact_id: contact_id.to_owned(),
            date_added: now,
        };
        fields.apply(&mut task);
        let key = (task.date_added, task.id.clone());
        self.task_order.insert(key, contact_id.to_owned());
        let tasks = self.tasks.entry(contact_id.to_owned()).or_default();
        tasks.push(task);
        Ok(&tasks[tasks.len() - 1])
    }

    pub(crate) fn update_task(
        &mut self,
        contact_id: &str,
        task_id: &str,
        fields: TaskFields,
    ) -> Result<&Task, ApiError> {
        let task = self.task_mut(contact_id, task_id)?;
        fields.apply(task);
        Ok(task)
    }

    pub(crate) fn delete_task(&mut self, contact_id: &str, task_id: &str) -> Result<(), ApiError> {
        let key = (
            self.task(contact_id, task_id)?.date_added,
            task_id.to_owned(),
        );
        self.task_order.remove(&key);
        if let Some(tasks) = self.tasks.get_mut(contact_id) {
            tasks.retain(|task| task.id != task_id);
        }
        Ok(())
    }

    pub(crate) fn notes(&self, contact_id: &str) -> Result<&[Note], ApiError> {
        self.records_of(&self.notes, contact_id)
    }

    pub(crate) fn note(&self, contact_id: &str, note_id: &str) -> Result<&Note, ApiError> {
        self.notes(contact_id)?
            .iter()
            .find(|note| note.id == note_id)
            .ok_or_else(|| ApiError::not_found("Note"))
    }

    /// A note writes no `dateUpdated` on its contact, as on HighLevel.
    pub(crate) fn create_note(
        &mut self,
        contact_id: &str,
        fields: NoteFields,
        now: i64,
    ) -> Result<&Note, ApiError> {
        self.new_note(contact_id, now, |note| fields.apply(note))
    }

    fn new_note(
        &mut self,
        contact_id: &str,
        now: i64,
        fill: impl FnOnce(&mut Note),
    ) -> Result<&Note, ApiError> {
        self.contact(contact_id)?;
        let id = self.unused_id(|store, id| store.notes.values().flatten().any(|n| n.id == id));
        let mut note = Note::blank(id, contact_id.to_owned(), now);
        fill(&mut note);
        let notes = self.notes.entry(contact_id.to_owned()).or_default();
        notes.push(note);
        Ok(&notes[notes.len() - 1])
    }

    pub(crate) fn update_note(
        &mut self,
        contact_id: &str,
        note_id: &str,
        fields: NoteFields,
    ) -> Result<&Note, ApiError> {
        self.note(contact_id, note_id)?;
        let note = self
            .notes
            .get_mut(contact_id)
            .and_then(|notes| notes.iter_mut().find(|note| note.id == note_id))
            .ok_or_else(|| ApiError::not_found("Note"))?;
        fields.apply(note);
        Ok(note)
    }

    pub(crate) fn delete_note(&mut self, contact_id: &str, note_id: &str) -> Result<(), ApiError> {
        self.note(contact_id, note_id)?;
        if let Some(notes) = self.notes.get_mut(contact_id) {
            notes.retain(|note| note.id != note_id);
        }
        Ok(())
    }

    pub(crate) fn appointments(&self, contact_id: &str) -> Result<&[Appointment], ApiError> {
        self.records_of(&self.appointments, contact_id)
    }

    /// `POST /contacts/search` over the contacts as the (lagging) index sees them at `now`.
    pub(crate) fn search(&mut self, request: &SearchRequest, now: i64) -> Found<'_> {
        self.lag.catch_up(now);
        request.run(self.lag.visible(&self.contacts))
    }

    /// `POST /locations/:locationId/tasks/search`: by `(dateAdded, id)`, so skip paging is
    /// sound while tasks are added.
    pub(crate) fn search_tasks(&self, query: &TaskQuery) -> Vec<(&Task, Option<&Contact>)> {
        // Lazily in order, so a page stops reading once it is full.
        let ordered: Box<dyn Iterator<Item = &Task> + '_> = match query.contact_ids.is_empty() {
            true => Box::new(
                self.task_order
                    .iter()
                    .filter_map(|((_, task_id), contact_id)| self.task(contact_id, task_id).ok()),
            ),
            false => {
                let mut tasks: Vec<&Task> = query
                    .contact_ids
                    .iter()
                    .filter_map(|id| self.tasks.get(id))
                    .flatten()
                    .collect();
                tasks.sort_by(|a, b| (a.date_added, &a.id).cmp(&(b.date_added, &b.id)));
                Box::new(tasks.into_iter())
            }
        };
        ordered
            .map(|task| (task, self.contacts.get(&task.contact_id)))
            .filter(|(task, contact)| task_matches(query, task, *contact))
            .skip(query.skip)
            .take(query.limit)
            .collect()
    }

    pub(crate) fn calendars(&self) -> &[Calendar] {
        &self.calendars
    }

    /// `owner`'s events overlapping `[start, end]`, by start time.
    pub(crate) fn events(&self, owner: &EventOwner, start: i64, end: i64) -> Vec<Event<'_>> {
        let group_of = |calendar_id: &str| {
            self.calendars
                .iter()
                .find(|calendar| calendar.id == calendar_id)
                .map_or("", |calendar| calendar.group_id.as_str())
        };
        let mut events: Vec<Event> = self
            .appointments
            .values()
            .flatten()
            .filter(|a| a.start_time <= end && a.end_time >= start)
            .filter(|a| match owner {
                EventOwner::Calendar(id) => a.calendar_id == *id,
                EventOwner::User(id) => a.assigned_user_id == *id || a.users.contains(id),
                EventOwner::Group(id) => group_of(&a.calendar_id) == id,
            })
            .map(|a| a.event(group_of(&a.calendar_id)))
            .collect();
        events.sort_by(|a, b| (a.start_time, a.id).cmp(&(b.start_time, b.id)));
        events
    }

    fn task_mut(&mut self, contact_id: &str, task_id: &str) -> Result<&mut Task, ApiError> {
        self.contact(contact_id)?;
        self.tasks
            .get_mut(contact_id)
            .and_then(|tasks| tasks.iter_mut().find(|task| task.id == task_id))
            .ok_or_else(|| ApiError::not_found("Task"))
    }

    /// A contact's records in `records` (none yet is an empty list); 404 without the contact.
    fn records_of<'a, T>(
        &self,
        records: &'a HashMap<String, Vec<T>>,
        contact_id: &str,
    ) -> Result<&'a [T], ApiError> {
        self.contact(contact_id)?;
        Ok(records.get(contact_id).map_or(&[], Vec::as_slice))
    }

    /// A fresh record id that `taken` does not know.
    fn unused_id(&mut self, taken: impl Fn(&Self, &str) -> bool) -> String {
        loop {
            let id = ids::record_id(&mut self.ids);
            if !taken(self, &id) {
                return id;
            }
        }
    }

    /// HighLevel's default: no two contacts of a location share an email or a phone.
    fn refuse_duplicate(&self, contact: &Contact) -> Result<(), ApiError> {
        let email = contact
            .email
            .as_ref()
            .map(|email| (email.to_lowercase(), &self.by_email, "email"));
        let phone = contact
            .phone
            .as_ref()
            .map(|phone| (phone.clone(), &self.by_phone, "phone"));
        for (value, index, field) in [email, phone].into_iter().flatten() {
            let Some(other) = index.get(&value).filter(|other| **other != contact.id) else {
                continue;
            };
            let name = self
                .contacts
                .get(other)
                .and_then(Contact::full_name)
                .unwrap_or_default();
            return Err(ApiError::duplicate_contact(&name, other, field));
        }
        Ok(())
    }

    fn insert_contact(&mut self, contact: Contact) {
        let key = contact.sort_key();
        if let Some(business_id) = &contact.business_id {
            let members = self.by_business.entry(business_id.clone()).or_default();
            members.insert(key.clone());
        }
        if let Some(email) = &contact.email {
            self.by_email
                .insert(email.to_lowercase(), contact.id.clone());
        }
        if let Some(phone) = &contact.phone {
            self.by_phone.insert(phone.clone(), contact.id.clone());
        }
        self.by_date.insert(key, contact.search_text());
        self.contacts.insert(contact.id.clone(), contact);
    }

    fn remove_contact(&mut self, id: &str) {
        let Some(contact) = self.contacts.remove(id) else {
            return;
        };
        let key = contact.sort_key();
        self.by_date.remove(&key);
        if let Some(members) = contact
            .business_id
            .as_ref()
            .and_then(|business_id| self.by_business.get_mut(business_id))
        {
            members.remove(&key);
        }
        if let Some(email) = &contact.email {
            self.by_email.remove(&email.to_lowercase());
        }
        if let Some(phone) = &contact.phone {
            self.by_phone.remove(phone);
        }
    }
}

fn task_matches(query: &TaskQuery, task: &Task, contact: Option<&Contact>) -> bool {
    let assigned = |id: &String| task.assigned_to.as_ref() == Some(id);
    query
        .completed
        .is_none_or(|completed| task.completed == completed)
        && (query.assigned_to.is_empty() || query.assigned_to.iter().any(assigned))
        && query
            .query
            .as_ref()
            .is_none_or(|text| task.title.to_lowercase().contains(text.as_str()))
        && query.business_id.as_ref().is_none_or(|business_id| {
            contact.and_then(|c| c.business_id.as_ref()) == Some(business_id)
        })
}

/// What churn needs beyond the routes' methods (see `super::churn`).
impl Store {
    pub(crate) fn contact_count(&self) -> usize {
        self.contacts.len()
    }

    /// The `index`th contact in listing order (oldest first), so a seeded draw picks the
    /// same contact whatever the hash maps' order.
    pub(crate) fn nth_contact_id(&self, index: usize) -> Option<String> {
        self.by_date.keys().nth(index).map(|(_, id)| id.clone())
    }

    /// A note as someone writes it in HighLevel itself (the churn's notes).
    pub(crate) fn add_note(
        &mut self,
        contact_id: &str,
        body: String,
        user_id: String,
        now: i64,
    ) -> Result<&Note, ApiError> {
        self.new_note(contact_id, now, |note| {
            note.body = body;
            note.user_id = Some(user_id);
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use serde_json::json;

    use super::*;
    use crate::sandbox::body::object;
    use crate::sandbox::seed::{self, SeedSpec};

    fn store(contacts: usize) -> Store {
        let spec = SeedSpec {
            seed: 3,
            contacts,
            businesses: 8,
            tasks_per_contact: None,
            today_ms: 1_749_945_600_000,
            location_id: "location".into(),
        };
        Store::new(
            "location".into(),
            seed::generate(&spec),
            Rng::with_seed(3),
            Duration::ZERO,
        )
    }

    fn fields(body: serde_json::Value) -> ContactFields {
        ContactFields::for_update(&object(body), &[]).unwrap()
    }

    #[test]
    fn paging_visits_every_contact_once_newest_first() {
        let store = store(237);
        let mut seen = Vec::new();
        let mut cursor: Option<SortKey> = None;
        loop {
            let page = store.page(None, cursor.as_ref(), 20);
            assert_eq!(page.total, 237);
            assert_eq!(page.preceding, seen.len());
            seen.extend(page.contacts.iter().map(|c| c.sort_key()));
            cursor = page.contacts.last().map(|c| c.sort_key());
            if !page.has_more {
                break;
            }
        }
        assert_eq!(seen.len(), 237);
        assert!(seen.windows(2).all(|pair| pair[0] > pair[1]));
    }

    #[test]
    fn search_narrows_the_total_and_the_pages() {
        let store = store(300);
        let page = store.page(Some("example"), None, 100);
        assert!(page.total > 0 && page.total < 300, "{}", page.total);
        assert!(page
            .contacts
            .iter()
            .all(|c| c.search_text().contains("example")));
    }

    #[test]
    fn writes_keep_the_indexes_in_step() {
        let mut store = store(50);
        let email = "new.person@sandbox.example";
        let created = store
            .create_contact(
                fields(json!({"email": email, "phone": "(415) 555-0134"})),
                1,
            )
            .unwrap()
            .id
            .clone();
        let duplicate =
            store.create_contact(fields(json!({"email": "NEW.person@sandbox.example"})), 2);
        assert_eq!(
            duplicate.unwrap_err(),
            ApiError::duplicate_contact("", &created, "email")
        );
        let by_phone = store.create_contact(fields(json!({"phone": "+1 415 555 0134"})), 2);
        assert_eq!(
            by_phone.unwrap_err(),
            ApiError::duplicate_contact("", &created, "phone")
        );

        store
            .update_contact(
                &created,
                fields(json!({"email": "renamed@sandbox.example"})),
                3,
            )
            .unwrap();
        assert!(store
            .create_contact(fields(json!({"email": email})), 4)
            .is_ok());
        store.delete_contact(&created, 5).unwrap();
        assert_eq!(
            store.contact(&created).unwrap_err(),
            ApiError::not_found("Contact")
        );
        assert_eq!(store.page(None, None, 100).total, 51);
    }

    #[test]
    fn tasks_belong_to_their_contact() {
        let mut store = store(20);
        let ids: Vec<String> = store
            .page(None, None, 2)
            .contacts
            .iter()
            .map(|c| c.id.clone())
            .collect();
        let body = json!({"title": "Call", "dueDate": "2025-06-20T09:00:00Z", "completed": false});
        let task = store
            .create_task(&ids[0], TaskFields::for_create(&object(body)).unwrap(), 9)
            .unwrap()
            .id
            .clone();
        assert_eq!(
            store.task(&ids[1], &task).unwrap_err(),
            ApiError::not_found("Task")
        );
        store.delete_task(&ids[0], &task).unwrap();
        assert_eq!(
            store.task(&ids[0], &task).unwrap_err(),
            ApiError::not_found("Task")
        );
        let all: HashSet<_> = store.tasks.values().flatten().map(|t| &t.id).collect();
        assert!(!all.contains(&task));
    }

    #[test]
    fn enrollments_are_kept_for_known_ids_only() {
        let mut store = store(3);
        let id = store.page(None, None, 1).contacts[0].id.clone();
        store
            .change_campaign(&id, Some(CAMPAIGN_IDS[0]), true)
            .unwrap();
        store.change_workflow(&id, WORKFLOW_IDS[1], true).unwrap();
        assert_eq!(store.campaigns.of(&id), [CAMPAIGN_IDS[0]]);
        assert_eq!(store.workflows.of(&id), [WORKFLOW_IDS[1]]);
        assert!(store.change_campaign(&id, Some("unknown"), true).is_err());
        assert!(store.change_workflow(&id, "unknown", false).is_err());
        store.change_campaign(&id, None, false).unwrap();
        assert!(store.campaigns.of(&id).is_empty());
    }
}
