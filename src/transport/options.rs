//! [`RequestOptions`]: per-call settings.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

/// Per-call settings, the counterpart of the official SDKs' request
/// options. Apply them with `with_options` on [`AuthClient`](crate::AuthClient)
/// or any facade.
///
/// A setting that cannot be honoured (an invalid header, a zero timeout,
/// zero attempts) is not clamped: every call made with these options fails
/// with [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming it,
/// before anything is sent.
///
/// ```
/// use std::time::Duration;
/// use saasus_auth::RequestOptions;
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .trace_id("4bf92f3577b34da6")
///     .referer("https://app.example.com/settings");
/// assert!(options.problem().is_none());
/// assert!(RequestOptions::new().max_attempts(0).problem().is_some());
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    pub(crate) headers: HeaderMap,
    pub(crate) problem: Option<String>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<bool>,
    pub(crate) max_attempts: Option<u32>,
}

impl RequestOptions {
    /// No overrides: the configuration's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `name: value` on this call, replacing any configured value.
    /// An invalid name or value, or `Authorization` (the signature's
    /// header), makes the call fail with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) if n != AUTHORIZATION => {
                self.headers.insert(n, v);
            }
            _ => {
                self.problem = Some(format!(
                    "the header {name:?} has an invalid name or value, or may not be set"
                ))
            }
        }
        self
    }

    /// Sends `Referer: value` on this call.
    pub fn referer(self, value: &str) -> Self {
        self.header("referer", value)
    }

    /// Sends `X-SaaSus-Referer: value` on this call.
    pub fn x_saasus_referer(self, value: &str) -> Self {
        self.header("x-saasus-referer", value)
    }

    /// Sends `X-SaaSus-Trace-Id: value` on this call.
    pub fn trace_id(self, value: &str) -> Self {
        self.header("x-saasus-trace-id", value)
    }

    /// The whole-request timeout of each attempt of this call. Zero is
    /// refused (the call fails with `InvalidRequest`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        if timeout.is_zero() {
            self.problem = Some("the per-call timeout is zero".to_string());
        }
        self.timeout = Some(timeout);
        self
    }

    /// Retry this call on connection errors, 429, 502, 503 and 504 even if
    /// its operation is not idempotent (`true`), or never retry it
    /// (`false`). Only opt in when sending the request twice cannot do harm.
    pub fn retry(mut self, retry: bool) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Attempts for this call, overriding the configuration; 1 disables
    /// retries. Zero is refused (the call fails with `InvalidRequest`).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        if attempts == 0 {
            self.problem = Some("max_attempts is 0 (1 disables retries)".to_string());
        }
        self.max_attempts = Some(attempts);
        self
    }

    /// Why calls with these options will be refused, if they will.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }
}
