//! What every request goes through, whichever layer sends it, wired into
//! the generated client through progenitor's `ClientHooks` and its inner
//! type ([`Transport`]). One request travels:
//!
//! 1. a facade method (generated, `src/api.rs`) checks its path parameters
//!    and calls the generated method of [`crate::raw::Client`];
//! 2. the generated method builds the request and runs the hooks
//!    (`hooks`): `pre` refuses options that cannot be honoured and paths
//!    that do not match the operation's template segment for segment
//!    (`path`; the facades' requests are checked the same way), `exec`
//!    runs the attempts (`send`: headers, timeout, SAASUSSIGV1 per attempt,
//!    the one retry loop, each outcome classified by `retry`) and settles
//!    the answer (`body`: the size limit, error bodies captured and
//!    redacted, answers with secrets checked), `post` hands a refused
//!    answer back as the generated client's error;
//! 3. the generated method decodes the answer;
//! 4. `finish` turns its result into an [`ApiResponse`](crate::ApiResponse)
//!    or an [`Error`] naming the operation.
//!
//! Per-operation behaviour comes from the operation table
//! ([`Operation`](crate::Operation)), found by the method name the
//! generated client hands its hooks; per-client options travel in the
//! client itself ([`raw::Client::with_options`](crate::raw::Client::with_options)).

mod body;
mod finish;
mod hooks;
mod http;
mod options;
mod path;
mod pipeline;
mod redact;
pub(crate) mod retry;
mod send;
pub(crate) mod typed;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, REFERER, USER_AGENT};

pub(crate) use finish::finish;
pub use http::http_client_builder;
pub use options::RequestOptions;

use crate::config::{Configuration, X_SAASUS_REFERER, X_SAASUS_TRACE_ID};
use crate::error::Error;
use crate::raw;
use crate::signing::Signer;

/// What the generated client carries besides its base URL and HTTP client:
/// the settings it was built with, shared by its clones, and its own
/// per-call options, if any.
///
/// Opaque; build a client with [`raw::Client::from_configuration`].
#[derive(Clone, Debug)]
pub struct Transport {
    settings: Arc<Settings>,
    options: Option<Arc<RequestOptions>>,
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
