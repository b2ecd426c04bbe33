//! What every request goes through, whichever layer sends it: signing,
//! headers, timeouts, retries, the size limit, redaction and errors.
//!
//! Every call, a facade's or the generated [`raw::Client`]'s, is a method
//! of the generated client: progenitor's code builds the request and hands
//! it to the client's hooks (`ClientHooks`), the only way into the
//! transport. They run, keyed by the operation's entry in the
//! [operation table](crate::operation): the path checked against the
//! operation's template segment for segment (a path parameter of `..`, `.`
//! or nothing is refused before anything is sent), headers and timeout,
//! the client's options, then the attempts (a SAASUSSIGV1 signature per
//! attempt, one retry loop), the answer settled (size limit, error bodies
//! read and redacted), and every failure turned into the crate's
//! [`Error`]. The orchestrator (`transport/orchestrator.rs` in the
//! repository) reads as the life of a request, phase by phase.
//!
//! # Guarantees
//!
//! - **Timeouts.** Connect timeout 10 s, whole-request timeout 30 s
//!   (sending the request to the last byte of the body), per attempt; both
//!   configurable ([`Configuration`]), the latter per call too. A server
//!   that accepts the connection and never answers, or trickles its body,
//!   ends in [`Error::Timeout`] within that bound. Timeouts are not
//!   retried, so the bound holds.
//! - **Retries that lose nothing and duplicate nothing.** Only operations
//!   the table marks idempotent (GET, PUT and DELETE) and that carry no
//!   single-use code ([`Operation::retried_by_default`](crate::Operation::retried_by_default))
//!   are retried by default, on connection failures and on 429, 502, 503
//!   and 504, with capped exponential backoff and full jitter (100 ms
//!   doubling, at most 5 s), honouring `Retry-After` up to 30 s. Each
//!   attempt is signed anew. POST and PATCH operations are sent once unless
//!   a call opts in with [`RequestOptions::retry`], so a timeout can never
//!   create two users. 3 attempts by default; 1 disables.
//! - **Bounded responses.** Bodies over 32 MiB (configurable) are refused
//!   with [`Error::ResponseTooLarge`], announced by `Content-Length` or not.
//! - **No redirects.** SaaSus never redirects; a 3xx is [`Error::Redirect`]
//!   with the `Location` host only.
//! - **No panics** on bad responses: truncated or mistyped JSON, HTML error
//!   pages, empty bodies, invalid UTF-8, error bodies under a 200 all
//!   become errors.
//! - **Tracing.** One `saasus_request` span per request at debug level
//!   with the operationId, method, path template (never the values), status
//!   and attempt count. Query values, bodies, the signature and the secret
//!   key are never logged.
//!
//! # Per-call options
//!
//! ```no_run
//! use std::time::Duration;
//! use saasus_auth::{types, AuthClient, RequestOptions};
//!
//! # async fn run(client: AuthClient, count: types::SaveSaasUsersCountParam) -> Result<(), saasus_auth::Error> {
//! let traced = client.with_options(
//!     RequestOptions::new()
//!         .timeout(Duration::from_secs(3))
//!         .trace_id("4bf92f3577b34da6"), // also .referer(..), .x_saasus_referer(..), .header(name, value)
//! );
//! let users = traced.saas_user_api().get_saas_users().await?; // a GET: retried on 502/503/504
//!
//! // Opt a call that is not idempotent in to retries, where sending it twice does no harm:
//! let users = client.saas_user_api().with_options(RequestOptions::new().retry(true));
//! users.save_saas_users_count(&count).await?; // a POST: sent once unless opted in
//! # Ok(()) }
//! ```
//!
//! `with_options` works on [`AuthClient`](crate::AuthClient) and on every
//! facade. Options that cannot be honoured (a zero timeout,
//! `max_attempts(0)`, an invalid header, or the `Authorization` header)
//! are not clamped: the call fails with [`Error::InvalidRequest`] before
//! anything is sent.
//!
//! To hand [`AuthClient::new`](crate::AuthClient::new) a `reqwest::Client`
//! of your own (proxies, pool settings), start from
//! [`http_client_builder`], which sets up rustls with `ring` and follows no
//! redirect. The crate installs no process-wide TLS provider.

mod answer;
pub(crate) mod facade_call;
mod http;
mod options;
mod orchestrator;
mod outcome;
mod path;
mod plan;
mod redact;
pub(crate) mod retry;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, REFERER, USER_AGENT};

pub use http::http_client_builder;
pub use options::RequestOptions;
pub(crate) use orchestrator::{finish, finish_facade};

