//! Churn: the location changing under the app, as a busy team changes it, so that what a
//! sync costs and how soon it sees a change can be measured. Every change goes through the
//! store methods the API routes use (an edit moves `dateUpdated` as `PUT /contacts/:id`
//! does). The same seed and the same number of changes asked for make the same changes.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use fastrand::Rng;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::dates::days_ms;
use super::input::{ContactFields, TaskFields};
use super::state::Shared;
use super::store::Store;
use crate::locks::lock;

/// `--churn N/min`: changes per minute, applied in the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Churn {
    pub per_minute: u32,
}

/// What one change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChurnKind {
    /// First name, phone or tags, through `PUT /contacts/:id`'s store method.
    ContactEdited,
    TaskCompleted,
    TaskReopened,
    TaskCreated,
    TaskDeleted,
    NoteAdded,
    ContactCreated,
    /// With its tasks, notes and appointments.
    ContactDeleted,
}

/// One change made, with the records it touched, so a client can check it saw each.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChurnChange {
    pub kind: ChurnKind,
    pub contact_id: String,
    pub task_id: Option<String>,
    pub note_id: Option<String>,
}

/// The mix, in percent of changes: edits and task work dominate, as in a sales team's day;
/// contacts come and go now and then.
const MIX: [(ChurnKind, u8); 8] = [
    (ChurnKind::ContactEdited, 35),
    (ChurnKind::TaskCompleted, 20),
    (ChurnKind::TaskReopened, 5),
    (ChurnKind::TaskCreated, 15),
    (ChurnKind::TaskDeleted, 5),
    (ChurnKind::NoteAdded, 15),
    (ChurnKind::ContactCreated, 3),
    (ChurnKind::ContactDeleted, 2),
];

/// Draws until a change applies: a contact without open tasks cannot have one completed.
/// Past this many misses the change is a new contact, which always applies.
const ATTEMPTS: usize = 32;

/// How often the background churn applies the changes due.
const TICK: Duration = Duration::from_secs(5);

/// Mixed into the sandbox's seed so that churn does not follow the seeded data's stream.
const CHURN_SALT: u64 = 0xc4ee_5eed_0000_0012;

const FIRST_NAMES: &[&str] = &["Ada", "Grace", "Linus", "Radia", "Hedy", "Ken", "Anita"];
const TAGS: &[&str] = &["hot-lead", "renewal", "follow-up", "churn-risk", "referral"];
const TASK_TITLES: &[&str] = &[
    "Call back",
    "Send the quote",
    "Book a demo",
    "Renewal check",
];
const NOTE_BODIES: &[&str] = &[
    "Left a voicemail.",
    "Asked for the updated pricing.",
    "Happy with the service; wants a case study.",
];

/// `Some` when a change applied, holding the task or note it touched, if any.
type Applied = Option<Option<String>>;

/// The churn of one sandbox: its generator and how many changes it made.
pub(crate) struct Churner {
    rng: Rng,
    applied: u64,
    /// Who writes the notes.
    user_id: String,
}

impl Churner {
    pub(crate) fn new(seed: u64, user_id: String) -> Self {
        Self {
            rng: Rng::with_seed(seed ^ CHURN_SALT),
            applied: 0,
            user_id,
        }
    }

    /// Changes made so far, in the background and on demand.
    pub(crate) fn applied(&self) -> u64 {
        self.applied
    }

    /// Makes `count` changes at `now` (epoch ms).
    pub(crate) fn apply(&mut self, store: &mut Store, count: usize, now: i64) -> Vec<ChurnChange> {
        (0..count).filter_map(|_| self.one(store, now)).collect()
    }

    /// A change of a kind drawn from [`MIX`]; `None` only if not even a new contact could
    /// be added.
    fn one(&mut self, store: &mut Store, now: i64) -> Option<ChurnChange> {
        let change = (0..ATTEMPTS)
            .find_map(|_| {
                let kind = self.draw_kind();
                self.try_change(kind, store, now)
            })
            .or_else(|| self.create_contact(store, now))?;
        self.applied += 1;
        Some(change)
    }

