//! Tracing at debug level tells what happened, and never what must stay
//! secret: the secret key, the signature, tokens in query strings, and
//! passwords in bodies.

use crate::common;

use common::*;
use httpmock::prelude::*;
use saasus_auth::types;

const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnLXNlY3JldC1wYXJ0";
const PASSWORD: &str = "Pa55-w0rd-in-body";

#[tokio::test]
async fn logs_describe_requests_and_leak_nothing() {
    let (capture, _guard) = Capture::install();

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/auth/userinfo");
            then.status(401)
                .json_body(serde_json::json!({ "type": "invalid_token", "message": "expired" }));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/auth/users");
            then.status(201).json_body(serde_json::json!({
                "id": "u1", "email": "a@example.com", "sign_in_id": "", "attributes": {}, "password": PASSWORD
            }));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/auth/sign-in");
            then.status(200)
                .json_body(serde_json::json!({ "session": TOKEN }));
        })
        .await;

    let api = api(&server);
    let client = client(&server);
    let err = client
        .call(client.raw().get_user_info(TOKEN))
        .await
        .unwrap_err();
    assert!(err.is_unauthorized());
    api.create_saas_user(&types::CreateSaasUserParam {
        email: Some("a@example.com".into()),
        password: Some(PASSWORD.into()),
        sign_in_id: None,
    })
    .await
    .unwrap();
    api.sign_in(&types::SignInParam {
        sign_in_flow: types::SignInFlow::UserSrpAuth,
        sign_in_parameters: [("PASSWORD".to_string(), PASSWORD.to_string())].into(),
    })
    .await
    .unwrap();
    // A transport failure, whose reqwest error carries the URL.
    let closed = client_at("http://127.0.0.1:9");
    let _ = closed
        .call(closed.raw().get_user_info(TOKEN))
        .await
        .unwrap_err();

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    if std::env::var_os("SHOW_LOGS").is_some() {
        eprintln!("{logs}");
    }
    // What is there: one span per request, with its operation, method, path, status.
    assert!(logs.contains("saasus_request"), "{logs}");
    assert!(logs.contains("operation=\"GetUserInfo\""), "{logs}");
    assert!(
        logs.contains("method=POST") && logs.contains("path=\"/users\""),
        "{logs}"
    );
    assert!(
        logs.contains("status=401") && logs.contains("status=201"),
        "{logs}"
    );
    // What is not.
    for secret in [
        SECRET,
        TOKEN,
        "c2lnLXNlY3JldC1wYXJ0",
        PASSWORD,
        "SAASUSSIGV1",
        API_KEY,
    ] {
        assert!(
            !logs.contains(secret),
            "{secret:?} leaked into the logs:\n{logs}"
        );
    }
}
