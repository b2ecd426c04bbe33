//! Timeouts and retries: what is retried, what never is, and within which
//! bounds.

use crate::common;

use std::time::{Duration, Instant, UNIX_EPOCH};

use common::raw_server::{RawServer, Reply};
use common::*;
use saasus_auth::signing::format_timestamp;
use saasus_auth::{types, Error, RequestOptions};

const USERS: &str = r#"{"users":[]}"#;
const USER: &str = r#"{"id":"u1","email":"a@example.com","sign_in_id":"","attributes":{}}"#;

fn new_user() -> types::CreateSaasUserParam {
    types::CreateSaasUserParam {
        email: Some("a@example.com".into()),
        password: Some("P@ssw0rd!".into()),
        sign_in_id: None,
    }
}

#[tokio::test]
async fn a_server_that_never_answers_gives_a_timeout_within_the_bound() {
    let server = RawServer::start(|_, _| Reply::Hang).await;
    let api = server.api(config().with_timeout(Duration::from_millis(300)));
    let started = Instant::now();
    let err = api.get_saas_users().await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(
        elapsed < Duration::from_secs(2),
        "timeouts are not retried: {elapsed:?}"
    );
    assert_eq!(server.requests().len(), 1);

    // A per-call timeout overrides the configured one (here 10 s).
    let api = server.api(config().with_timeout(Duration::from_secs(10)));
    let started = Instant::now();
    let err = api
        .with_options(RequestOptions::new().timeout(Duration::from_millis(100)))
        .get_saas_users()
        .await
        .unwrap_err();
    assert!(
        err.is_timeout() && started.elapsed() < Duration::from_secs(5),
        "{err:?} {:?}",
        started.elapsed()
    );
    assert_eq!(err.to_string(), "GetSaasUsers: timed out after 100ms");
}

