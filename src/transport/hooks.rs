//! The generated client's hooks: every request, whichever layer sends it,
//! gets its headers, a signature per attempt, its timeout, safe retries, the
//! body limit, redaction and a tracing span, all decided by the operation
//! the generated client names (looked up in the operation table).

use std::future::Future;
use std::time::Instant;

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::Method;
use tracing::Instrument;

use super::body::{capture_error, read_bounded, Guarded, TooLarge};
use super::call::Call;
use super::redact::SecretSource;
use super::retry::retry_after;
use super::Shared;
use crate::operation::Operation;
use crate::raw;

impl ClientHooks<super::Inner> for raw::Client {
    /// Not called by the generated methods, which send through
    /// `raw::Client::exec_in` with their call; kept so that a request
    /// sent through the trait gets the same treatment.
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let mut call = Call::from_task();
        let result = self.exec_in(request, info, &mut call).await;
        call.into_task();
        result
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
                    Operation::by_method_name(info.operation_id)
                        .map_or(info.operation_id, |o| o.id),
                    response.status()
                ))),
                None => Ok(()),
            },
            Err(_) => Ok(()),
        }
    }
}

impl raw::Client {
    /// Sends `request` for the generated method `info` names, as one
    /// attempt of `call`: headers, timeout, signature, the body limit,
    /// redaction, a tracing span, and retries (by the hooks, or by the
    /// caller when `call.rerun`). What the hooks learn goes into `call`.
    ///
    /// Everything up to the sending is done before the returned future is
    /// first polled, so that the future holds no request, only what is
    /// needed after the answer.
    pub(crate) fn exec_in<'a>(
        &'a self,
        mut request: reqwest::Request,
        info: &OperationInfo,
        call: &'a mut Call,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a {
        let shared = &*self.inner.shared;
        let client = &self.client;
        // The operation the generated client names: the facade's own entry
        // when it is that one, else looked up in the table.
        let operation = call
            .operation
            .filter(|op| op.method_name == info.operation_id)
            .or_else(|| Operation::by_method_name(info.operation_id));
        let options = call.options.as_deref();
        // Headers: configured defaults, then per-call overrides.
        for (name, value) in &shared.headers {
            if !request.headers().contains_key(name) {
                request.headers_mut().insert(name.clone(), value.clone());
            }
        }
        if let Some(o) = options {
            for (name, value) in &o.headers {
                request.headers_mut().insert(name.clone(), value.clone());
            }
        }
        let timeout = options.and_then(|o| o.timeout).unwrap_or(shared.timeout);
        *request.timeout_mut() = Some(timeout);
        let secrets = SecretSource::of(operation, &request);

        let idempotent = match operation {
            Some(op) => op.retried_by_default(),
            None => matches!(
                *request.method(),
                Method::GET | Method::HEAD | Method::OPTIONS
            ),
        };
        let retry = options.and_then(|o| o.retry).unwrap_or(idempotent);
        let max_attempts = if retry {
            options
                .and_then(|o| o.max_attempts)
                .unwrap_or(shared.max_attempts)
                .max(1)
        } else {
            1
        };
        let limit = shared.max_response_bytes;
        // On a client of the caller's, which may follow redirects: a body
        // with secrets must not be re-sent to where a 307 points.
        let once = shared.foreign_client
            && request.body().is_some()
            && operation.is_none_or(|op| {
                op.inputs
                    .iter()
                    .any(|i| i.location == crate::operation::Location::Body && i.sensitive)
            });
        let attempt = call.attempt;
        let rerun = call.rerun;

        let span = tracing::debug_span!(
            "saasus_request",
            operation = operation.map_or("unknown", |o| o.id),
            method = %request.method(),
            path = operation.map_or("unknown", |o| o.path),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let started = Instant::now();
        // One attempt here unless the hooks retry by themselves (a call
        // that cannot be sent again by its caller), which keeps a copy of
        // the request for each further attempt: boxed, off the common path.
        let sent = if rerun || attempt >= max_attempts {
            let _entered = span.enter();
            shared.sign(&mut request);
            if once {
                send_once(&mut request);
            }
            Ok(client.execute(request))
        } else {
            Err(Box::pin(
                shared
                    .retrying(client, request, attempt, max_attempts, once)
                    .instrument(span.clone()),
            ))
        };
        let fields = span.clone();
        async move {
            let (outcome, attempt, again) = match sent {
                Ok(pending) => {
                    let outcome = pending.await;
                    // The caller sends the next attempt.
                    let again = if rerun && attempt < max_attempts {
                        retry_after(&outcome, attempt)
                    } else {
                        None
                    };
                    if let Some(delay) = again {
                        tracing::debug!(attempt, ?delay, "retrying");
                    }
                    (outcome, attempt, again)
                }
                Err(retrying) => {
                    let (outcome, attempt) = retrying.await;
                    (outcome, attempt, None)
                }
            };
            fields.record("attempts", attempt);
            let mut secrets = secrets;
            let mut result = shared
                .respond(outcome, operation, limit, &mut secrets, &fields, started)
                .await;
            call.record(operation, timeout, limit, secrets, again, &mut result);
            result
        }
        .instrument(span)
    }
}

