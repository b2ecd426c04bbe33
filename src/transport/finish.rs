//! The crate's results: what the generated client answers, a failure of
//! reqwest's and an answer the transport refused, each turned into an
//! [`ApiResponse`] or the one [`Error`] for that way of failing, named after
//! its operation. The only place that decodes an error body the transport
//! captured (the generated client decodes a documented one itself).

use progenitor_client::ResponseValue;
use reqwest::StatusCode;

use super::body::{without_quoted_values, Reason, Refusal};
use super::Transport;
use crate::error::{snippet, ApiError, Error};
use crate::operation::Operation;
use crate::raw::types;
use crate::response::ApiResponse;

/// The generated client's result for one call.
pub(crate) type RawResult<T> = Result<ResponseValue<T>, progenitor_client::Error<types::Error>>;

/// How errors name an operation nobody named (a request that could not even
/// be built, run through [`AuthClient::call`](crate::AuthClient::call)).
const UNKNOWN: &str = "unknown operation";

/// The crate's result for `result`, a call of `operation` (when the caller
/// knows it) sent by a client with `transport`.
pub(crate) fn finish<T>(
    operation: Option<&'static Operation>,
    transport: &Transport,
    result: RawResult<T>,
) -> Result<ApiResponse<T>, Error> {
    match result {
        Ok(value) => Ok(ApiResponse::from(value)),
        Err(e) => Err(error(e, operation, transport)),
    }
}

fn error(
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
        E::UnexpectedResponse(response) => refused(&response, operation),
    }
}

/// The error for a failure of reqwest's: a timeout, a request that could
/// not be built, or a failure on the way. Never with the URL.
pub(crate) fn from_reqwest(
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
) -> Error {
    let status = response.status();
    let refusal = response.extensions().get::<Refusal>();
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

fn api_error(status: StatusCode, body: types::Error) -> ApiError {
    ApiError {
        status,
        error_type: body.type_,
        message: body.message,
        data: body.data.filter(|data| !data.is_empty()),
    }
}
