//! [`AuthFailure`]: why a request could not be authenticated, and the
//! status a server should answer with.

use std::sync::Arc;

use http::StatusCode;

use crate::error::Error;

use super::token::TokenError;

/// Why an incoming request could not be authenticated, sorted by what the
/// server should answer: 401 when the request's token is missing,
/// malformed or rejected; 503 when SaaSus could not be reached; 502 when
/// SaaSus answered something else than a user or a rejection; 500 when
/// the client itself is misconfigured, or SaaSus refuses the
/// application's own credentials.
///
/// Its messages, `Debug` and `source()` chain never contain the token
/// (the crate's [`Error`] redacts it). Cheap to clone (the error is
/// shared), so one failure can answer every request waiting on the same
/// `GetUserInfo`.
///
/// ```
/// use saasus_auth::http::StatusCode;
/// use saasus_auth::session::{AuthFailure, TokenError};
///
/// let failure = AuthFailure::from(TokenError::Missing);
/// assert_eq!(failure.status_code(), StatusCode::UNAUTHORIZED);
/// assert_eq!(failure.code(), "missing_token");
/// assert!(failure.is_unauthenticated());
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum AuthFailure {
    /// The request carries no token, or a malformed `Authorization`
    /// header: 401.
    #[error(transparent)]
    NoToken(TokenError),
    /// SaaSus rejected the token (invalid, expired, or of a user since
    /// deleted): `GetUserInfo` answered 401. Answer 401.
    #[error("SaaSus rejected the ID token (invalid or expired)")]
    InvalidToken(#[source] Arc<Error>),
    /// SaaSus could not be reached in time (connection failure, timeout):
    /// 503.
    #[error("SaaSus could not be reached: {0}")]
    Unreachable(#[source] Arc<Error>),
    /// SaaSus answered, but neither with a user nor with a rejection of
    /// the token (a 5xx, 429, an undecodable body...): 502.
    #[error("SaaSus failed to authenticate the request: {0}")]
    Upstream(#[source] Arc<Error>),
    /// The client cannot send the call (invalid configuration or per-call
    /// options): 500.
    #[error("the SaaSus client cannot authenticate requests: {0}")]
    Misconfigured(#[source] Arc<Error>),
    /// SaaSus refused the application's own credentials, not the user's
    /// token: `GetUserInfo` answered 401 or 403 and so did a signed call
    /// that needs no token (`GetAuthInfo`). `SAASUS_SAAS_ID`,
    /// `SAASUS_API_KEY` or `SAASUS_SECRET_KEY` is wrong or was rotated, or
    /// the signature is off (the clock, a proxy rewriting the URL): 500.
    /// Only [`Authenticator`](super::Authenticator) tells this from
    /// [`AuthFailure::InvalidToken`]. Holds the `GetUserInfo` error.
    #[error(
        "SaaSus refused this application's credentials or their SAASUSSIGV1 signature: \
         check SAASUS_SAAS_ID, SAASUS_API_KEY, SAASUS_SECRET_KEY and the clock ({0})"
    )]
    CredentialsRejected(#[source] Arc<Error>),
}

impl AuthFailure {
    /// The status to answer the incoming request with: 401, 503, 502 or
    /// 500 (see the variants).
    pub fn status_code(&self) -> StatusCode {
        match self {
            AuthFailure::NoToken(_) | AuthFailure::InvalidToken(_) => StatusCode::UNAUTHORIZED,
            AuthFailure::Unreachable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AuthFailure::Upstream(_) => StatusCode::BAD_GATEWAY,
            AuthFailure::Misconfigured(_) | AuthFailure::CredentialsRejected(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// A short machine-readable code for response bodies:
    /// `missing_token`, `malformed_authorization`, `duplicate_cookie`,
    /// `invalid_token`, `saasus_unreachable`, `saasus_error` or `misconfigured` (also for
    /// [`AuthFailure::CredentialsRejected`]).
    pub fn code(&self) -> &'static str {
        match self {
            AuthFailure::NoToken(e) => e.code(),
            AuthFailure::InvalidToken(_) => "invalid_token",
            AuthFailure::Unreachable(_) => "saasus_unreachable",
            AuthFailure::Upstream(_) => "saasus_error",
            AuthFailure::Misconfigured(_) | AuthFailure::CredentialsRejected(_) => "misconfigured",
        }
    }

    /// Whether the request itself is at fault (answer 401 and send the
    /// user to sign in), rather than SaaSus or the server.
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, AuthFailure::NoToken(_) | AuthFailure::InvalidToken(_))
    }

    /// The error of the `GetUserInfo` call, if one was made.
    pub fn error(&self) -> Option<&Error> {
        match self {
            AuthFailure::NoToken(_) => None,
            AuthFailure::InvalidToken(e)
            | AuthFailure::Unreachable(e)
            | AuthFailure::Upstream(e)
            | AuthFailure::Misconfigured(e)
            | AuthFailure::CredentialsRejected(e) => Some(e),
        }
    }

    /// Whether SaaSus may have refused the application's credentials
    /// rather than the token: `GetUserInfo` answered 401 or 403.
    pub(crate) fn may_be_credentials(&self) -> bool {
        self.error().is_some_and(|e| {
            matches!(
                e.status(),
                Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
            )
        })
    }

    /// The same failure, put down to the application's credentials.
    pub(crate) fn into_credentials_rejected(self) -> Self {
        match self {
            AuthFailure::InvalidToken(e)
            | AuthFailure::Unreachable(e)
            | AuthFailure::Upstream(e)
            | AuthFailure::Misconfigured(e)
            | AuthFailure::CredentialsRejected(e) => AuthFailure::CredentialsRejected(e),
            other @ AuthFailure::NoToken(_) => other,
        }
    }
}

impl From<TokenError> for AuthFailure {
    fn from(value: TokenError) -> Self {
        AuthFailure::NoToken(value)
    }
}

impl From<Error> for AuthFailure {
    /// Sorts the error of a `GetUserInfo` call: 401 is a rejected token,
    /// timeouts and transport failures are SaaSus out of reach, invalid
    /// configuration or options are the server's, anything else is SaaSus
    /// failing.
    fn from(error: Error) -> Self {
        let error = Arc::new(error);
        if error.is_unauthorized() {
            AuthFailure::InvalidToken(error)
        } else {
            match &*error {
                Error::Timeout { .. } | Error::Transport { .. } => AuthFailure::Unreachable(error),
                Error::InvalidConfiguration { .. } | Error::InvalidRequest { .. } => {
                    AuthFailure::Misconfigured(error)
                }
                _ => AuthFailure::Upstream(error),
            }
        }
    }
}
