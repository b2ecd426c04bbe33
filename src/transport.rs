//! What every request goes through, whichever layer sends it: headers,
//! SAASUSSIGV1 signing per attempt, timeouts, retries, a bounded body read
//! and tracing. Wired into the generated client through progenitor's
//! `ClientHooks` (`exec` and `post`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::{Bytes, BytesMut};
use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, REFERER, USER_AGENT};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::config::Configuration;
use crate::error::{query_values, snippet, ApiError, Error};
use crate::raw;
use crate::saas_user_api::ApiResponse;
use crate::signing::Signer;

/// `X-SaaSus-Referer`.
pub const X_SAASUS_REFERER: HeaderName = HeaderName::from_static("x-saasus-referer");
/// `X-SaaSus-Trace-Id`.
pub const X_SAASUS_TRACE_ID: HeaderName = HeaderName::from_static("x-saasus-trace-id");

const API_VERSION: HeaderName = HeaderName::from_static("api-version");

const BACKOFF_BASE: Duration = Duration::from_millis(100);
const BACKOFF_CAP: Duration = Duration::from_secs(5);
/// A `Retry-After` longer than this is not waited for: the response goes back
/// to the caller.
const RETRY_AFTER_CAP: Duration = Duration::from_secs(30);

/// Whether a status is worth another attempt: 429, 502, 503, 504.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

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
}

impl Inner {
    pub(crate) fn new(config: &Configuration) -> Result<Self, Error> {
        config.validate()?;
        let signer = Signer::new(&config.saas_id, &config.api_key, &config.secret_key)
            .with_clock(config.clock.clone());
        let mut headers = HeaderMap::new();
        let mut put = |name: HeaderName, value: Option<&str>| -> Result<(), Error> {
            if let Some(v) = value {
                let v = HeaderValue::from_str(v).map_err(|_| Error::InvalidConfiguration {
                    problems: vec![format!("the {name} value is not a valid header value")],
                })?;
                headers.insert(name, v);
            }
            Ok(())
        };
        put(USER_AGENT, Some(&config.user_agent))?;
        put(REFERER, config.referer.as_deref())?;
        put(X_SAASUS_REFERER, config.x_saasus_referer.as_deref())?;
        put(X_SAASUS_TRACE_ID, config.trace_id.as_deref())?;
        Ok(Self {
            shared: Arc::new(Shared {
                signer,
                headers,
                timeout: config.timeout,
                max_attempts: config.max_attempts,
                max_response_bytes: config.max_response_bytes,
            }),
        })
    }
}

/// The HTTP client shared by every SaaSus client built without one of its
/// own, so that connections are pooled across them.
pub(crate) fn default_http_client(config: &Configuration) -> Result<reqwest::Client, Error> {
    static SHARED: OnceLock<reqwest::Client> = OnceLock::new();
    let build = |connect_timeout| {
        reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .build()
            .map_err(|e| Error::InvalidConfiguration {
                problems: vec![format!("cannot build the HTTP client: {e}")],
            })
    };
    if config.connect_timeout != crate::config::DEFAULT_CONNECT_TIMEOUT {
        return build(config.connect_timeout);
    }
    if let Some(client) = SHARED.get() {
        return Ok(client.clone());
    }
    let client = build(crate::config::DEFAULT_CONNECT_TIMEOUT)?;
    Ok(SHARED.get_or_init(|| client).clone())
}

impl raw::Client {
    /// A low-level client for the whole Auth API, signing every request with
    /// `config`'s credentials.
    ///
    /// `base_path` defaults to `config.auth_base_path()`
    /// (`https://api.saasus.io/v1/auth` unless `SAASUS_API_URL_BASE` says
    /// otherwise); `http` defaults to a shared rustls client.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), saasus_auth::Error> {
    /// use saasus_auth::{raw, Configuration};
    ///
    /// let client = raw::Client::from_configuration(&Configuration::from_env()?, None, None)?;
    /// let roles = saasus_auth::call("GetRoles", None, client.get_roles()).await?.data;
    /// println!("{} roles", roles.roles.len());
    /// # Ok(()) }
    /// ```
    pub fn from_configuration(
        config: &Configuration,
        base_path: Option<&str>,
        http: Option<reqwest::Client>,
    ) -> Result<Self, Error> {
        let inner = Inner::new(config)?;
        let base = match base_path {
            Some(b) => b.trim_end_matches('/').to_string(),
            None => config.auth_base_path(),
        };
        match reqwest::Url::parse(&base) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {}
            _ => {
                return Err(Error::InvalidConfiguration {
                    problems: vec![format!("the base path {base:?} is not an http(s) URL")],
                })
            }
        }
        let http = match http {
            Some(h) => h,
            None => default_http_client(config)?,
        };
        Ok(Self::new_with_client(&base, http, inner))
    }

    /// The signer this client signs with.
    pub fn signer(&self) -> &Signer {
        &self.inner.shared.signer
    }
}

