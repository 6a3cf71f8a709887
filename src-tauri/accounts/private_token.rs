//! [`PrivateTokenCredentials`]: a Private Integration Token that can be switched in place,
//! so clients made before a rotation use the new token from their next request on.

use std::sync::{Mutex, MutexGuard};

use secrecy::{ExposeSecret, SecretString};

use crate::highlevel::{BoxFuture, Credentials, Error};
use crate::locks::lock;

pub struct PrivateTokenCredentials {
    token: Mutex<SecretString>,
}

impl PrivateTokenCredentials {
    pub(crate) fn new(token: SecretString) -> Self {
        Self {
            token: Mutex::new(token),
        }
    }

    /// Every later request carries `token`.
    pub(crate) fn switch(&self, token: SecretString) {
        *lock(&self.token) = token;
    }

    fn current(&self) -> MutexGuard<'_, SecretString> {
        lock(&self.token)
    }
}

impl Credentials for PrivateTokenCredentials {
    fn bearer(&self) -> BoxFuture<'_, Result<SecretString, Error>> {
        let token = self.current().clone();
        Box::pin(async move { Ok(token) })
    }

    /// A refused token is final, unless it was rotated away while the request was out.
    fn renew<'a>(&'a self, refused: &'a SecretString) -> BoxFuture<'a, Result<bool, Error>> {
        let rotated = self.current().expose_secret() != refused.expose_secret();
        Box::pin(async move { Ok(rotated) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refused_token_is_final_unless_it_was_rotated_away() {
        let credentials = PrivateTokenCredentials::new(SecretString::from("old"));
        let sent = credentials.bearer().await.unwrap();
        assert!(!credentials.renew(&sent).await.unwrap());
        credentials.switch(SecretString::from("new"));
        assert!(credentials.renew(&sent).await.unwrap());
        let next = credentials.bearer().await.unwrap();
        assert_eq!(next.expose_secret(), "new");
    }
}