impl Shared {
    /// Sends `request`, and again after a retryable failure while attempts
    /// are left, keeping a copy of it for the next. Answers the last
    /// outcome and its attempt number.
    async fn retrying(
        &self,
        client: &reqwest::Client,
        mut request: reqwest::Request,
        mut attempt: u32,
        max_attempts: u32,
        once: bool,
    ) -> (reqwest::Result<reqwest::Response>, u32) {
        loop {
            // Keep a copy for another attempt; bodies here are bytes, so
            // this only fails for streams, which are then sent once.
            let spare = if attempt < max_attempts {
                request.try_clone()
            } else {
                None
            };
            self.sign(&mut request);
            if once {
                send_once(&mut request);
            }
            let outcome = client.execute(request).await;
            if attempt < max_attempts {
                if let Some(delay) = retry_after(&outcome, attempt) {
                    if let Some(next) = spare {
                        tracing::debug!(attempt, ?delay, "retrying");
                        drop(outcome);
                        tokio::time::sleep(delay).await;
                        attempt += 1;
                        request = next;
                        continue;
                    }
                }
            }
            return (outcome, attempt);
        }
    }

    /// The answer to the last attempt, its body within the limit (an
    /// error's captured and redacted); logged.
    async fn respond(
        &self,
        outcome: reqwest::Result<reqwest::Response>,
        operation: Option<&'static Operation>,
        limit: usize,
        secrets: &mut SecretSource,
        fields: &tracing::Span,
        started: Instant,
    ) -> reqwest::Result<reqwest::Response> {
        let response = match outcome {
            Ok(response) => response,
            Err(e) => {
                let e = e.without_url();
                tracing::debug!(error = %e, elapsed = ?started.elapsed(), "request failed");
                return Err(e);
            }
        };
        let status = response.status();
        fields.record("status", status.as_u16());
        // A 2xx the spec does not document for the operation is an error
        // (progenitor's `UnexpectedResponse`): captured and redacted like
        // one, so that neither layer shows its URL's query or its body.
        let documented = operation.is_none_or(|op| op.success_status == status.as_u16());
        let result = if status.is_success() && documented {
            let mut result = match response.content_length() {
                // Within the limit: hyper never reads past it.
                Some(n) if n <= limit as u64 => Ok(response),
                // Read here, off the common path.
                _ => Box::pin(read_bounded(response, limit)).await,
            };
            // What a body that fails to read or decode must not show; only
            // for requests or answers with secrets (no cost for the others).
            let withhold = operation.is_some_and(|op| op.sensitive_response);
            let carries = operation.map_or(!secrets.is_empty(), |op| {
                !op.sensitive_inputs.is_empty() && !secrets.is_empty()
            });
            if withhold || carries {
                if let Ok(r) = &mut result {
                    // Moved, not copied: only a failure to decode this
                    // body needs them now, and it finds them here.
                    r.extensions_mut().insert(Guarded {
                        source: std::mem::take(secrets),
                        withhold,
                    });
                }
            }
            result
        } else {
            Box::pin(capture_error(response, limit, &secrets.secrets())).await
        };
        match &result {
            Ok(r) if r.extensions().get::<TooLarge>().is_some() => {
                tracing::debug!(%status, limit, elapsed = ?started.elapsed(), "response too large")
            }
            Ok(_) => tracing::debug!(%status, elapsed = ?started.elapsed(), "response"),
            Err(e) => {
                tracing::debug!(error = %e.without_url_ref(), elapsed = ?started.elapsed(), "body read failed")
            }
        }
        result.map_err(reqwest::Error::without_url)
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

/// Makes `request`'s body one that reqwest cannot clone (after signing, over
/// the same bytes): a client that follows redirects then answers a 307 or
/// 308 as it is, instead of sending the body again to wherever it points
/// (and a 301, 302 or 303 is followed as a GET without the body, and
/// without the `Authorization` header on another host).
fn send_once(request: &mut reqwest::Request) {
    let text = request
        .body()
        .and_then(|b| b.as_bytes())
        .and_then(|b| std::str::from_utf8(b).ok())
        .map(str::to_owned);
    if let Some(text) = text {
        *request.body_mut() = Some(reqwest::Body::wrap(text));
    }
}

/// `reqwest::Error::without_url` by reference, for logging.
trait WithoutUrlRef {
    fn without_url_ref(&self) -> String;
}

impl WithoutUrlRef for reqwest::Error {
    fn without_url_ref(&self) -> String {
        let mut s = self.to_string();
        if let Some(url) = self.url() {
            s = s.replace(url.as_str(), "<url>");
        }
        s
    }
}
