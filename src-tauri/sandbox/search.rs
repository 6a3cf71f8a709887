//! `POST /contacts/search` as HighLevel documents it: the body read with class-validator's
//! wording (`locationId` and `pageLimit` ≤ 500 required; `page` within the first 10,000
//! records, `searchAfter` past them and never with `page`; filters of `{field, operator,
//! value}` and nested `{group, filters}`; `sort`; `query` and string values ≤ 75
//! characters), then the matching contacts in a total order (the sort fields, then id), so
//! each result's `searchAfter` — its sort values and its id — is a sound cursor.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::dates;
use super::error::ApiError;
use super::model::Contact;

const MAX_PAGE_LIMIT: usize = 500;
const MAX_WINDOW: usize = 10_000;
const MAX_TEXT: usize = 75;
const OPERATORS: &str = "eq, not_eq, contains, not_contains, exists, not_exists, range";

pub(crate) struct SearchRequest {
    pub location_id: String,
    page_limit: usize,
    page: Option<usize>,
    search_after: Option<Vec<Value>>,
    filters: Vec<Filter>,
    sort: Vec<SortField>,
    /// Lower-cased.
    query: Option<String>,
}

enum Filter {
    Condition {
        field: String,
        operator: Operator,
        value: Value,
    },
    Group {
        any: bool,
        filters: Vec<Filter>,
    },
}

#[derive(Clone, Copy, PartialEq)]
enum Operator {
    Eq,
    NotEq,
    Contains,
    NotContains,
    Exists,
    NotExists,
    Range,
}

struct SortField {
    field: String,
    descending: bool,
}

/// A field's value as search compares it: dates as epoch milliseconds, text lower-cased.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum Field {
    Missing,
    Flag(bool),
    Number(f64),
    Text(String),
    Texts(Vec<String>),
}

/// One page of matches, each with its `searchAfter`, and how many match in all.
pub(crate) struct Found<'a> {
    pub contacts: Vec<(&'a Contact, Vec<Value>)>,
    pub total: usize,
}

