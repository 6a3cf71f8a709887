//! A HighLevel client for an in-process sandbox, as a profile for it would have.

use std::sync::Arc;

use contact_desk::highlevel::{Client, ClientConfig, RateBudget, StaticToken};
use contact_desk::sandbox::Sandbox;

/// A client for the sandbox's location with its token, `budget`, and the defaults that
/// `tune` leaves alone.
pub fn sandbox_client(
    sandbox: &Sandbox,
    budget: RateBudget,
    tune: impl FnOnce(&mut ClientConfig),
) -> Client {
    sandbox_client_with(sandbox, None, budget, tune)
}

/// [`sandbox_client`] with another of the sandbox's tokens (its read-only one, say).
#[allow(dead_code)]
pub fn sandbox_client_with(
    sandbox: &Sandbox,
    token: Option<String>,
    budget: RateBudget,
    tune: impl FnOnce(&mut ClientConfig),
) -> Client {
    let mut config = ClientConfig::new(&sandbox.base_url(), sandbox.location_id())
        .expect("the sandbox's URL parses");
    tune(&mut config);
    let token = token.unwrap_or_else(|| sandbox.token().to_owned());
    let token = Arc::new(StaticToken::new(token.into()));
    Client::with_parts(config, token, Arc::new(budget), None).expect("a client")
}
