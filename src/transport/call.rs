//! One call: the options in force while the generated client runs it, what
//! the hooks learn on the way (the operation, status, secrets), and the
//! turning of its result into the crate's types, without another `.await`.

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::body::{ErrorBody, TooLarge};
use super::options::RequestOptions;
use super::redact::SecretSource;
use crate::error::{snippet, ApiError, Error};
use crate::operation::Operation;
use crate::raw::types;
use crate::response::ApiResponse;

tokio::task_local! {
    /// The call running on this task, for the hooks to read and write. Held
    /// by the task (no `Arc`, no lock): the hooks borrow it only between
    /// awaits. Boxed, because the task-local moves its value in and out at
    /// every poll: a pointer is cheaper to move than the state.
    pub(crate) static CALL: Box<CallState>;
}

/// The options of one call and what the hooks recorded of it.
#[derive(Debug, Default)]
pub(crate) struct CallState {
    options: Option<Arc<RequestOptions>>,
    /// Whether the caller sends another attempt itself by running the
    /// generated call again (a facade); otherwise the hooks keep a copy of
    /// the request for one.
    rerun: bool,
    /// This attempt's number, from 1.
    attempt: u32,
    outcome: RefCell<Outcome>,
}

/// What the hooks read of the call before sending.
pub(crate) struct CallInfo {
    /// The operation the facade runs, if a facade runs the call.
    pub(crate) operation: Option<&'static Operation>,
    pub(crate) options: Option<Arc<RequestOptions>>,
    pub(crate) rerun: bool,
    pub(crate) attempt: u32,
}

#[derive(Debug, Default)]
struct Outcome {
    operation: Option<&'static Operation>,
    status: Option<StatusCode>,
    timeout: Option<Duration>,
    too_large: Option<usize>,
    secrets: SecretSource,
    /// The headers of a successful response, moved here by the hooks so
    /// that they reach the `ApiResponse` without being copied.
    headers: Option<HeaderMap>,
    /// Set by the hooks when the attempt failed in a way worth another
    /// attempt, and one is left: how long to wait first.
    again: Option<Duration>,
}

impl CallState {
    pub(crate) fn info(&self) -> CallInfo {
        CallInfo {
            operation: self.outcome.try_borrow().ok().and_then(|o| o.operation),
            options: self.options.clone(),
            rerun: self.rerun,
            attempt: self.attempt,
        }
    }

    /// What the hooks learnt of the request they ran. The headers of a
    /// successful response move into the call state.
    pub(crate) fn record(
        &self,
        operation: Option<&'static Operation>,
        timeout: Duration,
        limit: usize,
        secrets: SecretSource,
        again: Option<Duration>,
        result: &mut reqwest::Result<reqwest::Response>,
    ) {
        let Ok(mut o) = self.outcome.try_borrow_mut() else {
            return;
        };
        if operation.is_some() {
            o.operation = operation;
        }
        o.timeout = Some(timeout);
        o.secrets = secrets;
        o.again = again;
        if let Ok(r) = result {
            o.status = Some(r.status());
            if r.extensions().get::<TooLarge>().is_some() {
                o.too_large = Some(limit);
            } else if r.status().is_success() {
                o.headers = Some(std::mem::take(r.headers_mut()));
            }
        }
    }
}

/// Runs a facade call: `make` builds the generated call, once per attempt,
/// so that another attempt is sent anew (and signed anew) without a copy of
/// every request kept in case one fails. Turns the result into an
/// [`ApiResponse`] or an [`Error`] naming the operation.
pub(crate) async fn run<T, F, Fut>(
    operation: &'static Operation,
    options: Option<&Arc<RequestOptions>>,
    make: F,
) -> Result<ApiResponse<T>, Error>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<types::Error>>>,
{
    check(Some(operation), options)?;
    let mut attempt = 1;
    loop {
        let (result, outcome) = attempt_once(Some(operation), options, true, attempt, make()).await;
        if let Some(delay) = outcome.again {
            tokio::time::sleep(delay).await;
            attempt += 1;
            continue;
        }
        return finish(result, outcome);
    }
}

/// Runs one call of the generated client that cannot be built again (a
/// future handed in): the hooks keep a copy of the request for another
/// attempt. The operation is the one the generated client names.
pub(crate) async fn run_once<T, Fut>(
    options: Option<&Arc<RequestOptions>>,
    request: Fut,
) -> Result<ApiResponse<T>, Error>
where
    Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<types::Error>>>,
{
    check(None, options)?;
    let (result, outcome) = attempt_once(None, options, false, 1, request).await;
    finish(result, outcome)
}

