//! SAASUSSIGV1 verification, as an axum middleware.
//!
//! A request is accepted when its `Authorization` header is
//! `SAASUSSIGV1 Sig={sig}, SaaSID={saas_id}, APIKey={api_key}` with the
//! emulator's SaaS ID and API key, and `sig` is the lower-case hex
//! HMAC-SHA256, keyed with the secret key, of
//! `timestamp + api_key + METHOD + host + path-and-query + body`, where the
//! path and query are exactly as received (still percent-encoded), the body
//! is the raw bytes as received, and `timestamp` is a UTC minute
//! `YYYYMMDDHHmm` within [`WINDOW_MINUTES`] of the emulator's clock.
//! Anything else is answered 401 with a SaaSus error body. Paths under
//! `/__emulator/` (the admin endpoints) are not signed.
//!
//! Bodies larger than [`MAX_BODY_BYTES`] are answered 413 before any
//! verification.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, HOST};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Fault, Kind};
use crate::App;

/// How far (in whole minutes, either side) the signed timestamp may be from
/// the emulator's clock: ±5 minutes, so that clocks a little apart and
/// requests signed just before a minute turns still pass, while a
/// signature replayed later does not.
pub const WINDOW_MINUTES: i64 = 5;

/// The largest request body accepted; a larger one is answered 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The prefix of the admin endpoints, which are not signed.
pub const ADMIN_PREFIX: &str = "/__emulator/";

/// The credentials requests must be signed with.
#[derive(Clone)]
pub struct Credentials {
    /// `SAASUS_SAAS_ID`.
    pub saas_id: String,
    /// `SAASUS_API_KEY`.
    pub api_key: String,
    /// `SAASUS_SECRET_KEY`.
    pub secret_key: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("saas_id", &self.saas_id)
            .field("api_key", &self.api_key)
            .finish_non_exhaustive()
    }
}

/// The middleware: reads the body (up to [`MAX_BODY_BYTES`]), verifies the
/// signature over it, and passes the request on with the same bytes.
pub async fn verify(State(app): State<App>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    // The admin endpoints and the sign-in page (a browser's) are unsigned.
    if path.starts_with(ADMIN_PREFIX) || path == crate::page::PATH {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Fault::new(
                Kind::TooLarge,
                "request_too_large",
                format!("the request body is unreadable or larger than {MAX_BODY_BYTES} bytes"),
            )
            .into_response()
        }
    };
    if let Err(fault) = check(&app.credentials, &parts, &bytes, unix_now()) {
        return fault.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The three fields of a SAASUSSIGV1 header.
struct Header<'a> {
    sig: &'a str,
    saas_id: &'a str,
    api_key: &'a str,
}

/// Parses `SAASUSSIGV1 Sig=.., SaaSID=.., APIKey=..` (fields in any order,
/// each exactly once).
fn parse(header: &str) -> Option<Header<'_>> {
    let rest = header.strip_prefix("SAASUSSIGV1 ")?;
    let (mut sig, mut saas_id, mut api_key) = (None, None, None);
    for field in rest.split(',') {
        let (name, value) = field.trim().split_once('=')?;
        let slot = match name {
            "Sig" => &mut sig,
            "SaaSID" => &mut saas_id,
            "APIKey" => &mut api_key,
            _ => return None,
        };
        if slot.replace(value).is_some() {
            return None;
        }
    }
    Some(Header {
        sig: sig?,
        saas_id: saas_id?,
        api_key: api_key?,
    })
}

/// `YYYYMMDDHHmm` of a Unix time, in UTC.
pub fn timestamp(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}",
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// The lower-case hex signature of one request.
pub fn sign(secret_key: &str, message: &[&[u8]]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    for part in message {
        mac.update(part);
    }
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Verifies the request `parts` with body `body` at Unix time `now`.
pub fn check(
    credentials: &Credentials,
    parts: &Parts,
    body: &Bytes,
    now: i64,
) -> Result<(), Fault> {
    let header = parts
        .headers
        .get(AUTHORIZATION)
        .ok_or_else(|| Fault::unauthorized("the Authorization header is missing"))?;
    let header = header.to_str().ok().and_then(parse).ok_or_else(|| {
        Fault::unauthorized("the Authorization header is not a SAASUSSIGV1 signature")
    })?;
    if header.saas_id != credentials.saas_id || header.api_key != credentials.api_key {
        return Err(Fault::unauthorized("unknown SaaS ID or API key"));
    }
    let host = parts
        .headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or_else(|| Fault::unauthorized("the Host header is missing"))?;
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let target = format!("{host}{path_and_query}");
    let received = header.sig.to_ascii_lowercase();
    for minutes in -WINDOW_MINUTES..=WINDOW_MINUTES {
        let stamp = timestamp(now + minutes * 60);
        let expected = sign(
            &credentials.secret_key,
            &[
                stamp.as_bytes(),
                credentials.api_key.as_bytes(),
                parts.method.as_str().as_bytes(),
                target.as_bytes(),
                body,
            ],
        );
        if constant_time_eq(expected.as_bytes(), received.as_bytes()) {
            return Ok(());
        }
    }
    Err(Fault::unauthorized(format!(
        "the signature does not match: the SaaS ID and API key are known, so the secret key must \
         be the emulator's (SAASUS_SECRET_KEY in its environment, or its default); if it is, the \
         clock: timestamps within {WINDOW_MINUTES} minutes of the emulator's clock are accepted"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_minutes() {
        assert_eq!(timestamp(0), "197001010000");
        // 2026-11-29 03:04:30 UTC
        assert_eq!(timestamp(1_795_921_470), "202611290304");
        assert_eq!(timestamp(951_782_400), "200002290000");
    }

    #[test]
    fn parses_the_header() {
        let h = parse("SAASUSSIGV1 Sig=ab, SaaSID=s, APIKey=k").unwrap();
        assert_eq!((h.sig, h.saas_id, h.api_key), ("ab", "s", "k"));
        assert!(parse("SAASUSSIGV1 Sig=a, SaaSID=s").is_none());
        assert!(parse("SAASUSSIGV1 Sig=a, Sig=b, SaaSID=s, APIKey=k").is_none());
        assert!(parse("Bearer x").is_none());
    }
}
