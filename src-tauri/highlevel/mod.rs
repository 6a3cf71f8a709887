//! A typed client for HighLevel's Contacts API (v2, `Version: 2021-07-28`).
//!
//! One file per resource, octocrab style: `client.interactive().tasks(id).list()`.
//! No Tauri and no SQLite here: callers decide where results go.

mod appointments;
mod budget;
mod client;
mod contacts;
mod credentials;
mod decode;
mod error;
mod notes;
pub mod operation;
mod paging;
mod record;
mod server_text;
mod tags;
mod tasks;
pub mod time;

pub use appointments::Appointment;
pub use budget::{BudgetSnapshot, Headroom, Lane, RateBudget};
pub use client::{Api, Client, ClientConfig, API_VERSION, DEFAULT_BASE_URL};
pub use contacts::{
    BusinessContacts, BusinessQuery, Contact, ContactFields, ContactPage, ContactPager,
    CustomFieldInput, CustomFieldValue, DndSetting,
};
pub use credentials::{BoxFuture, Credentials, StaticToken};
pub use error::{Error, ErrorClass, Scope};
pub use notes::Note;
pub use paging::{ContactQuery, Cursor, PageMeta, MAX_PAGE_SIZE};
pub use record::{PathId, RecordSink, RequestRecord};
pub(crate) use server_text::Redactor;
pub use server_text::ServerText;
pub use tasks::{NewTask, Task, TaskChanges};
