//! Tolerant decoding helpers: HighLevel sends `null` where the spec promises a list or a
//! flag, and wraps the same record in different envelopes from endpoint to endpoint.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// `#[serde(default, deserialize_with = "decode::or_default")]`: `null` reads as the default.
pub fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// `#[serde(default, deserialize_with = "decode::records")]`: a list whose records may
/// name their id `_id` (the location-wide searches do), read as `id`; `null` as empty.
pub fn records<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let records: Option<Vec<Map<String, Value>>> = Option::deserialize(deserializer)?;
    records
        .unwrap_or_default()
        .into_iter()
        .map(|mut record| {
            if let (false, Some(id)) = (record.contains_key("id"), record.remove("_id")) {
                record.insert("id".into(), id);
            }
            serde_json::from_value(Value::Object(record)).map_err(D::Error::custom)
        })
        .collect()
}

/// Update and delete answers: `{"succeded": true}` (sic), sometimes spelled correctly.
#[derive(Debug, Deserialize)]
pub struct Succeeded {
    #[serde(alias = "succeeded", default)]
    pub succeded: Option<bool>,
}

impl Succeeded {
    /// HighLevel answered 200 yet says the operation did not happen: that is a failure.
    pub fn check(self, what: &str) -> Result<(), super::Error> {
        match self.succeded {
            Some(false) => Err(super::Error::Protocol {
                message: format!("HighLevel answered that the {what} did not succeed"),
            }),
            _ => Ok(()),
        }
    }
}
