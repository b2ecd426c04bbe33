//! The middleware under wrong application credentials: when SaaSus refuses
//! the application's own signature, requests are answered 500
//! (`misconfigured`) with a warning naming the variables to check, not 401
//! (`invalid_token`) as if every user's token were bad; with the right
//! credentials a bad token is still 401, and a good one costs one call.
#![cfg(feature = "axum")]

use crate::common;

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use common::raw_server::{RawServer, Reply};
use common::Capture;
use saasus_auth::middleware::{AuthLayer, AuthenticatedUser};
use saasus_auth::session::{AuthFailure, Authenticator};
use saasus_auth::{types, AuthClient, Configuration};
use saasus_auth_emulator::{Credentials, Emulator, Lifetimes};

const EMAIL: &str = "check-user@example.com";
const PASSWORD: &str = "Check-User-Passw0rd!";
const WRONG_SECRET: &str = "marker-wrong-secret-key-5150";

async fn me(AuthenticatedUser(user): AuthenticatedUser) -> String {
    user.email.clone()
}

/// Serves `/me` behind the layer on a free port; answers its base URL.
async fn serve(authenticator: Authenticator) -> String {
    let router = Router::new()
        .route("/me", get(me))
        .layer(AuthLayer::new(authenticator).login_url(None));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

async fn get_me(base: &str, token: &str) -> (StatusCode, serde_json::Value) {
    let response = saasus_auth::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
        .get(format!("{base}/me"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
    let body = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)),
    )
}

/// An ID token of a user signed in on `emu`.
async fn id_token(emu: &Emulator) -> String {
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    client
        .saas_user_api()
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some(EMAIL.into()),
            password: Some(PASSWORD.into()),
            sign_in_id: None,
        })
        .await
        .unwrap();
    let code = emu.login(EMAIL, PASSWORD).unwrap();
    client
        .exchange_code(&code)
        .await
        .unwrap()
        .id_token()
        .to_string()
}

#[tokio::test]
async fn a_wrong_secret_key_is_500_with_a_warning_not_401() {
    let (capture, _guard) = Capture::install();
    let emu = Emulator::start_with(Credentials::default(), Lifetimes::default()).unwrap();
    let token = id_token(&emu).await;
    let c = emu.credentials();
    let wrong = Configuration::new(c.saas_id.clone(), c.api_key.clone(), WRONG_SECRET)
        .with_api_url_base(emu.base_url());
    let base = serve(Authenticator::new(
        AuthClient::new(Some(wrong), None).unwrap(),
    ))
    .await;

    // A good user token and a bad one alike: the application is at fault.
    for t in [token.as_str(), "garbage.token.value"] {
        let (status, body) = get_me(&base, t).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
        assert_eq!(body["error"], "misconfigured", "{body}");
        assert!(body.get("redirect_url").is_none(), "{body}");
        assert!(!body.to_string().contains(WRONG_SECRET), "{body}");
        assert!(!body.to_string().contains(&token), "{body}");
    }

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    let warning = logs
        .lines()
        .find(|l| l.contains("WARN") && l.contains("SAASUS_SECRET_KEY"))
        .unwrap_or_else(|| panic!("no warning naming the credentials in:\n{logs}"));
    assert!(warning.contains("SAASUS_API_KEY"), "{warning}");
    assert!(warning.contains("signature"), "{warning}");
    assert!(!logs.contains(WRONG_SECRET), "the secret key was logged");
    assert!(!logs.contains(&token), "the token was logged");
    emu.shutdown().await;
}

#[tokio::test]
async fn with_the_right_credentials_a_bad_token_is_still_401() {
    let emu = Emulator::start_with(Credentials::default(), Lifetimes::default()).unwrap();
    let token = id_token(&emu).await;
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    let base = serve(Authenticator::new(client)).await;
    let (status, body) = get_me(&base, "garbage.token.value").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"], "invalid_token", "{body}");
    let (status, body) = get_me(&base, &token).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, Some(EMAIL)));
    emu.shutdown().await;
}

fn paths(server: &RawServer) -> Vec<String> {
    server
        .requests
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.target.split('?').next().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn the_check_costs_nothing_on_success_and_one_call_per_burst() {
    // SaaSus accepting tokens: one GetUserInfo per request, no check.
    let user = r#"{"id":"7b639774-6fba-4b26-b580-f3d755876a4b","email":"a@example.com","sign_in_id":"","tenants":[],"user_attribute":{}}"#;
    let accepting = RawServer::start(move |_, _| Reply::json(200, user)).await;
    let config = common::config()
        .with_api_url_base(format!("http://{}", accepting.addr))
        .with_max_attempts(1);
    let authenticator = Authenticator::new(AuthClient::new(Some(config), None).unwrap());
    let mut headers = saasus_auth::http::HeaderMap::new();
    headers.insert("authorization", "Bearer t".parse().unwrap());
    for _ in 0..3 {
        authenticator.authenticate(&headers).await.unwrap();
    }
    assert_eq!(paths(&accepting), vec!["/v1/auth/userinfo"; 3]);

    // SaaSus refusing every signature: a burst of concurrent requests costs
    // one GetAuthInfo, and the refusal is cached.
    let refusing = RawServer::start(|_, _| {
        Reply::json(401, r#"{"type":"unauthorized","message":"bad signature"}"#)
    })
    .await;
    let config = common::config()
        .with_api_url_base(format!("http://{}", refusing.addr))
        .with_max_attempts(1);
    let authenticator = Authenticator::new(AuthClient::new(Some(config), None).unwrap());
    let mut burst = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (authenticator, headers) = (authenticator.clone(), headers.clone());
        burst.spawn(async move { authenticator.authenticate(&headers).await });
    }
    for outcome in burst.join_all().await {
        let failure = outcome.unwrap_err();
        assert!(
            matches!(failure, AuthFailure::CredentialsRejected(_)),
            "{failure:?}"
        );
        assert_eq!(failure.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(failure.code(), "misconfigured");
    }
    authenticator.authenticate(&headers).await.unwrap_err();
    let seen = paths(&refusing);
    assert_eq!(
        seen.iter().filter(|p| p.ends_with("/auth-info")).count(),
        1,
        "{seen:?}"
    );
    assert_eq!(
        seen.iter().filter(|p| p.ends_with("/userinfo")).count(),
        9,
        "{seen:?}"
    );

    // SaaSus refusing the token only: 401, after one check (then cached).
    let token_only = RawServer::start(|_, r| {
        if r.target.contains("/auth-info") {
            Reply::json(200, r#"{"callback_url":"https://example.com/callback"}"#)
        } else {
            Reply::json(401, r#"{"type":"invalid_token","message":"expired"}"#)
        }
    })
    .await;
    let config = common::config()
        .with_api_url_base(format!("http://{}", token_only.addr))
        .with_max_attempts(1);
    let authenticator = Authenticator::new(AuthClient::new(Some(config), None).unwrap());
    for _ in 0..3 {
        let failure = authenticator.authenticate(&headers).await.unwrap_err();
        assert!(
            matches!(failure, AuthFailure::InvalidToken(_)),
            "{failure:?}"
        );
    }
    let seen = paths(&token_only);
    assert_eq!(
        seen.iter().filter(|p| p.ends_with("/auth-info")).count(),
        1,
        "{seen:?}"
    );
}
