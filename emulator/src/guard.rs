//! The loopback guard: only local clients reach the emulator.
//!
//! The admin endpoints (`/__emulator/*`) are unsigned and a browser sends a
//! `POST` with a simple body to any origin without a preflight; DNS
//! rebinding lets a page reach `127.0.0.1` under a name of its own. So every
//! request, to the admin endpoints and to the API alike, is refused with
//! 403 and a SaaSus error body `{"type": "forbidden_origin", "message"}`
//! when
//!
//! - its `Host` is not `127.0.0.1`, `localhost` or `[::1]`, with the
//!   emulator's port or no port (any port when the router was not told its
//!   port, see [`App::with_port`](crate::App::with_port)), or is missing,
//!   repeated or not readable (bytes that are not visible ASCII); or
//! - it carries an `Origin` that is not `http://` one of those hosts with
//!   the emulator's port (`Origin: null` included).
//!
//! Plain local clients (curl, the crate, the official SDKs: they send
//! `Host: 127.0.0.1:PORT` and no `Origin`) pass.

use axum::extract::{Request, State};
use axum::http::header::{HOST, ORIGIN};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{Fault, Kind};
use crate::App;

/// The host names accepted in `Host` and `Origin`.
pub const LOOPBACK_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The middleware: refuses requests that do not come from a local client
/// (see the [module](self) documentation).
pub async fn check(State(app): State<App>, request: Request, next: Next) -> Response {
    match refusal(request.headers(), app.port()) {
        Some(why) => Fault::new(Kind::Forbidden, "forbidden_origin", why).into_response(),
        None => next.run(request).await,
    }
}

/// Why a request with these headers is refused, if it is; `port` is the
/// emulator's (`None`: unknown, any port passes in `Host`).
pub fn refusal(headers: &HeaderMap, port: Option<u16>) -> Option<&'static str> {
    let mut hosts = headers.get_all(HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(host), None) => match host.to_str() {
            Ok(host) => host,
            Err(_) => return Some("the request's Host header is not readable ASCII"),
        },
        (None, _) => return Some("the request has no Host header"),
        (Some(_), Some(_)) => return Some("the request has several Host headers"),
    };
    if !host_allowed(host, port) {
        return Some(
            "the emulator serves local clients only: Host must be 127.0.0.1, localhost or [::1]",
        );
    }
    for origin in headers.get_all(ORIGIN) {
        let allowed = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|authority| origin_allowed(authority, port));
        if !allowed {
            return Some("the emulator refuses requests from web pages: Origin must be a loopback origin of the emulator");
        }
    }
    None
}

/// Splits `host[:port]` (`[::1]:port` for IPv6) into its host and port
/// text.
fn split(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        match authority.find(']') {
            Some(end) => {
                let (host, rest) = authority.split_at(end + 1);
                match rest {
                    "" => (host, None),
                    // Anything but `:port` after `]` fails as a port.
                    rest => (host, Some(rest.strip_prefix(':').unwrap_or(rest))),
                }
            }
            None => (authority, None),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    }
}

fn loopback(host: &str) -> bool {
    LOOPBACK_HOSTS
        .iter()
        .any(|allowed| host.eq_ignore_ascii_case(allowed))
}

fn port_matches(text: &str, port: Option<u16>) -> bool {
    match (text.parse::<u16>(), port) {
        (Ok(given), Some(port)) => given == port,
        (Ok(_), None) => true,
        (Err(_), _) => false,
    }
}

fn host_allowed(host: &str, port: Option<u16>) -> bool {
    let (name, given) = split(host);
    loopback(name) && given.is_none_or(|p| port_matches(p, port))
}

fn origin_allowed(authority: &str, port: Option<u16>) -> bool {
    let (name, given) = split(authority);
    // An origin always names its port unless it is 80.
    let given = given.unwrap_or("80");
    loopback(name) && port_matches(given, port)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(host: Option<&str>, origin: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(host) = host {
            h.insert(HOST, HeaderValue::from_str(host).unwrap());
        }
        if let Some(origin) = origin {
            h.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        h
    }

    #[test]
    fn local_hosts_pass_others_are_refused() {
        let port = Some(8080);
        for host in [
            "127.0.0.1:8080",
            "127.0.0.1",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "[::1]",
        ] {
            assert_eq!(refusal(&headers(Some(host), None), port), None, "{host}");
        }
        for host in [
            "evil.example:8080",
            "evil.example",
            "127.0.0.1:9090",
            "127.0.0.1.evil.example:8080",
            "localhost.:8080",
            "[::1]x",
            "127.0.0.1:",
            "10.0.0.1:8080",
        ] {
            assert!(
                refusal(&headers(Some(host), None), port).is_some(),
                "{host}"
            );
        }
        assert!(refusal(&headers(None, None), port).is_some());
        // Port unknown: any port of a loopback host.
        assert_eq!(refusal(&headers(Some("localhost:1"), None), None), None);
        assert!(refusal(&headers(Some("evil.example:1"), None), None).is_some());
    }

    #[test]
    fn an_unreadable_host_is_refused() {
        for bytes in [
            &b"127.0.0.1:8080\xff"[..],
            b"\xe4\xbe\x8b.example",
            b"localhost\x80",
        ] {
            let mut h = HeaderMap::new();
            h.insert(HOST, HeaderValue::from_bytes(bytes).unwrap());
            assert!(refusal(&h, Some(8080)).is_some(), "{bytes:?}");
            assert!(refusal(&h, None).is_some(), "{bytes:?}");
        }
    }

    #[test]
    fn only_loopback_origins_of_the_emulator_pass() {
        let port = Some(8080);
        let host = Some("127.0.0.1:8080");
        for origin in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://[::1]:8080",
        ] {
            assert_eq!(
                refusal(&headers(host, Some(origin)), port),
                None,
                "{origin}"
            );
        }
        for origin in [
            "http://evil.example",
            "https://evil.example:8080",
            "null",
            "http://127.0.0.1:9090",
            "http://127.0.0.1",
            "https://127.0.0.1:8080",
            "http://localhost.evil.example:8080",
        ] {
            assert!(
                refusal(&headers(host, Some(origin)), port).is_some(),
                "{origin}"
            );
        }
    }
}
