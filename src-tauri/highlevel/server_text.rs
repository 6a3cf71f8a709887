//! Text a server wrote. A server (or a proxy, captive portal or wrong base URL in front
//! of it) may echo what it was sent, the `Authorization` header included, so nothing it
//! says is logged, stored, shown or returned before the request's secrets are blanked
//! out. `ServerText` is that guarantee as a type: the only ways to make one are a
//! `Redactor` holding the exchange's secrets, or a string literal written here.

use std::fmt;

use bytes::Bytes;
use memchr::memmem;
use secrecy::{ExposeSecret, SecretString};

/// What a secret becomes wherever a server echoed it.
const REDACTED: &str = "[redacted]";
/// Longest text kept from one server message: enough for any real error, not a page.
const MAX_CHARS: usize = 300;

/// A server's words with every secret of the exchange removed, control characters
/// (terminal escapes included) blanked and length capped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerText {
    text: String,
    page: bool,
}

impl ServerText {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when this describes a page (HTML, plain text) rather than quoting a JSON
    /// message: the address answering is probably not HighLevel's API.
    pub fn is_page(&self) -> bool {
        self.page
    }

    /// Puts our own words around text that is already clean.
    pub fn map(&self, words: impl FnOnce(&str) -> String) -> Self {
        Self::clean(&words(&self.text), self.page)
    }

    fn clean(redacted: &str, page: bool) -> Self {
        let mut text: String = redacted
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(MAX_CHARS)
            .collect();
        if redacted.chars().nth(MAX_CHARS).is_some() {
            text.push('…');
        }
        Self { text, page }
    }
}

/// A literal written in this codebase holds no secret.
impl From<&'static str> for ServerText {
    fn from(text: &'static str) -> Self {
        Self::clean(text, false)
    }
}

impl fmt::Display for ServerText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The secrets one exchange sent; everything the server answers passes through it.
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a SecretString>) -> Self {
        let mut forms = Vec::new();
        for secret in secrets {
            let secret = secret.expose_secret();
            if secret.is_empty() {
                continue;
            }
            // A server may echo a header as sent or a form field percent-encoded.
            let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
            forms.push(secret.to_owned());
            if encoded != secret {
                forms.push(encoded);
            }
        }
        // Longest first, so a secret that contains another is blanked whole.
        forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
        Self { secrets: forms }
    }

    /// A message the server wrote (JSON `message`, a header, an HTML title).
    pub fn text(&self, raw: &str) -> ServerText {
        ServerText::clean(&self.redact(raw), false)
    }

    /// A description of a body that was not HighLevel's JSON.
    pub fn page(&self, raw: &str) -> ServerText {
        ServerText::clean(&self.redact(raw), true)
    }

    /// The whole body, before anything decodes it: an echoed secret never reaches a
    /// decoded record, a decode error's message, or the cache.
    pub fn body(&self, body: Bytes) -> Bytes {
        let found = self
            .secrets
            .iter()
            .any(|secret| memmem::find(&body, secret.as_bytes()).is_some());
        if !found {
            return body;
        }
        let mut clean = body.to_vec();
        for secret in &self.secrets {
            clean = replace_bytes(&clean, secret.as_bytes());
        }
        Bytes::from(clean)
    }

    fn redact(&self, raw: &str) -> String {
        self.secrets.iter().fold(raw.to_owned(), |text, secret| {
            text.replace(secret, REDACTED)
        })
    }
}

fn replace_bytes(haystack: &[u8], needle: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut last = 0;
    for at in memmem::find_iter(haystack, needle) {
        if at < last {
            continue;
        }
        out.extend_from_slice(&haystack[last..at]);
        out.extend_from_slice(REDACTED.as_bytes());
        last = at + needle.len();
    }
    out.extend_from_slice(&haystack[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor {
        Redactor::new([&SecretString::from("pit-s3cret/+")])
    }

    #[test]
    fn texts_lose_every_form_of_the_secret() {
        let text = redactor().text("Bearer pit-s3cret/+ and pit-s3cret%2F%2B\x1b[31m");
        assert_eq!(
            text.as_str(),
            "Bearer [redacted] and [redacted] [31m",
            "raw, percent-encoded, and no escape character"
        );
        assert!(!text.is_page());
    }

    #[test]
    fn bodies_are_redacted_before_decoding() {
        let body = Bytes::from_static(br#"{"name":"pit-s3cret/+","again":"pit-s3cret/+"}"#);
        let clean = redactor().body(body);
        assert_eq!(&clean[..], br#"{"name":"[redacted]","again":"[redacted]"}"#);
        let untouched = Bytes::from_static(b"{}");
        assert_eq!(redactor().body(untouched.clone()), untouched);
    }

    #[test]
    fn long_texts_are_cut() {
        let long = "x".repeat(1_000);
        let text = redactor().page(&long);
        assert_eq!(text.as_str().chars().count(), MAX_CHARS + 1);
        assert!(text.is_page());
    }

    #[test]
    fn an_empty_secret_redacts_nothing() {
        let redactor = Redactor::new([&SecretString::from("")]);
        assert_eq!(redactor.text("as sent").as_str(), "as sent");
    }
}