    fn draw_kind(&mut self) -> ChurnKind {
        let mut roll = self.rng.u8(..100);
        for (kind, share) in MIX {
            if roll < share {
                return kind;
            }
            roll -= share;
        }
        ChurnKind::ContactEdited
    }

    /// `kind` applied to a contact drawn at random, or `None` when it does not apply to it
    /// (or there is no contact).
    fn try_change(&mut self, kind: ChurnKind, store: &mut Store, now: i64) -> Option<ChurnChange> {
        let index = self.rng.usize(..store.contact_count().max(1));
        let contact_id = store.nth_contact_id(index)?;
        let record = match kind {
            ChurnKind::ContactEdited => self.edit_contact(store, &contact_id, now),
            ChurnKind::TaskCompleted => set_completed(store, &contact_id, true),
            ChurnKind::TaskReopened => set_completed(store, &contact_id, false),
            ChurnKind::TaskCreated => self.create_task(store, &contact_id, now),
            ChurnKind::TaskDeleted => self.delete_task(store, &contact_id),
            ChurnKind::NoteAdded => self.add_note(store, &contact_id, now),
            ChurnKind::ContactDeleted => store.delete_contact(&contact_id, now).ok().map(|()| None),
            ChurnKind::ContactCreated => return self.create_contact(store, now),
        }?;
        Some(change(kind, contact_id, record))
    }

    /// One of first name, phone or tags, as `PUT /contacts/:id` would set it.
    fn edit_contact(&mut self, store: &mut Store, id: &str, now: i64) -> Applied {
        let body = match self.rng.u8(..3) {
            0 => json!({"firstName": self.pick(FIRST_NAMES)}),
            1 => json!({"phone": format!("+1555{:07}", self.rng.u32(..10_000_000))}),
            _ => {
                let mut tags = store.contact(id).ok()?.tags.clone();
                tags.push(self.pick(TAGS).to_owned());
                json!({"tags": tags})
            }
        };
        let fields = ContactFields::for_update(&object(body), store.custom_fields()).ok()?;
        store.update_contact(id, fields, now).ok().map(|_| None)
    }

    fn create_task(&mut self, store: &mut Store, id: &str, now: i64) -> Applied {
        let due = now + days_ms(self.rng.i64(1..=14));
        let body = json!({
            "title": self.pick(TASK_TITLES),
            "dueDate": Timestamp::from_millisecond(due).ok()?.to_string(),
            "completed": false,
        });
        let fields = TaskFields::for_create(&object(body)).ok()?;
        let task = store.create_task(id, fields, now).ok()?;
        Some(Some(task.id.clone()))
    }

    fn delete_task(&mut self, store: &mut Store, id: &str) -> Applied {
        let tasks = store.tasks(id).ok()?;
        let task_id = tasks.get(self.rng.usize(..tasks.len().max(1)))?.id.clone();
        store.delete_task(id, &task_id).ok()?;
        Some(Some(task_id))
    }

    fn add_note(&mut self, store: &mut Store, id: &str, now: i64) -> Applied {
        let body = self.pick(NOTE_BODIES).to_owned();
        let note = store.add_note(id, body, self.user_id.clone(), now).ok()?;
        Some(Some(note.id.clone()))
    }

    /// A new contact with an email no other contact has (this change's number is in it).
    fn create_contact(&mut self, store: &mut Store, now: i64) -> Option<ChurnChange> {
        let email = format!(
            "churn{}.{}@churn.example",
            self.applied,
            self.rng.u32(..1_000_000)
        );
        let body =
            json!({"firstName": self.pick(FIRST_NAMES), "lastName": "Churn", "email": email});
        let fields = ContactFields::for_create(&object(body), store.custom_fields()).ok()?;
        let contact_id = store.create_contact(fields, now).ok()?.id.clone();
        Some(change(ChurnKind::ContactCreated, contact_id, None))
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.rng.usize(..items.len())]
    }
}

