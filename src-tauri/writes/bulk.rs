//! The bulk endpoints, followed in the cache: only the contacts HighLevel says it changed
//! are patched, with the change that was asked for.

use crate::highlevel::{
    Api, BulkBusiness, BulkBusinessResult, BulkTags, BulkTagsResult, TagChange,
};
use crate::sync::{SyncError, Syncer};

impl Syncer {
    /// `POST /contacts/bulk/tags/update/:type`; the cached tags of each contact it
    /// changed follow.
    pub async fn bulk_tags(
        &self,
        api: &Api,
        change: TagChange,
        body: &BulkTags,
    ) -> Result<BulkTagsResult, SyncError> {
        self.ensure_online()?;
        let answered = api.bulk().tags(change, body).await;
        let result = self.checked(answered)?;
        let remove_all = body.remove_all_tags.unwrap_or_default();
        self.patch_contacts(&tagged_contacts(body, &result), |contact| {
            let tags = &mut contact.tags;
            match (change, remove_all) {
                (TagChange::Add, _) => {
                    let new: Vec<String> = body
                        .tags
                        .iter()
                        .filter(|t| !tags.contains(t))
                        .cloned()
                        .collect();
                    tags.extend(new);
                }
                (TagChange::Remove, true) => tags.clear(),
                (TagChange::Remove, false) => tags.retain(|tag| !body.tags.contains(tag)),
            }
        })?;
        Ok(result)
    }

    /// `POST /contacts/bulk/business`; the contacts it moved get their new business.
    pub async fn bulk_business(
        &self,
        api: &Api,
        body: &BulkBusiness,
    ) -> Result<BulkBusinessResult, SyncError> {
        self.ensure_online()?;
        let answered = api.bulk().business(body).await;
        let result = self.checked(answered)?;
        self.patch_contacts(&moved_contacts(body, &result), |contact| {
            contact.business_id.clone_from(&body.business_id);
        })?;
        Ok(result)
    }
}

/// The contacts a bulk business change moved: those it lists, or every one asked for
/// when HighLevel answered success without the list.
fn moved_contacts(body: &BulkBusiness, result: &BulkBusinessResult) -> Vec<String> {
    match (result.ids.is_empty(), result.success) {
        (true, true) => body.ids.clone(),
        _ => result.ids.clone(),
    }
}

/// The contacts a bulk tag change applied to: those answered `success`, or every one
/// asked for when HighLevel answered success without a per-contact list.
fn tagged_contacts(body: &BulkTags, result: &BulkTagsResult) -> Vec<String> {
    if result.responses.is_empty() {
        return match result.succeded {
            Some(true) => body.contacts.clone(),
            _ => Vec::new(),
        };
    }
    result
        .responses
        .iter()
        .filter(|response| response.outcome.as_deref() == Some("success"))
        .filter_map(|response| response.contact_id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlevel::BulkTagResponse;

    fn response(contact_id: &str, outcome: &str) -> BulkTagResponse {
        BulkTagResponse {
            contact_id: Some(contact_id.into()),
            outcome: Some(outcome.into()),
            ..BulkTagResponse::default()
        }
    }

    #[test]
    fn only_contacts_answered_success_are_patched() {
        let body = BulkTags {
            contacts: vec!["a".into(), "b".into(), "c".into()],
            tags: vec!["vip".into()],
            remove_all_tags: None,
        };
        let mut result = BulkTagsResult {
            succeded: Some(false),
            error_count: Some(1),
            responses: vec![response("a", "success"), response("b", "error")],
        };
        assert_eq!(tagged_contacts(&body, &result), ["a"]);
        // A bare success names no one: everyone asked for was changed.
        result.responses.clear();
        result.succeded = Some(true);
        assert_eq!(tagged_contacts(&body, &result), ["a", "b", "c"]);
        result.succeded = None;
        assert!(tagged_contacts(&body, &result).is_empty());
    }

    #[test]
    fn a_business_move_patches_the_ids_answered() {
        let body = BulkBusiness {
            ids: vec!["a".into(), "b".into()],
            business_id: Some("biz".into()),
        };
        let listed = BulkBusinessResult {
            success: true,
            ids: vec!["b".into()],
        };
        assert_eq!(moved_contacts(&body, &listed), ["b"]);
        let bare = BulkBusinessResult {
            success: true,
            ids: vec![],
        };
        assert_eq!(moved_contacts(&body, &bare), ["a", "b"]);
        let refused = BulkBusinessResult::default();
        assert!(moved_contacts(&body, &refused).is_empty());
    }
}
