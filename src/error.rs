//! The crate's one error type.

use std::time::Duration;

use reqwest::StatusCode;

/// The body SaaSus sends with an error status: `type`, `message` and
/// optional `data`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// SaaSus' error type, e.g. `invalid_parameter`.
    pub error_type: String,
    /// SaaSus' human-readable message.
    pub message: String,
    /// Extra data SaaSus attached, if any.
    pub data: Option<crate::Attributes>,
}

impl ApiError {
    /// Whether SaaSus' error `type` says the request was at fault, whatever
    /// the status: an unknown id (`not_found`, `*_not_found`), a value
    /// refused (`invalid`, `invalid_*`, `bad_request`) or a duplicate
    /// (`already_exists`, `*_already_exists`, `conflict`), or a refused
    /// signature or token (`unauthorized`, `forbidden`). SaaSus answers
    /// some of these with 500 where the spec documents no 4xx (an env that
    /// does not exist, in `CreateTenantUserRoles`); sending the same
    /// request again cannot succeed.
    ///
    /// ```
    /// # use saasus_auth::Error;
    /// # fn f(err: &Error) {
    /// if err.api_error().is_some_and(|e| e.is_client_fault()) {
    ///     // fix the request; do not retry it
    /// }
    /// # }
    /// ```
    pub fn is_client_fault(&self) -> bool {
        let t = self.error_type.as_str();
        matches!(
            t,
            "not_found"
                | "invalid"
                | "bad_request"
                | "already_exists"
                | "conflict"
                | "unauthorized"
                | "forbidden"
        ) || t.ends_with("_not_found")
            || t.starts_with("invalid_")
            || t.ends_with("_already_exists")
    }
}

/// Everything that can go wrong with a SaaSus call.
///
/// Messages name the operation (its OpenAPI operationId, exact case). None
/// of them, nor their `Debug` output or `source()` chain, contains the
/// secret key, the `Authorization` header, query-string values (which can
/// carry ID tokens), the value of any input the operation table marks
/// sensitive (even when the server echoes it back), or the answers of
/// operations that return secrets.
///
/// ```
/// use saasus_auth::Error;
///
/// fn describe(err: &Error) -> String {
///     if err.is_not_found() {
///         "no such user".to_string()
///     } else if let Some(api) = err.api_error() {
///         format!("SaaSus said {}: {}", api.error_type, api.message)
///     } else {
///         err.to_string()
///     }
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SaaSus answered with an error status and its error body (`type`,
    /// `message`), whether or not the spec lists that status for the
    /// operation.
    #[error("{operation}: SaaSus answered {} ({}): {}", .error.status, .error.error_type, .error.message)]
    Api {
        /// The operation.
        operation: &'static str,
        /// The status and error body.
        error: ApiError,
    },
    /// SaaSus answered with a status the API does not document for this
    /// operation, without a SaaSus error body (an HTML page from a proxy,
    /// say).
    #[error("{operation}: unexpected status {status}; the body starts {snippet:?}")]
    UnexpectedStatus {
        /// The operation.
        operation: &'static str,
        /// The status.
        status: StatusCode,
        /// The first bytes of the body (at most 512), lossily decoded.
        snippet: String,
    },
    /// The response body does not decode as the documented type.
    #[error("{operation}: the response{} does not decode: {source}; the body starts {snippet:?}", status_suffix(.status))]
    Decode {
        /// The operation.
        operation: &'static str,
        /// The status, when known.
        status: Option<StatusCode>,
        /// What serde found wrong.
        #[source]
        source: serde_json::Error,
        /// The first bytes of the body (at most 512), lossily decoded;
        /// withheld for operations that return credentials.
        snippet: String,
    },
    /// The request did not complete in time.
    #[error("{operation}: timed out{}", timeout_suffix(.after))]
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The timeout in force, when known.
        after: Option<Duration>,
    },
    /// The request could not be sent or the response not received
    /// (connection refused or reset, DNS, TLS, a body cut short). The
    /// message names the innermost cause; `source()` is the whole chain.
    /// When the server at the address speaks another protocol than the
    /// URL's scheme says ([`Error::scheme_mismatch`]), the message says which
    /// scheme to use.
    #[error("{operation}: transport error: {source}{}{}", cause_suffix(.source), scheme_suffix(.source))]
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error, with its URL removed.
        #[source]
        source: reqwest::Error,
    },
    /// SaaSus answered with a redirect (3xx), which the SaaSus API never
    /// does: a proxy or a misconfigured base URL. Redirects are not
    /// followed, so no request (and no body with a password or token in
    /// it) goes anywhere else. Only the target's host is kept, never its
    /// path or query.
    #[error("{operation}: the server answered a redirect ({status}){}; redirects are not followed", location_suffix(.location_host))]
    Redirect {
        /// The operation.
        operation: &'static str,
        /// The 3xx status.
        status: StatusCode,
        /// The host (and port, when not the default) of the `Location`
        /// header, when it has one.
        location_host: Option<String>,
    },
    /// The response body is larger than the configured maximum.
    #[error("{operation}: the response body exceeds the limit of {limit} bytes (status {status})")]
    ResponseTooLarge {
        /// The operation.
        operation: &'static str,
        /// The status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The configuration is incomplete or invalid (credentials, base URL,
    /// headers, timeouts, the HTTP client); nothing else.
    #[error("invalid SaaSus configuration: {}", .problems.join("; "))]
    InvalidConfiguration {
        /// Every problem found.
        problems: Vec<String>,
    },
    /// The request the caller built cannot be sent (an empty path
    /// parameter, an invalid per-call option, an argument of the wrong type
    /// for [`AuthClient::invoke`](crate::AuthClient::invoke), a body that
    /// does not serialize).
    #[error("{operation}: invalid request: {message}")]
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
}

