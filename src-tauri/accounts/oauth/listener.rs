//! The loopback redirect listener: a tiny HTTP server on 127.0.0.1 that receives the one
//! redirect HighLevel sends back to the browser (`/callback?code=…&state=…`).
//!
//! It reads only request heads, answers every connection with a small page and closes
//! it, and keeps waiting through stray requests (favicons, stale tabs, a wrong `state`)
//! until the real answer arrives or the caller's timeout ends the wait.

use std::net::Ipv4Addr;
use std::time::Duration;

use secrecy::SecretString;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

use crate::accounts::error::AccountsError;

const CALLBACK_PATH: &str = "/callback";
/// Browsers send heads of a few hundred bytes; anything longer is not our redirect.
const MAX_HEAD: usize = 8 * 1024;
/// A connection that sends nothing useful for this long is dropped, not waited on.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// `http://127.0.0.1:<port>/callback`: the redirect URL the Marketplace app must list.
pub fn redirect_uri(port: u16) -> String {
    format!("http://127.0.0.1:{port}{CALLBACK_PATH}")
}

pub struct RedirectListener {
    listener: TcpListener,
    redirect_uri: String,
}

/// What one request to the listener turned out to be.
#[derive(Debug)]
enum Callback {
    Code(SecretString),
    Denied(String),
    WrongState,
    NoCode,
    Elsewhere,
}

impl RedirectListener {
    /// Listens on `127.0.0.1:port` (0 picks a free port).
    pub async fn bind(port: u16) -> Result<Self, AccountsError> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .await
            .map_err(|error| AccountsError::Authorization {
                message: format!("could not listen on 127.0.0.1:{port} for the redirect: {error}"),
            })?;
        let port = listener
            .local_addr()
            .map_err(|error| AccountsError::Authorization {
                message: format!("the redirect listener has no address: {error}"),
            })?
            .port();
        Ok(Self {
            listener,
            redirect_uri: redirect_uri(port),
        })
    }

    /// `http://127.0.0.1:<port>/callback`: the Marketplace app must list it as a redirect URL.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The authorization code of the first redirect that carries `state`, or an error if
    /// the user declined; gives up after `timeout`.
    pub async fn wait_for_code(
        &self,
        state: &str,
        timeout: Duration,
    ) -> Result<SecretString, AccountsError> {
        tokio::time::timeout(timeout, self.next_code(state))
            .await
            .map_err(|_| AccountsError::Authorization {
                message: format!(
                    "no answer came back from the browser within {} minutes",
                    timeout.as_secs().div_ceil(60)
                ),
            })?
    }

    async fn next_code(&self, state: &str) -> Result<SecretString, AccountsError> {
        loop {
            let Ok((mut stream, _)) = self.listener.accept().await else {
                continue;
            };
            let target = tokio::time::timeout(READ_TIMEOUT, request_target(&mut stream)).await;
            let Ok(Some(target)) = target else {
                continue;
            };
            let callback = interpret(&target, state);
            // The browser's page is a courtesy: a failure to show it changes nothing.
            let _ = answer(&mut stream, &callback).await;
            match callback {
                Callback::Code(code) => return Ok(code),
                Callback::Denied(reason) => {
                    return Err(AccountsError::Authorization {
                        message: format!("HighLevel did not grant access ({reason})"),
                    })
                }
                Callback::WrongState | Callback::NoCode | Callback::Elsewhere => {}
            }
        }
    }
}

/// The request target of a `GET` (`/callback?code=…`), read from the head alone.
async fn request_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0_u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 || head.len() + read > MAX_HEAD {
            return None;
        }
        head.extend_from_slice(&chunk[..read]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next()?.split_whitespace();
    match (request_line.next()?, request_line.next()?) {
        ("GET", target) => Some(target.to_owned()),
        _ => None,
    }
}

