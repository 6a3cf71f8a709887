//! The seeded data. The same seed and `today` always give the same records, because
//! everything is drawn in a fixed order from one generator and nothing depends on hash-map
//! iteration order.

mod hostile;
mod pools;

use std::collections::HashSet;

use fastrand::Rng;
use jiff::civil;
use serde_json::{json, Map, Value};

use super::dates::{days_ms, hours_ms};
use super::ids;
use super::input::CustomFieldDefinition;
use super::model::{
    Appointment, Attribution, Business as BusinessRecord, Calendar, Contact, CustomField, Note,
    Roles, Task, User,
};
use hostile::Edit;
use pools::{Country, Culture};

/// What to seed.
pub(crate) struct SeedSpec {
    pub seed: u64,
    pub contacts: usize,
    pub businesses: usize,
    /// Exactly this many tasks per contact; `None` draws 0 to 6.
    pub tasks_per_contact: Option<usize>,
    /// Midnight UTC at the start of `today`: every seeded contact was added before it.
    pub today_ms: i64,
    pub location_id: String,
}

pub(crate) struct Seeded {
    pub contacts: Vec<Contact>,
    pub tasks: Vec<Task>,
    pub notes: Vec<Note>,
    pub appointments: Vec<Appointment>,
    pub calendars: Vec<Calendar>,
    pub custom_fields: Vec<CustomFieldDefinition>,
    /// The location's users: contact owners, note authors, appointment hosts.
    pub users: Vec<User>,
    pub businesses: Vec<BusinessRecord>,
}

/// Mixed into the seed for the calendar groups, drawn apart so the data stays as it was.
const GROUPS_SALT: u64 = 0x6a0d_c41e_0000_0005;
/// Mixed into the seed for the users' names, drawn apart for the same reason.
const TEAM_SALT: u64 = 0x7ea3_0000_0000_0013;

/// The share of contacts that belong to a business.
const IN_A_BUSINESS_PERCENT: usize = 85;
const TWO_YEARS_MS: i64 = days_ms(730);

pub(crate) fn generate(spec: &SeedSpec) -> Seeded {
    let mut seeder = Seeder::new(spec);
    let businesses = seeder.businesses(spec.businesses);
    let slots = business_slots(&mut seeder.rng, spec.contacts, businesses.len());
    let mut contacts: Vec<Contact> = slots
        .iter()
        .enumerate()
        .map(|(index, slot)| seeder.contact(index, slot.map(|b| &businesses[b])))
        .collect();
    seeder.vary_company_spellings(&mut contacts, &slots, &businesses);

    let mut seeded = Seeded {
        contacts: Vec::new(),
        tasks: Vec::new(),
        notes: Vec::new(),
        appointments: Vec::new(),
        calendars: seeder.calendars(spec.seed),
        custom_fields: seeder.custom_fields.clone(),
        users: seeder.team(spec.seed),
        businesses: businesses
            .iter()
            .map(|business| business.record(&spec.location_id))
            .collect(),
    };
    for contact in &contacts {
        seeder.activity(contact, &mut seeded);
    }
    seeder.make_newest_hostile(&mut contacts, &mut seeded);
    seeded.contacts = contacts;
    seeded
}

struct Business {
    id: String,
    name: String,
    domain: String,
}

impl Business {
    fn record(&self, location_id: &str) -> BusinessRecord {
        BusinessRecord {
            id: self.id.clone(),
            name: self.name.clone(),
            location_id: location_id.to_owned(),
            website: format!("https://www.{}", self.domain),
        }
    }
}

/// The custom fields every seeded location has, each holding a different JSON type.
struct FieldIds {
    lifetime_value: String,
    interests: String,
    contact_time: String,
    contract: String,
}

struct Seeder {
    rng: Rng,
    today_ms: i64,
    location_id: String,
    tasks_per_contact: Option<usize>,
    users: Vec<String>,
    fields: FieldIds,
    custom_fields: Vec<CustomFieldDefinition>,
    calendars: Vec<String>,
    emails: HashSet<String>,
    phones: HashSet<String>,
    previous_date_added: i64,
}

