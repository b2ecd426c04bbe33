//! What a request ends in, and how that becomes a result: the
//! [`Outcome`] the orchestrator settles on, the [`Refusal`] of an answer
//! that must not be decoded as the operation's, and the crate's
//! [`ApiResponse`](crate::ApiResponse) or [`Error`] for each way the generated client's call
//! can end. The only place that decodes an error body the transport
//! captured (the generated client decodes a documented one itself).
//!
//! Progenitor's hooks hand the `post` hook nothing but the response, so a
//! refusal travels from `exec` to `post` attached to it
//! ([`Refusal::attach`]), and on in the generated client's error, where
//! [`error`] reads it back.

use bytes::Bytes;
use progenitor_client::ResponseValue;
use reqwest::StatusCode;

use super::redact::{withheld, without_quoted_values};
use super::Transport;
use crate::error::{snippet, ApiError, Error};
use crate::operation::Operation;
use crate::raw::types;

/// The generated client's result for one call.
pub(crate) type RawResult<T> = Result<ResponseValue<T>, progenitor_client::Error<types::Error>>;

/// How a request ended, as the orchestrator settles it.
pub(crate) enum Outcome {
    /// An answer for the generated client to decode: a documented success
    /// within the size limit, or a documented error status with SaaSus'
    /// error body (read and redacted).
    Decode(reqwest::Response),
    /// An answer that must not be decoded as the operation's: as the caller
    /// may see it (body read whole and redacted, or empty), and why. Boxed:
    /// rare, and every outcome is moved on its way back.
    Refused(Box<(reqwest::Response, Refusal)>),
    /// No answer: a timeout, a connection failure, a body that broke off.
    Failed(reqwest::Error),
}

impl Outcome {
    /// `response`, refused for `refusal`.
    pub(crate) fn refused(response: reqwest::Response, refusal: Refusal) -> Self {
        Outcome::Refused(Box::new((response, refusal)))
    }
}

/// Why an answer is not decoded as the operation's, with what its error
/// needs.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    /// The operation, as the hooks found it in the table.
    pub(crate) operation: Option<&'static Operation>,
    pub(crate) reason: Reason,
}

/// What is wrong with an answer.
#[derive(Debug, Clone)]
pub(crate) enum Reason {
    /// Its body is larger than the limit (bytes).
    TooLarge(usize),
    /// A status the spec does not document (an error, a redirect, a
    /// success), or a documented error status without SaaSus' error body:
    /// the body, read whole and redacted.
    Status(Bytes),
    /// A documented success whose body does not decode as the operation's
    /// answer, for a request or an answer with secrets: what may be shown
    /// of the body, and serde's message without the values it quotes.
    Undecodable {
        visible_body: Bytes,
        message: String,
    },
}

impl Refusal {
    /// `response` carrying this refusal, for the way from `exec` to `post`.
    pub(crate) fn attach(self, mut response: reqwest::Response) -> reqwest::Response {
        response.extensions_mut().insert(self);
        response
    }

    /// The refusal `response` carries, if any.
    pub(crate) fn attached(response: &reqwest::Response) -> Option<&Refusal> {
        response.extensions().get::<Refusal>()
    }

    /// Whether the body was over the size limit.
    pub(crate) fn is_too_large(&self) -> bool {
        matches!(self.reason, Reason::TooLarge(_))
    }

    /// The generated client's error for `response`, which carries this
    /// refusal: an answer that did not decode as its payload error, with
    /// only what may be shown of it; any other as an unexpected response (a
    /// copy with the body read, carrying the refusal on to [`error`]).
    pub(crate) fn to_generated_error<E>(
        &self,
        response: &reqwest::Response,
    ) -> progenitor_client::Error<E> {
        use progenitor_client::Error as E;
        let body = match &self.reason {
            Reason::Undecodable {
                visible_body,
                message,
            } => {
                return E::InvalidResponsePayload(
                    visible_body.clone(),
                    <serde_json::Error as serde::de::Error>::custom(message),
                )
            }
            Reason::Status(body) => body.clone(),
            Reason::TooLarge(_) => Bytes::new(),
        };
        let copy = build(
            response.status(),
            response.version(),
            response.headers().clone(),
            response.url().clone(),
            body,
        );
        E::UnexpectedResponse(self.clone().attach(copy))
    }
}

