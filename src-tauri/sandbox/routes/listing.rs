//! The two contact listings: `GET /contacts/`, paged by a `(startAfter, startAfterId)` cursor
//! with HighLevel's quirks, and `GET /contacts/business/:businessId`, paged by `skip` and
//! `limit` sent as strings.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::locks::lock;
use crate::sandbox::body;
use crate::sandbox::error::ApiError;
use crate::sandbox::model::{ContactListItem, SortKey};
use crate::sandbox::state::Shared;
use crate::sandbox::store::Page;

const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;
/// The business listing's default page, per the spec.
const DEFAULT_BUSINESS_LIMIT: usize = 25;

/// `{contacts, meta}`, not the spec's `{contacts, count}`.
#[derive(Serialize)]
struct ContactList<'a> {
    contacts: Vec<ContactListItem<'a>>,
    meta: Meta,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    total: usize,
    /// Every parameter of the next page, absolute; null on the last page.
    next_page_url: Option<String>,
    start_after_id: Option<String>,
    start_after: Option<i64>,
    current_page: usize,
    next_page: Option<usize>,
    prev_page: Option<usize>,
}

#[derive(Serialize)]
struct BusinessContacts<'a> {
    contacts: Vec<ContactListItem<'a>>,
    count: usize,
}

/// `GET /contacts/?locationId=&limit=&query=&startAfter=&startAfterId=`
pub(super) async fn contacts(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = body::query_params(query.as_deref());
    shared.check_location(params.get("locationId").map(String::as_str))?;
    let request = ListRequest::read(&params)?;
    let store = lock(&shared.store);
    let page = store.page(
        request.search.as_deref(),
        request.cursor.as_ref(),
        request.limit,
    );
    let meta = request.meta(&shared, &page);
    let contacts = page.contacts.iter().map(|c| c.list_item()).collect();
    Ok(Json(ContactList { contacts, meta }).into_response())
}

/// `GET /contacts/business/:businessId?locationId=&limit=&skip=&query=`
pub(super) async fn business(
    State(shared): State<Arc<Shared>>,
    Path(business_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = body::query_params(query.as_deref());
    shared.check_location(params.get("locationId").map(String::as_str))?;
    let mut errors = Vec::new();
    let skip = number_string(&params, "skip", 0, &mut errors);
    let limit = number_string(&params, "limit", DEFAULT_BUSINESS_LIMIT, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let search = search_needle(&params);
    let store = lock(&shared.store);
    let (contacts, count) = store.business_contacts(&business_id, search.as_deref(), skip, limit);
    let contacts = contacts.iter().map(|c| c.list_item()).collect();
    Ok(Json(BusinessContacts { contacts, count }).into_response())
}

/// A listing request after validation.
struct ListRequest {
    limit: usize,
    /// `query` as sent, for the next page's URL.
    query: Option<String>,
    /// `query` lower-cased, for matching.
    search: Option<String>,
    cursor: Option<SortKey>,
}

impl ListRequest {
    fn read(params: &HashMap<String, String>) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let limit = match params.get("limit").map(|text| text.trim().parse::<i64>()) {
            None => DEFAULT_LIMIT,
            Some(Ok(limit)) => match usize::try_from(limit) {
                Ok(limit) if limit > MAX_LIMIT => {
                    errors.push(format!("limit must not be greater than {MAX_LIMIT}"));
                    0
                }
                Ok(limit) if limit >= 1 => limit,
                _ => {
                    errors.push("limit must not be less than 1".to_owned());
                    0
                }
            },
            Some(Err(_)) => {
                errors
                    .push("limit must be a number conforming to the specified constraints".into());
                0
            }
        };
        let start_after = match params
            .get("startAfter")
            .map(|text| text.trim().parse::<i64>())
        {
            None => None,
            Some(Ok(ms)) => Some(ms),
            Some(Err(_)) => {
                errors.push(
                    "startAfter must be a number conforming to the specified constraints".into(),
                );
                None
            }
        };
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        // HighLevel applies the cursor only when both halves are sent: one alone silently
        // lists the first page again, which is how clients end up looping on page one.
        let cursor = start_after.zip(params.get("startAfterId").cloned());
        let query = params
            .get("query")
            .filter(|query| !query.trim().is_empty())
            .cloned();
        Ok(Self {
            limit,
            search: search_needle(params),
            query,
            cursor,
        })
    }

    fn meta(&self, shared: &Shared, page: &Page) -> Meta {
        let current_page = page.preceding / self.limit + 1;
        let next = page
            .contacts
            .last()
            .filter(|_| page.has_more)
            .map(|last| (last.date_added, last.id.clone()));
        Meta {
            total: page.total,
            next_page_url: next
                .as_ref()
                .map(|cursor| self.next_page_url(shared, cursor)),
            start_after: next.as_ref().map(|(ms, _)| *ms),
            start_after_id: next.map(|(_, id)| id),
            current_page,
            next_page: page.has_more.then_some(current_page + 1),
            prev_page: (current_page > 1).then(|| current_page - 1),
        }
    }

    fn next_page_url(&self, shared: &Shared, (start_after, start_after_id): &SortKey) -> String {
        let mut params = url::form_urlencoded::Serializer::new(String::new());
        params.append_pair("locationId", &shared.location_id);
        params.append_pair("limit", &self.limit.to_string());
        if let Some(query) = &self.query {
            params.append_pair("query", query);
        }
        params.append_pair("startAfter", &start_after.to_string());
        params.append_pair("startAfterId", start_after_id);
        format!("{}/contacts/?{}", shared.base_url, params.finish())
    }
}

fn search_needle(params: &HashMap<String, String>) -> Option<String> {
    params
        .get("query")
        .map(|query| query.trim().to_lowercase())
        .filter(|query| !query.is_empty())
}

/// class-validator's `IsNumberString`: `skip` and `limit` arrive as strings of digits.
pub(super) fn number_string(
    params: &HashMap<String, String>,
    name: &str,
    default: usize,
    errors: &mut Vec<String>,
) -> usize {
    let Some(text) = params.get(name) else {
        return default;
    };
    text.trim().parse().unwrap_or_else(|_| {
        errors.push(format!("{name} must be a number string"));
        default
    })
}
