//! Broken and hostile responses never panic and never hang: each becomes a
//! clear error.

use crate::common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::raw_server::{RawServer, Reply};
use common::*;
use proptest::prelude::*;
use saasus_auth::{types, Error};

fn respond(status: u16, content_type: &str, body: &[u8]) -> Reply {
    Reply::Respond {
        status,
        headers: vec![("content-type".into(), content_type.into())],
        body: body.to_vec(),
        trickle: None,
    }
}

#[tokio::test]
async fn broken_bodies_are_decode_errors_with_their_status() {
    let cases: Vec<(&str, Reply)> = vec![
        (
            "truncated JSON",
            respond(200, "application/json", br#"{"users":[{"id":"u1","email":"#),
        ),
        (
            "wrong types",
            respond(
                200,
                "application/json",
                br#"{"users":[{"id":1,"email":true,"sign_in_id":[],"attributes":"x"}]}"#,
            ),
        ),
        (
            "an HTML error page",
            respond(
                200,
                "text/html",
                b"<html><body><h1>502 Bad Gateway</h1></body></html>",
            ),
        ),
        ("an empty body", respond(200, "application/json", b"")),
        (
            "invalid UTF-8",
            respond(200, "application/json", b"{\"users\":[\"\xff\xfe\"]}"),
        ),
        (
            "a 200 carrying an error body",
            respond(
                200,
                "application/json",
                br#"{"type":"internal","message":"oops"}"#,
            ),
        ),
        (
            "a 500 with an HTML page",
            respond(500, "text/html", b"<html>Internal Server Error</html>"),
        ),
    ];
    for (what, reply) in cases {
        let server = RawServer::start(move |_, _| reply.clone()).await;
        let err = server.api(config()).get_saas_users().await.expect_err(what);
        match &err {
            Error::Decode {
                operation,
                status,
                snippet,
                ..
            } => {
                assert_eq!(*operation, "GetSaasUsers", "{what}");
                assert!(status.is_some(), "{what}: status known");
                assert!(snippet.len() <= 512 + 3, "{what}: bounded snippet");
            }
            other => panic!("{what}: expected a decode error, got {other:?}"),
        }
        assert!(!err.to_string().is_empty());
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_whether_announced_or_not() {
    let big = format!(r#"{{"users":[],"pad":"{}"}}"#, "x".repeat(10_000));
    for chunked in [false, true] {
        let body = big.clone().into_bytes();
        let server = RawServer::start(move |_, _| {
            let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
            if chunked {
                headers.push(("transfer-encoding".into(), "chunked".into()));
            }
            Reply::Respond {
                status: 200,
                headers,
                body: body.clone(),
                trickle: None,
            }
        })
        .await;
        let api = server.api(config().with_max_response_bytes(4096));
        let err = api.get_saas_users().await.unwrap_err();
        match err {
            Error::ResponseTooLarge {
                limit,
                status,
                operation,
            } => {
                assert_eq!(
                    (limit, status.as_u16(), operation),
                    (4096, 200, "GetSaasUsers"),
                    "chunked={chunked}"
                );
            }
            other => panic!("chunked={chunked}: {other:?}"),
        }
        // The same body fits a larger limit.
        let api = server.api(config().with_max_response_bytes(20_000));
        api.get_saas_users().await.expect("fits");
    }
}

#[tokio::test]
async fn a_lying_content_length_is_refused_at_once() {
    let server = RawServer::start(|_, _| Reply::Respond {
        status: 200,
        headers: vec![("content-length".into(), "1000000000000".into())],
        body: b"{}".to_vec(),
        trickle: None,
    })
    .await;
    let started = Instant::now();
    let err = server.api(config()).get_saas_users().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_body_that_trickles_in_hits_the_timeout() {
    let server = RawServer::start(|_, _| Reply::Respond {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"users":[]}                                                               "#
            .to_vec(),
        trickle: Some(Duration::from_millis(100)),
    })
    .await;
    let started = Instant::now();
    let err = server
        .api(config().with_timeout(Duration::from_millis(500)))
        .get_saas_users()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// Arbitrary statuses and bodies for several operations: the client always
/// returns, never panics, and its result agrees with the status.
#[test]
fn arbitrary_statuses_and_bodies_never_panic() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let reply: Arc<Mutex<Reply>> = Arc::new(Mutex::new(Reply::Close));
    let server = {
        let reply = reply.clone();
        rt.block_on(RawServer::start(move |_, _| reply.lock().unwrap().clone()))
    };
    let api = {
        let _guard = rt.enter();
        server.api(
            config()
                .with_max_attempts(1)
                .with_timeout(Duration::from_secs(5))
                .with_max_response_bytes(64 * 1024),
        )
    };
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 96,
        ..ProptestConfig::default()
    });
    let body = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        Just(USER_JSON.as_bytes().to_vec()),
        Just(br#"{"type":"t","message":"m"}"#.to_vec()),
        Just(br#"{"users":[]}"#.to_vec()),
    ];
    runner
        .run(&(200u16..600, body, 0usize..4), |(status, body, op)| {
            *reply.lock().unwrap() = respond(status, "application/json", &body);
            let api = api.clone();
            let result: Result<u16, Error> = rt.block_on(async move {
                match op {
                    0 => api.get_saas_users().await.map(|r| r.status.as_u16()),
                    1 => api.get_saas_user("u1").await.map(|r| r.status.as_u16()),
                    2 => api
                        .create_saas_user(&types::CreateSaasUserParam {
                            email: Some("a@b.c".into()),
                            password: None,
                            sign_in_id: None,
                        })
                        .await
                        .map(|r| r.status.as_u16()),
                    _ => api
                        .unlink_provider("Google", "u1")
                        .await
                        .map(|r| r.status.as_u16()),
                }
            });
            match result {
                Ok(s) => prop_assert_eq!(s, status),
                Err(e) => {
                    if let Some(s) = e.status() {
                        prop_assert_eq!(s.as_u16(), status);
                    }
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            Ok(())
        })
        .unwrap();
}

const USER_JSON: &str = r#"{"id":"u1","email":"a@example.com","sign_in_id":"","attributes":{}}"#;

/// A path parameter that would leave its segment (`..` turning
/// `DELETE /tenants/../users/victim` into DeleteSaasUser's
/// `DELETE /users/victim`, `.`, empty, a `\` the URL parser reads as a
/// separator) is refused by the transport before anything is sent, through
/// the raw layer as through `AuthClient::call` (`InvalidRequest`); a plain
/// value still goes out.
#[tokio::test]
async fn path_parameters_cannot_leave_their_segment_in_the_raw_layer() {
    let server = RawServer::start(|_, _| Reply::json(200, "{}")).await;
    let config = common::config()
        .with_api_url_base(format!("http://{}", server.addr))
        .with_max_attempts(1);
    let client = saasus_auth::AuthClient::new(Some(config), None).unwrap();
    for tenant in ["..", ".", "", "a\\..", "a\\..\\.."] {
        let refused = client
            .raw()
            .delete_tenant_user(&tenant.to_string().into(), "victim")
            .await
            .map(|_| {
                format!(
                    "sent {:?}",
                    server.requests().last().map(|r| r.target.clone())
                )
            })
            .unwrap_err();
        assert!(
            matches!(&refused, saasus_auth::raw::Error::InvalidRequest(_)),
            "{tenant:?}: {refused:?}"
        );
        let refused = client
            .call(
                client
                    .raw()
                    .delete_tenant_user(&"t-1".to_string().into(), tenant),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&refused, Error::InvalidRequest { message, .. } if message.contains("/tenants/{tenant_id}/users/{user_id}")),
            "{tenant:?}: {refused:?}"
        );
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    client
        .raw()
        .delete_tenant_user(&"t-1".to_string().into(), "user.name@x")
        .await
        .unwrap();
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, "/v1/auth/tenants/t-1/users/user.name@x");
}
