//! `GET /locations/:locationId/customFields` (Locations API, scope
//! `locations/customFields.readonly`): what each custom field is called and holds, so a
//! contact's values read by name and are formatted by type.

use reqwest::Method;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::{Api, Call};
use super::{decode, Error, Scope};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CustomField {
    pub id: String,
    pub name: Option<String>,
    /// `contact.lifetime_value`: how writes may name the field instead of its id.
    pub field_key: Option<String>,
    /// `TEXT`, `NUMERICAL`, `MONETORY`, `DATE`, `SINGLE_OPTIONS`, `MULTIPLE_OPTIONS`,
    /// `CHECKBOX`, `FILE_UPLOAD`, …
    pub data_type: Option<String>,
    /// The choices of an options field.
    #[serde(default, deserialize_with = "options")]
    #[cfg_attr(feature = "desktop", specta(type = Vec<PicklistOption>))]
    pub picklist_options: Vec<PicklistOption>,
    #[serde(flatten)]
    #[cfg_attr(feature = "desktop", specta(skip))]
    pub extra: Map<String, Value>,
}

/// One choice of an options field: a value stored as `key` (when the location keys its
/// options) reads as `label`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
pub struct PicklistOption {
    pub key: Option<String>,
    pub label: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CustomFieldList {
    #[serde(default, deserialize_with = "decode::records")]
    custom_fields: Vec<CustomField>,
}

/// The spec lists options as strings; some locations send `{key, label}` objects instead.
/// Anything else is left out.
fn options<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<PicklistOption>, D::Error> {
    let options: Option<Vec<Value>> = Option::deserialize(deserializer)?;
    Ok(options
        .unwrap_or_default()
        .into_iter()
        .filter_map(|option| match option {
            Value::String(label) => Some(PicklistOption { key: None, label }),
            other => serde_json::from_value(other).ok(),
        })
        .collect())
}

pub struct CustomFields {
    api: Api,
}

impl Api {
    pub fn custom_fields(&self) -> CustomFields {
        CustomFields { api: self.clone() }
    }
}

impl CustomFields {
    /// `GET /locations/:locationId/customFields?model=contact`
    pub async fn list(&self) -> Result<Vec<CustomField>, Error> {
        let call = Call::new(
            Method::GET,
            "/locations/:locationId/customFields",
            vec![self.api.location_id()],
            Scope::LocationsCustomFieldsReadonly,
        )
        .query("model", "contact");
        Ok(self.api.send::<CustomFieldList>(call).await?.custom_fields)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn custom_fields_decode_as_the_spec_shapes_them_and_as_the_field_varies() {
        let list: CustomFieldList = serde_json::from_value(json!({"customFields": [
            {"id": "f1", "name": "pincode", "fieldKey": "contact.pincode", "dataType": "TEXT",
             "position": 0, "picklistOptions": ["first option"], "model": "contact"},
            {"_id": "f2", "name": "Plan", "dataType": "SINGLE_OPTIONS",
             "picklistOptions": [{"key": "gold", "label": "Gold"}, 3]},
            {"id": "f3", "picklistOptions": null, "name": null},
        ]}))
        .unwrap();
        let fields = &list.custom_fields;
        assert_eq!(fields[0].field_key.as_deref(), Some("contact.pincode"));
        let first = PicklistOption {
            key: None,
            label: "first option".into(),
        };
        assert_eq!(fields[0].picklist_options, [first]);
        assert_eq!(fields[0].extra["model"], "contact");
        let gold = PicklistOption {
            key: Some("gold".into()),
            label: "Gold".into(),
        };
        assert_eq!(
            (fields[1].id.as_str(), &fields[1].picklist_options[..]),
            ("f2", &[gold][..])
        );
        assert_eq!(
            (fields[2].name.as_deref(), fields[2].picklist_options.len()),
            (None, 0)
        );
    }
}