/// Completes (or reopens) the contact's first task that is not so yet.
fn set_completed(store: &mut Store, id: &str, completed: bool) -> Applied {
    let tasks = store.tasks(id).ok()?;
    let task_id = tasks
        .iter()
        .find(|task| task.completed != completed)?
        .id
        .clone();
    let body = object(json!({"completed": completed}));
    let fields = TaskFields::for_completion(&body).ok()?;
    store.update_task(id, &task_id, fields).ok()?;
    Some(Some(task_id))
}

fn change(kind: ChurnKind, contact_id: String, record: Option<String>) -> ChurnChange {
    let (task_id, note_id) = match kind {
        ChurnKind::NoteAdded => (None, record),
        _ => (record, None),
    };
    ChurnChange {
        kind,
        contact_id,
        task_id,
        note_id,
    }
}

/// The bodies built here are objects by construction.
fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(object) => object,
        _ => Map::new(),
    }
}

impl Churn {
    /// Changes due after `elapsed` at this rate, rounded down.
    fn due_after(&self, elapsed: Duration) -> u64 {
        let per_minute = u128::from(self.per_minute);
        let due = per_minute * elapsed.as_millis() / Duration::from_secs(60).as_millis();
        u64::try_from(due).unwrap_or(u64::MAX)
    }
}

/// Applies the changes due every [`TICK`] until the sandbox shuts down. Time is counted
/// in ticks, so a minute of churn is `per_minute` changes however late a tick fires.
pub(crate) async fn run_in_background(shared: Arc<Shared>, churn: Churn) {
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await;
    let (mut elapsed, mut made) = (Duration::ZERO, 0_u64);
    loop {
        tokio::select! {
            () = shared.shutdown.cancelled() => return,
            _ = ticks.tick() => {}
        }
        elapsed += TICK;
        let due = churn.due_after(elapsed) - made;
        let count = usize::try_from(due).unwrap_or(usize::MAX);
        shared.churn(count);
        made += due;
    }
}

impl Shared {
    /// Makes `count` changes now.
    pub(crate) fn churn(&self, count: usize) -> Vec<ChurnChange> {
        let mut churner = lock(&self.churner);
        let mut store = lock(&self.store);
        churner.apply(&mut store, count, super::dates::now_ms())
    }
}

impl FromStr for Churn {
    type Err = String;

    /// `60/min`
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("invalid churn {text:?}: expected <changes>/min, e.g. 60/min");
        let count = text.trim().strip_suffix("/min").ok_or_else(invalid)?;
        let per_minute = count.trim().parse().map_err(|_| invalid())?;
        Ok(Self { per_minute })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn churn_rates_parse_per_minute() {
        assert_eq!("60/min".parse(), Ok(Churn { per_minute: 60 }));
        assert_eq!(" 5 /min".parse(), Ok(Churn { per_minute: 5 }));
        for text in ["60", "60/s", "x/min", "-1/min"] {
            let error = text.parse::<Churn>().unwrap_err();
            assert!(error.contains("expected <changes>/min"), "{error}");
        }
    }

    #[test]
    fn the_share_due_rounds_down_and_adds_up_to_the_rate() {
        let churn = Churn { per_minute: 7 };
        assert_eq!(churn.due_after(Duration::from_secs(5)), 0);
        assert_eq!(churn.due_after(Duration::from_secs(10)), 1);
        assert_eq!(churn.due_after(Duration::from_secs(60)), 7);
        assert_eq!(churn.due_after(Duration::from_secs(3_600)), 420);
    }

    #[test]
    fn the_mix_adds_up_to_every_change() {
        assert_eq!(
            MIX.iter().map(|(_, share)| u32::from(*share)).sum::<u32>(),
            100
        );
    }
}