fn status_suffix(status: &Option<StatusCode>) -> String {
    status.map(|s| format!(" ({s})")).unwrap_or_default()
}

fn location_suffix(host: &Option<String>) -> String {
    host.as_ref()
        .map(|h| format!(" to {h}"))
        .unwrap_or_default()
}

fn timeout_suffix(after: &Option<Duration>) -> String {
    after.map(|d| format!(" after {d:?}")).unwrap_or_default()
}

impl Error {
    /// The HTTP status, when the error came with a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { error, .. } => Some(error.status),
            Error::UnexpectedStatus { status, .. }
            | Error::ResponseTooLarge { status, .. }
            | Error::Redirect { status, .. } => Some(*status),
            Error::Decode { status, .. } => *status,
            _ => None,
        }
    }

    /// The SaaSus error body, for documented error statuses.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The operation that failed (its operationId), if any.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Transport { operation, .. }
            | Error::ResponseTooLarge { operation, .. }
            | Error::Redirect { operation, .. }
            | Error::InvalidRequest { operation, .. } => Some(operation),
            Error::InvalidConfiguration { .. } => None,
        }
    }

    /// Whether the status is 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the status is 401 Unauthorized (a bad signature or
    /// credentials, or an invalid token).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// Whether `GetAuthCredentials` refused the code or refresh token it
    /// was given: a temporary code that is unknown, already used or
    /// expired ([`AuthClient::exchange_code`](crate::AuthClient::exchange_code)),
    /// or a refresh token that is unknown or expired
    /// ([`AuthClient::refresh`](crate::AuthClient::refresh)). SaaSus answers
    /// 404 with its error body for these. Also whether
    /// `ExchangeAuthCredentials` refused a PKCE-bound code: unknown, used or
    /// expired (404), or with the wrong verifier (401,
    /// [`Error::is_verifier_mismatch`]). Send the user back to sign in;
    /// sending the same code again cannot succeed.
    ///
    /// Distinct from [`Error::is_unauthorized`] (a rejected ID token or
    /// signature) and from transport failures.
    ///
    /// ```
    /// # async fn callback(client: saasus_auth::AuthClient, code: &str) {
    /// match client.exchange_code(code).await {
    ///     Ok(credentials) => { /* set the session cookie */ }
    ///     Err(e) if e.is_invalid_grant() => { /* redirect to the login page */ }
    ///     Err(e) => { /* 502: SaaSus failed or could not be reached */ }
    /// }
    /// # }
    /// ```
    pub fn is_invalid_grant(&self) -> bool {
        match self {
            Error::Api {
                operation: "GetAuthCredentials",
                error,
            } => error.status == StatusCode::NOT_FOUND,
            Error::Api {
                operation: "ExchangeAuthCredentials",
                error,
            } => matches!(error.status.as_u16(), 401 | 404),
            _ => false,
        }
    }

    /// Whether `ExchangeAuthCredentials` refused the PKCE code verifier:
    /// it is not the one whose challenge the code was minted with (SaaSus
    /// answers 401). Typically a code that this browser's login did not
    /// start, the login-CSRF case
    /// ([`AuthClient::exchange_code_with_verifier`](crate::AuthClient::exchange_code_with_verifier)).
    /// [`Error::is_invalid_grant`] is true for it too.
    ///
    /// ```no_run
    /// # async fn callback(client: saasus_auth::AuthClient, code: &str, verifier: saasus_auth::session::PkceVerifier) {
    /// match client.exchange_code_with_verifier(code, &verifier).await {
    ///     Ok(_credentials) => { /* signed in */ }
    ///     Err(e) if e.is_verifier_mismatch() => { /* 400: not this browser's login */ }
    ///     Err(e) if e.is_invalid_grant() => { /* 400: sign in again */ }
    ///     Err(_) => { /* 502 */ }
    /// }
    /// # }
    /// ```
    pub fn is_verifier_mismatch(&self) -> bool {
        matches!(
            self,
            Error::Api { operation: "ExchangeAuthCredentials", error } if error.status == StatusCode::UNAUTHORIZED
        )
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// For a transport error, whether the server at the API root's address
    /// speaks another protocol than its scheme says: an `https://` URL for
    /// a plain-HTTP server (a local emulator), or an `http://` URL for a
    /// port that does not answer in HTTP (a TLS port).
    pub fn scheme_mismatch(&self) -> Option<SchemeMismatch> {
        match self {
            Error::Transport { source, .. } => scheme_mismatch(source),
            _ => None,
        }
    }
}

