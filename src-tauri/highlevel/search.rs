//! `POST /contacts/search`: the location's contacts filtered and sorted, paged by `page`
//! (the first 10,000 records) or by the `searchAfter` cursor past them. The spec leaves
//! the body empty; its shape here is HighLevel's documented one.

use jiff::Timestamp;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::client::Call;
use super::contacts::Contacts;
use super::{decode, Contact, Error, Scope};

/// The most contacts one search page holds (`pageLimit`).
pub const MAX_SEARCH_PAGE: u32 = 500;
/// How deep `page` paging reaches; past it only the `searchAfter` cursor goes on.
pub const MAX_SEARCH_WINDOW: u32 = 10_000;
/// The longest `query` or filter value HighLevel accepts.
pub const MAX_SEARCH_TEXT: usize = 75;

/// One search request; the client adds `locationId`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactSearch {
    pub page_limit: u32,
    pub page: Option<u32>,
    pub search_after: Option<SearchAfter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sort: Vec<Sort>,
    pub query: Option<String>,
}

/// The opaque cursor a search result carries, e.g. `[1732000000000, "id"]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct SearchAfter(
    #[cfg_attr(feature = "desktop", specta(type = Vec<specta_typescript::Unknown>))] pub Vec<Value>,
);

/// A condition on one field, or a group of filters joined by AND or OR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(untagged)]
pub enum Filter {
    Condition {
        field: String,
        operator: Operator,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "desktop", specta(type = Option<specta_typescript::Unknown>))]
        value: Option<Value>,
    },
    Group {
        group: Group,
        filters: Vec<Filter>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    Eq,
    NotEq,
    Contains,
    NotContains,
    Exists,
    NotExists,
    Range,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "UPPERCASE")]
pub enum Group {
    And,
    Or,
}

/// The bounds of a `range` filter; absent ones are not sent.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct RangeBound {
    #[cfg_attr(feature = "desktop", specta(type = Option<specta_typescript::Unknown>))]
    pub gte: Option<Value>,
    #[cfg_attr(feature = "desktop", specta(type = Option<specta_typescript::Unknown>))]
    pub gt: Option<Value>,
    #[cfg_attr(feature = "desktop", specta(type = Option<specta_typescript::Unknown>))]
    pub lte: Option<Value>,
    #[cfg_attr(feature = "desktop", specta(type = Option<specta_typescript::Unknown>))]
    pub lt: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct Sort {
    pub field: String,
    pub direction: Direction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Asc,
    Desc,
}

/// One page of results; `total` counts every match, not this page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct SearchPage {
    #[serde(default, deserialize_with = "decode::records")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<Contact>))]
    pub contacts: Vec<Contact>,
    #[serde(default, deserialize_with = "decode::or_default")]
    #[cfg_attr(feature = "desktop", specta(type = u32))]
    pub total: u32,
}

impl SearchPage {
    /// The cursor after this page: its last contact's `searchAfter`.
    pub fn next_search_after(&self) -> Option<SearchAfter> {
        match self.contacts.last()?.extra.get("searchAfter")? {
            Value::Array(values) if !values.is_empty() => Some(SearchAfter(values.clone())),
            _ => None,
        }
    }
}

impl Filter {
    pub fn eq(field: &str, value: impl Into<Value>) -> Self {
        Filter::Condition {
            field: field.to_owned(),
            operator: Operator::Eq,
            value: Some(value.into()),
        }
    }

    pub fn range(field: &str, bound: RangeBound) -> Self {
        let value = serde_json::to_value(bound).unwrap_or(Value::Null);
        Filter::Condition {
            field: field.to_owned(),
            operator: Operator::Range,
            value: Some(value),
        }
    }

    /// Contacts changed at or after `since` (`dateUpdated`, to the millisecond).
    pub fn updated_since(since: Timestamp) -> Self {
        let bound = RangeBound {
            gte: Some(Value::String(format!("{since:.3}"))),
            ..RangeBound::default()
        };
        Filter::range("dateUpdated", bound)
    }

    /// Every string this filter sends, nested groups and range bounds included.
    fn texts(&self) -> Vec<&str> {
        match self {
            Filter::Condition { value, .. } => value.iter().flat_map(strings).collect(),
            Filter::Group { filters, .. } => filters.iter().flat_map(Filter::texts).collect(),
        }
    }
}

fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(text) => vec![text],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(fields) => fields.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

impl Sort {
    pub fn asc(field: &str) -> Self {
        Self {
            field: field.to_owned(),
            direction: Direction::Asc,
        }
    }

    pub fn desc(field: &str) -> Self {
        Self {
            field: field.to_owned(),
            direction: Direction::Desc,
        }
    }
}

impl ContactSearch {
    /// The first page of `page_limit` contacts, unfiltered and unsorted.
    pub fn new(page_limit: u32) -> Self {
        Self {
            page_limit,
            page: None,
            search_after: None,
            filters: Vec::new(),
            sort: Vec::new(),
            query: None,
        }
    }

    /// What HighLevel would answer with a 422, refused before sending.
    fn check(&self) -> Result<(), Error> {
        let problem = if self.page_limit == 0 || self.page_limit > MAX_SEARCH_PAGE {
            format!("pageLimit must be between 1 and {MAX_SEARCH_PAGE}")
        } else if self.page.is_some() && self.search_after.is_some() {
            "page and searchAfter cannot be sent together".to_owned()
        } else if self.page.unwrap_or(1).saturating_mul(self.page_limit) > MAX_SEARCH_WINDOW {
            format!("page reaches at most {MAX_SEARCH_WINDOW} records; use searchAfter past them")
        } else if self
            .texts()
            .any(|text| text.chars().count() > MAX_SEARCH_TEXT)
        {
            format!("query and filter values must be at most {MAX_SEARCH_TEXT} characters")
        } else {
            return Ok(());
        };
        Err(Error::Invalid { message: problem })
    }

