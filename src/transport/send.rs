//! The attempts of one request: its headers and timeout once, then for
//! each attempt a SAASUSSIGV1 signature over the bytes on the wire and the
//! sending, again after an outcome the retry policy (`retry`) classifies as
//! worth another attempt, while attempts are left. The crate's one retry
//! loop.

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Method;

use super::retry::retry_after;
use super::Transport;
use crate::operation::{Location, Operation};
use crate::signing::Signer;

/// The header progenitor sends with every request (the spec's version);
/// SaaSus and the official SDKs have no such header, so it is not sent.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");

/// How the attempts of one request are made.
pub(super) struct Plan {
    /// 1 when the request is not retried.
    max_attempts: u32,
    /// Whether the body is sent in a form a redirect-following client
    /// cannot send again (see [`make_body_unclonable`]).
    unclonable_body: bool,
}

/// Where the request of a further attempt comes from.
pub(super) enum Again<'a> {
    /// A copy of the request, kept before each attempt while attempts are
    /// left (the generated client's requests, which only it can build).
    Copy,
    /// Built anew, only when another attempt is decided (the facades').
    Rebuild(&'a (dyn Fn() -> Option<reqwest::Request> + Send + Sync)),
}

/// Gives `request`, sent by `transport`, its headers (the configured ones,
/// then the options' own; not progenitor's `api-version`) and its timeout.
pub(super) fn apply_headers_and_timeout(transport: &Transport, request: &mut reqwest::Request) {
    let settings = &*transport.settings;
    let headers = request.headers_mut();
    headers.remove(API_VERSION);
    for (name, value) in &settings.headers {
        if !headers.contains_key(name) {
            headers.insert(name.clone(), value.clone());
        }
    }
    if let Some(o) = transport.options.as_deref() {
        for (name, value) in &o.headers {
            headers.insert(name.clone(), value.clone());
        }
    }
    *request.timeout_mut() = Some(transport.timeout());
}

impl Plan {
    /// How many attempts `request`, an instance of `operation` sent by
    /// `transport`, gets, and how its body is sent.
    pub(super) fn new(
        transport: &Transport,
        operation: Option<&'static Operation>,
        request: &reqwest::Request,
    ) -> Self {
        let settings = &*transport.settings;
        let options = transport.options.as_deref();

        let retried = match operation {
            Some(op) => op.retried_by_default(),
            None => matches!(
                *request.method(),
                Method::GET | Method::HEAD | Method::OPTIONS
            ),
        };
        let max_attempts = if options.and_then(|o| o.retry).unwrap_or(retried) {
            options
                .and_then(|o| o.max_attempts)
                .unwrap_or(settings.configuration.max_attempts)
                .max(1)
        } else {
            1
        };
        // On a client of the caller's, which may follow redirects: a body
        // with secrets must not be re-sent to where a 307 points.
        let unclonable_body = settings.foreign_client
            && request.body().is_some()
            && operation.is_none_or(|op| {
                op.inputs
                    .iter()
                    .any(|i| i.location == Location::Body && i.sensitive)
            });
        Self {
            max_attempts,
            unclonable_body,
        }
    }
}

/// Sends `request` as `plan` says, signing each attempt with `signer`:
/// again after a retryable outcome while attempts are left, with the
/// request `again` gives (a copy: bodies here are bytes, so only a stream
/// cannot be copied, and is then sent once). Answers the last outcome and
/// its attempt number.
pub(super) async fn attempts(
    client: &reqwest::Client,
    signer: &Signer,
    mut request: reqwest::Request,
    plan: &Plan,
    again: Again<'_>,
) -> (reqwest::Result<reqwest::Response>, u32) {
    let mut attempt = 1;
    loop {
        let left = attempt < plan.max_attempts;
        let spare = match again {
            Again::Copy if left => request.try_clone(),
            _ => None,
        };
        sign(signer, &mut request);
        if plan.unclonable_body {
            make_body_unclonable(&mut request);
        }
        let outcome = client.execute(request).await;
        let delay = if left {
            retry_after(&outcome, attempt)
        } else {
            None
        };
        let next = delay.and_then(|delay| {
            let next = match again {
                Again::Copy => spare,
                Again::Rebuild(build) => build(),
            };
            Some((next?, delay))
        });
        match next {
            Some((next, delay)) => {
                tracing::debug!(attempt, ?delay, "retrying");
                drop(outcome);
                tokio::time::sleep(delay).await;
                attempt += 1;
                request = next;
            }
            None => return (outcome, attempt),
        }
    }
}

/// Adds the SAASUSSIGV1 `Authorization` header, over the URL and body
/// bytes exactly as they go on the wire.
fn sign(signer: &Signer, request: &mut reqwest::Request) {
    let body = request
        .body()
        .and_then(|b| b.as_bytes())
        .unwrap_or_default();
    let auth = signer.authorization(request.method().as_str(), request.url().as_str(), body);
    // Validated credentials make this always succeed.
    if let Ok(mut value) = HeaderValue::from_str(&auth) {
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
    }
}

/// Makes `request`'s body one that reqwest cannot clone (after signing, over
/// the same bytes): a client that follows redirects then answers a 307 or
/// 308 as it is, instead of sending the body again to wherever it points
/// (and a 301, 302 or 303 is followed as a GET without the body, and
/// without the `Authorization` header on another host).
fn make_body_unclonable(request: &mut reqwest::Request) {
    let text = request
        .body()
        .and_then(|b| b.as_bytes())
        .and_then(|b| std::str::from_utf8(b).ok())
        .map(str::to_owned);
    if let Some(text) = text {
        *request.body_mut() = Some(reqwest::Body::wrap(text));
    }
}
