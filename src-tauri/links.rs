//! Deep links: `contactdesk://contact/<locationId>/<contactId>`, pasted into a HighLevel
//! note or an email, lead back to that contact in the app. The OS hands the link over
//! as a launch argument (or, on macOS, an event); this parses it and nothing more.

use url::Url;

pub const SCHEME: &str = "contactdesk";

/// A contact named by a link: its location says which profile must be open.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "desktop", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContactLink {
    pub location_id: String,
    pub contact_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("{0:?} is not a Contact Desk link (they start with contactdesk://)")]
    NotALink(String),
    #[error("{0:?} names no contact: a link reads contactdesk://contact/<locationId>/<contactId>")]
    Malformed(String),
}

impl ContactLink {
    pub fn parse(text: &str) -> Result<Self, LinkError> {
        let url = Url::parse(text.trim()).map_err(|_| LinkError::NotALink(text.to_owned()))?;
        if url.scheme() != SCHEME {
            return Err(LinkError::NotALink(text.to_owned()));
        }
        let malformed = || LinkError::Malformed(text.to_owned());
        // `contactdesk://contact/L/C`: the host is the kind, the path its ids.
        if url.host_str() != Some("contact") {
            return Err(malformed());
        }
        let ids: Vec<&str> = url
            .path_segments()
            .ok_or_else(malformed)?
            .filter(|segment| !segment.is_empty())
            .collect();
        match ids.as_slice() {
            [location, contact] if is_id(location) && is_id(contact) => Ok(Self {
                location_id: (*location).to_owned(),
                contact_id: (*contact).to_owned(),
            }),
            _ => Err(malformed()),
        }
    }

    /// The first link among a launch's arguments (a second launch hands its own over).
    pub fn find_in<S: AsRef<str>>(args: &[S]) -> Option<Self> {
        args.iter()
            .filter(|arg| arg.as_ref().starts_with(&format!("{SCHEME}:")))
            .find_map(|arg| Self::parse(arg.as_ref()).ok())
    }

    pub fn to_url(&self) -> String {
        format!(
            "{SCHEME}://contact/{}/{}",
            self.location_id, self.contact_id
        )
    }
}

/// HighLevel's ids are letters and digits; anything else (`..`, `%2F`, a query) is not one.
fn is_id(text: &str) -> bool {
    !text.is_empty() && text.len() <= 64 && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_link_names_its_location_and_contact() {
        let link = ContactLink::parse("contactdesk://contact/LOC123/abcDEF9").unwrap();
        assert_eq!(link.location_id, "LOC123");
        assert_eq!(link.contact_id, "abcDEF9");
        assert_eq!(link.to_url(), "contactdesk://contact/LOC123/abcDEF9");
        assert_eq!(ContactLink::parse(&link.to_url()).unwrap(), link);
    }

    #[test]
    fn other_schemes_and_shapes_are_refused() {
        let not_links = ["https://contact/L/C", "contact/L/C", ""];
        for text in not_links {
            assert!(matches!(
                ContactLink::parse(text),
                Err(LinkError::NotALink(_))
            ));
        }
        let malformed = [
            "contactdesk://task/L/C",
            "contactdesk://contact/L",
            "contactdesk://contact/L/C/extra",
            "contactdesk://contact/L/..%2Fsecret",
            "contactdesk://contact//C",
        ];
        for text in malformed {
            assert!(
                matches!(ContactLink::parse(text), Err(LinkError::Malformed(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn the_first_link_among_arguments_is_found() {
        let args = ["contact-desk", "open", "contactdesk://contact/L1/C1"];
        assert_eq!(ContactLink::find_in(&args).unwrap().contact_id, "C1",);
        assert_eq!(ContactLink::find_in(&["contact-desk", "--flag"]), None);
    }
}
