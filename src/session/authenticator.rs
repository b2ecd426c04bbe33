//! [`Authenticator`]: authenticates incoming requests, with an optional
//! cache; what any server's middleware is built on.

use std::sync::Arc;
use std::time::Duration;

use http::HeaderMap;

use crate::client::AuthClient;
use crate::raw::types;

use super::cache::UserInfoCache;
use super::context::RequestContext;
use super::credential_check::{CredentialCheck, Verdict};
use super::failure::AuthFailure;
use super::token::TokenExtractor;

/// Authenticates incoming requests by their headers: finds the token
/// ([`TokenExtractor`]), calls `GetUserInfo` with the request's
/// propagated headers ([`AuthClient::authenticate_request`]) and, when
/// enabled, caches the answer.
///
/// The cache is off by default. [`Authenticator::with_cache`] turns on a
/// bounded in-memory cache of token → `UserInfo`: a burst of requests with
/// one token costs one `GetUserInfo`, concurrent misses included (they
/// wait for the one lookup in flight). Failures are never cached. The
/// cache keys on the token's SHA-256, never holds the token, and keeps an
/// answer for at most its time-to-live: a token revoked or expired in the
/// meantime is still accepted until then, so keep it short (seconds).
///
/// When `GetUserInfo` answers 401 or 403, the authenticator checks that
/// SaaSus still accepts the application's own credentials with one signed
/// call that needs no token (`GetAuthInfo`), cached (accepted: 30 s,
/// refused: 5 s) and shared by concurrent requests. Refused, the failure
/// is [`AuthFailure::CredentialsRejected`] (500), not
/// [`AuthFailure::InvalidToken`] (401): a wrong or rotated
/// `SAASUS_SECRET_KEY` does not send every user back to the login page. A
/// successful `GetUserInfo` costs no extra call.
///
/// Cheap to clone; clones share the cache and the credential check.
///
/// ```no_run
/// use std::time::Duration;
/// use saasus_auth::http::HeaderMap;
/// use saasus_auth::session::Authenticator;
/// use saasus_auth::AuthClient;
///
/// # async fn run(headers: HeaderMap) -> Result<(), saasus_auth::Error> {
/// let authenticator = Authenticator::new(AuthClient::from_env()?)
///     .with_cache(10_000, Duration::from_secs(10));
/// match authenticator.authenticate(&headers).await {
///     Ok(user) => println!("{}", user.email),
///     Err(failure) => println!("answer {} ({})", failure.status_code(), failure.code()),
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Authenticator {
    client: AuthClient,
    extractor: TokenExtractor,
    cache: Option<Arc<UserInfoCache>>,
    credential_check: Arc<CredentialCheck>,
}

impl Authenticator {
    /// Authenticates with `client`, tokens found by
    /// [`TokenExtractor::default`], no cache.
    pub fn new(client: AuthClient) -> Self {
        Self {
            client,
            extractor: TokenExtractor::default(),
            cache: None,
            credential_check: Arc::default(),
        }
    }

    /// Finds tokens with `extractor` (other cookie names, say).
    pub fn with_token_extractor(mut self, extractor: TokenExtractor) -> Self {
        self.extractor = extractor;
        self
    }

    /// Caches up to `capacity` tokens' users for `ttl` each (see the type's
    /// documentation). A zero capacity or time-to-live turns the cache off.
    pub fn with_cache(mut self, capacity: usize, ttl: Duration) -> Self {
        self.cache =
            (capacity > 0 && !ttl.is_zero()).then(|| Arc::new(UserInfoCache::new(capacity, ttl)));
        self
    }

    /// The client `GetUserInfo` is called with.
    pub fn client(&self) -> &AuthClient {
        &self.client
    }

    /// How tokens are found.
    pub fn token_extractor(&self) -> &TokenExtractor {
        &self.extractor
    }

    /// Whether answers are cached.
    pub fn is_caching(&self) -> bool {
        self.cache.is_some()
    }

    /// The context of a request with these headers, as this authenticator
    /// reads it.
    pub fn context(&self, headers: &HeaderMap) -> RequestContext {
        RequestContext::from_headers_with(headers, &self.extractor)
    }

    /// The user of the request with these headers, or why there is none.
    pub async fn authenticate(
        &self,
        headers: &HeaderMap,
    ) -> Result<Arc<types::UserInfo>, AuthFailure> {
        self.authenticate_context(&self.context(headers)).await
    }

    /// The user of the request `context` describes, or why there is none.
    pub async fn authenticate_context(
        &self,
        context: &RequestContext,
    ) -> Result<Arc<types::UserInfo>, AuthFailure> {
        let lookup = || async {
            match self.client.authenticate_request(context).await {
                Ok(user) => Ok(Arc::new(user)),
                Err(failure) if failure.may_be_credentials() => {
                    match self.credential_check.verdict(&self.client).await {
                        Some(Verdict::Refused) => Err(failure.into_credentials_rejected()),
                        Some(Verdict::Accepted) | None => Err(failure),
                    }
                }
                Err(failure) => Err(failure),
            }
        };
        match &self.cache {
            None => lookup().await,
            Some(cache) => {
                let token = context.token()?;
                cache.get_or_fetch(token.expose(), lookup).await
            }
        }
    }
}
