//! Shared test fixtures: credentials, a fixed clock, and an independent
//! SAASUSSIGV1 verifier, written from the algorithm documented in
//! `src/signing.rs` with `hmac` directly, not with the crate's signer.
#![allow(dead_code)]

pub mod raw_server;
pub mod samples;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use httpmock::prelude::*;
use httpmock::HttpMockRequest;
use saasus_auth::signing::FixedClock;
use saasus_auth::{Configuration, SaasUserApi};
use sha2::Sha256;

pub const SAAS_ID: &str = "saas-id-0001";
pub const API_KEY: &str = "api-key-abcdef";
pub const SECRET: &str = "secret-key-0123456789";
/// 2026-11-29 03:04 UTC.
pub const FIXED_UNIX: u64 = 1_795_921_440;
pub const FIXED_STAMP: &str = "202611290304";

pub fn fixed_clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        UNIX_EPOCH + Duration::from_secs(FIXED_UNIX),
    ))
}

pub fn config() -> Configuration {
    Configuration::new(SAAS_ID, API_KEY, SECRET).with_clock(fixed_clock())
}

/// An `AuthClient` for the mock server.
pub fn client(server: &MockServer) -> saasus_auth::AuthClient {
    client_at(&server.base_url())
}

/// An `AuthClient` for the API root `base` (`http://127.0.0.1:PORT`).
pub fn client_at(base: &str) -> saasus_auth::AuthClient {
    saasus_auth::AuthClient::new(Some(config().with_api_url_base(base)), None)
        .expect("valid test configuration")
}

pub fn api(server: &MockServer) -> SaasUserApi {
    api_with(server, config())
}

pub fn api_with(server: &MockServer, config: Configuration) -> SaasUserApi {
    SaasUserApi::new(Some(config), Some(&server.url("/v1/auth")), None)
        .expect("valid test configuration")
}

/// The SAASUSSIGV1 signature (`src/signing.rs`, steps 1-4), computed here
/// from scratch.
pub fn expected_authorization(
    secret: &str,
    stamp: &str,
    method: &str,
    target: &str,
    body: &[u8],
) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    let mut message = Vec::new();
    message.extend_from_slice(stamp.as_bytes());
    message.extend_from_slice(API_KEY.as_bytes());
    message.extend_from_slice(method.to_uppercase().as_bytes());
    message.extend_from_slice(target.as_bytes());
    message.extend_from_slice(body);
    mac.update(&message);
    let sig: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("SAASUSSIGV1 Sig={sig}, SaaSID={SAAS_ID}, APIKey={API_KEY}")
}

/// The path and query of the request exactly as received (still
/// percent-encoded).
pub fn raw_target(req: &HttpMockRequest) -> String {
    req.uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default()
}

/// Whether the request the mock received carries the signature of exactly
/// what it received: Host header + request target + body bytes.
pub fn signature_ok(req: &HttpMockRequest) -> bool {
    let headers = req.headers();
    let Some(host) = headers.get("host").and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let Some(auth) = headers.get("authorization").and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let uri = req.uri();
    let Some(path_and_query) = uri.path_and_query() else {
        return false;
    };
    let target = format!("{host}{path_and_query}");
    auth == expected_authorization(
        SECRET,
        FIXED_STAMP,
        req.method_str(),
        &target,
        req.body().as_ref(),
    )
}

/// A SaaSus error body.
pub fn error_body(kind: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "type": kind, "message": message })
}

/// A clock that moves one minute forward each time it is read, so that
/// every signature of a retried request has its own timestamp.
#[derive(Debug)]
pub struct AdvancingClock(std::sync::atomic::AtomicU64);

impl AdvancingClock {
    pub fn new() -> Arc<Self> {
        Arc::new(Self(std::sync::atomic::AtomicU64::new(0)))
    }
}

impl saasus_auth::signing::Clock for AdvancingClock {
    fn now(&self) -> std::time::SystemTime {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        UNIX_EPOCH + Duration::from_secs(FIXED_UNIX + 60 * n)
    }
}

/// An operationId in snake_case, as progenitor and the facade name methods.
pub fn snake(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A `UserInfo` answer for servers that stand in for `GetUserInfo`.
pub const USER_INFO: &str = r#"{"id":"f94bfffc-8be2-11ec-b41a-0242ac120004","email":"recorded@example.com","sign_in_id":"","user_attribute":{},"tenants":[]}"#;

/// A `GetUserInfo` server that answers slowly enough for 100 requests to be
/// in flight at once, and counts the `GetUserInfo` requests it gets.
pub async fn counting_user_info_server(
) -> (raw_server::RawServer, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    let server = raw_server::RawServer::start(move |_, request| {
        if request.target.starts_with("/v1/auth/userinfo") {
            seen.fetch_add(1, Ordering::SeqCst);
        }
        raw_server::Reply::Respond {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: USER_INFO.into(),
            trickle: Some(Duration::from_millis(2)),
        }
    })
    .await;
    (server, count)
}

/// A `tracing` writer that keeps everything written, for tests that read
/// the logs.
#[derive(Clone, Default)]
pub struct Capture(pub Arc<std::sync::Mutex<Vec<u8>>>);

thread_local! {
    /// The capture of the test running on this thread, if any.
    static CURRENT: std::cell::RefCell<Option<Capture>> = const { std::cell::RefCell::new(None) };
}

/// Ends a capture when dropped.
pub struct CaptureGuard(());

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CURRENT.with(|c| c.borrow_mut().take());
    }
}

impl Capture {
    /// Captures every event and span at TRACE on this thread until the
    /// guard is dropped.
    ///
    /// One global subscriber serves every capture, and writes only for the
    /// threads that have one: with a subscriber per thread (`set_default`),
    /// a callsite first reached by another test's thread at the same time
    /// could keep the interest computed without it, and its events would
    /// be lost here.
    pub fn install() -> (Self, CaptureGuard) {
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::Layer;
        static GLOBAL: std::sync::Once = std::sync::Once::new();
        GLOBAL.call_once(|| {
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(|| ThreadCapture)
                .with_ansi(false)
                .with_filter(tracing_subscriber::filter::dynamic_filter_fn(|_, _| {
                    CURRENT.with(|c| c.borrow().is_some())
                }));
            let _ =
                tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer));
        });
        let capture = Capture::default();
        CURRENT.with(|c| *c.borrow_mut() = Some(capture.clone()));
        (capture, CaptureGuard(()))
    }
}

/// Writes into this thread's capture, if any.
struct ThreadCapture;

impl std::io::Write for ThreadCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CURRENT.with(|c| {
            if let Some(capture) = &*c.borrow() {
                capture.0.lock().unwrap().extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