/// How errors name an operation nobody named (a request that could not even
/// be built, run through [`AuthClient::call`](crate::AuthClient::call)).
const UNKNOWN: &str = "unknown operation";

/// The crate's error for the generated client's `error`, a call of
/// `operation` (when the caller knows it) sent by a client with
/// `transport`.
pub(crate) fn error(
    error: progenitor_client::Error<types::Error>,
    operation: Option<&'static Operation>,
    transport: &Transport,
) -> Error {
    use progenitor_client::Error as E;
    let name = |op: Option<&'static Operation>| op.map_or(UNKNOWN, |o| o.id);
    match error {
        E::InvalidRequest(message) | E::Custom(message) => Error::InvalidRequest {
            operation: name(operation),
            message,
        },
        E::CommunicationError(e) | E::InvalidUpgrade(e) | E::ResponseBodyError(e) => {
            from_reqwest(e, operation, transport)
        }
        // A documented error status with SaaSus' error body, decoded by the
        // generated client (the hooks refuse every other error answer).
        E::ErrorResponse(value) => Error::Api {
            operation: name(operation),
            error: api_error(value.status(), value.into_inner()),
        },
        // A documented success that does not decode; its bytes were made
        // safe by the hooks when the request or answer holds secrets.
        E::InvalidResponsePayload(body, source) => Error::Decode {
            operation: name(operation),
            status: operation.and_then(|o| StatusCode::from_u16(o.success_status).ok()),
            source: without_quoted_values(&source),
            snippet: snippet(&String::from_utf8_lossy(&body)),
        },
        E::UnexpectedResponse(response) => {
            refused(&response, operation, Refusal::attached(&response))
        }
    }
}

/// The error for a failure of reqwest's: a timeout, a request that could
/// not be built, or a failure on the way. Never with the URL.
fn from_reqwest(
    e: reqwest::Error,
    operation: Option<&'static Operation>,
    transport: &Transport,
) -> Error {
    let operation = operation.map_or(UNKNOWN, |o| o.id);
    if e.is_timeout() {
        Error::Timeout {
            operation,
            after: Some(transport.timeout()),
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

/// The error for an answer the transport refused (or, outside the hooks,
/// one the generated client did not expect). The only place that decodes
/// an error body of the transport's.
pub(crate) fn refused(
    response: &reqwest::Response,
    operation: Option<&'static Operation>,
    refusal: Option<&Refusal>,
) -> Error {
    let status = response.status();
    let op = operation.or(refusal.and_then(|r| r.operation));
    let operation = op.map_or(UNKNOWN, |o| o.id);
    let body = match refusal.map(|r| &r.reason) {
        Some(Reason::TooLarge(limit)) => {
            return Error::ResponseTooLarge {
                operation,
                status,
                limit: *limit,
            }
        }
        Some(Reason::Status(body)) => body.clone(),
        _ => Default::default(),
    };
    if status.is_redirection() {
        return Error::Redirect {
            operation,
            status,
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
        };
    }
    match serde_json::from_slice::<types::Error>(&body) {
        Ok(e) if !status.is_success() => Error::Api {
            operation,
            error: api_error(status, e),
        },
        // A documented error status whose body is not SaaSus' error body.
        Err(e) if op.is_some_and(|o| o.error_statuses.contains(&status.as_u16())) => {
            Error::Decode {
                operation,
                status: Some(status),
                source: without_quoted_values(&e),
                snippet: snippet(&String::from_utf8_lossy(&body)),
            }
        }
        // An undocumented success of an operation whose answer holds
        // secrets may hold them too.
        _ if status.is_success() && op.is_some_and(|o| o.sensitive_response) => {
            Error::UnexpectedStatus {
                operation,
                status,
                snippet: withheld(body.len()),
            }
        }
        _ => Error::UnexpectedStatus {
            operation,
            status,
            snippet: snippet(&String::from_utf8_lossy(&body)),
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

/// A response with these parts.
pub(super) fn build(
    status: reqwest::StatusCode,
    version: reqwest::Version,
    headers: reqwest::header::HeaderMap,
    url: reqwest::Url,
    body: Bytes,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt;
    let mut builder = http::Response::builder()
        .status(status)
        .version(version)
        .url(url);
    if let Some(h) = builder.headers_mut() {
        *h = headers;
    }
    builder
        .body(body)
        .map(reqwest::Response::from)
        .unwrap_or_else(|_| reqwest::Response::from(http::Response::new(Bytes::new())))
}
