//! One file per domain; each command adapts IPC to a domain call and nothing more.

pub mod accounts;
pub mod activity;
pub mod agencies;
pub mod businesses;
pub mod contacts;
pub mod diagnostics;
pub mod duplicates;
pub mod explorer;
pub mod jobs;
pub mod links;
pub mod locations;
pub mod names;
pub mod notes;
pub mod reports;
pub mod sync;
pub mod tasks;
pub mod updates;
pub mod window;

use crate::app::blocking;