use crate::config::{Configuration, X_SAASUS_REFERER, X_SAASUS_TRACE_ID};
use crate::error::Error;
use crate::raw;
use crate::signing::Signer;

/// What the generated client carries besides its base URL and HTTP client:
/// the settings it was built with, shared by its clones, and its own
/// per-call options, if any.
///
/// Opaque; build a client with [`raw::Client::from_configuration`].
#[derive(Debug)]
pub struct Transport {
    settings: Arc<Settings>,
    options: Option<Arc<RequestOptions>>,
    /// Set on the client a facade makes for one call.
    call: Option<facade_call::FacadeCall>,
}

impl Clone for Transport {
    /// The same settings and options; a clone is never one facade's call.
    fn clone(&self) -> Self {
        Self {
            settings: self.settings.clone(),
            options: self.options.clone(),
            call: None,
        }
    }
}

/// The settings every request of a client is sent with, from its
/// [`Configuration`].
#[derive(Debug)]
struct Settings {
    configuration: Configuration,
    signer: Signer,
    /// Sent on every request unless the options override them.
    headers: HeaderMap,
    /// Whether the HTTP client was handed in by the caller: its redirect
    /// policy is theirs, so a body with secrets is sent in a form reqwest
    /// cannot send again on a 307 or 308.
    foreign_client: bool,
}

impl Transport {
    fn new(configuration: &Configuration, foreign_client: bool) -> Result<Self, Error> {
        configuration.validate()?;
        let signer = Signer::new(
            &configuration.saas_id,
            &configuration.api_key,
            &configuration.secret_key,
        )
        .with_clock(configuration.clock.clone());
        let mut headers = HeaderMap::new();
        let mut put = |name: HeaderName, value: Option<&str>| {
            // Validated above.
            if let Some(v) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
                headers.insert(name, v);
            }
        };
        put(USER_AGENT, Some(&configuration.user_agent));
        put(REFERER, configuration.referer.as_deref());
        put(X_SAASUS_REFERER, configuration.x_saasus_referer.as_deref());
        put(X_SAASUS_TRACE_ID, configuration.trace_id.as_deref());
        Ok(Self {
            settings: Arc::new(Settings {
                configuration: configuration.clone(),
                signer,
                headers,
                foreign_client,
            }),
            options: None,
            call: None,
        })
    }

    /// The configuration the client was built with.
    pub(crate) fn configuration(&self) -> &Configuration {
        &self.settings.configuration
    }

    /// The options of this client's calls, if any.
    pub(crate) fn options(&self) -> Option<&RequestOptions> {
        self.options.as_deref()
    }

    /// The whole-request timeout of each attempt.
    pub(crate) fn timeout(&self) -> Duration {
        self.options
            .as_ref()
            .and_then(|o| o.timeout)
            .unwrap_or(self.settings.configuration.timeout)
    }

    /// The response size limit.
    fn max_response_bytes(&self) -> usize {
        self.settings.configuration.max_response_bytes
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
        let transport = Transport::new(config, http.is_some())?;
        let base = match base_path {
            Some(b) => crate::config::checked_base_path(b)?,
            None => config.auth_base_path(),
        };
        let http = match http {
            Some(h) => h,
            None => http::default_client(config)?,
        };
        Ok(Self::new_with_client(&base, http, transport))
    }

    /// The same client (connection pool, configuration) with `options`
    /// applied to every call made through the returned one. An option that
    /// cannot be honoured makes those calls fail before anything is sent.
    ///
    /// ```no_run
    /// # async fn run(client: saasus_auth::raw::Client) {
    /// use saasus_auth::RequestOptions;
    ///
    /// let traced = client.with_options(RequestOptions::new().trace_id("4bf92f3577b34da6"));
    /// let roles = traced.get_roles().await;
    /// # }
    /// ```
    pub fn with_options(&self, options: RequestOptions) -> Self {
        let transport = Transport {
            settings: self.inner.settings.clone(),
            options: Some(Arc::new(options)),
            call: None,
        };
        Self::new_with_client(&self.baseurl, self.client.clone(), transport)
    }

    /// The options applied to every call of this client, if any.
    pub fn options(&self) -> Option<&RequestOptions> {
        self.inner.options()
    }

    /// The configuration this client was built with.
    pub fn configuration(&self) -> &Configuration {
        self.inner.configuration()
    }

    /// The signer this client signs with.
    pub fn signer(&self) -> &Signer {
        &self.inner.settings.signer
    }
}
