//! Configuration: credentials, endpoint, headers, timeouts and limits.
//!
//! | environment variable  | meaning                                              |
//! |-----------------------|------------------------------------------------------|
//! | `SAASUS_SAAS_ID`      | the SaaS ID shown in the SaaSus console              |
//! | `SAASUS_API_KEY`      | the API key shown in the console                     |
//! | `SAASUS_SECRET_KEY`   | the client secret (never printed by this crate)      |
//! | `SAASUS_API_URL_BASE` | optional, default `https://api.saasus.io`; the Auth API is at `{base}/v1/auth` |
//!
//! [`Configuration::from_env`] reads them and names every missing variable,
//! and a `SAASUS_API_URL_BASE` that is not an http(s) URL, in one error.
//! [`Configuration::from_env_if_set`] answers `Ok(None)` when none of the
//! three credentials is set (for programs that then fall back to something
//! else, as the quickstart falls back to the emulator) and the same error
//! as `from_env` when only some are. In code:
//!
//! ```
//! use std::time::Duration;
//! use saasus_auth::Configuration;
//!
//! let config = Configuration::new("saas-id", "api-key", "secret-key")
//!     .with_api_url_base("https://api.saasus.io")
//!     .with_referer("https://app.example.com/")          // Referer on every request
//!     .with_x_saasus_referer("https://app.example.com/") // X-SaaSus-Referer
//!     .with_trace_id("4bf92f3577b34da6")                 // X-SaaSus-Trace-Id
//!     .with_timeout(Duration::from_secs(30))             // whole request, per attempt
//!     .with_connect_timeout(Duration::from_secs(10))
//!     .with_max_attempts(3)                              // 1 disables retries
//!     .with_max_response_bytes(32 * 1024 * 1024);
//! ```
//!
//! The secret key lives in [`SecretKey`], whose `Debug` and `Display` print
//! `<redacted>`; [`Configuration`], the clients and every error redact the
//! API key and the secret too.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;

/// The default root of the SaaSus API (`SAASUS_API_URL_BASE` overrides it).
pub const DEFAULT_API_URL_BASE: &str = "https://api.saasus.io";

/// The path of the Auth API below the API root.
pub const AUTH_API_PATH: &str = "/v1/auth";

/// The default base path of the Auth API: `https://api.saasus.io/v1/auth`.
pub const BASE_PATH: &str = "https://api.saasus.io/v1/auth";

// Keep the constants in step.
const _: () = assert!(BASE_PATH.len() == DEFAULT_API_URL_BASE.len() + AUTH_API_PATH.len());

/// The default whole-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default timeout for opening a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default number of attempts for a retryable request (1 disables retries).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The default limit on the size of a response body: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// `X-SaaSus-Referer`.
pub const X_SAASUS_REFERER: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("x-saasus-referer");
/// `X-SaaSus-Trace-Id`.
pub const X_SAASUS_TRACE_ID: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("x-saasus-trace-id");

/// The environment variables [`Configuration::from_env`] reads.
pub mod env {
    /// The SaaS ID shown in the SaaSus console.
    pub const SAAS_ID: &str = "SAASUS_SAAS_ID";
    /// The API key shown in the SaaSus console.
    pub const API_KEY: &str = "SAASUS_API_KEY";
    /// The client secret.
    pub const SECRET_KEY: &str = "SAASUS_SECRET_KEY";
    /// Optional root of the API, default `https://api.saasus.io`.
    pub const API_URL_BASE: &str = "SAASUS_API_URL_BASE";
}

pub use crate::signing::SecretKey;

/// Everything a client needs to talk to SaaSus: credentials, the API root,
/// the headers forwarded on every request, timeouts, retries and limits.
///
/// Build one from the environment with [`Configuration::from_env`], or from
/// values with [`Configuration::new`] and the `with_*` methods. It is checked
/// when a client is built from it ([`Configuration::validate`]).
///
/// Its `Debug` output shows neither the API key nor the secret key.
///
/// ```
/// use std::time::Duration;
/// use saasus_auth::Configuration;
///
/// let config = Configuration::new("my-saas-id", "my-api-key", "my-secret")
///     .with_timeout(Duration::from_secs(10))
///     .with_trace_id("trace-123");
/// assert_eq!(config.api_url_base(), "https://api.saasus.io");
/// assert!(!format!("{config:?}").contains("my-secret"));
/// ```
#[derive(Clone)]
pub struct Configuration {
    pub(crate) saas_id: String,
    pub(crate) api_key: String,
    pub(crate) secret_key: SecretKey,
    pub(crate) api_url_base: String,
    pub(crate) referer: Option<String>,
    pub(crate) x_saasus_referer: Option<String>,
    pub(crate) trace_id: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) max_attempts: u32,
    pub(crate) max_response_bytes: usize,
    pub(crate) clock: Arc<dyn crate::signing::Clock>,
}

