//! Campaigns and workflows a contact is enrolled in. The Contacts API only enrolls and
//! removes, so the sandbox knows a fixed few by id (the same in every sandbox, for scripts
//! and tests to name) and answers any other id as HighLevel does, with a structured 404.

use std::collections::{BTreeSet, HashMap};

use super::error::ApiError;

/// The campaigns every sandbox knows.
pub const CAMPAIGN_IDS: [&str; 3] = [
    "cmpWelcomeSeries0001",
    "cmpWinBack0000000002",
    "cmpNewsletter0000003",
];

/// The workflows every sandbox knows.
pub const WORKFLOW_IDS: [&str; 3] = [
    "wfLeadNurture0000001",
    "wfAppointmentRemind2",
    "wfReviewRequest00003",
];

/// Which of `known` each contact is in.
#[derive(Default)]
pub(crate) struct Enrollments {
    members: HashMap<String, BTreeSet<&'static str>>,
}

impl Enrollments {
    /// Enrolls the contact; enrolling twice is no error.
    pub(crate) fn add(&mut self, contact_id: &str, id: &'static str) {
        self.members
            .entry(contact_id.to_owned())
            .or_default()
            .insert(id);
    }

    /// Removes the contact from `id`, or from everything when `id` is `None`.
    pub(crate) fn remove(&mut self, contact_id: &str, id: Option<&str>) {
        match (id, self.members.get_mut(contact_id)) {
            (Some(id), Some(ids)) => {
                ids.remove(id);
            }
            (None, _) => {
                self.members.remove(contact_id);
            }
            (Some(_), None) => {}
        }
    }

    #[cfg(test)]
    pub(crate) fn of(&self, contact_id: &str) -> Vec<&'static str> {
        self.members
            .get(contact_id)
            .map(|ids| ids.iter().copied().collect())
            .unwrap_or_default()
    }
}

/// The known id `id` is, or HighLevel's 404 naming `what`.
pub(crate) fn known(
    known: &[&'static str],
    id: &str,
    what: &str,
) -> Result<&'static str, ApiError> {
    known
        .iter()
        .copied()
        .find(|known| *known == id)
        .ok_or_else(|| ApiError::not_found(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_one_keeps_the_rest_and_removing_all_clears() {
        let mut enrollments = Enrollments::default();
        enrollments.add("c", CAMPAIGN_IDS[0]);
        enrollments.add("c", CAMPAIGN_IDS[1]);
        enrollments.add("c", CAMPAIGN_IDS[1]);
        enrollments.remove("c", Some(CAMPAIGN_IDS[0]));
        assert_eq!(enrollments.of("c"), [CAMPAIGN_IDS[1]]);
        enrollments.remove("c", None);
        assert!(enrollments.of("c").is_empty());
        assert!(known(&CAMPAIGN_IDS, "nope", "Campaign").is_err());
    }
}
