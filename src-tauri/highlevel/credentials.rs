//! Where the bearer token comes from. The client asks for it per attempt, so a token
//! refreshed by one caller is used by all the others at once.

use std::future::Future;
use std::pin::Pin;

use secrecy::SecretString;

use super::Error;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait Credentials: Send + Sync {
    /// The token to send with the next request.
    fn bearer(&self) -> BoxFuture<'_, Result<SecretString, Error>>;

    /// Called once after HighLevel refused `refused` with a 401. Resolves to `true` when
    /// a different token is now available and the request is worth one more try.
    fn renew<'a>(&'a self, refused: &'a SecretString) -> BoxFuture<'a, Result<bool, Error>>;
}

/// A Private Integration Token: it never changes, so a 401 is final.
pub struct StaticToken(SecretString);

impl StaticToken {
    pub fn new(token: SecretString) -> Self {
        Self(token)
    }
}

impl Credentials for StaticToken {
    fn bearer(&self) -> BoxFuture<'_, Result<SecretString, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn renew<'a>(&'a self, _refused: &'a SecretString) -> BoxFuture<'a, Result<bool, Error>> {
        Box::pin(async { Ok(false) })
    }
}