impl SearchRequest {
    pub(crate) fn read(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let location_id = match body.get("locationId") {
            Some(Value::String(id)) if !id.is_empty() => id.clone(),
            _ => {
                errors.push("locationId should not be empty".to_owned());
                errors.push("locationId must be a string".to_owned());
                String::new()
            }
        };
        let page_limit = match count(body.get("pageLimit"), "pageLimit", &mut errors) {
            Some(limit) if limit > MAX_PAGE_LIMIT => {
                errors.push(format!(
                    "pageLimit must not be greater than {MAX_PAGE_LIMIT}"
                ));
                0
            }
            Some(limit) => limit,
            None if body.get("pageLimit").is_none() => {
                errors.push("pageLimit should not be empty".to_owned());
                0
            }
            None => 0,
        };
        let page = count(body.get("page"), "page", &mut errors);
        let search_after = match body.get("searchAfter") {
            None | Some(Value::Null) => None,
            Some(Value::Array(values)) => Some(values.clone()),
            Some(_) => {
                errors.push("searchAfter must be an array".to_owned());
                None
            }
        };
        if page.is_some() && search_after.is_some() {
            errors.push("page and searchAfter cannot be used together".to_owned());
        }
        if page.unwrap_or(1).saturating_mul(page_limit) > MAX_WINDOW {
            errors.push(format!(
                "page and pageLimit reach past the first {MAX_WINDOW} records; use searchAfter"
            ));
        }
        let filters = match body.get("filters") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => filters(value, "filters", &mut errors),
        };
        let sort = sort(body.get("sort"), &mut errors);
        let query = match body.get("query") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => {
                check_length(text, "query", &mut errors);
                Some(text.trim().to_lowercase()).filter(|text| !text.is_empty())
            }
            Some(_) => {
                errors.push("query must be a string".to_owned());
                None
            }
        };
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        Ok(Self {
            location_id,
            page_limit,
            page,
            search_after,
            filters,
            sort,
            query,
        })
    }

    /// The page of `contacts` this request asks for.
    pub(crate) fn run<'a>(&self, contacts: impl Iterator<Item = &'a Contact>) -> Found<'a> {
        let mut matches: Vec<(&Contact, Vec<Field>)> = contacts
            .filter(|contact| self.matches(contact))
            .map(|contact| (contact, self.sort_key(contact)))
            .collect();
        matches.sort_by(|a, b| self.compare((&a.1, &a.0.id), (&b.1, &b.0.id)));
        let total = matches.len();
        let start = match &self.search_after {
            Some(cursor) => {
                let (values, id) = self.cursor(cursor);
                matches.partition_point(|(contact, key)| {
                    self.compare((key, &contact.id), (&values, &id)) != Ordering::Greater
                })
            }
            None => (self.page.unwrap_or(1) - 1) * self.page_limit,
        };
        let contacts = matches
            .into_iter()
            .skip(start)
            .take(self.page_limit)
            .map(|(contact, key)| {
                let mut cursor: Vec<Value> = key.into_iter().map(Field::into_json).collect();
                cursor.push(Value::String(contact.id.clone()));
                (contact, cursor)
            })
            .collect();
        Found { contacts, total }
    }

    fn matches(&self, contact: &Contact) -> bool {
        let text = self
            .query
            .as_ref()
            .is_none_or(|query| contact.search_text().contains(query.as_str()));
        text && self.filters.iter().all(|filter| filter.matches(contact))
    }

    fn sort_key(&self, contact: &Contact) -> Vec<Field> {
        self.sort
            .iter()
            .map(|sort| field_of(contact, &sort.field))
            .collect()
    }

    /// The sort fields in their directions, then the id ascending: a total order.
    fn compare(&self, (a, a_id): (&[Field], &str), (b, b_id): (&[Field], &str)) -> Ordering {
        a.iter()
            .zip(b)
            .zip(&self.sort)
            .map(|((a, b), sort)| {
                let order = a.partial_cmp(b).unwrap_or(Ordering::Equal);
                if sort.descending {
                    order.reverse()
                } else {
                    order
                }
            })
            .find(|order| order.is_ne())
            .unwrap_or_else(|| a_id.cmp(b_id))
    }

    /// A `searchAfter` as sent: the sort values, then the id.
    fn cursor(&self, cursor: &[Value]) -> (Vec<Field>, String) {
        let (id, values) = match cursor.split_last() {
            Some((Value::String(id), values)) => (id.clone(), values),
            Some((other, values)) => (other.to_string(), values),
            None => (String::new(), cursor),
        };
        let fields = self
            .sort
            .iter()
            .zip(values.iter().chain(std::iter::repeat(&Value::Null)))
            .map(|(sort, value)| from_json(&sort.field, value))
            .collect();
        (fields, id)
    }
}

impl Filter {
    fn matches(&self, contact: &Contact) -> bool {
        match self {
            Filter::Group { any: true, filters } => filters.iter().any(|f| f.matches(contact)),
            Filter::Group {
                any: false,
                filters,
            } => filters.iter().all(|f| f.matches(contact)),
            Filter::Condition {
                field,
                operator,
                value,
            } => condition(&field_of(contact, field), *operator, field, value),
        }
    }
}

fn condition(actual: &Field, operator: Operator, field: &str, value: &Value) -> bool {
    let expected = || from_json(field, value);
    match operator {
        Operator::Eq => equals(actual, &expected()),
        Operator::NotEq => !equals(actual, &expected()),
        Operator::Contains => contains(actual, &expected()),
        Operator::NotContains => !contains(actual, &expected()),
        Operator::Exists => !is_empty(actual),
        Operator::NotExists => is_empty(actual),
        Operator::Range => in_range(actual, field, value),
    }
}

fn is_empty(field: &Field) -> bool {
    match field {
        Field::Missing => true,
        Field::Text(text) => text.is_empty(),
        Field::Texts(items) => items.is_empty(),
        Field::Flag(_) | Field::Number(_) => false,
    }
}

fn equals(actual: &Field, expected: &Field) -> bool {
    match (actual, expected) {
        (Field::Texts(items), Field::Text(text)) => items.contains(text),
        (actual, expected) => actual == expected,
    }
}

fn contains(actual: &Field, expected: &Field) -> bool {
    let Field::Text(needle) = expected else {
        return false;
    };
    match actual {
        Field::Text(text) => text.contains(needle.as_str()),
        Field::Texts(items) => items.iter().any(|item| item.contains(needle.as_str())),
        _ => false,
    }
}

