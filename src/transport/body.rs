//! Response bodies: the size limit, and error bodies captured (redacted)
//! so that errors can be built from them without another `.await`.

use std::future::Future;

use bytes::{Bytes, BytesMut};
use progenitor_client::ResponseValue;
use serde::de::DeserializeOwned;

use super::redact::{redacted_url, SecretSource, Secrets};

/// Marks a response whose body went over the limit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TooLarge(pub(crate) usize);

/// The body of an error response, read and redacted by the transport; the
/// same bytes are the response's body.
#[derive(Debug, Clone)]
pub(crate) struct ErrorBody(pub(crate) Bytes);

/// On a successful response of a request that carried secrets (or of an
/// operation whose answer holds secrets): what a failure to read or decode
/// its body must not show. Inserted by the transport only then, so that the
/// answers of other operations cost nothing more.
#[derive(Debug, Clone)]
pub(crate) struct Guarded {
    /// The request's secrets, computed only if the body fails.
    pub(crate) source: SecretSource,
    /// Whether the answer holds secrets: its bytes are withheld.
    pub(crate) withhold: bool,
}

/// Enforces the body limit. A response that announces its length within the
/// limit goes through untouched (hyper never reads past a `Content-Length`);
/// one without a length is read here, at most `limit` bytes, and rebuilt. A
/// body over the limit gives an empty response marked [`TooLarge`].
pub(crate) async fn read_bounded(
    mut response: reqwest::Response,
    limit: usize,
) -> reqwest::Result<reqwest::Response> {
    match response.content_length() {
        Some(n) if n > limit as u64 => return Ok(too_large(response, limit)),
        Some(_) => return Ok(response),
        None => {}
    }
    match read_all(&mut response, limit).await? {
        Some(body) => Ok(rebuild(response, body, None)),
        None => Ok(too_large(response, limit)),
    }
}

/// Reads an error response whole (within the limit), redacts `secrets` out
/// of its body and URL, and keeps the body in an [`ErrorBody`] extension.
pub(crate) async fn capture_error(
    mut response: reqwest::Response,
    limit: usize,
    secrets: &Secrets,
) -> reqwest::Result<reqwest::Response> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Ok(too_large(response, limit));
    }
    let Some(body) = read_all(&mut response, limit).await? else {
        return Ok(too_large(response, limit));
    };
    let body = match secrets.redact_bytes(&body) {
        Some(redacted) => Bytes::from(redacted),
        None => body,
    };
    let url = redacted_url(response.url(), secrets);
    strip_location(&mut response, secrets);
    let mut rebuilt = rebuild_with(response, body.clone(), url);
    rebuilt.extensions_mut().insert(ErrorBody(body));
    Ok(rebuilt)
}

/// What progenitor's `ResponseValue::from_response` does, the generated
/// client's decoding of a JSON answer: status, headers, the body as JSON,
/// with the same errors. The headers are moved rather than copied, and the
/// body read by chunks (one chunk, the usual case, is not copied), from a
/// future a fraction of the size of reqwest's `bytes()`.
pub(crate) fn from_response<T, E>(
    mut response: reqwest::Response,
) -> impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>
where
    T: DeserializeOwned,
{
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    async move {
        let full = match read_all(&mut response, usize::MAX).await {
            Ok(Some(full)) => full,
            Ok(None) => Bytes::new(),
            Err(e) => {
                // The URL without its query values (nor secrets in its path).
                let secrets = guarded_secrets(&response);
                let url = redacted_url(response.url(), &secrets);
                return Err(progenitor_client::Error::ResponseBodyError(e.with_url(url)));
            }
        };
        match serde_json::from_slice(&full) {
            Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
            Err(e) => {
                let shown = match response.extensions().get::<Guarded>() {
                    Some(g) if g.withhold => Bytes::from(format!(
                        "<{} bytes withheld: the answer carries secrets>",
                        full.len()
                    )),
                    Some(g) => match g.source.secrets().redact_bytes(&full) {
                        Some(redacted) => Bytes::from(redacted),
                        None => full,
                    },
                    None => full,
                };
                Err(progenitor_client::Error::InvalidResponsePayload(
                    shown,
                    quiet(&e),
                ))
            }
        }
    }
}

fn guarded_secrets(response: &reqwest::Response) -> Secrets {
    response
        .extensions()
        .get::<Guarded>()
        .map(|g| g.source.secrets())
        .unwrap_or_default()
}

/// `error` without the values serde quotes from the body (`invalid type:
/// string "…"`, ``unknown variant `…` ``): a body echoing a request, or an
/// answer holding a token where another type was expected, would otherwise
/// put them in the message. What was expected and where stay.
pub(crate) fn quiet(error: &serde_json::Error) -> serde_json::Error {
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

/// The whole body, or `None` when it is larger than `limit`.
async fn read_all(
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

fn too_large(response: reqwest::Response, limit: usize) -> reqwest::Response {
    rebuild(response, Bytes::new(), Some(limit))
}

/// The same response (status, version, headers, URL) with `body`; marked
/// [`TooLarge`] when `too_large` holds the limit.
fn rebuild(
    response: reqwest::Response,
    body: Bytes,
    too_large: Option<usize>,
) -> reqwest::Response {
    let url = response.url().clone();
    let mut rebuilt = rebuild_with(response, body, url);
    if let Some(limit) = too_large {
        rebuilt.extensions_mut().insert(TooLarge(limit));
    }
    rebuilt
}

fn rebuild_with(
    mut response: reqwest::Response,
    body: Bytes,
    url: reqwest::Url,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt;
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version())
        .url(url);
    if let Some(h) = builder.headers_mut() {
        *h = std::mem::take(response.headers_mut());
    }
    builder
        .body(body)
        .map(reqwest::Response::from)
        .unwrap_or_else(|_| reqwest::Response::from(http::Response::new(Bytes::new())))
}
