//! The fallback to the loopback redirect: HighLevel documents https redirect URIs, so the
//! app may be registered with any address. The user pastes where the browser landed (or
//! just the code), and a pasted address must carry the `state` this sign-in sent.

use secrecy::SecretString;
use url::Url;

use crate::accounts::error::AccountsError;

/// The authorization code in what the user pasted: the redirected address, its query, or
/// the bare code.
pub fn code_from_pasted(pasted: &str, state: &str) -> Result<SecretString, AccountsError> {
    let pasted = pasted.trim();
    let query = match Url::parse(pasted) {
        Ok(url) => url.query().unwrap_or_default().to_owned(),
        Err(_) if pasted.contains("code=") => pasted.trim_start_matches('?').to_owned(),
        Err(_) => return bare_code(pasted),
    };
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    if let Some(error) = param("error") {
        return Err(refused(format!("HighLevel answered {error}")));
    }
    if param("state") != Some(state) {
        return Err(refused(
            "the pasted address is not from this sign-in (its state differs): start again and \
             paste the address the browser shows at its end"
                .into(),
        ));
    }
    match param("code") {
        Some(code) if !code.is_empty() => Ok(SecretString::from(code.to_owned())),
        _ => Err(refused("the pasted address holds no code".into())),
    }
}

fn bare_code(pasted: &str) -> Result<SecretString, AccountsError> {
    let plausible = !pasted.is_empty()
        && pasted
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c));
    match plausible {
        true => Ok(SecretString::from(pasted.to_owned())),
        false => Err(refused(
            "paste the whole address the browser landed on, or the code in it".into(),
        )),
    }
}

fn refused(message: String) -> AccountsError {
    AccountsError::Authorization { message }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn a_pasted_address_gives_its_code_when_the_state_is_ours() {
        let url = "https://app.example.com/oauth/callback?code=abc123&state=s1";
        assert_eq!(
            code_from_pasted(url, "s1").unwrap().expose_secret(),
            "abc123"
        );
        assert_eq!(
            code_from_pasted("?code=abc123&state=s1", "s1")
                .unwrap()
                .expose_secret(),
            "abc123"
        );
    }

    #[test]
    fn another_sign_ins_address_or_a_denial_is_refused() {
        let forged = "https://app.example.com/cb?code=abc123&state=other";
        let error = code_from_pasted(forged, "s1").unwrap_err().to_string();
        assert!(error.contains("state differs"), "{error}");
        let stateless = "https://app.example.com/cb?code=abc123";
        assert!(code_from_pasted(stateless, "s1").is_err());
        let denied = "https://app.example.com/cb?error=access_denied&state=s1";
        assert!(code_from_pasted(denied, "s1")
            .unwrap_err()
            .to_string()
            .contains("access_denied"));
    }

    #[test]
    fn a_bare_code_is_taken_and_prose_is_not() {
        assert_eq!(
            code_from_pasted(" abc-123_x \n", "s")
                .unwrap()
                .expose_secret(),
            "abc-123_x"
        );
        assert!(code_from_pasted("", "s").is_err());
        assert!(code_from_pasted("not a code", "s").is_err());
    }
}