impl fmt::Debug for Configuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Configuration")
            .field("saas_id", &self.saas_id)
            .field("api_key", &"<redacted>")
            .field("secret_key", &self.secret_key)
            .field("api_url_base", &self.api_url_base)
            .field("referer", &self.referer)
            .field("x_saasus_referer", &self.x_saasus_referer)
            .field("trace_id", &self.trace_id)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("max_attempts", &self.max_attempts)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// The `User-Agent` the crate sends: `saasus-auth-rust/<version>`.
pub const USER_AGENT: &str = concat!("saasus-auth-rust/", env!("CARGO_PKG_VERSION"));

impl Configuration {
    /// A configuration with these credentials and every other setting at its
    /// default.
    pub fn new(
        saas_id: impl Into<String>,
        api_key: impl Into<String>,
        secret_key: impl Into<SecretKey>,
    ) -> Self {
        Self {
            saas_id: saas_id.into(),
            api_key: api_key.into(),
            secret_key: secret_key.into(),
            api_url_base: DEFAULT_API_URL_BASE.to_string(),
            referer: None,
            x_saasus_referer: None,
            trace_id: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: USER_AGENT.to_string(),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            clock: Arc::new(crate::signing::SystemClock),
        }
    }

    /// Reads `SAASUS_SAAS_ID`, `SAASUS_API_KEY`, `SAASUS_SECRET_KEY` and the
    /// optional `SAASUS_API_URL_BASE` from the process environment.
    ///
    /// A missing or empty credential, or a `SAASUS_API_URL_BASE` that is
    /// not an http(s) URL, is an [`Error::InvalidConfiguration`] that names
    /// every variable at fault at once.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), saasus_auth::Error> {
    /// let config = saasus_auth::Configuration::from_env()?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Configuration::from_env`], reading variables through `lookup`
    /// instead of the process environment (handy in tests).
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use saasus_auth::Configuration;
    ///
    /// let vars = HashMap::from([("SAASUS_SAAS_ID", "id")]);
    /// let err = Configuration::from_lookup(|k| vars.get(k).map(|v| v.to_string())).unwrap_err();
    /// assert!(err.to_string().contains("SAASUS_API_KEY"));
    /// assert!(err.to_string().contains("SAASUS_SECRET_KEY"));
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let saas_id = get(env::SAAS_ID);
        let api_key = get(env::API_KEY);
        let secret_key = get(env::SECRET_KEY);
        let mut problems: Vec<String> = [
            (env::SAAS_ID, saas_id.is_none()),
            (env::API_KEY, api_key.is_none()),
            (env::SECRET_KEY, secret_key.is_none()),
        ]
        .iter()
        .filter(|(_, missing)| *missing)
        .map(|(name, _)| format!("environment variable {name} is not set or empty"))
        .collect();
        let base = get(env::API_URL_BASE);
        if let Some(base) = &base {
            // Checked as with_api_url_base would keep it.
            let trimmed = Self::new("", "", "").with_api_url_base(base.as_str());
            if let Err(problem) = http_url(
                &format!("environment variable {}", env::API_URL_BASE),
                trimmed.api_url_base(),
            ) {
                problems.push(problem);
            }
        }
        match (saas_id, api_key, secret_key) {
            (Some(saas_id), Some(api_key), Some(secret_key)) if problems.is_empty() => {
                let mut config = Self::new(saas_id, api_key, secret_key);
                if let Some(base) = base {
                    config = config.with_api_url_base(base);
                }
                Ok(config)
            }
            _ => Err(Error::InvalidConfiguration { problems }),
        }
    }

    /// Like [`Configuration::from_env`], but `Ok(None)` when none of
    /// `SAASUS_SAAS_ID`, `SAASUS_API_KEY` and `SAASUS_SECRET_KEY` is set (or
    /// all are empty): for programs that fall back to something else, such
    /// as a local emulator, only when no credentials were meant to be
    /// given. When some are set and others missing, the error names the
    /// missing ones, as [`Configuration::from_env`] does.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), saasus_auth::Error> {
    /// match saasus_auth::Configuration::from_env_if_set()? {
    ///     Some(config) => { /* the real API */ }
    ///     None => { /* no credentials at all: a local emulator, say */ }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn from_env_if_set() -> Result<Option<Self>, Error> {
        Self::from_lookup_if_set(|name| std::env::var(name).ok())
    }

    /// Like [`Configuration::from_env_if_set`], reading variables through
    /// `lookup`.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use saasus_auth::Configuration;
    ///
    /// let none: HashMap<&str, &str> = HashMap::from([("SAASUS_API_URL_BASE", "https://x.example")]);
    /// assert!(Configuration::from_lookup_if_set(|k| none.get(k).map(|v| v.to_string()))?.is_none());
    ///
    /// let partial = HashMap::from([("SAASUS_SAAS_ID", "id")]);
    /// let err = Configuration::from_lookup_if_set(|k| partial.get(k).map(|v| v.to_string())).unwrap_err();
    /// assert!(err.to_string().contains("SAASUS_API_KEY"));
    /// # Ok::<(), saasus_auth::Error>(())
    /// ```
    pub fn from_lookup_if_set(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, Error> {
        let any_set = [env::SAAS_ID, env::API_KEY, env::SECRET_KEY]
            .iter()
            .any(|name| lookup(name).is_some_and(|v| !v.trim().is_empty()));
        if any_set {
            Self::from_lookup(lookup).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Whether the three credential variables are all set (and not empty) in
    /// the process environment; nothing is read beyond that.
    pub fn env_has_credentials() -> bool {
        [env::SAAS_ID, env::API_KEY, env::SECRET_KEY]
            .iter()
            .all(|k| std::env::var(k).is_ok_and(|v| !v.trim().is_empty()))
    }

    /// Sets the API root (default `https://api.saasus.io`); the Auth API is
    /// at `{base}/v1/auth`. Surrounding spaces and trailing `/` are ignored,
    /// and so is a trailing `/v1/auth` (the Auth API's own path), so the
    /// path is never doubled. Whether the result is an http(s) URL is
    /// checked when a client is built ([`Configuration::validate`]).
    ///
    /// ```
    /// use saasus_auth::Configuration;
    ///
    /// let config = Configuration::new("id", "key", "secret")
    ///     .with_api_url_base(" https://api.example.com/v1/auth/ ");
    /// assert_eq!(config.auth_base_path(), "https://api.example.com/v1/auth");
    /// ```
    pub fn with_api_url_base(mut self, base: impl Into<String>) -> Self {
        let base = base.into();
        let mut base = base.trim().trim_end_matches('/');
        if let Some(root) = base.strip_suffix(AUTH_API_PATH) {
            base = root.trim_end_matches('/');
        }
        self.api_url_base = base.to_string();
        self
    }

    /// Sends `Referer: value` on every request: the referer of the end-user
    /// request being served.
    pub fn with_referer(mut self, value: impl Into<String>) -> Self {
        self.referer = Some(value.into());
        self
    }

    /// Sends `X-SaaSus-Referer: value` on every request.
    pub fn with_x_saasus_referer(mut self, value: impl Into<String>) -> Self {
        self.x_saasus_referer = Some(value.into());
        self
    }

    /// Sends `X-SaaSus-Trace-Id: value` on every request.
    pub fn with_trace_id(mut self, value: impl Into<String>) -> Self {
        self.trace_id = Some(value.into());
        self
    }

    /// Sets the whole-request timeout (default 30 s): from sending the
    /// request to the last byte of the response, per attempt.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the timeout for opening a connection (default 10 s). It applies
    /// to the HTTP client the crate builds; a client handed in keeps its own.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the `User-Agent` (default `saasus-auth-rust/<version>`).
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sets how many attempts a retryable request gets (default 3; 1
    /// disables retries). Only idempotent requests are retried, unless a call
    /// opts in.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// Sets the largest response body accepted (default 32 MiB); a larger
    /// one fails with [`Error::ResponseTooLarge`].
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Signs with timestamps from `clock` instead of the system clock.
    pub fn with_clock(mut self, clock: Arc<dyn crate::signing::Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The SaaS ID.
    pub fn saas_id(&self) -> &str {
        &self.saas_id
    }

    /// The API key.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The secret key (redacted in `Debug` and `Display`).
    pub fn secret_key(&self) -> &SecretKey {
        &self.secret_key
    }

    /// The API root, without a trailing `/`.
    pub fn api_url_base(&self) -> &str {
        &self.api_url_base
    }

    /// The Auth API's base path: `{api_url_base}/v1/auth`.
    pub fn auth_base_path(&self) -> String {
        format!("{}{AUTH_API_PATH}", self.api_url_base)
    }

    /// The `Referer` sent on every request, if any.
    pub fn referer(&self) -> Option<&str> {
        self.referer.as_deref()
    }

    /// The `X-SaaSus-Referer` sent on every request, if any.
    pub fn x_saasus_referer(&self) -> Option<&str> {
        self.x_saasus_referer.as_deref()
    }

    /// The `X-SaaSus-Trace-Id` sent on every request, if any.
    pub fn trace_id(&self) -> Option<&str> {
        self.trace_id.as_deref()
    }

    /// The whole-request timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The `User-Agent`.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// Attempts per retryable request.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The largest response body accepted.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// Checks the whole configuration and reports every problem at once as
    /// [`Error::InvalidConfiguration`].
    pub fn validate(&self) -> Result<(), Error> {
        let mut problems = Vec::new();
        for (name, value) in [("SaaS ID", &self.saas_id), ("API key", &self.api_key)] {
            if value.trim().is_empty() {
                problems.push(format!("the {name} is empty"));
            } else if !value.bytes().all(|b| b.is_ascii_graphic() && b != b',') {
                problems.push(format!(
                    "the {name} may hold only visible ASCII characters other than ','"
                ));
            }
        }
        if self.secret_key.is_empty() {
            problems.push("the secret key is empty".to_string());
        }
        if let Err(problem) = http_url("API URL base", &self.api_url_base) {
            problems.push(problem);
        }
        for (name, value) in [
            ("Referer", &self.referer),
            ("X-SaaSus-Referer", &self.x_saasus_referer),
            ("X-SaaSus-Trace-Id", &self.trace_id),
            ("User-Agent", &Some(self.user_agent.clone())),
        ] {
            if let Some(v) = value
                && reqwest::header::HeaderValue::from_str(v).is_err()
            {
                problems.push(format!("the {name} value is not a valid header value"));
            }
        }
        if self.timeout.is_zero() {
            problems.push("the timeout is zero".to_string());
        }
        if self.connect_timeout.is_zero() {
            problems.push("the connect timeout is zero".to_string());
        }
        if self.max_attempts == 0 {
            problems.push("max_attempts is 0 (1 disables retries)".to_string());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidConfiguration { problems })
        }
    }
}

/// Why `url` is not an http(s) URL with a host, without userinfo or query,
/// if it is not. The message shows the URL without its userinfo, query or
/// fragment ([`shown_url`]): any of them may hold a credential.
fn http_url(what: &str, url: &str) -> Result<(), String> {
    match reqwest::Url::parse(url) {
        Ok(u)
            if matches!(u.scheme(), "http" | "https")
                && u.has_host()
                && u.username().is_empty()
                && u.password().is_none()
                && u.query().is_none()
                && u.fragment().is_none() =>
        {
            Ok(())
        }
        _ => Err(format!(
            "the {what} {:?} is not an http(s) URL without userinfo, query or fragment",
            shown_url(url)
        )),
    }
}

/// `url` for an error message: whatever precedes an `@` in its authority
/// and whatever follows a `?` or `#` replaced by `<redacted>`, parsed or
/// not.
fn shown_url(url: &str) -> String {
    let (rest, tail) = match url.find(['?', '#']) {
        Some(i) => (&url[..i], "?<redacted>"),
        None => (url, ""),
    };
    let start = rest.find("://").map_or(0, |i| i + 3);
    let end = rest[start..].find('/').map_or(rest.len(), |i| start + i);
    let rest = match rest[start..end].rfind('@') {
        Some(at) => format!("{}<redacted>@{}", &rest[..start], &rest[start + at + 1..]),
        None => rest.to_string(),
    };
    format!("{rest}{tail}")
}

/// A base path given in full (`http://127.0.0.1:8080/v1/auth`): trimmed of
/// spaces and trailing `/`, and checked.
pub(crate) fn checked_base_path(base: &str) -> Result<String, Error> {
    let base = base.trim().trim_end_matches('/');
    http_url("base path", base).map_err(|problem| Error::InvalidConfiguration {
        problems: vec![problem],
    })?;
    Ok(base.to_string())
}
