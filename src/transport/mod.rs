//! What every request goes through, whichever layer sends it. Wired into
//! the generated client through progenitor's `ClientHooks` (module `hooks`):
//!
//! - `options`: [`RequestOptions`], per-call settings;
//! - `call`: one call's scope, and its result turned into the crate's types;
//! - `hooks`: headers, SAASUSSIGV1 per attempt, timeouts, retries, tracing;
//! - `retry`: which outcomes are retried and after how long;
//! - `body`: the response size limit and captured error bodies;
//! - `redact`: the values that never come back in any text.
//!
//! Per-operation behaviour comes from the operation table
//! ([`Operation`](crate::Operation)), keyed by the operation the generated
//! client names to its hooks.

mod body;
mod call;
mod hooks;
mod http;
mod options;
mod redact;
mod retry;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, REFERER, USER_AGENT};

pub(crate) use body::from_response;
pub(crate) use call::{run_once, start, Call, Next};
pub use http::http_client_builder;
pub use options::RequestOptions;

use crate::config::Configuration;
pub use crate::config::{X_SAASUS_REFERER, X_SAASUS_TRACE_ID};
use crate::error::Error;
use crate::raw;
use crate::signing::Signer;

/// The state the generated client carries: signer, headers, limits.
///
/// Opaque; build a client with [`raw::Client::from_configuration`].
#[derive(Clone, Debug)]
pub struct Inner {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    signer: Signer,
    /// Sent on every request unless a call overrides them.
    headers: HeaderMap,
    timeout: Duration,
    max_attempts: u32,
    max_response_bytes: usize,
    /// Whether the HTTP client was handed in by the caller: its redirect
    /// policy is theirs, so a body with secrets is sent in a form reqwest
    /// cannot send again on a 307 or 308.
    foreign_client: bool,
}

impl Inner {
    fn new(config: &Configuration, foreign_client: bool) -> Result<Self, Error> {
        config.validate()?;
        let signer = Signer::new(&config.saas_id, &config.api_key, &config.secret_key)
            .with_clock(config.clock.clone());
        let mut headers = HeaderMap::new();
        let mut put = |name: HeaderName, value: Option<&str>| {
            // Validated above.
            if let Some(v) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
                headers.insert(name, v);
            }
        };
        put(USER_AGENT, Some(&config.user_agent));
        put(REFERER, config.referer.as_deref());
        put(X_SAASUS_REFERER, config.x_saasus_referer.as_deref());
        put(X_SAASUS_TRACE_ID, config.trace_id.as_deref());
        Ok(Self {
            shared: Arc::new(Shared {
                signer,
                headers,
                timeout: config.timeout,
                max_attempts: config.max_attempts,
                max_response_bytes: config.max_response_bytes,
                foreign_client,
            }),
        })
    }
}

impl raw::Client {
    /// A low-level client for the whole Auth API, signing every request with
    /// `config`'s credentials.
    ///
    /// `base_path` defaults to `config.auth_base_path()`
    /// (`https://api.saasus.io/v1/auth` unless `SAASUS_API_URL_BASE` says
    /// otherwise); `http` defaults to a shared rustls client. Most code wants
    /// [`AuthClient`](crate::AuthClient) instead, whose
    /// [`raw`](crate::AuthClient::raw) is this client.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), saasus_auth::Error> {
    /// use saasus_auth::{raw, Configuration};
    ///
    /// let client = raw::Client::from_configuration(&Configuration::from_env()?, None, None)?;
    /// let roles = client.get_roles().await; // progenitor's result type
    /// # Ok(()) }
    /// ```
    pub fn from_configuration(
        config: &Configuration,
        base_path: Option<&str>,
        http: Option<reqwest::Client>,
    ) -> Result<Self, Error> {
        let inner = Inner::new(config, http.is_some())?;
        let base = match base_path {
            Some(b) => crate::config::checked_base_path(b)?,
            None => config.auth_base_path(),
        };
        let http = match http {
            Some(h) => h,
            None => http::default_client(config)?,
        };
        Ok(Self::new_with_client(&base, http, inner))
    }

    /// The signer this client signs with.
    pub fn signer(&self) -> &Signer {
        &self.inner.shared.signer
    }
}