impl Seeder {
    fn new(spec: &SeedSpec) -> Self {
        let mut rng = Rng::with_seed(spec.seed);
        let user_count = rng.usize(6..=8);
        let users = (0..user_count).map(|_| ids::record_id(&mut rng)).collect();
        let fields = FieldIds {
            lifetime_value: ids::record_id(&mut rng),
            interests: ids::record_id(&mut rng),
            contact_time: ids::record_id(&mut rng),
            contract: ids::record_id(&mut rng),
        };
        let custom_fields = [
            (
                &fields.lifetime_value,
                "contact.lifetime_value",
                "Lifetime value",
                "MONETORY",
                &[][..],
            ),
            (
                &fields.interests,
                "contact.interests",
                "Interests",
                "MULTIPLE_OPTIONS",
                pools::INTERESTS,
            ),
            (
                &fields.contact_time,
                "contact.preferred_contact_time",
                "Preferred contact time",
                "SINGLE_OPTIONS",
                pools::CONTACT_TIMES,
            ),
            (
                &fields.contract,
                "contact.signed_contract",
                "Signed contract",
                "FILE_UPLOAD",
                &[][..],
            ),
        ]
        .into_iter()
        .map(
            |(id, key, name, data_type, picklist_options)| CustomFieldDefinition {
                id: id.clone(),
                key: key.to_owned(),
                name,
                data_type,
                picklist_options,
            },
        )
        .collect();
        let calendars = pools::APPOINTMENT_KINDS
            .iter()
            .map(|_| ids::record_id(&mut rng))
            .collect();
        Self {
            rng,
            today_ms: spec.today_ms,
            location_id: spec.location_id.clone(),
            tasks_per_contact: spec.tasks_per_contact,
            users,
            fields,
            custom_fields,
            calendars,
            emails: HashSet::new(),
            phones: HashSet::new(),
            previous_date_added: spec.today_ms,
        }
    }

    /// One calendar per kind of appointment, two to a group.
    fn calendars(&self, seed: u64) -> Vec<Calendar> {
        let mut groups = Rng::with_seed(seed ^ GROUPS_SALT);
        let group_ids = [ids::record_id(&mut groups), ids::record_id(&mut groups)];
        self.calendars
            .iter()
            .zip(pools::APPOINTMENT_KINDS)
            .enumerate()
            .map(|(index, (id, name))| Calendar {
                id: id.clone(),
                location_id: self.location_id.clone(),
                group_id: group_ids[index / 2 % 2].clone(),
                name: (*name).to_owned(),
                is_active: true,
                calendar_type: "event",
                slot_duration: 30,
                slot_duration_unit: "mins",
            })
            .collect()
    }