#[tokio::test]
async fn idempotent_requests_are_retried_and_re_signed_per_attempt() {
    let server = RawServer::start(|i, _| match i {
        0 => Reply::json(503, r#"{"type":"unavailable","message":"busy"}"#),
        1 => Reply::json(502, "<html>bad gateway</html>"),
        _ => Reply::json(200, USERS),
    })
    .await;
    let api = server.api(config().with_clock(AdvancingClock::new()));
    api.get_saas_users()
        .await
        .expect("succeeds on the third attempt");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let host = server.addr.to_string();
    let mut signatures = Vec::new();
    for (n, req) in requests.iter().enumerate() {
        let stamp = format_timestamp(UNIX_EPOCH + Duration::from_secs(FIXED_UNIX + 60 * n as u64));
        let expected = expected_authorization(
            SECRET,
            &stamp,
            &req.method,
            &format!("{host}{}", req.target),
            &req.body,
        );
        assert_eq!(
            req.header("authorization"),
            Some(expected.as_str()),
            "attempt {n} signed with its own timestamp"
        );
        signatures.push(expected);
    }
    signatures.dedup();
    assert_eq!(signatures.len(), 3);
}

/// Every attempt of a retried request, from either layer, carries the
/// first attempt's headers (the generated client's, the configured ones,
/// the options' own), never progenitor's `api-version`, and its own
/// signature.
#[tokio::test]
async fn every_attempt_sends_the_first_attempts_headers_with_its_own_signature() {
    let server = RawServer::start(|i, _| match i % 3 {
        0 => Reply::json(503, "{}"),
        1 => Reply::Close,
        _ => Reply::json(200, USERS),
    })
    .await;
    let api = server
        .api(config().with_clock(AdvancingClock::new()))
        .with_options(RequestOptions::new().trace_id("4bf92f3577b34da6"));
    api.get_saas_users().await.expect("facade: third attempt");
    let raw = api.raw().get_saas_users().await;
    assert!(raw.is_ok(), "generated client: third attempt: {raw:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 6, "three attempts per layer");
    let without_signature = |i: usize| {
        let mut h: Vec<(String, String)> = requests[i]
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .filter(|(n, _)| n != "authorization")
            .collect();
        h.sort();
        h
    };
    let first = without_signature(0);
    for name in ["accept", "user-agent", "x-saasus-trace-id"] {
        assert!(
            first.iter().any(|(n, _)| n == name),
            "the first attempt sends {name}: {first:?}"
        );
    }
    assert!(
        !first.iter().any(|(n, _)| n == "api-version"),
        "no api-version header: {first:?}"
    );
    for i in 1..requests.len() {
        assert_eq!(without_signature(i), first, "attempt {i}: the same headers");
    }
    let mut signatures: Vec<_> = requests.iter().map(|r| r.header("authorization")).collect();
    signatures.sort();
    signatures.dedup();
    assert_eq!(signatures.len(), 6, "each attempt signed anew");
}

#[tokio::test]
async fn connection_failures_of_a_get_are_retried() {
    let server = RawServer::start(|i, _| {
        if i == 0 {
            Reply::Close
        } else {
            Reply::json(200, USERS)
        }
    })
    .await;
    server
        .api(config())
        .get_saas_users()
        .await
        .expect("second attempt succeeds");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = RawServer::start(|i, _| {
        if i == 0 {
            Reply::Respond {
                status: 429,
                headers: vec![("retry-after".into(), "1".into())],
                body: vec![],
                trickle: None,
            }
        } else {
            Reply::json(200, USERS)
        }
    })
    .await;
    let started = Instant::now();
    server.api(config()).get_saas_users().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_goes_back_to_the_caller() {
    let server = RawServer::start(|_, _| Reply::Respond {
        status: 503,
        headers: vec![("retry-after".into(), "3600".into())],
        body: b"down for maintenance".to_vec(),
        trickle: None,
    })
    .await;
    let err = server.api(config()).get_saas_users().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn creating_a_user_is_never_retried_by_default() {
    for reply in [Reply::json(503, "{}"), Reply::Close, Reply::Hang] {
        let server = RawServer::start(move |_, _| reply.clone()).await;
        let api = server.api(config().with_timeout(Duration::from_millis(200)));
        let err = api.create_saas_user(&new_user()).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::UnexpectedStatus { .. } | Error::Transport { .. } | Error::Timeout { .. }
            ),
            "{err:?}"
        );
        assert_eq!(
            server.requests().len(),
            1,
            "one request only, so a timeout never creates two users: {err}"
        );
    }
}

#[tokio::test]
async fn a_caller_may_opt_in_to_retrying_a_post() {
    let server = RawServer::start(|i, _| {
        if i < 2 {
            Reply::json(504, "{}")
        } else {
            Reply::json(201, USER)
        }
    })
    .await;
    let api = server.api(config());
    let created = api
        .with_options(RequestOptions::new().retry(true))
        .create_saas_user(&new_user())
        .await
        .unwrap();
    assert_eq!(created.status.as_u16(), 201);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(
        requests.iter().all(|r| r.body == requests[0].body),
        "the same body each time"
    );
    assert!(
        requests
            .iter()
            .all(|r| r.header("content-type") == Some("application/json")
                && r.header("accept") == Some("application/json")),
        "the same content type and accept header each time"
    );
}

#[tokio::test]
async fn one_attempt_disables_retries_and_a_get_can_opt_out() {
    let server = RawServer::start(|_, _| Reply::json(503, "{}")).await;
    let err = server
        .api(config().with_max_attempts(1))
        .get_saas_users()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);

    let server = RawServer::start(|_, _| Reply::json(503, "{}")).await;
    let api = server
        .api(config())
        .with_options(RequestOptions::new().retry(false));
    api.get_saas_users().await.unwrap_err();
    assert_eq!(server.requests().len(), 1);

    let server = RawServer::start(|_, _| Reply::json(503, "{}")).await;
    let api = server
        .api(config())
        .with_options(RequestOptions::new().max_attempts(2));
    api.get_saas_users().await.unwrap_err();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn statuses_that_are_not_transient_are_not_retried() {
    for status in [400u16, 401, 404, 500] {
        let server =
            RawServer::start(move |_, _| Reply::json(status, r#"{"type":"t","message":"m"}"#))
                .await;
        let _ = server.api(config()).get_saas_user("u1").await.unwrap_err();
        assert_eq!(server.requests().len(), 1, "status {status}");
    }
}
