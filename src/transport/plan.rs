//! What a request is sent with, decided once before its first attempt
//! (its headers and timeout, how many attempts it gets, how its body is
//! sent), and what each attempt adds (a SAASUSSIGV1 signature over the
//! bytes on the wire).

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Method;

use super::Transport;
use crate::operation::{Location, Operation};
use crate::signing::Signer;

/// The header progenitor sends with every request (the spec's version);
/// SaaSus and the official SDKs have no such header, so it is not sent.
const API_VERSION: HeaderName = HeaderName::from_static("api-version");

/// How the attempts of one request are made.
pub(super) struct Plan {
    /// 1 when the request is not retried.
    pub(super) max_attempts: u32,
    /// Whether the body is sent in a form a redirect-following client
    /// cannot send again (see [`make_body_unclonable`]).
    pub(super) unclonable_body: bool,
}

/// Gives `request`, an instance of `operation` sent by `transport`, its
/// headers (the configured ones unless the request sets them as
/// parameters, then the options' own; not progenitor's `api-version`) and
/// its timeout.
pub(super) fn apply_headers_and_timeout(
    transport: &Transport,
    operation: Option<&Operation>,
    request: &mut reqwest::Request,
) {
    let settings = &*transport.settings;
    let has_header_parameters =
        operation.is_none_or(|op| op.inputs.iter().any(|i| i.location == Location::Header));
    let headers = request.headers_mut();
    headers.remove(API_VERSION);
    for (name, value) in &settings.headers {
        if !has_header_parameters || !headers.contains_key(name) {
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

/// Adds the SAASUSSIGV1 `Authorization` header, over the URL and body
/// bytes exactly as they go on the wire.
pub(super) fn sign(signer: &Signer, request: &mut reqwest::Request) {
    let body = request
        .body()
        .and_then(|b| b.as_bytes())
        .unwrap_or_default();
    let auth = signer.authorization(request.method().as_str(), request.url().as_str(), body);
    // Validated credentials make this always succeed.
    if let Ok(mut value) = HeaderValue::try_from(auth) {
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
    }
}

/// What the further attempts of a request are made from, kept before its
/// first attempt is sent and before the transport adds its own headers
/// (which [`Resend::request`] adds again): its method, URL, version, body
/// and the few headers the generated client sets, kept without allocating.
pub(super) struct Resend {
    method: Method,
    url: reqwest::Url,
    version: reqwest::Version,
    headers: Headers,
    body: Option<Bytes>,
}

/// The headers of a request kept for another attempt.
enum Headers {
    /// Up to [`FEW_HEADERS`] of them (the generated client sets `Accept`,
    /// and `Content-Type` with a body).
    Few([Option<(HeaderName, HeaderValue)>; FEW_HEADERS]),
    /// More.
    Many(reqwest::header::HeaderMap),
}

/// How many headers are kept without allocating.
const FEW_HEADERS: usize = 2;

impl Resend {
    /// What another attempt of `request`, as the generated client built
    /// it, is made from; `None` for a streamed body, which is sent once.
    pub(super) fn of(request: &reqwest::Request) -> Option<Self> {
        let body = match request.body() {
            Some(body) => Some(Bytes::copy_from_slice(body.as_bytes()?)),
            None => None,
        };
        let own = || {
            request
                .headers()
                .iter()
                .filter(|(name, _)| **name != API_VERSION)
        };
        let mut few: [Option<(HeaderName, HeaderValue)>; FEW_HEADERS] = Default::default();
        let mut kept = 0;
        for (name, value) in own() {
            if kept == FEW_HEADERS {
                kept += 1;
                break;
            }
            few[kept] = Some((name.clone(), value.clone()));
            kept += 1;
        }
        let headers = if kept <= FEW_HEADERS {
            Headers::Few(few)
        } else {
            Headers::Many(own().map(|(n, v)| (n.clone(), v.clone())).collect())
        };
        Some(Resend {
            method: request.method().clone(),
            url: request.url().clone(),
            version: request.version(),
            headers,
            body,
        })
    }

    /// The request of another attempt of `operation`, with `transport`'s
    /// headers and timeout, unsigned.
    pub(super) fn request(
        &self,
        transport: &Transport,
        operation: Option<&Operation>,
    ) -> reqwest::Request {
        let mut request = reqwest::Request::new(self.method.clone(), self.url.clone());
        *request.version_mut() = self.version;
        let map = request.headers_mut();
        match &self.headers {
            Headers::Few(few) => {
                for (name, value) in few.iter().flatten() {
                    map.append(name.clone(), value.clone());
                }
            }
            Headers::Many(many) => *map = many.clone(),
        }
        *request.body_mut() = self.body.clone().map(reqwest::Body::from);
        apply_headers_and_timeout(transport, operation, &mut request);
        request
    }
}

/// Makes `request`'s body one that reqwest cannot clone (after signing, over
/// the same bytes): a client that follows redirects then answers a 307 or
/// 308 as it is, instead of sending the body again to wherever it points
/// (and a 301, 302 or 303 is followed as a GET without the body, and
/// without the `Authorization` header on another host).
pub(super) fn make_body_unclonable(request: &mut reqwest::Request) {
    let text = request
        .body()
        .and_then(|b| b.as_bytes())
        .and_then(|b| std::str::from_utf8(b).ok())
        .map(str::to_owned);
    if let Some(text) = text {
        *request.body_mut() = Some(reqwest::Body::wrap(text));
    }
}