    /// The users, named from the team pool (from their own generator, so the rest of the
    /// seeded data is unchanged), each a distinct person.
    fn team(&self, seed: u64) -> Vec<User> {
        let offset = Rng::with_seed(seed ^ TEAM_SALT).usize(..pools::TEAM.len());
        self.users
            .iter()
            .enumerate()
            .map(|(index, id)| {
                let (first, last) = pools::TEAM[(offset + index) % pools::TEAM.len()];
                let local = [ascii_slug(first, ""), ascii_slug(last, "")]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join(".");
                let local = match local.is_empty() {
                    true => format!("user{}", index + 1),
                    false => local,
                };
                User {
                    id: id.clone(),
                    name: format!("{first} {last}"),
                    first_name: first.to_owned(),
                    last_name: last.to_owned(),
                    email: format!("{local}@team.example"),
                    roles: Roles {
                        kind: "account",
                        role: if index == 0 { "admin" } else { "user" },
                        location_ids: vec![self.location_id.clone()],
                    },
                    deleted: false,
                }
            })
            .collect()
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn user(&mut self) -> String {
        self.users[self.rng.usize(..self.users.len())].clone()
    }

    fn chance(&mut self, percent: u8) -> bool {
        self.rng.u8(..100) < percent
    }

    /// A uniformly random instant in `[from, until)`.
    fn between(&mut self, from: i64, until: i64) -> i64 {
        match from < until {
            true => self.rng.i64(from..until),
            false => from,
        }
    }

    fn businesses(&mut self, count: usize) -> Vec<Business> {
        let mut names = HashSet::new();
        (0..count)
            .map(|_| {
                let mut name = self.company_name();
                while !names.insert(name.clone()) {
                    name = format!("{name} {}", self.rng.u32(2..99));
                }
                Business {
                    id: ids::hex(&mut self.rng, 24),
                    domain: format!("{}.example", ascii_slug(&name, "-")),
                    name,
                }
            })
            .collect()
    }

    fn company_name(&mut self) -> String {
        let prefix = self.pick(pools::COMPANY_PREFIXES);
        let trade = self.pick(pools::COMPANY_TRADES);
        let suffix = self.pick(pools::COMPANY_SUFFIXES);
        format!("{prefix} {trade} {suffix}").trim_end().to_owned()
    }

    fn contact(&mut self, index: usize, business: Option<&Business>) -> Contact {
        let culture: &Culture = self.pick(pools::CULTURES);
        let country = *self.pick(culture.countries);
        let first_name = self.pick(culture.first_names).to_string();
        let last_name = self.pick(culture.last_names).to_string();
        let date_added = self.date_added(index);
        let domain = match business {
            Some(business) => business.domain.clone(),
            None => self.pick(pools::PERSONAL_EMAIL_DOMAINS).to_string(),
        };
        let email = self
            .chance(90)
            .then(|| self.unique_email(&first_name, &last_name, &domain));
        let phone = self.chance(88).then(|| self.unique_phone(country));
        let company_name = match business {
            Some(business) => Some(business.name.clone()),
            None => self.chance(25).then(|| self.company_name()),
        };
        let (city, state) = *self.pick(country.cities);
        let has_address = self.chance(60);
        let tag_count = self.rng.usize(0..=4);
        let mut tags = Vec::new();
        for _ in 0..tag_count {
            let tag = self.pick(pools::TAGS).to_string();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let (dnd, dnd_settings) = self.dnd();
        Contact {
            id: ids::record_id(&mut self.rng),
            location_id: self.location_id.clone(),
            first_name: Some(first_name),
            last_name: Some(last_name),
            email,
            phone,
            company_name,
            business_id: business.map(|business| business.id.clone()),
            assigned_to: self.chance(85).then(|| self.user()),
            tags,
            dnd,
            dnd_settings,
            source: self
                .chance(80)
                .then(|| self.pick(pools::SOURCES).to_string()),
            kind: match self.chance(35) {
                true => "customer".into(),
                false => "lead".into(),
            },
            timezone: Some(country.timezone.to_owned()),
            address1: has_address.then(|| self.street_address(country)),
            city: has_address.then(|| city.to_owned()),
            state: has_address.then(|| state.to_owned()),
            country: Some(country.code.to_owned()),
            postal_code: (has_address && !country.postal_pattern.is_empty())
                .then(|| self.fill_pattern(country.postal_pattern)),
            website: self.chance(30).then(|| format!("https://www.{domain}")),
            date_of_birth: self.chance(40).then(|| self.birth_date()),
            date_added,
            date_updated: self.between(date_added, self.today_ms),
            last_activity: self
                .chance(85)
                .then(|| self.between(date_added, self.today_ms)),
            custom_fields: self.custom_field_values(),
            attribution_source: self.chance(70).then(|| self.attribution(&domain)),
            followers: Vec::new(),
        }
    }

    /// Spread over the two years before today, every twelfth contact within the last 30 days,
    /// and now and then the same instant as the contact before (a bulk import), so that the
    /// id tie-break of the listing order matters.
    fn date_added(&mut self, index: usize) -> i64 {
        let recent = index.is_multiple_of(12);
        let from = match recent {
            true => self.today_ms - days_ms(30),
            false => self.today_ms - TWO_YEARS_MS,
        };
        if index > 0 && !recent && self.chance(5) {
            return self.previous_date_added;
        }
        self.previous_date_added = self.between(from, self.today_ms);
        self.previous_date_added
    }

    fn unique_email(&mut self, first: &str, last: &str, domain: &str) -> String {
        let mut local = [ascii_slug(first, ""), ascii_slug(last, "")]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(".");
        if local.is_empty() {
            local = "contact".into();
        }
        let mut email = format!("{local}@{domain}");
        let mut n = 2;
        while !self.emails.insert(email.clone()) {
            email = format!("{local}{n}@{domain}");
            n += 1;
        }
        email
    }

    fn unique_phone(&mut self, country: &Country) -> String {
        loop {
            let national = match country.mobile_prefix.is_empty() {
                // North American numbers: area code and exchange never start with 0 or 1.
                true => self.fill_pattern("N##N######"),
                false => format!(
                    "{}{}",
                    country.mobile_prefix,
                    self.fill_pattern(&"#".repeat(country.mobile_digits))
                ),
            };
            let phone = format!("+{}{national}", country.dial_code);
            if self.phones.insert(phone.clone()) {
                return phone;
            }
        }
    }

    /// `#` → digit, `N` → digit 2–9, `A` → upper-case letter.
    fn fill_pattern(&mut self, pattern: &str) -> String {
        pattern
            .chars()
            .map(|c| match c {
                '#' => char::from(b'0' + self.rng.u8(0..10)),
                'N' => char::from(b'0' + self.rng.u8(2..10)),
                'A' => char::from(b'A' + self.rng.u8(0..26)),
                other => other,
            })
            .collect()
    }

    fn street_address(&mut self, country: &Country) -> String {
        let street = self.pick(country.streets);
        format!("{} {street}", self.rng.u32(1..2_400))
    }

    fn birth_date(&mut self) -> civil::Date {
        let year = self.rng.i16(1950..2005);
        let month = self.rng.i8(1..=12);
        let day = self.rng.i8(1..=28);
        civil::date(year, month, day)
    }

    fn dnd(&mut self) -> (bool, Map<String, Value>) {
        let setting = |status: &str, message: &str, code: &str| json!({"status": status, "message": message, "code": code});
        let mut settings = Map::new();
        match self.rng.u8(..100) {
            0..=3 => {
                for channel in ["Call", "Email", "SMS"] {
                    settings.insert(
                        channel.into(),
                        setting("active", "Asked not to be contacted", "101"),
                    );
                }
                (true, settings)
            }
            4..=9 => {
                settings.insert(
                    "Email".into(),
                    setting("permanent", "Unsubscribed via link", "103"),
                );
                settings.insert("SMS".into(), setting("inactive", "", ""));
                (false, settings)
            }
            _ => (false, settings),
        }
    }

    fn custom_field_values(&mut self) -> Vec<CustomField> {
        let mut values = Vec::new();
        if self.chance(70) {
            let cents = self.rng.u32(0..2_500_000);
            let value = match cents % 3 {
                0 => json!(cents / 100),
                _ => json!(f64::from(cents) / 100.0),
            };
            values.push((self.fields.lifetime_value.clone(), value));
        }
        if self.chance(55) {
            let count = self.rng.usize(1..=3);
            let mut interests: Vec<&str> = Vec::new();
            for _ in 0..count {
                let interest = *self.pick(pools::INTERESTS);
                if !interests.contains(&interest) {
                    interests.push(interest);
                }
            }
            values.push((self.fields.interests.clone(), json!(interests)));
        }
        if self.chance(50) {
            let time = *self.pick(pools::CONTACT_TIMES);
            values.push((self.fields.contact_time.clone(), json!(time)));
        }
        if self.chance(25) {
            let document = ids::record_id(&mut self.rng);
            let upload = json!({
                "meta": {"originalname": "signed-contract.pdf", "mimetype": "application/pdf", "size": self.rng.u32(20_000..900_000)},
                "url": format!("https://files.example/documents/{document}.pdf"),
            });
            let file = Map::from_iter([(document, upload)]);
            values.push((self.fields.contract.clone(), Value::Object(file)));
        }
        values
            .into_iter()
            .map(|(id, value)| CustomField { id, value })
            .collect()
    }

    fn attribution(&mut self, domain: &str) -> Attribution {
        let medium = self.pick(pools::ATTRIBUTION_MEDIUMS).to_string();
        let (session_source, utm_source, referrer) = match self.rng.u8(..3) {
            0 => ("Direct traffic", None, None),
            1 => (
                "Paid Search",
                Some("google"),
                Some("https://www.google.com/"),
            ),
            _ => (
                "Social media",
                Some("facebook"),
                Some("https://www.facebook.com/"),
            ),
        };
        Attribution {
            url: format!("https://www.{domain}/{medium}"),
            medium,
            session_source: session_source.into(),
            utm_source: utm_source.map(str::to_owned),
            referrer: referrer.map(str::to_owned),
        }
    }

    /// The contact's tasks, notes and appointments, dated around today.
    fn activity(&mut self, contact: &Contact, seeded: &mut Seeded) {
        let tasks = match self.tasks_per_contact {
            Some(tasks) => tasks,
            None => *self.pick(&[0, 0, 1, 1, 2, 2, 3, 4, 5, 6]),
        };
        for _ in 0..tasks {
            let task = self.task(contact);
            seeded.tasks.push(task);
        }
        let notes = *self.pick(&[0, 0, 1, 1, 1, 2, 2, 3, 4, 5]);
        for _ in 0..notes {
            let body = self.pick(pools::NOTE_BODIES).to_string();
            let note = self.note(contact, body);
            seeded.notes.push(note);
        }
        let appointments = *self.pick(&[0, 0, 0, 1, 1, 1, 2, 3]);
        for _ in 0..appointments {
            let appointment = self.appointment(contact);
            seeded.appointments.push(appointment);
        }
    }

    /// A quarter overdue, a third completed, the rest due in the coming weeks or later.
    fn task(&mut self, contact: &Contact) -> Task {
        let (days, completed) = match self.rng.u8(..100) {
            0..=24 => (self.rng.i64(-60..=-1), false),
            25..=54 => (self.rng.i64(-90..=10), true),
            55..=84 => (self.rng.i64(0..=30), false),
            _ => (self.rng.i64(31..=120), false),
        };
        let hour = self.rng.i64(9..=17);
        let title = self.pick(pools::TASK_TITLES).to_string();
        Task {
            id: ids::record_id(&mut self.rng),
            title,
            body: self
                .chance(60)
                .then(|| self.pick(pools::TASK_BODIES).to_string()),
            assigned_to: contact.assigned_to.clone(),
            due_date: self.today_ms + days_ms(days) + hours_ms(hour),
            completed,
            contact_id: contact.id.clone(),
            date_added: contact.date_added,
        }
    }

    /// Notes are kept in the order they were drawn, not by date: HighLevel does not promise
    /// newest first either.
    fn note(&mut self, contact: &Contact, body: String) -> Note {
        let user_id = Some(self.user());
        Note {
            id: ids::record_id(&mut self.rng),
            body,
            user_id,
            date_added: self.between(contact.date_added, self.today_ms),
            contact_id: contact.id.clone(),
            title: self
                .chance(40)
                .then(|| self.pick(pools::NOTE_TITLES).to_string()),
            color: self
                .chance(30)
                .then(|| self.pick(pools::NOTE_COLORS).to_string()),
            pinned: self.chance(15),
        }
    }

    fn appointment(&mut self, contact: &Contact) -> Appointment {
        let day = self.rng.i64(-60..=45);
        let start = self.today_ms + days_ms(day) + hours_ms(self.rng.i64(16..=34)) / 2;
        let minutes = *self.pick(&[30, 45, 60]);
        let status = match (day < 0, self.rng.u8(..100)) {
            (true, 0..=49) => "showed",
            (true, 50..=64) => "noshow",
            (true, 65..=79) => "cancelled",
            (true, _) => "confirmed",
            (false, 0..=49) => "booked",
            (false, 50..=84) => "confirmed",
            (false, _) => "cancelled",
        };
        let kind = self.rng.usize(..pools::APPOINTMENT_KINDS.len());
        let host = self.user();
        let id = ids::record_id(&mut self.rng);
        let booked = start - days_ms(self.rng.i64(1..=20));
        Appointment {
            calendar_id: self.calendars[kind].clone(),
            status,
            title: format!(
                "{} with {}",
                pools::APPOINTMENT_KINDS[kind],
                contact.full_name().unwrap_or_default()
            ),
            appointment_status: status,
            assigned_user_id: host.clone(),
            notes: self.pick(pools::APPOINTMENT_NOTES).to_string(),
            start_time: start,
            end_time: start + minutes * 60_000,
            address: format!("https://meet.example/{}", id.to_lowercase()),
            id,
            location_id: self.location_id.clone(),
            contact_id: contact.id.clone(),
            users: vec![host],
            date_added: booked,
            date_updated: booked,
        }
    }

    /// Now and then one contact spells its business's name differently, as people do.
    fn vary_company_spellings(
        &mut self,
        contacts: &mut [Contact],
        slots: &[Option<usize>],
        businesses: &[Business],
    ) {
        let mut members = vec![Vec::new(); businesses.len()];
        for (index, slot) in slots.iter().enumerate() {
            if let Some(business) = slot {
                members[*business].push(index);
            }
        }
        for (business, members) in businesses.iter().zip(&members) {
            if members.len() < 3 || !self.chance(50) {
                continue;
            }
            let variant = match self.rng.u8(..3) {
                0 => business.name.to_uppercase(),
                1 => format!("{}.", business.name.trim_end_matches('.')),
                _ => business.name.replace(" & ", " and ").to_lowercase(),
            };
            let member = *self.pick(members);
            contacts[member].company_name = Some(variant);
        }
    }

    fn make_newest_hostile(&mut self, contacts: &mut [Contact], seeded: &mut Seeded) {
        let mut newest: Vec<usize> = (0..contacts.len()).collect();
        let key = |index: usize| (contacts[index].date_added, contacts[index].id.as_str());
        newest.sort_by(|&a, &b| key(b).cmp(&key(a)));
        for (rank, &index) in newest.iter().take(hostile::RANKS).enumerate() {
            for edit in hostile::edits_for(rank) {
                let contact = &mut contacts[index];
                match edit {
                    Edit::FirstName(name) => contact.first_name = Some(name),
                    Edit::LastName(name) => contact.last_name = Some(name),
                    Edit::Company(name) => contact.company_name = Some(name),
                    Edit::Website(url) => contact.website = Some(url),
                    Edit::Tag(tag) => contact.tags.push(tag),
                    Edit::TaskTitle(title) => {
                        let mut task = self.task(contact);
                        task.title = title;
                        seeded.tasks.push(task);
                    }
                    Edit::NoteBody(body) => {
                        let mut note = self.note(contact, body);
                        note.pinned = true;
                        seeded.notes.push(note);
                    }
                }
            }
        }
    }
}

/// Which business (by index) each contact belongs to: about 85 % belong to one, every
/// business has at least one contact while they last, a few stay at exactly one, and the
/// rest are unevenly sized (business `i` draws with weight 1/(i+1)).
fn business_slots(rng: &mut Rng, contacts: usize, businesses: usize) -> Vec<Option<usize>> {
    let members = match businesses {
        0 => 0,
        _ => (contacts * IN_A_BUSINESS_PERCENT)
            .div_ceil(100)
            .max(businesses.min(contacts)),
    };
    let mut sizes = vec![0usize; businesses];
    for size in sizes.iter_mut().take(members) {
        *size = 1;
    }
    let singles = businesses / 5;
    let growing = businesses - singles;
    let cumulative: Vec<f64> = (0..growing)
        .scan(0.0, |sum, i| {
            *sum += 1.0 / (i as f64 + 1.0);
            Some(*sum)
        })
        .collect();
    let total = cumulative.last().copied().unwrap_or_default();
    for _ in businesses.min(members)..members {
        let draw = rng.f64() * total;
        let chosen = cumulative.partition_point(|&sum| sum <= draw);
        sizes[chosen.min(growing.saturating_sub(1))] += 1;
    }
    let mut slots: Vec<Option<usize>> = sizes
        .iter()
        .enumerate()
        .flat_map(|(business, &size)| std::iter::repeat_n(Some(business), size))
        .chain(std::iter::repeat_n(None, contacts - members))
        .collect();
    rng.shuffle(&mut slots);
    slots
}

/// Lower-case ASCII letters and digits of `text`, accents folded, other characters
/// dropped and runs of them replaced by `separator`.
fn ascii_slug(text: &str, separator: &str) -> String {
    let mut slug = String::new();
    let mut pending_separator = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold_accent(c) {
            Some(ascii) => {
                if pending_separator && !slug.is_empty() {
                    slug.push_str(separator);
                }
                pending_separator = false;
                slug.push(ascii);
            }
            None => pending_separator = true,
        }
    }
    slug
}

fn fold_accent(c: char) -> Option<char> {
    let folded = match c {
        'a'..='z' | '0'..='9' => c,
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'ả' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ễ' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ơ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ư' => 'u',
        'ñ' | 'ń' => 'n',
        'ç' | 'ć' => 'c',
        'ł' => 'l',
        'ś' | 'ß' => 's',
        'ź' | 'ż' => 'z',
        'đ' => 'd',
        'ý' => 'y',
        _ => return None,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::hostile::{
        HYPERLINK, IMG, JAVASCRIPT_URL, LONG_COMPANY_CHARS, LONG_NOTE_CHARS, RTL_OVERRIDE, SCRIPT,
    };
    use super::*;

    fn spec(contacts: usize, businesses: usize) -> SeedSpec {
        SeedSpec {
            seed: 7,
            contacts,
            businesses,
            tasks_per_contact: None,
            today_ms: 1_749_945_600_000, // 2025-06-15
            location_id: "location".into(),
        }
    }

    #[test]
    fn counts_and_shares_are_as_configured() {
        let seeded = generate(&spec(250, 12));
        assert_eq!(seeded.contacts.len(), 250);
        let in_business = seeded
            .contacts
            .iter()
            .filter(|c| c.business_id.is_some())
            .count();
        assert!((200..=225).contains(&in_business), "{in_business} of 250");
        let businesses: HashSet<_> = seeded
            .contacts
            .iter()
            .filter_map(|c| c.business_id.clone())
            .collect();
        assert_eq!(businesses.len(), 12);
        assert!((6..=8).contains(&seeded.users.len()));
        assert_eq!(seeded.custom_fields.len(), 4);
        assert_eq!(seeded.businesses.len(), 12);
        let owners: HashSet<_> = seeded
            .contacts
            .iter()
            .filter_map(|c| c.assigned_to.as_deref())
            .collect();
        assert!(owners
            .iter()
            .all(|owner| seeded.users.iter().any(|u| u.id == *owner)));
        let names: HashSet<_> = seeded.users.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(
            names.len(),
            seeded.users.len(),
            "every user is a distinct person"
        );
    }

    #[test]
    fn a_fixed_task_count_gives_every_contact_that_many() {
        let seeded = generate(&SeedSpec {
            tasks_per_contact: Some(3),
            ..spec(250, 12)
        });
        let mut per_contact = std::collections::HashMap::<&str, usize>::new();
        for task in &seeded.tasks {
            *per_contact.entry(task.contact_id.as_str()).or_default() += 1;
        }
        assert_eq!(per_contact.len(), 250);
        // The newest few also get a task with a hostile title.
        let exactly_three = per_contact.values().filter(|&&n| n == 3).count();
        assert!(exactly_three >= 250 - hostile::RANKS, "{exactly_three}");
        assert!(per_contact.values().all(|&n| (3..=4).contains(&n)));
    }

    #[test]
    fn businesses_are_uneven_and_some_have_one_contact() {
        let seeded = generate(&spec(250, 12));
        let mut sizes = std::collections::BTreeMap::<&str, usize>::new();
        for id in seeded
            .contacts
            .iter()
            .filter_map(|c| c.business_id.as_deref())
        {
            *sizes.entry(id).or_default() += 1;
        }
        let smallest = sizes.values().min().copied().unwrap();
        let largest = sizes.values().max().copied().unwrap();
        assert_eq!(smallest, 1);
        assert!(largest >= 30, "largest business has {largest}");
    }

    #[test]
    fn tasks_are_overdue_completed_and_upcoming() {
        let spec = spec(250, 12);
        let seeded = generate(&spec);
        let overdue = |t: &&Task| !t.completed && t.due_date < spec.today_ms;
        let upcoming = |t: &&Task| !t.completed && t.due_date >= spec.today_ms;
        assert!(seeded.tasks.iter().filter(overdue).count() >= 20);
        assert!(seeded.tasks.iter().filter(upcoming).count() >= 20);
        assert!(seeded.tasks.iter().filter(|t| t.completed).count() >= 20);
        let statuses: HashSet<_> = seeded
            .appointments
            .iter()
            .map(|a| a.appointment_status)
            .collect();
        assert_eq!(statuses.len(), 5, "{statuses:?}");
        assert!(seeded.notes.iter().any(|n| n.pinned));
    }

    #[test]
    fn contacts_were_added_over_two_years_some_recently_some_together() {
        let spec = spec(250, 12);
        let seeded = generate(&spec);
        let added: Vec<i64> = seeded.contacts.iter().map(|c| c.date_added).collect();
        assert!(added
            .iter()
            .all(|&ms| ms < spec.today_ms && ms >= spec.today_ms - TWO_YEARS_MS));
        assert!(
            added
                .iter()
                .filter(|&&ms| ms >= spec.today_ms - days_ms(30))
                .count()
                >= 20
        );
        assert!(added.iter().any(|&ms| ms < spec.today_ms - days_ms(365)));
        let distinct: HashSet<_> = added.iter().collect();
        assert!(
            distinct.len() < added.len(),
            "no two contacts share a dateAdded"
        );
    }

    #[test]
    fn emails_and_phones_are_unique_and_phones_are_e164() {
        let seeded = generate(&spec(2_000, 40));
        let emails: Vec<_> = seeded
            .contacts
            .iter()
            .filter_map(|c| c.email.as_deref())
            .collect();
        let phones: Vec<_> = seeded
            .contacts
            .iter()
            .filter_map(|c| c.phone.as_deref())
            .collect();
        assert_eq!(emails.iter().collect::<HashSet<_>>().len(), emails.len());
        assert_eq!(phones.iter().collect::<HashSet<_>>().len(), phones.len());
        assert!(phones
            .iter()
            .all(|p| p.starts_with('+') && p[1..].chars().all(|c| c.is_ascii_digit())));
        let prefixes: HashSet<_> = phones.iter().map(|p| &p[..3]).collect();
        for code in ["+1", "+44", "+49", "+61"] {
            assert!(prefixes.iter().any(|p| p.starts_with(code)), "{code}");
        }
    }

    #[test]
    fn the_newest_contacts_carry_the_hostile_strings() {
        let seeded = generate(&spec(250, 12));
        let mut newest: Vec<&Contact> = seeded.contacts.iter().collect();
        newest.sort_by_key(|c| std::cmp::Reverse(c.sort_key()));
        let texts: Vec<&String> = newest[..20]
            .iter()
            .flat_map(|c| {
                [&c.first_name, &c.last_name, &c.company_name, &c.website]
                    .into_iter()
                    .flatten()
                    .chain(&c.tags)
            })
            .collect();
        for needle in [
            SCRIPT,
            IMG,
            HYPERLINK,
            JAVASCRIPT_URL,
            RTL_OVERRIDE,
            "+SUM(A1:A9)",
            "-2+3",
            "@cmd",
            "\tTabbed",
            "\rCarriage",
            "👩‍💻",
            "🚀",
            "محمد",
            "שרה",
        ] {
            assert!(
                texts.iter().any(|text| text.starts_with(needle)),
                "{needle:?} does not start a value among the newest 20"
            );
        }
        assert!(newest[..20].iter().any(|c| c
            .company_name
            .as_ref()
            .is_some_and(|name| name.chars().count() == LONG_COMPANY_CHARS)));
        assert!(seeded
            .notes
            .iter()
            .any(|n| n.body.chars().count() == LONG_NOTE_CHARS));
        assert!(seeded.tasks.iter().any(|t| t.title == HYPERLINK));
    }

    #[test]
    fn the_same_seed_gives_the_same_workspace() {
        let a = generate(&spec(300, 10));
        let b = generate(&spec(300, 10));
        assert_eq!(a.contacts, b.contacts);
        assert_eq!(a.tasks, b.tasks);
        assert_eq!(a.notes, b.notes);
        let other = generate(&SeedSpec {
            seed: 8,
            ..spec(300, 10)
        });
        assert_ne!(a.contacts, other.contacts);
    }

    #[test]
    fn tiny_workspaces_seed_without_trouble() {
        for (contacts, businesses) in [(0, 0), (1, 0), (1, 5), (3, 3), (5, 1)] {
            let seeded = generate(&spec(contacts, businesses));
            assert_eq!(seeded.contacts.len(), contacts);
        }
    }

    #[test]
    fn slugs_fold_accents_and_drop_the_rest() {
        assert_eq!(ascii_slug("Zoë O'Brien", ""), "zoeobrien");
        assert_eq!(ascii_slug("Maple & Oak Dental", "-"), "maple-oak-dental");
        assert_eq!(ascii_slug("王", ""), "");
    }
}
