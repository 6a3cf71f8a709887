//! A typed client for HighLevel's Contacts API (v2, `Version: 2021-07-28`).
//!
//! One file per resource, octocrab style: `client.interactive().tasks(id).list()`.
//! No Tauri and no SQLite here: callers decide where results go.

mod appointments;
mod budget;
mod bulk;
mod businesses;
mod calendars;
mod campaigns;
mod client;
mod contacts;
mod credentials;
mod custom_fields;
mod decode;
mod error;
mod followers;
mod notes;
pub mod operation;
mod paging;
mod record;
mod search;
mod server_text;
mod tags;
mod task_search;
mod tasks;
pub mod time;
mod users;
mod workflows;

pub use appointments::Appointment;
pub use budget::{BudgetSnapshot, DailyBudget, Headroom, Lane, RateBudget};
pub use bulk::{
    Bulk, BulkBusiness, BulkBusinessResult, BulkTagResponse, BulkTags, BulkTagsResult, TagChange,
};
pub use businesses::{Business, Businesses, BUSINESS_PAGE};
pub use calendars::{Calendar, Calendars, EventOwner, EventQuery, CALENDARS_VERSION};
pub use campaigns::Campaign;
pub use client::{Api, Client, ClientConfig, API_VERSION, DEFAULT_BASE_URL};
pub use contacts::{
    BusinessContacts, BusinessQuery, Contact, ContactFields, ContactPage, ContactPager,
    CustomFieldInput, CustomFieldValue, DndSetting, Upserted,
};
pub use credentials::{BoxFuture, Credentials, StaticToken};
pub use custom_fields::{CustomField, CustomFields, PicklistOption};
pub use error::{Error, ErrorClass, Scope};
pub use followers::{FollowersBody, FollowersChange};
pub use notes::{Note, NoteFields};
pub use paging::{ContactQuery, Cursor, PageMeta, MAX_PAGE_SIZE};
pub use record::{PathId, RecordSink, RequestRecord};
pub use search::{
    ContactSearch, Direction, Filter, Group, Operator, RangeBound, SearchAfter, SearchPage, Sort,
    MAX_SEARCH_PAGE, MAX_SEARCH_TEXT, MAX_SEARCH_WINDOW,
};
pub(crate) use server_text::Redactor;
pub use server_text::ServerText;
pub use task_search::{LocationTasks, TaskSearch, TASK_SEARCH_PAGE};
pub use tasks::{NewTask, Task, TaskChanges};
pub use users::{User, Users};
pub use workflows::{Workflow, WorkflowStart};