/// Per-call settings, the counterpart of the official SDKs' request
/// options.
///
/// ```
/// use std::time::Duration;
/// use saasus_auth::RequestOptions;
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .trace_id("4bf92f3577b34da6")
///     .referer("https://app.example.com/settings");
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RequestOptions {
    pub(crate) headers: HeaderMap,
    pub(crate) invalid_header: Option<String>,
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
    /// An invalid name or value makes the call fail with
    /// [`Error::InvalidRequest`].
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) if n != AUTHORIZATION => {
                self.headers.insert(n, v);
            }
            _ => self.invalid_header = Some(name.to_string()),
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

    /// The whole-request timeout of each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retry this call on connection errors, 429, 502, 503 and 504 even if
    /// it is not idempotent (`true`), or never retry it (`false`). Only opt
    /// in when sending the request twice cannot do harm.
    pub fn retry(mut self, retry: bool) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Attempts for this call, overriding the configuration (1 disables
    /// retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }
}

tokio::task_local! {
    /// The options and outcome of the facade call running on this task.
    static CALL: Arc<CallState>;
}

#[derive(Debug, Default)]
pub(crate) struct CallState {
    options: RequestOptions,
    outcome: Mutex<Outcome>,
}

#[derive(Debug, Default, Clone)]
struct Outcome {
    status: Option<StatusCode>,
    /// The request's query values, kept out of error snippets.
    query_values: Vec<String>,
    timeout: Option<Duration>,
    too_large: Option<usize>,
}

impl CallState {
    fn outcome(&self) -> Outcome {
        self.outcome.lock().map(|o| o.clone()).unwrap_or_default()
    }
    fn record(&self, f: impl FnOnce(&mut Outcome)) {
        if let Ok(mut o) = self.outcome.lock() {
            f(&mut o);
        }
    }
}

/// Marks a response whose body went over the limit.
#[derive(Debug, Clone, Copy)]
struct TooLarge(usize);

/// Runs one call of the generated client with `options` in force and turns
/// its result into an [`ApiResponse`] or the crate's [`Error`]; what the
/// facade does for each of its methods, offered for the rest of the API.
///
/// `operation` names the operation in errors (use its operationId).
///
/// ```no_run
/// # async fn run() -> Result<(), saasus_auth::Error> {
/// use saasus_auth::{call, raw, Configuration, RequestOptions};
///
/// let client = raw::Client::from_configuration(&Configuration::from_env()?, None, None)?;
/// let roles = call("GetRoles", None, client.get_roles()).await?.data;
/// let tenants = call("GetTenants", Some(RequestOptions::new().trace_id("t-1")), client.get_tenants()).await?;
/// println!("{} roles, {} tenants", roles.roles.len(), tenants.data.tenants.len());
/// # Ok(()) }
/// ```
pub async fn call<T, F>(
    operation: &'static str,
    options: Option<RequestOptions>,
    request: F,
) -> Result<ApiResponse<T>, Error>
where
    F: std::future::Future<
        Output = Result<
            progenitor_client::ResponseValue<T>,
            progenitor_client::Error<raw::types::Error>,
        >,
    >,
{
    let options = options.unwrap_or_default();
    if let Some(name) = &options.invalid_header {
        return Err(Error::InvalidRequest {
            operation,
            message: format!("the header {name:?} has an invalid name or value, or may not be set"),
        });
    }
    let state = Arc::new(CallState {
        options,
        outcome: Mutex::default(),
    });
    match CALL.scope(state.clone(), request).await {
        Ok(v) => Ok(ApiResponse::from(v)),
        Err(e) => Err(convert(operation, e, Some(&state.outcome())).await),
    }
}

