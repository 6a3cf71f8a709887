//! The loopback redirect listener: a tiny axum server on 127.0.0.1 that receives the one
//! redirect HighLevel sends back to the browser (`/callback?code=…&state=…`).
//!
//! It answers every request with a small page and keeps serving through stray requests
//! (favicons, stale tabs, a wrong `state`) until the real answer arrives or the caller's
//! timeout ends the wait.

use std::future::{Future, IntoFuture};
use std::net::Ipv4Addr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use secrecy::SecretString;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::accounts::error::AccountsError;
use crate::highlevel::{Redactor, ServerText};

const CALLBACK_PATH: &str = "/callback";
/// How long the browser gets to receive its page once the answer is in; a connection
/// that sends nothing useful is not waited on longer.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

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
    Denied(ServerText),
    WrongState,
    NoCode,
    Elsewhere,
}

/// What the callback handler needs: the `state` to expect and where to send the answer.
struct Waiting {
    state: String,
    answers: mpsc::UnboundedSender<Callback>,
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
    /// the user declined; gives up after `timeout`. The listener closes when it returns.
    pub async fn wait_for_code(
        self,
        state: &str,
        timeout: Duration,
    ) -> Result<SecretString, AccountsError> {
        let (answers, mut answered) = mpsc::unbounded_channel();
        let waiting = Arc::new(Waiting {
            state: state.to_owned(),
            answers,
        });
        let router = Router::new()
            .route(CALLBACK_PATH, get(callback))
            .fallback(|| async { page(&Callback::Elsewhere) })
            .with_state(waiting);
        let stop = CancellationToken::new();
        let server = axum::serve(self.listener, router)
            .with_graceful_shutdown(stop.clone().cancelled_owned())
            .into_future();
        let waiting = async {
            let answer = tokio::time::timeout(timeout, answered.recv()).await;
            stop.cancel();
            answer
        };
        let (answer, ()) = tokio::join!(waiting, serve_until(server, &stop));
        match answer {
            Ok(Some(Callback::Code(code))) => Ok(code),
            Ok(Some(Callback::Denied(reason))) => Err(AccountsError::Authorization {
                message: format!("HighLevel did not grant access ({reason})"),
            }),
            Ok(_) => Err(AccountsError::Authorization {
                message: "the redirect listener stopped before the browser answered".to_owned(),
            }),
            Err(_) => Err(AccountsError::Authorization {
                message: format!(
                    "no answer came back from the browser within {} minutes",
                    timeout.as_secs().div_ceil(60)
                ),
            }),
        }
    }
}

/// Serves until `stop`, then gives open connections [`CLOSE_TIMEOUT`] to receive their
/// page. Dropped early (the caller gave up), it closes the port at once.
async fn serve_until(server: impl Future<Output = std::io::Result<()>>, stop: &CancellationToken) {
    let mut server = pin!(server);
    tokio::select! {
        _ = &mut server => return,
        () = stop.cancelled() => {}
    }
    // The browser's page is a courtesy: a failure to deliver it changes nothing.
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, server).await;
}

/// `GET /callback`: hands a code or a refusal to the waiter; answers the browser either way.
async fn callback(State(waiting): State<Arc<Waiting>>, RawQuery(query): RawQuery) -> Response {
    let callback = interpret(query.as_deref().unwrap_or_default(), &waiting.state);
    let response = page(&callback);
    if matches!(callback, Callback::Code(_) | Callback::Denied(_)) {
        // The waiter may have timed out already; the page is all that is left to do.
        let _ = waiting.answers.send(callback);
    }
    response
}

fn interpret(query: &str, expected_state: &str) -> Callback {
    let param = |name: &str| {
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    if param("state").as_deref() != Some(expected_state) {
        return Callback::WrongState;
    }
    if let Some(error) = param("error") {
        let description = param("error_description").unwrap_or_default();
        // HighLevel's words reach the CLI and the UI: cleaned and capped like any server text.
        let reason = format!("{error} {description}");
        return Callback::Denied(Redactor::new([]).text(reason.trim()));
    }
    match param("code").filter(|code| !code.is_empty()) {
        Some(code) => Callback::Code(SecretString::from(code)),
        None => Callback::NoCode,
    }
}

fn page(callback: &Callback) -> Response {
    let (status, title, text) = match callback {
        Callback::Code(_) => (
            StatusCode::OK,
            "Contact Desk is connected",
            "You can close this tab and return to Contact Desk.",
        ),
        Callback::Denied(_) => (
            StatusCode::OK,
            "Contact Desk was not connected",
            "HighLevel did not grant access. You can close this tab.",
        ),
        Callback::WrongState => (
            StatusCode::BAD_REQUEST,
            "This sign-in is not the one Contact Desk is waiting for",
            "It may come from an older tab. Start the connection again from Contact Desk.",
        ),
        Callback::NoCode => (
            StatusCode::BAD_REQUEST,
            "HighLevel sent no authorization code",
            "Start the connection again from Contact Desk.",
        ),
        Callback::Elsewhere => (
            StatusCode::NOT_FOUND,
            "Not found",
            "Nothing is served here.",
        ),
    };
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>{title}</h1><p>{text}</p></body></html>"
    );
    let headers = [
        (header::CACHE_CONTROL, "no-store"),
        (header::CONNECTION, "close"),
    ];
    (status, headers, Html(body)).into_response()
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn only_the_callback_with_the_right_state_yields_a_code() {
        let code = interpret("code=c1&state=s1", "s1");
        assert!(matches!(code, Callback::Code(c) if c.expose_secret() == "c1"));
        assert!(matches!(
            interpret("code=c1&state=other", "s1"),
            Callback::WrongState
        ));
        assert!(matches!(interpret("code=c1", "s1"), Callback::WrongState));
        assert!(matches!(interpret("state=s1", "s1"), Callback::NoCode));
        assert!(matches!(
            interpret("error=access_denied&state=s1", "s1"),
            Callback::Denied(reason) if reason.as_str() == "access_denied"
        ));
    }

    #[tokio::test]
    async fn a_wrong_state_is_refused_and_the_right_one_still_lands() {
        let listener = RedirectListener::bind(0).await.unwrap();
        let uri = listener.redirect_uri().to_owned();
        assert!(uri.starts_with("http://127.0.0.1:"), "{uri}");
        let browser = tokio::spawn(async move {
            let http = reqwest::Client::new();
            let favicon = uri.replace("/callback", "/favicon.ico");
            let favicon = http.get(favicon).send().await.unwrap();
            assert_eq!(favicon.status().as_u16(), 404);
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

    #[tokio::test]
    async fn the_port_is_free_again_once_waiting_ends() {
        let listener = RedirectListener::bind(0).await.unwrap();
        let port = url::Url::parse(listener.redirect_uri())
            .unwrap()
            .port()
            .unwrap();
        let gave_up = tokio::time::timeout(
            Duration::from_millis(50),
            listener.wait_for_code("s", Duration::from_secs(60)),
        );
        assert!(gave_up.await.is_err(), "the caller gave up first");
        assert!(RedirectListener::bind(port).await.is_ok());
    }
}
