//! A browser sign-in that spans two calls: the first opens the chooser and returns its
//! address; the second waits for the loopback redirect, or takes what the user pasted
//! (for an app registered with any other redirect). For agencies and locations alike.

use std::future::Future;

use tokio::sync::{oneshot, Mutex};
use tokio::task::JoinHandle;
use url::Url;

use crate::accounts::{AccountsError, BrowserStep, Redirect};
use crate::error::AppError;

/// How the browser's answer comes back to a sign-in.
pub enum AnswerBy {
    Loopback(BrowserStep),
    /// The user pastes where the browser landed on this registered redirect URI.
    Pasting {
        redirect_uri: String,
    },
}

/// A sign-in under way: its task, and where a pasted redirect goes (none when the
/// loopback listener waits for it).
pub struct Pending<T> {
    pasted: Option<oneshot::Sender<String>>,
    task: JoinHandle<Result<T, AppError>>,
}

/// At most one sign-in of a kind at a time; a new one replaces (stops) the one left.
pub type Slot<T> = Mutex<Option<Pending<T>>>;

/// The browser step to run, and where its pasted answer is sent.
fn redirect_for(answer: AnswerBy) -> (Option<oneshot::Sender<String>>, Redirect) {
    match answer {
        AnswerBy::Loopback(step) => (None, Redirect::Loopback(step)),
        AnswerBy::Pasting { redirect_uri } => {
            let (send, receive) = oneshot::channel();
            let pasted = Box::pin(async move {
                receive.await.map_err(|_| AccountsError::Authorization {
                    message: "the sign-in was cancelled".to_owned(),
                })
            });
            (
                Some(send),
                Redirect::Pasted {
                    redirect_uri,
                    pasted,
                },
            )
        }
    }
}

/// Starts `run` (given the redirect and an `open` that also reports the chooser's address)
/// and returns that address once the chooser has opened.
pub async fn start<T, F>(
    slot: &Slot<T>,
    answer: AnswerBy,
    open: impl FnOnce(&Url) + Send + 'static,
    run: impl FnOnce(Redirect, Box<dyn FnOnce(&Url) + Send>) -> F,
) -> Result<String, AppError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, AppError>> + Send + 'static,
{
    cancel(slot).await;
    let (pasted, redirect) = redirect_for(answer);
    let (chooser_sent, chooser) = oneshot::channel();
    // The browser is launched off the runtime: a launcher that waits must not stall it.
    let opened = Box::new(move |url: &Url| {
        let _ = chooser_sent.send(url.to_string());
        let url = url.clone();
        tokio::task::spawn_blocking(move || open(&url));
    });
    let task = tokio::spawn(run(redirect, opened));
    match chooser.await {
        Ok(url) => {
            *slot.lock().await = Some(Pending { pasted, task });
            Ok(url)
        }
        // It ended before the chooser opened: the settings were refused.
        Err(_) => Err(joined(task.await)
            .err()
            .unwrap_or_else(|| AppError::Validation {
                messages: vec!["the sign-in ended before the browser opened".to_owned()],
            })),
    }
}

/// Hands over what the user pasted (when the sign-in waits for it) and waits for the end.
pub async fn finish<T>(slot: &Slot<T>, pasted: Option<String>) -> Result<T, AppError> {
    let pending = slot
        .lock()
        .await
        .take()
        .ok_or_else(|| AppError::Validation {
            messages: vec!["no sign-in is under way: start again".to_owned()],
        })?;
    if let (Some(send), Some(pasted)) = (pending.pasted, pasted) {
        let _ = send.send(pasted);
    }
    joined(pending.task.await)
}

/// Stops a sign-in under way (its dialog closed), freeing the loopback port.
pub async fn cancel<T>(slot: &Slot<T>) {
    if let Some(pending) = slot.lock().await.take() {
        pending.task.abort();
    }
}

fn joined<T>(finished: Result<Result<T, AppError>, tokio::task::JoinError>) -> Result<T, AppError> {
    finished.map_err(|error| AppError::Io {
        message: format!("the sign-in stopped: {error}"),
    })?
}
