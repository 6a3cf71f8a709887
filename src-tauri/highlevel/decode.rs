//! Tolerant decoding helpers: HighLevel sends `null` where the spec promises a list or a
//! flag, and wraps the same record in different envelopes from endpoint to endpoint.

use serde::{Deserialize, Deserializer};

/// `#[serde(default, deserialize_with = "decode::or_default")]`: `null` reads as the default.
pub fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
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