fn in_range(actual: &Field, field: &str, bounds: &Value) -> bool {
    if matches!(actual, Field::Missing) {
        return false;
    }
    let bound = |name: &str| bounds.get(name).map(|value| from_json(field, value));
    let holds = |name: &str, accept: fn(Ordering) -> bool| {
        bound(name).is_none_or(|bound| actual.partial_cmp(&bound).is_some_and(accept))
    };
    holds("gte", Ordering::is_ge)
        && holds("gt", Ordering::is_gt)
        && holds("lte", Ordering::is_le)
        && holds("lt", Ordering::is_lt)
}

/// Fields searched as instants.
fn is_date(field: &str) -> bool {
    matches!(
        field,
        "dateAdded" | "dateUpdated" | "lastActivity" | "dateOfBirth"
    )
}

/// A value from the body (a filter value, a cursor) as `field` compares: a date field's
/// text is read as ISO 8601.
fn from_json(field: &str, value: &Value) -> Field {
    match value {
        Value::String(text) if is_date(field) => dates::parse_iso8601(text)
            .map_or(Field::Text(text.to_lowercase()), |ms| {
                Field::Number(ms as f64)
            }),
        Value::String(text) => Field::Text(text.to_lowercase()),
        Value::Number(number) => number.as_f64().map_or(Field::Missing, Field::Number),
        Value::Bool(flag) => Field::Flag(*flag),
        Value::Array(items) => Field::Texts(
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_lowercase))
                .collect(),
        ),
        Value::Null | Value::Object(_) => Field::Missing,
    }
}

/// A contact's field by its wire name; the common ones read directly, any other from the
/// contact as `GET /contacts/:id` sends it.
fn field_of(contact: &Contact, field: &str) -> Field {
    let text = |value: &Option<String>| {
        value
            .as_ref()
            .map_or(Field::Missing, |text| Field::Text(text.to_lowercase()))
    };
    match field {
        "id" => Field::Text(contact.id.to_lowercase()),
        "dateAdded" => Field::Number(contact.date_added as f64),
        "dateUpdated" => Field::Number(contact.date_updated as f64),
        "lastActivity" => contact
            .last_activity
            .map_or(Field::Missing, |ms| Field::Number(ms as f64)),
        "firstName" | "firstNameLowerCase" => text(&contact.first_name),
        "lastName" | "lastNameLowerCase" => text(&contact.last_name),
        "fullNameLowerCase" | "contactName" => text(&contact.full_name()),
        "email" | "emailLowerCase" => text(&contact.email),
        "phone" => text(&contact.phone),
        "companyName" => text(&contact.company_name),
        "businessId" => text(&contact.business_id),
        "assignedTo" => text(&contact.assigned_to),
        "tags" => Field::Texts(contact.tags.iter().map(|t| t.to_lowercase()).collect()),
        "dnd" => Field::Flag(contact.dnd),
        "type" => Field::Text(contact.kind.clone()),
        _ => serde_json::to_value(contact.detail())
            .ok()
            .and_then(|detail| detail.get(field).map(|value| from_json(field, value)))
            .unwrap_or(Field::Missing),
    }
}

impl Field {
    /// As a `searchAfter` element: dates as epoch milliseconds.
    fn into_json(self) -> Value {
        match self {
            Field::Missing => Value::Null,
            Field::Flag(flag) => Value::Bool(flag),
            Field::Number(number) if number.fract() == 0.0 => Value::from(number as i64),
            Field::Number(number) => Value::from(number),
            Field::Text(text) => Value::String(text),
            Field::Texts(items) => Value::from(items),
        }
    }
}

/// A non-negative whole number, or `None` when absent (a bad one is reported).
fn count(value: Option<&Value>, name: &str, errors: &mut Vec<String>) -> Option<usize> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::Number(number)) => match number.as_u64() {
            Some(0) | None => {
                errors.push(format!("{name} must not be less than 1"));
                None
            }
            Some(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
        },
        Some(_) => {
            errors.push(format!(
                "{name} must be a number conforming to the specified constraints"
            ));
            None
        }
    }
}

fn check_length(text: &str, name: &str, errors: &mut Vec<String>) {
    if text.chars().count() > MAX_TEXT {
        errors.push(format!(
            "{name} must be shorter than or equal to {MAX_TEXT} characters"
        ));
    }
}

