//! Duplicates: likely pairs among the cached contacts, and the guided merge that HighLevel
//! lacks, planned as ordinary writes. Pure functions over what the cache and HighLevel
//! hold; `app/duplicates.rs` reads their inputs and sends the plan.

mod merge;
mod pairs;

pub use merge::{plan_merge, CustomFieldChoice, FieldChoice, MergeChoices, MergeField, MergePlan};
pub use pairs::{likely_pairs, LikelyPair, LikelyPairs, Reason, MAX_PAIRS};