impl Error {
    /// Turns an error of the generated client into the crate's [`Error`].
    ///
    /// `operation` names the operation in messages.
    pub async fn from_raw(
        operation: &'static str,
        error: progenitor_client::Error<raw::types::Error>,
    ) -> Self {
        convert(operation, error, None).await
    }
}

async fn convert(
    operation: &'static str,
    error: progenitor_client::Error<raw::types::Error>,
    outcome: Option<&Outcome>,
) -> Error {
    use progenitor_client::Error as E;
    let timeout = outcome.and_then(|o| o.timeout);
    let transport = |e: reqwest::Error| {
        if e.is_timeout() {
            Error::Timeout {
                operation,
                after: timeout,
            }
        } else {
            Error::Transport {
                operation,
                source: e.without_url(),
            }
        }
    };
    match error {
        E::InvalidRequest(message) => Error::InvalidRequest { operation, message },
        E::CommunicationError(e) | E::InvalidUpgrade(e) | E::ResponseBodyError(e) => {
            if e.is_builder()
                || e.is_body() && !e.is_timeout() && e.status().is_none() && e.is_request()
            {
                Error::InvalidRequest {
                    operation,
                    message: e.without_url().to_string(),
                }
            } else {
                transport(e)
            }
        }
        E::ErrorResponse(rv) => {
            let status = rv.status();
            let body = rv.into_inner();
            Error::Api {
                operation,
                error: ApiError {
                    status,
                    error_type: body.type_,
                    message: body.message,
                    data: if body.data.is_empty() {
                        None
                    } else {
                        Some(body.data)
                    },
                },
            }
        }
        E::InvalidResponsePayload(body, source) => Error::Decode {
            operation,
            status: outcome.and_then(|o| o.status),
            source,
            snippet: snippet(
                operation,
                &body,
                outcome
                    .map(|o| o.query_values.as_slice())
                    .unwrap_or_default(),
            ),
        },
        E::UnexpectedResponse(response) => {
            let status = response.status();
            let mut redact = query_values(response.url());
            redact.extend(outcome.iter().flat_map(|o| o.query_values.iter().cloned()));
            // Bounded by the transport: a Content-Length within the limit,
            // or already read. Still under the request's timeout.
            let body = response.bytes().await.unwrap_or_default();
            Error::UnexpectedStatus {
                operation,
                status,
                snippet: snippet(operation, &body, &redact),
            }
        }
        E::Custom(message) => match outcome.and_then(|o| o.too_large.zip(o.status)) {
            Some((limit, status)) => Error::ResponseTooLarge {
                operation,
                status,
                limit,
            },
            None => Error::InvalidRequest { operation, message },
        },
    }
}

impl ClientHooks<Inner> for raw::Client {
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let call = CALL.try_with(Arc::clone).ok();
        self.inner
            .shared
            .execute(&self.client, request, info.operation_id, call.as_deref())
            .await
    }

    async fn post<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        match result {
            Ok(response) => match response.extensions().get::<TooLarge>() {
                Some(TooLarge(limit)) => Err(progenitor_client::Error::Custom(format!(
                    "{}: the response body exceeds the limit of {limit} bytes (status {})",
                    info.operation_id,
                    response.status()
                ))),
                None => Ok(()),
            },
            Err(_) => Ok(()),
        }
    }
}