/// What [`Error::scheme_mismatch`] recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SchemeMismatch {
    /// The URL says `https://` and the server answered in plain HTTP, not
    /// TLS: the API root should start with `http://`.
    PlainHttpServer,
    /// The URL says `http://` and the answer was not HTTP, as when a TLS
    /// port receives a plain-HTTP request: the API root should start with
    /// `https://`.
    TlsServer,
}

/// Every error of `error`'s chain, the errors an `io::Error` wraps
/// included (its `source()` skips them).
fn chain<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    let mut next = Some(error);
    std::iter::from_fn(move || {
        let current = next?;
        next = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static))
                .or_else(|| current.source()),
            None => current.source(),
        };
        Some(current)
    })
}

/// What [`Error::scheme_mismatch`] answers for the transport error `error`.
pub(crate) fn scheme_mismatch(error: &reqwest::Error) -> Option<SchemeMismatch> {
    chain(error).find_map(|e| {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            // The first bytes of an HTTP answer (`HTTP/1.1 ...`) read as a
            // TLS record of no known content type.
            return matches!(
                tls,
                rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType)
            )
            .then_some(SchemeMismatch::PlainHttpServer);
        }
        e.downcast_ref::<hyper::Error>()
            .filter(|h| h.is_parse())
            .map(|_| SchemeMismatch::TlsServer)
    })
}

fn scheme_suffix(error: &reqwest::Error) -> &'static str {
    match scheme_mismatch(error) {
        Some(SchemeMismatch::PlainHttpServer) => {
            "; the server answers in plain HTTP, not TLS: the API root should start with http://"
        }
        Some(SchemeMismatch::TlsServer) => {
            "; the server did not answer in HTTP, as a TLS port does: the API root should start with https://"
        }
        None => "",
    }
}

/// At most 512 bytes of `text` (already redacted by the transport).
pub(crate) fn snippet(text: &str) -> String {
    const MAX: usize = 512;
    let mut text = text.to_string();
    if text.len() > MAX {
        let cut = (0..=MAX)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// The innermost error of a chain: what actually failed (`Connection
/// refused`, a DNS or TLS failure), for messages.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut current = error.source()?;
    while let Some(next) = current.source() {
        current = next;
    }
    Some(current.to_string())
}

fn cause_suffix(error: &reqwest::Error) -> String {
    root_cause(error)
        .map(|c| format!(" ({c})"))
        .unwrap_or_default()
}
