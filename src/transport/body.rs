//! Settles the answer to the last attempt before the generated client sees
//! it: the size limit, error bodies read and redacted, the answers of
//! requests with secrets (and answers holding secrets) checked to decode.
//! What the client must not decode is marked with a [`Refusal`], which the
//! `post` hook hands back as the generated client's error.

use std::time::Instant;

use bytes::{Bytes, BytesMut};

use super::redact::{redacted_url, SecretSource, Secrets};
use crate::operation::{self, Operation};

/// Why the answer to a request is not decoded, with what its error needs.
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

/// Who decodes the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decoder {
    /// The generated client, which puts an answer that does not decode in
    /// its error: an answer of a request or operation with secrets is
    /// checked first; it decodes a documented error status with SaaSus'
    /// error body itself.
    Generated,
    /// The facades (`typed`), which redact what they show themselves and
    /// decode every error body from its [`Refusal`].
    Facade,
}

/// The answer to the last attempt, ready for its decoder: a documented
/// success within the limit as it came (for the generated client, checked
/// to decode when the request or the answer holds secrets), anything else
/// read whole, redacted and marked with a [`Refusal`]. Logged.
pub(crate) async fn check_response(
    outcome: reqwest::Result<reqwest::Response>,
    index: Option<usize>,
    limit: usize,
    secrets: &SecretSource,
    decoder: Decoder,
    span: &tracing::Span,
    started: Instant,
) -> reqwest::Result<reqwest::Response> {
    let operation = index.map(|i| &operation::OPERATIONS[i]);
    let response = match outcome {
        Ok(response) => response,
        Err(e) => {
            let e = e.without_url();
            tracing::debug!(error = %e, elapsed = ?started.elapsed(), "request failed");
            return Err(e);
        }
    };
    let status = response.status();
    span.record("status", status.as_u16());
    // A 2xx the spec does not document for the operation is refused like
    // an error status, so that neither layer shows its URL's query or body.
    let documented = operation.is_none_or(|op| op.success_status == status.as_u16());
    let result = if !(status.is_success() && documented) {
        Box::pin(capture(
            response,
            operation,
            limit,
            &secrets.secrets(),
            decoder,
        ))
        .await
    } else if decoder == Decoder::Generated
        && (operation.is_some_and(|op| op.sensitive_response) || !secrets.is_empty())
    {
        // Read here, off the common path, and checked to decode: the
        // generated client would otherwise put the body in its error.
        Box::pin(check(response, index, operation, limit, secrets)).await
    } else {
        match response.content_length() {
            // Within the limit: hyper never reads past it.
            Some(n) if n <= limit as u64 => Ok(response),
            // Read here, off the common path.
            _ => Box::pin(read_bounded(response, operation, limit)).await,
        }
    };
    match &result {
        Ok(r) => match r.extensions().get::<Refusal>() {
            Some(Refusal {
                reason: Reason::TooLarge(_),
                ..
            }) => {
                tracing::debug!(%status, limit, elapsed = ?started.elapsed(), "response too large")
            }
            _ => tracing::debug!(%status, elapsed = ?started.elapsed(), "response"),
        },
        Err(e) => {
            tracing::debug!(error = %e.without_url_ref(), elapsed = ?started.elapsed(), "body read failed")
        }
    }
    result.map_err(reqwest::Error::without_url)
}

/// A copy of a refused answer, for the generated client's error: status,
/// headers, the (redacted) URL, the body read and the [`Refusal`].
pub(crate) fn copy_refused(response: &reqwest::Response, refusal: &Refusal) -> reqwest::Response {
    let body = match &refusal.reason {
        Reason::Status(body) => body.clone(),
        _ => Bytes::new(),
    };
    let mut copy = build(
        response.status(),
        response.version(),
        response.headers().clone(),
        response.url().clone(),
        body,
    );
    copy.extensions_mut().insert(refusal.clone());
    copy
}

/// Enforces the body limit on a success. A response that announces its
/// length within the limit goes through untouched (hyper never reads past
/// a `Content-Length`); one without a length is read here, at most `limit`
/// bytes, and rebuilt. A body over the limit is refused.
async fn read_bounded(
    mut response: reqwest::Response,
    operation: Option<&'static Operation>,
    limit: usize,
) -> reqwest::Result<reqwest::Response> {
    match response.content_length() {
        Some(n) if n > limit as u64 => return Ok(too_large(response, operation, limit)),
        Some(_) => return Ok(response),
        None => {}
    }
    match read_all(&mut response, limit).await? {
        Some(body) => Ok(rebuild(response, body)),
        None => Ok(too_large(response, operation, limit)),
    }
}

