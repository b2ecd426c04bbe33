//! Errors: SaaSus error bodies, statuses, and no token in anything printed.

use crate::common;

use std::time::Duration;

use common::*;
use httpmock::prelude::*;
use saasus_auth::{Error, RequestOptions};

const ID_TOKEN: &str = "eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";

#[tokio::test]
async fn a_500_with_a_saasus_body_is_an_api_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/auth/users");
            then.status(500).json_body(serde_json::json!({
                "type": "internal_server_error", "message": "something broke", "data": { "request_id": "r1" }
            }));
        })
        .await;
    let err = api(&server).get_saas_users().await.unwrap_err();
    let api_err = err.api_error().expect("api error");
    assert_eq!(api_err.status.as_u16(), 500);
    assert_eq!(api_err.error_type, "internal_server_error");
    assert_eq!(api_err.message, "something broke");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert!(!err.is_not_found() && !err.is_timeout());
    assert_eq!(
        err.to_string(),
        "GetSaasUsers: SaaSus answered 500 Internal Server Error (internal_server_error): something broke"
    );
}

fn assert_no_token(err: &Error) {
    for printed in [format!("{err}"), format!("{err:?}"), format!("{err:#?}")] {
        assert!(!printed.contains(ID_TOKEN), "token leaked: {printed}");
        assert!(
            !printed.contains("c2lnbmF0dXJl"),
            "token part leaked: {printed}"
        );
    }
}

#[tokio::test]
async fn an_id_token_in_the_query_never_appears_in_errors() {
    let server = MockServer::start_async().await;
    let client = client(&server);

    // Documented 401.
    let m = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/auth/userinfo")
                .query_param("token", ID_TOKEN);
            then.status(401).json_body(
                serde_json::json!({ "type": "invalid_token", "message": "token expired" }),
            );
        })
        .await;
    let err = client
        .call(client.raw().get_user_info(ID_TOKEN))
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_no_token(&err);
    m.delete_async().await;

    // Undocumented status whose body echoes the URL.
    let m = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/auth/userinfo");
            then.status(418).body("no");
        })
        .await;
    let err = client
        .call(client.raw().get_user_info(ID_TOKEN))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert_no_token(&err);
    m.delete_async().await;

    // Transport failure (reqwest errors carry the URL).
    let closed = client_at("http://127.0.0.1:9");
    let err = closed
        .call(closed.raw().get_user_info(ID_TOKEN))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_no_token(&err);
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        assert!(!s.to_string().contains(ID_TOKEN), "source leaked: {s}");
        source = s.source();
    }
}

#[tokio::test]
async fn a_slow_server_gives_a_timeout_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/auth/users");
            then.status(200)
                .delay(Duration::from_secs(5))
                .json_body(serde_json::json!({ "users": [] }));
        })
        .await;
    let api = api(&server).with_options(RequestOptions::new().timeout(Duration::from_millis(200)));
    let started = std::time::Instant::now();
    let err = api.get_saas_users().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.to_string(), "GetSaasUsers: timed out after 200ms");
}

#[tokio::test]
async fn invalid_per_call_headers_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let api = api(&server).with_options(RequestOptions::new().trace_id("bad\nvalue"));
    let err = api.get_saas_users().await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    let api = api.with_options(RequestOptions::new().header("Authorization", "Bearer x"));
    let err = api.get_saas_users().await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidRequest { .. }),
        "the signature header cannot be overridden: {err:?}"
    );
}

#[tokio::test]
async fn a_body_that_echoes_the_token_is_redacted_in_snippets() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let echo = format!("<html>Cannot GET /v1/auth/userinfo?token={ID_TOKEN}</html>");

    // An undocumented status whose page echoes the URL.
    let m = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/auth/userinfo");
            then.status(404).body(echo.clone());
        })
        .await;
    let err = client
        .call(client.raw().get_user_info(ID_TOKEN))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedStatus { snippet, .. } if snippet.contains("token=(value hidden)")),
        "{err:?}"
    );
    assert_no_token(&err);
    m.delete_async().await;

    // A success status whose body does not decode and echoes the token.
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/auth/userinfo");
            then.status(200).body(format!("{{\"id\": \"{ID_TOKEN}\""));
        })
        .await;
    let err = client
        .call(client.raw().get_user_info(ID_TOKEN))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { snippet, .. } if snippet.contains("(value hidden)")),
        "{err:?}"
    );
    assert_no_token(&err);
}

#[tokio::test]
async fn a_client_fault_type_is_not_retryable_whatever_the_status() {
    for (status, error_type, fault, retryable) in [
        (500, "env_not_found", true, false),
        (503, "user_not_found", true, false),
        (500, "invalid_parameter", true, false),
        (500, "role_already_exists", true, false),
        (404, "not_found", true, false),
        (503, "service_unavailable", false, true),
        (500, "internal_server_error", false, false),
        (500, "invalidated_cache", false, false),
    ] {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/auth/users");
                then.status(status).json_body(serde_json::json!({
                    "type": error_type, "message": "m"
                }));
            })
            .await;
        let client = api(&server).with_options(RequestOptions::new().max_attempts(1));
        let err = client.get_saas_users().await.unwrap_err();
        let api_err = err.api_error().expect("api error");
        assert_eq!(api_err.is_client_fault(), fault, "{status} {error_type}");
        assert_eq!(err.is_retryable(), retryable, "{status} {error_type}");
    }
}

/// Options travel in the client that sends the call: a low-level client
/// made with options sends them, the one it came from does not, and options
/// that cannot be honoured are refused before anything is sent, on that
/// layer as on the facades.
#[tokio::test]
async fn a_low_level_client_carries_its_own_options() {
    let server = MockServer::start_async().await;
    let traced = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/auth/users")
                .header("x-saasus-trace-id", "trace-raw-1");
            then.status(200)
                .json_body(serde_json::json!({ "users": [] }));
        })
        .await;
    let client = client(&server);
    let with = client
        .raw()
        .with_options(RequestOptions::new().trace_id("trace-raw-1"));
    assert!(with.options().is_some() && client.raw().options().is_none());
    with.get_saas_users().await.expect("sent with the trace id");
    assert_eq!(traced.calls_async().await, 1);

    // The client it came from sends no trace id: the mock does not match.
    assert!(client.raw().get_saas_users().await.is_err());
    assert_eq!(traced.calls_async().await, 1);

    let refused = client
        .raw()
        .with_options(RequestOptions::new().max_attempts(0))
        .get_saas_users()
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, saasus_auth::raw::Error::InvalidRequest(m) if m.contains("max_attempts")),
        "{refused:?}"
    );
    // Through the crate's types, named after the operation.
    let facade_err = client
        .with_options(RequestOptions::new().max_attempts(0))
        .saas_user_api()
        .get_saas_users()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &facade_err,
            Error::InvalidRequest {
                operation: "GetSaasUsers",
                ..
            }
        ),
        "{facade_err:?}"
    );
    assert_eq!(traced.calls_async().await, 1, "nothing more was sent");
}

/// `AuthClient::call` names the operation of an answer the hooks refused,
/// from the table entry the hooks found.
#[tokio::test]
async fn call_names_the_operation_of_a_refused_answer() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/auth/userinfo");
            then.status(418).body("no");
        })
        .await;
    let client = client(&server);
    let err = client
        .call(client.raw().get_user_info(ID_TOKEN))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::UnexpectedStatus {
                operation: "GetUserInfo",
                ..
            }
        ),
        "{err:?}"
    );
}
