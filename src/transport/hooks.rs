//! The generated client's hooks: every request, whichever layer sends it,
//! gets its headers, a signature per attempt, its timeout, safe retries, the
//! body limit, redaction and a tracing span, all decided by the operation
//! the generated client names (looked up in the operation table).

use std::time::Instant;

use progenitor_client::{ClientHooks, OperationInfo};
use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::Method;
use tracing::Instrument;

use super::body::{capture_error, read_bounded, TooLarge};
use super::call::{CallInfo, CallState, CALL};
use super::redact::SecretSource;
use super::retry::retry_after;
use super::Shared;
use crate::operation::Operation;
use crate::raw;

impl ClientHooks<super::Inner> for raw::Client {
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        // `Some` inside a call of the crate, `None` for a bare low-level call.
        let call = CALL.try_with(|c| CallState::info(c)).ok();
        // The operation the generated client names: the facade's own entry
        // when it is that one, else looked up in the table.
        let operation = call
            .as_ref()
            .and_then(|c| c.operation)
            .filter(|op| op.method_name == info.operation_id)
            .or_else(|| Operation::by_method_name(info.operation_id));
        self.inner
            .shared
            .execute(&self.client, request, operation, call)
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

impl Shared {
    async fn execute(
        &self,
        client: &reqwest::Client,
        mut request: reqwest::Request,
        operation: Option<&'static Operation>,
        call: Option<CallInfo>,
    ) -> reqwest::Result<reqwest::Response> {
        let in_call = call.is_some();
        // A facade call sends each attempt itself (it runs the generated
        // call again), so no copy of the request is kept for one here.
        let (first_attempt, rerun) = call.as_ref().map_or((1, false), |c| (c.attempt, c.rerun));
        let options = call.and_then(|c| c.options);
        let options = options.as_deref();
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
        let secrets = SecretSource::of(operation, &request);

        let idempotent = match operation {
            Some(op) => op.idempotent,
            None => matches!(
                *request.method(),
                Method::GET | Method::HEAD | Method::OPTIONS
            ),
        };
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
            operation = operation.map_or("unknown", |o| o.id),
            method = %request.method(),
            path = operation.map_or("unknown", |o| o.path),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let mut again = None;
        let fields = span.clone();
        let attempts = async {
            let started = Instant::now();
            let mut attempt = first_attempt;
            let mut request = request;
            loop {
                // Keep a copy for another attempt; bodies here are bytes, so
                // this only fails for streams, which are then sent once.
                let spare = if attempt < max_attempts && !rerun {
                    request.try_clone()
                } else {
                    None
                };
                self.sign(&mut request);
                let outcome = client.execute(request).await;
                if attempt < max_attempts {
                    if let Some(delay) = retry_after(&outcome, attempt) {
                        if rerun {
                            // The facade sends the next attempt.
                            tracing::debug!(attempt, ?delay, "retrying");
                            again = Some(delay);
                        } else if let Some(next) = spare {
                            tracing::debug!(attempt, ?delay, "retrying");
                            drop(outcome);
                            tokio::time::sleep(delay).await;
                            attempt += 1;
                            request = next;
                            continue;
                        }
                    }
                }
                fields.record("attempts", attempt);
                let response = match outcome {
                    Ok(response) => response,
                    Err(e) => {
                        let e = e.without_url();
                        tracing::debug!(error = %e, elapsed = ?started.elapsed(), "request failed");
                        break Err(e);
                    }
                };
                let status = response.status();
                fields.record("status", status.as_u16());
                let result = if status.is_success() {
                    read_bounded(response, limit).await
                } else {
                    capture_error(response, limit, &secrets.secrets()).await
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
                break result.map_err(reqwest::Error::without_url);
            }
        };
        // Without a subscriber that wants it, the span is not entered at
        // every poll.
        let mut result = if span.is_disabled() {
            attempts.await
        } else {
            attempts.instrument(span).await
        };
        if in_call {
            let _ =
                CALL.try_with(|c| c.record(operation, timeout, limit, secrets, again, &mut result));
        }
        result
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