fn filters(value: &Value, path: &str, errors: &mut Vec<String>) -> Vec<Filter> {
    let Value::Array(items) = value else {
        errors.push(format!("{path} must be an array"));
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| filter(item, &format!("{path}.{index}"), errors))
        .collect()
}

fn filter(item: &Value, path: &str, errors: &mut Vec<String>) -> Option<Filter> {
    let Value::Object(object) = item else {
        errors.push(format!("{path} must be an object"));
        return None;
    };
    if let Some(group) = object.get("group") {
        let any = match group.as_str() {
            Some("AND") => false,
            Some("OR") => true,
            _ => {
                errors.push(format!(
                    "{path}.group must be one of the following values: AND, OR"
                ));
                false
            }
        };
        let inner = object.get("filters").unwrap_or(&Value::Null);
        let filters = filters(inner, &format!("{path}.filters"), errors);
        return Some(Filter::Group { any, filters });
    }
    let Some(Value::String(field)) = object.get("field") else {
        errors.push(format!("{path}.field must be a string"));
        return None;
    };
    let operator = match object.get("operator").and_then(Value::as_str) {
        Some("eq") => Operator::Eq,
        Some("not_eq") => Operator::NotEq,
        Some("contains") => Operator::Contains,
        Some("not_contains") => Operator::NotContains,
        Some("exists") => Operator::Exists,
        Some("not_exists") => Operator::NotExists,
        Some("range") => Operator::Range,
        _ => {
            errors.push(format!(
                "{path}.operator must be one of the following values: {OPERATORS}"
            ));
            return None;
        }
    };
    let value = object.get("value").cloned().unwrap_or(Value::Null);
    check_value(&value, &format!("{path}.value"), errors);
    if operator == Operator::Range && !value.is_object() {
        errors.push(format!(
            "{path}.value must be an object of gte, gt, lte or lt"
        ));
    }
    Some(Filter::Condition {
        field: field.clone(),
        operator,
        value,
    })
}

/// Every string in a filter value is at most 75 characters.
fn check_value(value: &Value, path: &str, errors: &mut Vec<String>) {
    match value {
        Value::String(text) => check_length(text, path, errors),
        Value::Array(items) => items.iter().for_each(|v| check_value(v, path, errors)),
        Value::Object(fields) => fields.values().for_each(|v| check_value(v, path, errors)),
        _ => {}
    }
}