/// Reads a documented success of a request or an answer with secrets, and
/// checks that it decodes: if not, the answer is refused with what may be
/// shown of it (nothing of an answer with secrets, the request's secrets
/// redacted otherwise).
async fn check(
    mut response: reqwest::Response,
    index: Option<usize>,
    operation: Option<&'static Operation>,
    limit: usize,
    secrets: &SecretSource,
) -> reqwest::Result<reqwest::Response> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Ok(too_large(response, operation, limit));
    }
    let Some(body) = read_all(&mut response, limit).await? else {
        return Ok(too_large(response, operation, limit));
    };
    let failure = index.and_then(|i| operation::check_answer(i, &body).err());
    let mut rebuilt = rebuild(response, body.clone());
    if let Some(e) = failure {
        let visible_body = if operation.is_some_and(|op| op.sensitive_response) {
            Bytes::from(format!(
                "<{} bytes withheld: the answer carries secrets>",
                body.len()
            ))
        } else {
            match secrets.secrets().redact_bytes(&body) {
                Some(redacted) => Bytes::from(redacted),
                None => body,
            }
        };
        rebuilt.extensions_mut().insert(Refusal {
            operation,
            reason: Reason::Undecodable {
                visible_body,
                message: without_quoted_values(&e).to_string(),
            },
        });
    }
    Ok(rebuilt)
}

/// Reads an answer that is not a documented success whole (within the
/// limit) and redacts `secrets` out of its body, URL and `Location`. For the
/// generated client, a documented error status with SaaSus' error body is
/// left to it to decode (its typed `ErrorResponse`); any other answer is
/// refused.
async fn capture(
    mut response: reqwest::Response,
    operation: Option<&'static Operation>,
    limit: usize,
    secrets: &Secrets,
    decoder: Decoder,
) -> reqwest::Result<reqwest::Response> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Ok(too_large(response, operation, limit));
    }
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
    let decoded = decoder == Decoder::Generated
        && operation.is_some_and(|op| op.error_statuses.contains(&status))
        && serde_json::from_slice::<crate::raw::types::Error>(&body).is_ok();
    let mut rebuilt = rebuild_with(response, body.clone(), url);
    if !decoded {
        rebuilt.extensions_mut().insert(Refusal {
            operation,
            reason: Reason::Status(body),
        });
    }
    Ok(rebuilt)
}

/// `error` without the values serde quotes from the body (`invalid type:
/// string "…"`, ``unknown variant `…` ``): a body echoing a request, or an
/// answer holding a token where another type was expected, would otherwise
/// put them in the message. What was expected and where stay.
pub(crate) fn without_quoted_values(error: &serde_json::Error) -> serde_json::Error {
    let message = error.to_string();
    // serde_json appends the position itself; keep ours once.
    let message = match message.rfind(" at line ") {
        Some(i) if error.line() > 0 => &message[..i],
        _ => message.as_str(),
    };
    let (found, expected) = match message.find(", expected") {
        Some(i) => message.split_at(i),
        None => (message, ""),
    };
    let mut out = String::with_capacity(message.len());
    let mut chars = found.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                // A Rust-escaped string literal: skip to its closing quote.
                let mut escaped = false;
                for c in chars.by_ref() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
                out.push_str("\"…\"");
            }
            '`' if found.starts_with("unknown variant") || found.starts_with("unknown field") => {
                for c in chars.by_ref() {
                    if c == '`' {
                        break;
                    }
                }
                out.push_str("`…`");
            }
            c => out.push(c),
        }
    }
    out.push_str(expected);
    if error.line() > 0 {
        out.push_str(&format!(
            " at line {} column {}",
            error.line(),
            error.column()
        ));
    }
    <serde_json::Error as serde::de::Error>::custom(out)
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

/// The whole body, or `None` when it is larger than `limit` (for a
/// success that [`check_response`] let through, the limit was checked there).
pub(crate) async fn read_all(
    response: &mut reqwest::Response,
    limit: usize,
) -> reqwest::Result<Option<Bytes>> {
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
) -> reqwest::Response {
    let mut rebuilt = rebuild(response, Bytes::new());
    rebuilt.extensions_mut().insert(Refusal {
        operation,
        reason: Reason::TooLarge(limit),
    });
    rebuilt
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

fn build(
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
