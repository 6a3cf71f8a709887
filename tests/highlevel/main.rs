//! The HighLevel client against mockito: each endpoint's request on the wire, decoding of
//! documented and real-world shapes, every error class, paging, retries and lanes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bulk;
mod calendars;
mod endpoints;
mod enrollments;
mod errors;
#[path = "../support/listing.rs"]
mod listing;
mod notes;
mod paging;
mod retries;
mod sandbox;
mod scopes;
mod search;
mod support;
mod task_search;
mod upsert;
