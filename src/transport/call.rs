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
    /// The call [`AuthClient::call`](crate::AuthClient::call) runs on this
    /// task: the generated client's public methods read its options and
    /// leave what the hooks recorded in it. Boxed, because the task-local
    /// moves its value in and out at every poll. Facades do not use it:
    /// they hand their [`Call`] to the generated client by reference.
    static CALL: Box<RefCell<Call>>;
}

/// One call: the options in force while the generated client runs it, and
/// what the hooks recorded of it. A facade owns one and lends it to each
/// attempt (`<method>_in(.., &mut call)`); the generated client's public
/// methods make one of the call they run in, if any, or a bare one.
#[derive(Debug)]
pub(crate) struct Call {
    /// The operation the facade runs, if a facade runs the call.
    pub(crate) operation: Option<&'static Operation>,
    pub(crate) options: Option<Arc<RequestOptions>>,
    /// Whether the caller sends another attempt itself by running the
    /// generated call again (a facade); otherwise the hooks keep a copy of
    /// the request for one.
    pub(crate) rerun: bool,
    /// Whether the crate turns the result into an [`ApiResponse`]: the
    /// headers of a successful response then move into the outcome.
    pub(crate) in_call: bool,
    /// This attempt's number, from 1.
    pub(crate) attempt: u32,
    pub(crate) outcome: Outcome,
}

/// What the hooks learnt of an attempt.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub(crate) operation: Option<&'static Operation>,
    pub(crate) status: Option<StatusCode>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) too_large: Option<usize>,
    pub(crate) secrets: SecretSource,
    /// The headers of a successful response, moved here by the hooks so
    /// that they reach the `ApiResponse` without being copied.
    pub(crate) headers: Option<HeaderMap>,
    /// Set by the hooks when the attempt failed in a way worth another
    /// attempt, and one is left: how long to wait first.
    pub(crate) again: Option<Duration>,
}

impl Call {
    /// A call outside the crate's: the hooks retry by themselves and
    /// nothing is recorded for anyone.
    fn bare() -> Self {
        Self {
            operation: None,
            options: None,
            rerun: false,
            in_call: false,
            attempt: 1,
            outcome: Outcome::default(),
        }
    }

    /// The call of the task-local scope the generated client runs in, or a
    /// bare one.
    pub(crate) fn from_task() -> Self {
        CALL.try_with(|c| {
            c.try_borrow().ok().map(|c| Self {
                operation: c.operation,
                options: c.options.clone(),
                rerun: c.rerun,
                in_call: c.in_call,
                attempt: c.attempt,
                outcome: Outcome::default(),
            })
        })
        .ok()
        .flatten()
        .unwrap_or_else(Self::bare)
    }

    /// Leaves what the hooks recorded in the task-local scope, if any.
    pub(crate) fn into_task(self) {
        let _ = CALL.try_with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                c.outcome = self.outcome;
            }
        });
    }

    /// What the hooks learnt of the request they ran. The headers of a
    /// successful response move into the outcome.
    pub(crate) fn record(
        &mut self,
        operation: Option<&'static Operation>,
        timeout: Duration,
        limit: usize,
        secrets: SecretSource,
        again: Option<Duration>,
        result: &mut reqwest::Result<reqwest::Response>,
    ) {
        let o = &mut self.outcome;
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
            } else if self.in_call && r.status().is_success() {
                o.headers = Some(std::mem::take(r.headers_mut()));
            }
        }
    }

    /// The result of an attempt: the call's, or how long to wait before
    /// the next attempt (the outcome is then reset for it).
    pub(crate) fn settle<T>(&mut self, result: RawResult<T>) -> Next<T> {
        if let Some(delay) = self.outcome.again.take() {
            self.attempt += 1;
            self.outcome = Outcome {
                operation: self.operation,
                ..Outcome::default()
            };
            return Next::Again(delay);
        }
        Next::Done(finish(result, std::mem::take(&mut self.outcome)))
    }
}

/// What a facade does after an attempt.
pub(crate) enum Next<T> {
    /// The call's result.
    Done(Result<ApiResponse<T>, Error>),
    /// Wait this long, then send the call again.
    Again(Duration),
}

/// Starts a facade call: `operation` with `options`, refused before
/// anything is sent when the options cannot be honoured. Each attempt runs
/// the generated call anew with the call lent to it (`<method>_in`), so
/// that another attempt is sent anew (and signed anew) without a copy of
/// every request kept in case one fails; [`Call::settle`] turns the result
/// into an [`ApiResponse`] or an [`Error`] naming the operation.
pub(crate) fn start(
    operation: &'static Operation,
    options: Option<&Arc<RequestOptions>>,
) -> Result<Call, Error> {
    check(Some(operation), options)?;
    Ok(Call {
        operation: Some(operation),
        options: options.cloned(),
        rerun: true,
        in_call: true,
        attempt: 1,
        outcome: Outcome {
            operation: Some(operation),
            ..Outcome::default()
        },
    })
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
    let state = Box::new(RefCell::new(Call {
        operation: None,
        options: options.cloned(),
        rerun: false,
        in_call: true,
        attempt: 1,
        outcome: Outcome::default(),
    }));
    let mut call = std::pin::pin!(CALL.scope(state, request));
    let result = call.as_mut().await;
    let outcome = call
        .as_mut()
        .take_value()
        .map(|s| s.into_inner().outcome)
        .unwrap_or_default();
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

pub(crate) type RawResult<T> = Result<ResponseValue<T>, progenitor_client::Error<types::Error>>;

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
        E::UnexpectedResponse(response) if response.status().is_redirection() => Error::Redirect {
            operation,
            status: response.status(),
            location_host: response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| response.url().join(l).ok())
                .and_then(|u| {
                    let host = u.host_str()?.to_string();
                    Some(match u.port() {
                        Some(port) => format!("{host}:{port}"),
                        None => host,
                    })
                }),
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
                // An undocumented success of an operation whose answer
                // holds secrets may hold them too.
                _ if status.is_success() && op.is_some_and(|o| o.sensitive_response) => {
                    Error::UnexpectedStatus {
                        operation,
                        status,
                        snippet: format!(
                            "<{} bytes withheld: the answer carries secrets>",
                            body.len()
                        ),
                    }
                }
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