fn interpret(target: &str, expected_state: &str) -> Callback {
    let Ok(url) = Url::parse(&format!("http://127.0.0.1{target}")) else {
        return Callback::Elsewhere;
    };
    if url.path() != CALLBACK_PATH {
        return Callback::Elsewhere;
    }
    let param = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    if param("state").as_deref() != Some(expected_state) {
        return Callback::WrongState;
    }
    if let Some(error) = param("error") {
        let description = param("error_description").unwrap_or_default();
        return Callback::Denied(format!("{error} {description}").trim().to_owned());
    }
    match param("code").filter(|code| !code.is_empty()) {
        Some(code) => Callback::Code(SecretString::from(code)),
        None => Callback::NoCode,
    }
}

async fn answer(stream: &mut TcpStream, callback: &Callback) -> std::io::Result<()> {
    let (status, title, text) = match callback {
        Callback::Code(_) => (
            "200 OK",
            "Contact Desk is connected",
            "You can close this tab and return to Contact Desk.",
        ),
        Callback::Denied(_) => (
            "200 OK",
            "Contact Desk was not connected",
            "HighLevel did not grant access. You can close this tab.",
        ),
        Callback::WrongState => (
            "400 Bad Request",
            "This sign-in is not the one Contact Desk is waiting for",
            "It may come from an older tab. Start the connection again from Contact Desk.",
        ),
        Callback::NoCode => (
            "400 Bad Request",
            "HighLevel sent no authorization code",
            "Start the connection again from Contact Desk.",
        ),
        Callback::Elsewhere => ("404 Not Found", "Not found", "Nothing is served here."),
    };
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>{title}</h1><p>{text}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn only_the_callback_with_the_right_state_yields_a_code() {
        let code = interpret("/callback?code=c1&state=s1", "s1");
        assert!(matches!(code, Callback::Code(c) if c.expose_secret() == "c1"));
        assert!(matches!(
            interpret("/callback?code=c1&state=other", "s1"),
            Callback::WrongState
        ));
        assert!(matches!(
            interpret("/callback?code=c1", "s1"),
            Callback::WrongState
        ));
        assert!(matches!(
            interpret("/callback?state=s1", "s1"),
            Callback::NoCode
        ));
        assert!(matches!(
            interpret("/favicon.ico", "s1"),
            Callback::Elsewhere
        ));
        assert!(matches!(
            interpret("/callback?error=access_denied&state=s1", "s1"),
            Callback::Denied(reason) if reason == "access_denied"
        ));
    }

    #[tokio::test]
    async fn a_wrong_state_is_refused_and_the_right_one_still_lands() {
        let listener = RedirectListener::bind(0).await.unwrap();
        let uri = listener.redirect_uri().to_owned();
        assert!(uri.starts_with("http://127.0.0.1:"), "{uri}");
        let browser = tokio::spawn(async move {
            let http = reqwest::Client::new();
            let stray = http.get(format!("{uri}?code=forged&state=guess")).send();
            let stray = stray.await.unwrap();
            let stray_status = stray.status().as_u16();
            let real = http.get(format!("{uri}?code=real-code&state=expected"));
            let real = real.send().await.unwrap();
            let real_status = real.status().as_u16();
            (stray_status, real_status, real.text().await.unwrap())
        });
        let code = listener
            .wait_for_code("expected", Duration::from_secs(20))
            .await
            .unwrap();
        assert_eq!(code.expose_secret(), "real-code");
        let (stray, real, page) = browser.await.unwrap();
        assert_eq!((stray, real), (400, 200));
        assert!(page.contains("You can close this tab"), "{page}");
    }

    #[tokio::test]
    async fn waiting_ends_with_a_clear_error() {
        let listener = RedirectListener::bind(0).await.unwrap();
        let error = listener
            .wait_for_code("s", Duration::from_millis(50))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, AccountsError::Authorization { message } if message.contains("no answer came back")),
            "{error}"
        );
    }
}