fn check(
    operation: Option<&'static Operation>,
    options: Option<&Arc<RequestOptions>>,
) -> Result<(), Error> {
    match options.and_then(|o| o.problem()) {
        Some(problem) => Err(Error::InvalidRequest {
            operation: operation.map_or(UNKNOWN, |o| o.id),
            message: problem.to_string(),
        }),
        None => Ok(()),
    }
}

type RawResult<T> = Result<ResponseValue<T>, progenitor_client::Error<types::Error>>;

/// One attempt with the call state in scope, and what the hooks recorded.
async fn attempt_once<T, Fut>(
    operation: Option<&'static Operation>,
    options: Option<&Arc<RequestOptions>>,
    rerun: bool,
    attempt: u32,
    request: Fut,
) -> (RawResult<T>, Outcome)
where
    Fut: Future<Output = RawResult<T>>,
{
    let state = Box::new(CallState {
        options: options.cloned(),
        rerun,
        attempt,
        outcome: RefCell::new(Outcome {
            operation,
            ..Outcome::default()
        }),
    });
    let mut call = std::pin::pin!(CALL.scope(state, request));
    let result = call.as_mut().await;
    let outcome = call
        .as_mut()
        .take_value()
        .map(|s| s.outcome.into_inner())
        .unwrap_or_default();
    (result, outcome)
}

fn finish<T>(result: RawResult<T>, outcome: Outcome) -> Result<ApiResponse<T>, Error> {
    match result {
        Ok(v) => {
            let status = v.status();
            let headers = match outcome.headers {
                Some(h) => h,
                None => v.headers().clone(),
            };
            Ok(ApiResponse::new(status, headers, v.into_inner()))
        }
        Err(e) => Err(convert(e, outcome)),
    }
}

/// How errors name an operation no hook saw (a request that could not even
/// be built).
const UNKNOWN: &str = "unknown operation";

/// The crate's error for an error of the generated client.
fn convert(error: progenitor_client::Error<types::Error>, outcome: Outcome) -> Error {
    use progenitor_client::Error as E;
    let op = outcome.operation;
    let operation = op.map_or(UNKNOWN, |o| o.id);
    match error {
        E::InvalidRequest(message) => Error::InvalidRequest { operation, message },
        E::CommunicationError(e) | E::InvalidUpgrade(e) | E::ResponseBodyError(e) => {
            if e.is_timeout() {
                Error::Timeout {
                    operation,
                    after: outcome.timeout,
                }
            } else if e.is_builder() || e.is_body() && e.status().is_none() && e.is_request() {
                Error::InvalidRequest {
                    operation,
                    message: e.without_url().to_string(),
                }
            } else {
                Error::Transport {
                    operation,
                    source: e.without_url(),
                }
            }
        }
        E::ErrorResponse(rv) => Error::Api {
            operation,
            error: api_error(rv.status(), rv.into_inner()),
        },
        E::InvalidResponsePayload(body, source) => Error::Decode {
            operation,
            status: outcome.status,
            source,
            snippet: if op.is_some_and(|o| o.sensitive_response) {
                format!(
                    "<{} bytes withheld: the answer carries secrets>",
                    body.len()
                )
            } else {
                snippet(
                    &outcome
                        .secrets
                        .secrets()
                        .redact(&String::from_utf8_lossy(&body)),
                )
            },
        },
        E::UnexpectedResponse(response) => {
            let status = response.status();
            // Captured, bounded and redacted by the transport.
            let body = response
                .extensions()
                .get::<ErrorBody>()
                .map(|b| b.0.clone())
                .unwrap_or_default();
            match serde_json::from_slice::<types::Error>(&body) {
                Ok(e) if !status.is_success() => Error::Api {
                    operation,
                    error: api_error(status, e),
                },
                _ => Error::UnexpectedStatus {
                    operation,
                    status,
                    snippet: snippet(&String::from_utf8_lossy(&body)),
                },
            }
        }
        E::Custom(message) => match outcome.too_large.zip(outcome.status) {
            Some((limit, status)) => Error::ResponseTooLarge {
                operation,
                status,
                limit,
            },
            None => Error::InvalidRequest { operation, message },
        },
    }
}

fn api_error(status: StatusCode, body: types::Error) -> ApiError {
    ApiError {
        status,
        error_type: body.type_,
        message: body.message,
        data: body.data.filter(|data| !data.is_empty()),
    }
}