    fn texts(&self) -> impl Iterator<Item = &str> {
        let filters = self.filters.iter().flat_map(Filter::texts);
        self.query.as_deref().into_iter().chain(filters)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SearchBody<'a> {
    location_id: &'a str,
    #[serde(flatten)]
    search: &'a ContactSearch,
}

impl Contacts {
    /// `POST /contacts/search` (a read: retried like a GET).
    pub async fn search(&self, search: &ContactSearch) -> Result<SearchPage, Error> {
        search.check()?;
        let body = SearchBody {
            location_id: self.api.location_id(),
            search,
        };
        let call = Call::new(
            Method::POST,
            "/contacts/search",
            vec![],
            Scope::ContactsReadonly,
        )
        .body(&body)?;
        self.api.send(call).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn body(search: &ContactSearch) -> Value {
        serde_json::to_value(SearchBody {
            location_id: "loc",
            search,
        })
        .unwrap()
    }

    #[test]
    fn the_body_is_the_documented_shape() {
        let since: Timestamp = "2026-11-29T10:00:00Z".parse().unwrap();
        let search = ContactSearch {
            filters: vec![
                Filter::updated_since(since),
                Filter::Group {
                    group: Group::Or,
                    filters: vec![
                        Filter::eq("tags", "vip"),
                        Filter::Condition {
                            field: "email".into(),
                            operator: Operator::NotExists,
                            value: None,
                        },
                    ],
                },
            ],
            sort: vec![Sort::asc("dateUpdated")],
            search_after: Some(SearchAfter(vec![json!(1_732_000_000_000_i64), json!("id")])),
            ..ContactSearch::new(500)
        };
        assert_eq!(
            body(&search),
            json!({
                "locationId": "loc",
                "pageLimit": 500,
                "searchAfter": [1_732_000_000_000_i64, "id"],
                "filters": [
                    {"field": "dateUpdated", "operator": "range",
                     "value": {"gte": "2026-11-29T10:00:00.000Z"}},
                    {"group": "OR", "filters": [
                        {"field": "tags", "operator": "eq", "value": "vip"},
                        {"field": "email", "operator": "not_exists"},
                    ]},
                ],
                "sort": [{"field": "dateUpdated", "direction": "asc"}],
            })
        );
        let page = ContactSearch {
            page: Some(2),
            query: Some("ada".into()),
            sort: vec![Sort::desc("dateAdded")],
            ..ContactSearch::new(20)
        };
        assert_eq!(
            body(&page),
            json!({"locationId": "loc", "pageLimit": 20, "page": 2, "query": "ada",
                   "sort": [{"field": "dateAdded", "direction": "desc"}]})
        );
    }

    #[test]
    fn filters_read_back_as_conditions_and_groups() {
        let wire = json!([
            {"field": "dateAdded", "operator": "range", "value": {"gt": 1, "lt": 2}},
            {"group": "AND", "filters": [{"field": "city", "operator": "exists"}]},
        ]);
        let filters: Vec<Filter> = serde_json::from_value(wire.clone()).unwrap();
        assert!(matches!(
            &filters[1],
            Filter::Group {
                group: Group::And,
                ..
            }
        ));
        assert_eq!(serde_json::to_value(&filters).unwrap(), wire);
    }

    #[test]
    fn what_highlevel_would_refuse_is_refused_here() {
        let long = "x".repeat(MAX_SEARCH_TEXT + 1);
        let refused = [
            ContactSearch::new(0),
            ContactSearch::new(MAX_SEARCH_PAGE + 1),
            ContactSearch {
                page: Some(1),
                search_after: Some(SearchAfter(vec![json!(1)])),
                ..ContactSearch::new(10)
            },
            ContactSearch {
                page: Some(21),
                ..ContactSearch::new(500)
            },
            ContactSearch {
                query: Some(long.clone()),
                ..ContactSearch::new(10)
            },
            ContactSearch {
                filters: vec![Filter::Group {
                    group: Group::And,
                    filters: vec![Filter::eq("firstName", long)],
                }],
                ..ContactSearch::new(10)
            },
        ];
        for search in refused {
            assert!(
                matches!(search.check(), Err(Error::Invalid { .. })),
                "{search:?}"
            );
        }
        let deepest = ContactSearch {
            page: Some(20),
            query: Some("x".repeat(MAX_SEARCH_TEXT)),
            ..ContactSearch::new(500)
        };
        assert_eq!(deepest.check(), Ok(()));
    }

    #[test]
    fn the_next_cursor_is_the_last_contacts() {
        let page: SearchPage = serde_json::from_value(json!({
            "contacts": [
                {"id": "a", "searchAfter": [1, "a"]},
                {"_id": "b", "firstName": null, "tags": null, "searchAfter": [2, "b"]},
            ],
            "total": 7,
        }))
        .unwrap();
        assert_eq!(page.contacts[1].id, "b");
        assert_eq!(
            page.next_search_after(),
            Some(SearchAfter(vec![json!(2), json!("b")]))
        );
        let empty: SearchPage = serde_json::from_value(json!({"contacts": null})).unwrap();
        assert_eq!((empty.next_search_after(), empty.total), (None, 0));
    }
}