impl Shared {
    async fn execute(
        &self,
        client: &reqwest::Client,
        mut request: reqwest::Request,
        operation: &'static str,
        call: Option<&CallState>,
    ) -> reqwest::Result<reqwest::Response> {
        let options = call.map(|c| &c.options);
        // progenitor adds `api-version` (the spec's info.version); the
        // official SDKs send no such header, so neither do we.
        request.headers_mut().remove(API_VERSION);
        // Headers: configured defaults, then per-call overrides.
        for (name, value) in &self.headers {
            if !request.headers().contains_key(name) {
                request.headers_mut().insert(name.clone(), value.clone());
            }
        }
        if let Some(o) = options {
            for (name, value) in &o.headers {
                request.headers_mut().insert(name.clone(), value.clone());
            }
        }
        let timeout = options.and_then(|o| o.timeout).unwrap_or(self.timeout);
        *request.timeout_mut() = Some(timeout);
        if let Some(c) = call {
            let values = query_values(request.url());
            c.record(|o| {
                o.timeout = Some(timeout);
                o.query_values = values;
            });
        }

        let idempotent = matches!(
            *request.method(),
            Method::GET | Method::HEAD | Method::OPTIONS
        );
        let retry = options.and_then(|o| o.retry).unwrap_or(idempotent);
        let max_attempts = if retry {
            options
                .and_then(|o| o.max_attempts)
                .unwrap_or(self.max_attempts)
                .max(1)
        } else {
            1
        };
        let limit = self.max_response_bytes;

        let span = tracing::debug_span!(
            "saasus_request",
            operation,
            method = %request.method(),
            path = %request.url().path(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        async move {
            let started = Instant::now();
            let mut attempt = 1;
            let mut request = request;
            loop {
                // Keep a copy for another attempt; bodies here are bytes, so
                // this only fails for streams, which are then sent once.
                let spare = if attempt < max_attempts {
                    request.try_clone()
                } else {
                    None
                };
                self.sign(&mut request);
                let outcome = client.execute(request).await;
                if let Some(next) = spare {
                    if let Some(delay) = retry_after(&outcome, attempt) {
                        tracing::debug!(attempt, ?delay, "retrying");
                        drop(outcome);
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                        request = next;
                        continue;
                    }
                }
                let span = tracing::Span::current();
                span.record("attempts", attempt);
                let response = match outcome {
                    Ok(response) => response,
                    Err(e) => {
                        tracing::debug!(error = %e.without_url_ref(), elapsed = ?started.elapsed(), "request failed");
                        break Err(e);
                    }
                };
                let status = response.status();
                span.record("status", status.as_u16());
                if let Some(c) = call {
                    c.record(|o| o.status = Some(status));
                }
                let result = read_bounded(response, limit).await;
                match &result {
                    Ok(r) if r.extensions().get::<TooLarge>().is_some() => {
                        if let Some(c) = call {
                            c.record(|o| o.too_large = Some(limit));
                        }
                        tracing::debug!(%status, limit, elapsed = ?started.elapsed(), "response too large");
                    }
                    Ok(_) => tracing::debug!(%status, elapsed = ?started.elapsed(), "response"),
                    Err(e) => {
                        tracing::debug!(error = %e.without_url_ref(), elapsed = ?started.elapsed(), "body read failed")
                    }
                }
                break result;
            }
        }
        .instrument(span)
        .await
    }

    /// Adds the SAASUSSIGV1 `Authorization` header, over the URL and body
    /// bytes exactly as they go on the wire.
    fn sign(&self, request: &mut reqwest::Request) {
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .unwrap_or_default();
        let auth =
            self.signer
                .authorization(request.method().as_str(), request.url().as_str(), body);
        // Validated credentials make this always succeed.
        if let Ok(mut value) = HeaderValue::from_str(&auth) {
            value.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, value);
        }
    }
}

/// Enforces the body limit. A response that announces its length within the
/// limit goes through untouched (hyper never reads past a `Content-Length`);
/// one without a length is read here, at most `limit` bytes, and rebuilt. A
/// body over the limit gives an empty response marked [`TooLarge`].
async fn read_bounded(
    mut response: reqwest::Response,
    limit: usize,
) -> reqwest::Result<reqwest::Response> {
    match response.content_length() {
        Some(n) if n > limit as u64 => return Ok(rebuild(response, Bytes::new(), Some(limit))),
        Some(_) => return Ok(response),
        None => {}
    }
    let Some(first) = response.chunk().await? else {
        return Ok(rebuild(response, Bytes::new(), None));
    };
    if first.len() > limit {
        return Ok(rebuild(response, Bytes::new(), Some(limit)));
    }
    let Some(second) = response.chunk().await? else {
        // One chunk: no copy.
        return Ok(rebuild(response, first, None));
    };
    let mut buf = BytesMut::with_capacity((first.len() + second.len()).min(limit));
    for chunk in [first, second] {
        if buf.len() + chunk.len() > limit {
            return Ok(rebuild(response, Bytes::new(), Some(limit)));
        }
        buf.extend_from_slice(&chunk);
    }
    while let Some(chunk) = response.chunk().await? {
        if buf.len() + chunk.len() > limit {
            return Ok(rebuild(response, Bytes::new(), Some(limit)));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(rebuild(response, buf.freeze(), None))
}

/// The same response (status, version, headers, URL) with `body`; marked
/// [`TooLarge`] when `too_large` holds the limit.
fn rebuild(
    mut response: reqwest::Response,
    body: Bytes,
    too_large: Option<usize>,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt;
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version())
        .url(response.url().clone());
    if let Some(h) = builder.headers_mut() {
        *h = std::mem::take(response.headers_mut());
    }
    let mut rebuilt = builder
        .body(body)
        .map(reqwest::Response::from)
        .unwrap_or_else(|_| reqwest::Response::from(http::Response::new(Bytes::new())));
    if let Some(limit) = too_large {
        rebuilt.extensions_mut().insert(TooLarge(limit));
    }
    rebuilt
}

/// How long to wait before another attempt, or `None` when the outcome is
/// final: a success, a status that is not transient, a timeout (retrying
/// it would stretch the caller's bound), or any error other than a failed
/// connection or send.
fn retry_after(outcome: &reqwest::Result<reqwest::Response>, attempt: u32) -> Option<Duration> {
    match outcome {
        Ok(response) if is_retryable_status(response.status()) => retry_delay(response, attempt),
        Ok(_) => None,
        Err(e) if !e.is_timeout() && (e.is_connect() || e.is_request()) => Some(backoff(attempt)),
        Err(_) => None,
    }
}

/// How long to wait before another attempt after `response`, or `None`
/// when its `Retry-After` asks for more than we are willing to wait.
fn retry_delay(response: &reqwest::Response, attempt: u32) -> Option<Duration> {
    match response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        Some(secs) if Duration::from_secs(secs) > RETRY_AFTER_CAP => None,
        Some(secs) => Some(Duration::from_secs(secs)),
        None => Some(backoff(attempt)),
    }
}

/// Capped exponential backoff with full jitter: a random wait in
/// `[0, min(cap, base * 2^(attempt-1))]`.
pub(crate) fn backoff(attempt: u32) -> Duration {
    let exp = BACKOFF_BASE.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let ceiling = exp.min(BACKOFF_CAP);
    let nanos = ceiling.as_nanos() as u64;
    Duration::from_nanos(if nanos == 0 {
        0
    } else {
        jitter() % (nanos + 1)
    })
}

/// A cheap, non-cryptographic random number for jitter.
fn jitter() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
        ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    // splitmix64
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `reqwest::Error::without_url` by reference, for logging.
trait WithoutUrlRef {
    fn without_url_ref(&self) -> String;
}

impl WithoutUrlRef for reqwest::Error {
    fn without_url_ref(&self) -> String {
        let mut s = self.to_string();
        if let Some(url) = self.url() {
            s = s.replace(url.as_str(), &redact_query(url));
        }
        s
    }
}

/// A URL with every query value replaced by `redacted`.
pub(crate) fn redact_query(url: &reqwest::Url) -> String {
    let mut u = url.clone();
    if u.query().is_some() {
        let pairs: Vec<String> = url
            .query_pairs()
            .map(|(k, _)| format!("{k}=redacted"))
            .collect();
        u.set_query(Some(&pairs.join("&")));
    }
    u.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_capped_and_grows() {
        for attempt in 1..40 {
            let ceiling = BACKOFF_BASE
                .saturating_mul(1 << (attempt - 1).min(16))
                .min(BACKOFF_CAP);
            assert!(backoff(attempt) <= ceiling, "attempt {attempt}");
        }
    }

    #[test]
    fn query_values_are_redacted() {
        let url = reqwest::Url::parse("https://h/v1/auth/userinfo?token=abc.def&x=1").unwrap();
        let r = redact_query(&url);
        assert!(!r.contains("abc.def"));
        assert!(r.contains("token=redacted"), "{r}");
    }
}
