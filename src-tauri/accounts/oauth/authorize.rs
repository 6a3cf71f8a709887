//! The browser half of OAuth: the location chooser's address, with a `state` nobody
//! else can guess so a stray or forged redirect is refused.

use url::Url;

use super::under;
use crate::accounts::error::AccountsError;

/// HighLevel's Marketplace, where a user picks the sub-account and approves the app.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://marketplace.leadconnectorhq.com";

/// What Contact Desk asks for: read to show contacts, write to edit them.
pub const SCOPES: &str = "contacts.readonly contacts.write";

/// An agency's app also lists its locations and mints their tokens.
pub const AGENCY_SCOPES: &str = "contacts.readonly contacts.write oauth.readonly oauth.write";

/// `{authorize_url}/oauth/chooselocation?response_type=code&redirect_uri=…&client_id=…&scope=…&state=…`
pub(crate) fn choose_location_url(
    authorize_url: &str,
    client_id: &str,
    redirect_uri: &str,
    scopes: &str,
    state: &str,
) -> Result<Url, AccountsError> {
    let url = Url::parse(authorize_url)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        .ok_or_else(|| {
            AccountsError::invalid(format!("{authorize_url:?} is not an http(s) address"))
        })?;
    let mut url = under(url, authorize_url, "chooselocation")?;
    url.query_pairs_mut()
        .clear()
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("client_id", client_id)
        .append_pair("scope", scopes)
        .append_pair("state", state);
    Ok(url)
}

/// 128 bits from the OS's generator, hex-encoded.
pub(crate) fn new_state() -> Result<String, AccountsError> {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| AccountsError::Authorization {
        message: format!("the OS could not supply randomness for the OAuth state: {error}"),
    })?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chooser_url_carries_every_parameter() {
        let url = choose_location_url(
            "https://marketplace.leadconnectorhq.com",
            "client-1",
            "http://127.0.0.1:4000/callback",
            SCOPES,
            "abc",
        )
        .unwrap();
        assert_eq!(url.path(), "/oauth/chooselocation");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let expected = [
            ("response_type", "code"),
            ("redirect_uri", "http://127.0.0.1:4000/callback"),
            ("client_id", "client-1"),
            ("scope", "contacts.readonly contacts.write"),
            ("state", "abc"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()));
        assert_eq!(pairs, expected);
    }

    #[test]
    fn a_sandbox_base_with_a_trailing_slash_works_too() {
        let url = choose_location_url("http://127.0.0.1:9/", "c", "r", SCOPES, "s").unwrap();
        assert!(url
            .as_str()
            .starts_with("http://127.0.0.1:9/oauth/chooselocation?"));
        assert!(choose_location_url("mailto:x@example.com", "c", "r", SCOPES, "s").is_err());
    }

    #[test]
    fn states_are_long_and_different_each_time() {
        let (a, b) = (new_state().unwrap(), new_state().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
