//! A transport error that comes from the URL's scheme not matching the
//! server: `https://` against a plain-HTTP port, `http://` against a TLS
//! port. The error says which, and what to change.

use std::io::{Read, Write};
use std::net::TcpListener;

use saasus_auth::{AuthClient, Operation, SchemeMismatch};
use saasus_auth_emulator::Emulator;
use serde_json::Map;

use crate::common::config;

async fn count_users(base: &str) -> saasus_auth::Error {
    count_users_in(base, 1).await
}

/// `GetSaasUsers` (idempotent, so retried) at `base`, with up to
/// `attempts` attempts.
async fn count_users_in(base: &str, attempts: u32) -> saasus_auth::Error {
    let config = config().with_api_url_base(base).with_max_attempts(attempts);
    let client = AuthClient::new(Some(config), None).unwrap();
    let op = Operation::find("GetSaasUsers").unwrap();
    client.invoke(op, &Map::new(), None).await.unwrap_err()
}

#[tokio::test]
async fn https_against_a_plain_http_server_says_the_scheme_is_wrong() {
    // The emulator serves plain HTTP on loopback.
    let emu = Emulator::start().unwrap();
    let base = emu.base_url().replacen("http://", "https://", 1);
    let err = count_users(&base).await;
    assert_eq!(
        err.scheme_mismatch(),
        Some(SchemeMismatch::PlainHttpServer),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("http://"), "{text}");
}

#[tokio::test]
async fn http_against_a_tls_port_says_the_scheme_is_wrong() {
    // A port that answers every request with a TLS alert record, as a TLS
    // server does when a client speaks plain HTTP to it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            // Alert, TLS 1.2, length 2: fatal, protocol_version.
            let _ = stream.write_all(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]);
        }
    });
    let err = count_users(&base).await;
    assert_eq!(
        err.scheme_mismatch(),
        Some(SchemeMismatch::TlsServer),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("https://"), "{text}");
}

#[tokio::test]
async fn a_scheme_mismatch_is_not_retried() {
    // Counts the connections; a TLS client's hello gets a plain-HTTP answer.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = connections.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        }
    });
    let err = count_users_in(&base, 3).await;
    assert_eq!(
        err.scheme_mismatch(),
        Some(SchemeMismatch::PlainHttpServer),
        "{err:?}"
    );
    assert!(!err.is_retryable(), "{err:?}");
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[tokio::test]
async fn nothing_listening_is_no_scheme_mismatch() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = count_users(&format!("http://127.0.0.1:{port}")).await;
    assert_eq!(err.scheme_mismatch(), None, "{err:?}");
}
