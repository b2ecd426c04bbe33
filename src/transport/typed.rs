//! The facades' way through the transport: the request built by the
//! facade's generated method (anew for each attempt, so that no copy is
//! kept in case one fails), the answer decoded here into an
//! [`ApiResponse`] with its headers moved, every failure turned into the
//! crate's [`Error`] naming the operation.

use bytes::Bytes;

use super::body::{self, without_quoted_values, Decoder, Refusal};
use super::finish::{from_reqwest, refused};
use super::redact::SecretSource;
use super::send::{self, Again};
use super::{path, pipeline};
use crate::error::{snippet, Error};
use crate::operation::{Operation, OPERATIONS};
use crate::raw;
use crate::response::ApiResponse;

/// How a facade builds its request: what progenitor's generated method of
/// the same operation builds, header for header.
pub(crate) type Build<'a> = &'a (dyn Fn() -> reqwest::Result<reqwest::Request> + Send + Sync);

/// Calls the operation at `index` in the table with `raw`'s settings and
/// options: the request from `build`, the answer's body decoded by
/// `decode`.
pub(crate) async fn call<T>(
    index: usize,
    raw: &raw::Client,
    build: Build<'_>,
    decode: fn(&[u8]) -> Result<T, serde_json::Error>,
) -> Result<ApiResponse<T>, Error> {
    let operation: &'static Operation = &OPERATIONS[index];
    let transport = &raw.inner;
    if let Some(problem) = transport.options().and_then(|o| o.problem()) {
        return Err(Error::InvalidRequest {
            operation: operation.id,
            message: problem.to_string(),
        });
    }
    let fail = |e: reqwest::Error| from_reqwest(e, Some(operation), transport);
    let request = build().map_err(fail)?;
    if let Some(message) = path::mismatch(&raw.baseurl, operation, request.url()) {
        return Err(Error::InvalidRequest {
            operation: operation.id,
            message,
        });
    }
    let secrets = SecretSource::of(Some(operation), &request);
    let rebuild = || {
        let mut request = build().ok()?;
        send::apply_headers_and_timeout(transport, &mut request);
        Some(request)
    };
    let mut response = pipeline::run(
        raw,
        Some(index),
        request,
        Again::Rebuild(&rebuild),
        Decoder::Facade,
        &secrets,
    )
    .await
    .map_err(fail)?;
    if response.extensions().get::<Refusal>().is_some() {
        return Err(refused(&response, Some(operation)));
    }
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let limit = transport.max_response_bytes();
    let body = match body::read_all(&mut response, limit).await {
        Ok(Some(body)) => body,
        Ok(None) => {
            return Err(Error::ResponseTooLarge {
                operation: operation.id,
                status,
                limit,
            })
        }
        Err(e) => return Err(fail(e)),
    };
    match decode(&body) {
        Ok(data) => Ok(ApiResponse::new(status, headers, data)),
        Err(e) => Err(Error::Decode {
            operation: operation.id,
            status: Some(status),
            source: without_quoted_values(&e),
            snippet: body_for_error(operation, &secrets, body),
        }),
    }
}

/// What an error may show of a body that did not decode: nothing of an
/// answer with secrets, the request's secrets redacted otherwise.
fn body_for_error(operation: &Operation, secrets: &SecretSource, body: Bytes) -> String {
    if operation.sensitive_response {
        return format!(
            "<{} bytes withheld: the answer carries secrets>",
            body.len()
        );
    }
    let body = match secrets.secrets().redact_bytes(&body) {
        Some(redacted) => Bytes::from(redacted),
        None => body,
    };
    snippet(&String::from_utf8_lossy(&body))
}

/// Decodes an answer's JSON body.
pub(crate) fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// An answer without a body (its bytes, if any, are ignored, as the
/// generated client does).
pub(crate) fn no_body(_: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}
