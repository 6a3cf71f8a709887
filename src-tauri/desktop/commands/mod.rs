//! One file per domain; each command adapts IPC to a domain call and nothing more.

pub mod diagnostics;