/// The sort asked for, or newest first by `dateAdded` when none is.
fn sort(value: Option<&Value>, errors: &mut Vec<String>) -> Vec<SortField> {
    let newest_first = || {
        vec![SortField {
            field: "dateAdded".to_owned(),
            descending: true,
        }]
    };
    let items = match value {
        None | Some(Value::Null) => return newest_first(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            errors.push("sort must be an array".to_owned());
            return Vec::new();
        }
    };
    let mut fields = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let field = item.get("field").and_then(Value::as_str);
        let descending = match item.get("direction").and_then(Value::as_str) {
            Some("asc") => false,
            Some("desc") => true,
            _ => {
                errors.push(format!(
                    "sort.{index}.direction must be one of the following values: asc, desc"
                ));
                false
            }
        };
        match field {
            Some(field) => fields.push(SortField {
                field: field.to_owned(),
                descending,
            }),
            None => errors.push(format!("sort.{index}.field must be a string")),
        }
    }
    match fields.is_empty() {
        true => newest_first(),
        false => fields,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::sandbox::body::object;

    fn contacts() -> Vec<Contact> {
        (0..30)
            .map(|i| {
                let mut contact = Contact::blank(format!("c{i:02}"), "loc".into(), 1_000 + i);
                contact.date_updated = 5_000 + (i % 10);
                contact.first_name = Some(["Ada", "Bea", "Cy"][i as usize % 3].into());
                contact.tags = if i % 2 == 0 {
                    vec!["VIP".into()]
                } else {
                    vec![]
                };
                contact
            })
            .collect()
    }

    fn ids(request: &Value, contacts: &[Contact]) -> (Vec<String>, usize) {
        let request = SearchRequest::read(&object(request.clone())).unwrap();
        let found = request.run(contacts.iter());
        let ids = found.contacts.iter().map(|(c, _)| c.id.clone()).collect();
        (ids, found.total)
    }

    #[test]
    fn search_after_walks_a_total_order_through_ties() {
        let contacts = contacts();
        let mut body = json!({"locationId": "loc", "pageLimit": 7,
                              "sort": [{"field": "dateUpdated", "direction": "asc"}]});
        let mut seen = Vec::new();
        loop {
            let request = SearchRequest::read(&object(body.clone())).unwrap();
            let found = request.run(contacts.iter());
            let Some((_, cursor)) = found.contacts.last() else {
                break;
            };
            body["searchAfter"] = json!(cursor);
            seen.extend(
                found
                    .contacts
                    .iter()
                    .map(|(c, _)| (c.date_updated, c.id.clone())),
            );
        }
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen.len(), 30);
        assert_eq!(seen, sorted);
    }

    #[test]
    fn filters_nest_and_every_operator_applies() {
        let contacts = contacts();
        let base =
            |filters: Value| json!({"locationId": "loc", "pageLimit": 100, "filters": filters});
        let total = |filters: Value| ids(&base(filters), &contacts).1;
        assert_eq!(
            total(json!([{"field": "firstName", "operator": "eq", "value": "ada"}])),
            10
        );
        assert_eq!(
            total(json!([{"field": "firstName", "operator": "not_eq", "value": "Ada"}])),
            20
        );
        assert_eq!(
            total(json!([{"field": "firstName", "operator": "contains", "value": "e"}])),
            10
        );
        assert_eq!(
            total(json!([{"field": "firstName", "operator": "not_contains", "value": "e"}])),
            20
        );
        assert_eq!(
            total(json!([{"field": "tags", "operator": "eq", "value": "vip"}])),
            15
        );
        assert_eq!(total(json!([{"field": "tags", "operator": "exists"}])), 15);
        assert_eq!(
            total(json!([{"field": "email", "operator": "not_exists"}])),
            30
        );
        assert_eq!(
            total(json!([{"field": "dateUpdated", "operator": "range",
                          "value": {"gte": 5_003, "lt": 5_005}}])),
            6
        );
        assert_eq!(
            total(json!([{"field": "dateUpdated", "operator": "range",
                          "value": {"gt": "1970-01-01T00:00:05.008Z"}}])),
            3
        );
        let either = json!([{"group": "OR", "filters": [
            {"field": "firstName", "operator": "eq", "value": "Ada"},
            {"group": "AND", "filters": [
                {"field": "firstName", "operator": "eq", "value": "Bea"},
                {"field": "tags", "operator": "exists"},
            ]},
        ]}]);
        assert_eq!(total(either), 15);
    }

    #[test]
    fn pages_reach_ten_thousand_records_and_never_go_with_a_cursor() {
        let refused = [
            json!({"pageLimit": 10}),
            json!({"locationId": "loc"}),
            json!({"locationId": "loc", "pageLimit": 501}),
            json!({"locationId": "loc", "pageLimit": 0}),
            json!({"locationId": "loc", "pageLimit": 500, "page": 21}),
            json!({"locationId": "loc", "pageLimit": 5, "page": 2, "searchAfter": [1, "a"]}),
            json!({"locationId": "loc", "pageLimit": 5, "query": "x".repeat(76)}),
            json!({"locationId": "loc", "pageLimit": 5,
                   "filters": [{"field": "city", "operator": "eq", "value": "x".repeat(76)}]}),
            json!({"locationId": "loc", "pageLimit": 5,
                   "filters": [{"field": "city", "operator": "like", "value": "x"}]}),
            json!({"locationId": "loc", "pageLimit": 5,
                   "sort": [{"field": "city", "direction": "up"}]}),
        ];
        for body in refused {
            let error = SearchRequest::read(&object(body.clone())).err();
            assert!(error.is_some(), "{body}");
        }
        let (page, total) = ids(
            &json!({"locationId": "loc", "pageLimit": 4, "page": 2,
                    "sort": [{"field": "dateAdded", "direction": "asc"}]}),
            &contacts(),
        );
        assert_eq!(
            (page, total),
            (
                vec!["c04".into(), "c05".into(), "c06".into(), "c07".into()],
                30
            )
        );
    }
}
