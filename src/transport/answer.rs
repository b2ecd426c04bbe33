//! Reading and reshaping answers for the settle phase of the
//! [orchestrator](super::orchestrator): bodies read within the size limit,
//! error bodies and redirects stripped of the request's secrets, answers
//! with secrets checked to decode, and serde's messages without the values
//! they quote.

use bytes::{Bytes, BytesMut};

use super::outcome::{build, Outcome, Reason, Refusal};
use super::redact::{redacted_url, withheld, without_quoted_values, SecretSource, Secrets};
use crate::operation::{self, Operation};

/// Who decodes an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decoder {
    /// The generated client, which puts an answer that does not decode in
    /// its error, and decodes a documented error status with SaaSus' error
    /// body itself.
    Generated,
    /// A facade, which redacts what it shows itself and decodes every
    /// error body from its refusal.
    Facade,
}

/// Enforces the body limit on a documented success that does not
/// announce a length within it: read here, at most `limit` bytes, and
/// rebuilt; refused when over the limit.
pub(super) async fn read_bounded(
    mut response: reqwest::Response,
    operation: Option<&'static Operation>,
    limit: usize,
) -> reqwest::Result<Outcome> {
    match response.content_length() {
        Some(n) if n > limit as u64 => return Ok(too_large(response, operation, limit)),
        Some(_) => return Ok(Outcome::Decode(response)),
        None => {}
    }
    match read_all(&mut response, limit).await? {
        Some(body) => Ok(Outcome::Decode(rebuild(response, body))),
        None => Ok(too_large(response, operation, limit)),
    }
}

/// Reads a documented success of a request or an answer with secrets, and
/// checks that it decodes: if not, the answer is refused with what may be
/// shown of it (nothing of an answer with secrets, the request's secrets
/// redacted otherwise).
pub(super) async fn check(
    mut response: reqwest::Response,
    operation: Option<&'static Operation>,
    limit: usize,
    secrets: &SecretSource,
) -> reqwest::Result<Outcome> {
    let Some(body) = read_all(&mut response, limit).await? else {
        return Ok(too_large(response, operation, limit));
    };
    let failure = operation.and_then(|op| operation::check_answer(op, &body).err());
    let Some(e) = failure else {
        return Ok(Outcome::Decode(rebuild(response, body)));
    };
    let refusal = Refusal {
        operation,
        reason: Reason::Undecodable {
            visible_body: visible_body(operation, secrets, body),
            message: without_quoted_values(&e).to_string(),
        },
    };
    Ok(Outcome::refused(rebuild(response, Bytes::new()), refusal))
}

/// What an error may show of a body that did not decode: nothing of an
/// answer with secrets (its size), the request's secrets redacted
/// otherwise.
fn visible_body(operation: Option<&Operation>, secrets: &SecretSource, body: Bytes) -> Bytes {
    if operation.is_some_and(|op| op.sensitive_response) {
        return Bytes::from(withheld(body.len()));
    }
    match secrets.secrets().redact_bytes(&body) {
        Some(redacted) => Bytes::from(redacted),
        None => body,
    }
}

/// The start of [`visible_body`], for an error's text.
pub(super) fn body_for_error(operation: &Operation, secrets: &SecretSource, body: Bytes) -> String {
    let body = visible_body(Some(operation), secrets, body);
    crate::error::snippet(&String::from_utf8_lossy(&body))
}

/// Reads an answer that is not a documented success whole (within the
/// limit) and redacts `secrets` out of its body, URL and `Location`. For
/// the generated client, a documented error status with SaaSus' error body
/// goes to it to decode (its typed `ErrorResponse`); any other answer is
/// refused.
pub(super) async fn capture(
    mut response: reqwest::Response,
    operation: Option<&'static Operation>,
    limit: usize,
    secrets: &Secrets,
    decoder: Decoder,
) -> reqwest::Result<Outcome> {
    let Some(body) = read_all(&mut response, limit).await? else {
        return Ok(too_large(response, operation, limit));
    };
    let body = match secrets.redact_bytes(&body) {
        Some(redacted) => Bytes::from(redacted),
        None => body,
    };
    let url = redacted_url(response.url(), secrets);
    strip_location(&mut response, secrets);
    let status = response.status().as_u16();
    let decodable = decoder == Decoder::Generated
        && operation.is_some_and(|op| op.error_statuses.contains(&status))
        && serde_json::from_slice::<crate::raw::types::Error>(&body).is_ok();
    let rebuilt = rebuild_with(response, body.clone(), url);
    if decodable {
        return Ok(Outcome::Decode(rebuilt));
    }
    let refusal = Refusal {
        operation,
        reason: Reason::Status(body),
    };
    Ok(Outcome::refused(rebuilt, refusal))
}

/// A redirect's `Location` reduced to where it points: scheme, host, port
/// and path (secrets of the request redacted), never its query or
/// fragment, which could carry a code or token.
fn strip_location(response: &mut reqwest::Response, secrets: &Secrets) {
    let Some(location) = response.headers().get(reqwest::header::LOCATION) else {
        return;
    };
    let reduced = location
        .to_str()
        .ok()
        .and_then(|l| response.url().join(l).ok())
        .map(|mut u| {
            u.set_query(None);
            u.set_fragment(None);
            let _ = u.set_password(None);
            let _ = u.set_username("");
            redacted_url(&u, secrets).to_string()
        })
        .and_then(|u| reqwest::header::HeaderValue::from_str(&u).ok());
    match reduced {
        Some(v) => {
            response.headers_mut().insert(reqwest::header::LOCATION, v);
        }
        None => {
            response.headers_mut().remove(reqwest::header::LOCATION);
        }
    }
}

/// The whole body, or `None` when it is larger than `limit` (announced so
/// by `Content-Length`, or found so while reading).
pub(super) async fn read_all(
    response: &mut reqwest::Response,
    limit: usize,
) -> reqwest::Result<Option<Bytes>> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Ok(None);
    }
    let Some(first) = response.chunk().await? else {
        return Ok(Some(Bytes::new()));
    };
    if first.len() > limit {
        return Ok(None);
    }
    let Some(second) = response.chunk().await? else {
        // One chunk: no copy.
        return Ok(Some(first));
    };
    let mut buf = BytesMut::with_capacity((first.len() + second.len()).min(limit));
    for chunk in [first, second] {
        if buf.len() + chunk.len() > limit {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk);
    }
    while let Some(chunk) = response.chunk().await? {
        if buf.len() + chunk.len() > limit {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Some(buf.freeze()))
}

fn too_large(
    response: reqwest::Response,
    operation: Option<&'static Operation>,
    limit: usize,
) -> Outcome {
    let refusal = Refusal {
        operation,
        reason: Reason::TooLarge(limit),
    };
    Outcome::refused(rebuild(response, Bytes::new()), refusal)
}

/// The same response (status, version, headers, URL) with `body`.
fn rebuild(response: reqwest::Response, body: Bytes) -> reqwest::Response {
    let url = response.url().clone();
    rebuild_with(response, body, url)
}

fn rebuild_with(
    mut response: reqwest::Response,
    body: Bytes,
    url: reqwest::Url,
) -> reqwest::Response {
    let headers = std::mem::take(response.headers_mut());
    build(response.status(), response.version(), headers, url, body)
}
