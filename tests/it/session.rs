//! The sign-in flows on `AuthClient` and the framework-neutral session
//! helpers, against the emulator (and a recording server where the test
//! must see what was sent or count requests).

use crate::common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use common::raw_server::{RawServer, Reply};
use common::{Capture, USER_INFO};
use saasus_auth::http::{HeaderMap, StatusCode};
use saasus_auth::session::{AuthFailure, Authenticator, RequestContext, TokenError};
use saasus_auth::{types, AuthClient, Configuration};
use saasus_auth_emulator::{Credentials, Emulator, Lifetimes};

const EMAIL: &str = "signed-in@example.com";
const PASSWORD: &str = "Sign-In-Passw0rd!";

fn client(emu: &Emulator) -> AuthClient {
    AuthClient::new(Some(emu.configuration()), None).expect("valid configuration")
}

/// A SaaS user with `EMAIL` / `PASSWORD`, signed in: a fresh code.
async fn signed_in(emu: &Emulator, client: &AuthClient) -> String {
    client
        .saas_user_api()
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some(EMAIL.into()),
            password: Some(PASSWORD.into()),
            sign_in_id: None,
        })
        .await
        .expect("create the user");
    // The hosted login page, through the emulator's admin endpoint.
    let http = saasus_auth::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let answer: serde_json::Value = http
        .post(format!("{}/__emulator/login", emu.base_url()))
        .json(&serde_json::json!({ "email": EMAIL, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["code"].as_str().expect("a code").to_string()
}

fn assert_hidden(secret: &str, text: &str) {
    assert!(!secret.is_empty());
    assert!(!text.contains(secret), "{secret:?} leaked into {text:?}");
}

fn assert_error_hides(secret: &str, err: &saasus_auth::Error) {
    assert_hidden(secret, &err.to_string());
    assert_hidden(secret, &format!("{err:?}"));
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        assert_hidden(secret, &s.to_string());
        source = s.source();
    }
}

#[tokio::test]
async fn code_exchange_refresh_and_authenticate() {
    let emu = Emulator::start().unwrap();
    let client = client(&emu);
    let code = signed_in(&emu, &client).await;

    let credentials = client
        .exchange_code(&code)
        .await
        .expect("exchange the code");
    let debug = format!("{credentials:?}");
    assert_hidden(credentials.id_token(), &debug);
    assert_hidden(credentials.access_token(), &debug);
    let refresh_token = credentials
        .refresh_token()
        .expect("a refresh token")
        .to_string();
    assert_hidden(&refresh_token, &debug);
    assert!(
        credentials.id_token_expires_at().is_some(),
        "the emulator's tokens carry exp"
    );

    let user = client.authenticate(credentials.id_token()).await.unwrap();
    assert_eq!(user.email, EMAIL);

    // The code is single-use: a clear, distinct error without the code.
    let reused = client.exchange_code(&code).await.unwrap_err();
    assert!(reused.is_invalid_grant(), "{reused}");
    assert!(!reused.is_unauthorized());
    assert_eq!(reused.status(), Some(StatusCode::NOT_FOUND));
    assert_error_hides(&code, &reused);
    let unknown = client
        .exchange_code("6f1c1d47-0000-4000-8000-000000000000")
        .await
        .unwrap_err();
    assert!(unknown.is_invalid_grant());

    let renewed = client.refresh(&refresh_token).await.expect("refresh");
    assert_ne!(renewed.id_token(), credentials.id_token());
    let again = client.authenticate(renewed.id_token()).await.unwrap();
    assert_eq!(again.id, user.id);

    let bad_refresh = client.refresh("not-a-refresh-token").await.unwrap_err();
    assert!(bad_refresh.is_invalid_grant(), "{bad_refresh}");
    assert_error_hides("not-a-refresh-token", &bad_refresh);

    let garbage = "eyJhbGciOiJub25lIn0.garbage-token-value.c2ln";
    let rejected = client.authenticate(garbage).await.unwrap_err();
    assert!(rejected.is_unauthorized(), "{rejected}");
    assert!(!rejected.is_invalid_grant());
    assert_error_hides(garbage, &rejected);
    emu.shutdown().await;
}

#[tokio::test]
async fn expired_codes_and_tokens_are_refused() {
    let lifetimes = Lifetimes {
        code: Duration::from_millis(300),
        token: Duration::from_millis(1200),
        ..Lifetimes::default()
    };
    let emu = Emulator::start_with(Credentials::default(), lifetimes).unwrap();
    let client = client(&emu);
    let code = signed_in(&emu, &client).await;
    let fresh = emu.login(EMAIL, PASSWORD).unwrap();
    let credentials = client.exchange_code(&fresh).await.unwrap();
    client.authenticate(credentials.id_token()).await.unwrap();

    tokio::time::sleep(Duration::from_millis(1300)).await;
    let expired_code = client.exchange_code(&code).await.unwrap_err();
    assert!(expired_code.is_invalid_grant(), "{expired_code}");
    let expired_token = client
        .authenticate(credentials.id_token())
        .await
        .unwrap_err();
    assert!(expired_token.is_unauthorized(), "{expired_token}");
    let failure = client
        .authenticate_request(&RequestContext::from_headers(&bearer(
            credentials.id_token(),
        )))
        .await
        .unwrap_err();
    assert!(
        matches!(failure, AuthFailure::InvalidToken(_)),
        "{failure:?}"
    );
    assert_eq!(failure.status_code(), StatusCode::UNAUTHORIZED);
    emu.shutdown().await;
}

fn bearer(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("authorization", format!("Bearer {token}").parse().unwrap());
    headers
}

#[tokio::test]
async fn request_context_finds_the_token_by_header_or_cookie() {
    let emu = Emulator::start().unwrap();
    let client = client(&emu);
    let code = signed_in(&emu, &client).await;
    let id_token = client
        .exchange_code(&code)
        .await
        .unwrap()
        .id_token()
        .to_string();

    let mut by_cookie = HeaderMap::new();
    by_cookie.insert(
        "cookie",
        format!("lang=ja; __Host-SaaSus_idToken={id_token}")
            .parse()
            .unwrap(),
    );
    for headers in [bearer(&id_token), by_cookie] {
        let user = client
            .authenticate_request(&RequestContext::from_headers(&headers))
            .await
            .unwrap();
        assert_eq!(user.email, EMAIL);
    }
    // The unprefixed names of the official samples only when asked for.
    let mut unprefixed = HeaderMap::new();
    unprefixed.insert("cookie", format!("idToken={id_token}").parse().unwrap());
    let failure = client
        .authenticate_request(&RequestContext::from_headers(&unprefixed))
        .await
        .unwrap_err();
    assert!(matches!(failure, AuthFailure::NoToken(TokenError::Missing)));
    let extractor = saasus_auth::session::TokenExtractor::new()
        .cookie_names(saasus_auth::session::UNPREFIXED_ID_TOKEN_COOKIES);
    let user = client
        .authenticate_request(&RequestContext::from_headers_with(&unprefixed, &extractor))
        .await
        .unwrap();
    assert_eq!(user.email, EMAIL);

    // No call is made without a usable token.
    let cases: [(&[(&str, &str)], TokenError); 4] = [
        (&[], TokenError::Missing),
        (
            &[("authorization", "Bearer")],
            TokenError::MalformedAuthorization,
        ),
        (
            &[("authorization", "Basic x")],
            TokenError::MalformedAuthorization,
        ),
        (
            &[("authorization", "Bearer a b")],
            TokenError::MalformedAuthorization,
        ),
    ];
    for (pairs, expected) in cases {
        let mut headers = HeaderMap::new();
        for (k, v) in pairs {
            headers.insert(*k, v.parse().unwrap());
        }
        let failure = client
            .authenticate_request(&RequestContext::from_headers(&headers))
            .await
            .unwrap_err();
        assert!(
            matches!(failure, AuthFailure::NoToken(e) if e == expected),
            "{pairs:?}: {failure:?}"
        );
        assert_eq!(failure.status_code(), StatusCode::UNAUTHORIZED);
        assert!(failure.error().is_none());
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn propagated_headers_reach_get_user_info() {
    let server = RawServer::start(|_, _| Reply::json(200, USER_INFO)).await;
    let config = common::config().with_api_url_base(format!("http://{}", server.addr));
    // The client's own options are kept; the request's headers win.
    let client = AuthClient::new(Some(config), None).unwrap().with_options(
        saasus_auth::RequestOptions::new()
            .header("x-app", "kept")
            .trace_id("configured"),
    );
    let mut headers = bearer("propagated-token-value");
    headers.insert("referer", "https://app.example.com/page".parse().unwrap());
    headers.insert(
        "x-saasus-referer",
        "https://saasus.example.com/ref".parse().unwrap(),
    );
    headers.insert("x-saasus-trace-id", "trace-from-request".parse().unwrap());

    let user = client
        .authenticate_request(&RequestContext::from_headers(&headers))
        .await
        .unwrap();
    assert_eq!(user.email, "recorded@example.com");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert!(sent
        .target
        .starts_with("/v1/auth/userinfo?token=propagated-token-value"));
    assert_eq!(sent.header("referer"), Some("https://app.example.com/page"));
    assert_eq!(
        sent.header("x-saasus-referer"),
        Some("https://saasus.example.com/ref")
    );
    assert_eq!(sent.header("x-saasus-trace-id"), Some("trace-from-request"));
    assert_eq!(sent.header("x-app"), Some("kept"));
}

#[tokio::test]
async fn saasus_out_of_reach_is_not_a_rejected_token() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = common::config()
        .with_api_url_base(format!("http://127.0.0.1:{port}"))
        .with_max_attempts(1);
    let client = AuthClient::new(Some(config), None).unwrap();
    let token = "token-while-down-value";
    let failure = client
        .authenticate_request(&RequestContext::from_headers(&bearer(token)))
        .await
        .unwrap_err();
    assert!(
        matches!(failure, AuthFailure::Unreachable(_)),
        "{failure:?}"
    );
    assert_eq!(failure.status_code(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(!failure.is_unauthenticated());
    assert_hidden(token, &failure.to_string());
    assert_hidden(token, &format!("{failure:?}"));

    // SaaSus answering 500 is a bad gateway, not a 401 either.
    let server = RawServer::start(|_, _| {
        Reply::json(500, r#"{"type":"internal_server_error","message":"boom"}"#)
    })
    .await;
    let config = common::config()
        .with_api_url_base(format!("http://{}", server.addr))
        .with_max_attempts(1);
    let client = AuthClient::new(Some(config), None).unwrap();
    let failure = client
        .authenticate_request(&RequestContext::from_headers(&bearer(token)))
        .await
        .unwrap_err();
    assert!(matches!(failure, AuthFailure::Upstream(_)), "{failure:?}");
    assert_eq!(failure.status_code(), StatusCode::BAD_GATEWAY);
}

async fn burst(authenticator: &Authenticator, n: usize, token: &str) -> Vec<String> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (authenticator, headers) = (authenticator.clone(), bearer(token));
        tasks.spawn(async move {
            authenticator
                .authenticate(&headers)
                .await
                .map(|u| u.email.clone())
        });
    }
    let mut emails = Vec::new();
    while let Some(result) = tasks.join_next().await {
        emails.push(result.unwrap().expect("authenticated"));
    }
    emails
}

#[tokio::test]
async fn the_cache_collapses_a_burst_into_one_get_user_info() {
    let (server, count) = common::counting_user_info_server().await;
    let client = AuthClient::new(
        Some(common::config().with_api_url_base(format!("http://{}", server.addr))),
        None,
    )
    .unwrap();

    let cached = Authenticator::new(client.clone()).with_cache(100, Duration::from_secs(30));
    let emails = burst(&cached, 100, "burst-token").await;
    assert_eq!(emails.len(), 100);
    assert!(emails.iter().all(|e| e == "recorded@example.com"));
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "one GetUserInfo for the burst"
    );
    assert!(!format!("{cached:?}").contains("burst-token"));

    // Another token is another lookup; off by default, every request is.
    burst(&cached, 10, "other-token").await;
    assert_eq!(count.load(Ordering::SeqCst), 2);
    let uncached = Authenticator::new(client);
    assert!(!uncached.is_caching());
    burst(&uncached, 5, "burst-token").await;
    assert_eq!(count.load(Ordering::SeqCst), 7);
}

#[tokio::test]
async fn failures_are_not_cached() {
    let emu = Emulator::start().unwrap();
    let client = client(&emu);
    let cached = Authenticator::new(client.clone()).with_cache(10, Duration::from_secs(60));
    let code = signed_in(&emu, &client).await;
    let token = client
        .exchange_code(&code)
        .await
        .unwrap()
        .id_token()
        .to_string();
    // Rejected while the emulator is reset (the user is gone)...
    emu.reset();
    let failure = cached.authenticate(&bearer(&token)).await.unwrap_err();
    assert!(matches!(failure, AuthFailure::InvalidToken(_)));
    // ... and nothing of that rejection is kept: a valid token goes through.
    let code = signed_in(&emu, &client).await;
    let token = client
        .exchange_code(&code)
        .await
        .unwrap()
        .id_token()
        .to_string();
    assert_eq!(
        cached.authenticate(&bearer(&token)).await.unwrap().email,
        EMAIL
    );
    emu.shutdown().await;
}

#[tokio::test(flavor = "current_thread")]
async fn no_code_or_token_in_any_log_line_or_span() {
    let (capture, _guard) = Capture::install();

    let emu = Emulator::start().unwrap();
    let client = client(&emu);
    let code = signed_in(&emu, &client).await;
    let credentials = client.exchange_code(&code).await.unwrap();
    let _ = client.exchange_code(&code).await.unwrap_err();
    let refresh_token = credentials.refresh_token().unwrap().to_string();
    let renewed = client.refresh(&refresh_token).await.unwrap();
    client.authenticate(credentials.id_token()).await.unwrap();
    let garbage = "garbage-id-token-in-logs";
    let _ = client.authenticate(garbage).await.unwrap_err();
    let cached = Authenticator::new(client.clone()).with_cache(10, Duration::from_secs(5));
    cached
        .authenticate(&bearer(renewed.id_token()))
        .await
        .unwrap();
    emu.shutdown().await;

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("GetAuthCredentials") && logs.contains("GetUserInfo"),
        "{logs}"
    );
    for secret in [
        code.as_str(),
        credentials.id_token(),
        credentials.access_token(),
        &refresh_token,
        renewed.id_token(),
        garbage,
    ] {
        assert_hidden(secret, &logs);
    }
}

#[test]
fn configuration_for_doc_reference() {
    // The emulator's defaults are what the README tells the example app.
    let config = Configuration::new(
        saasus_auth_emulator::DEFAULT_SAAS_ID,
        saasus_auth_emulator::DEFAULT_API_KEY,
        saasus_auth_emulator::DEFAULT_SECRET_KEY,
    );
    assert!(AuthClient::new(Some(config), None).is_ok());
}

/// A SaaS user signed in at the hosted login page opened with `verifier`'s
/// challenge: a PKCE-bound code.
async fn signed_in_with_pkce(
    emu: &Emulator,
    verifier: &saasus_auth::session::PkceVerifier,
) -> String {
    emu.login_with_challenge(EMAIL, PASSWORD, &verifier.challenge())
        .expect("a PKCE-bound code")
}

#[tokio::test]
async fn pkce_exchange_with_verifier_once_and_revocation() {
    use saasus_auth::session::PkceVerifier;

    let emu = Emulator::start().unwrap();
    let client = client(&emu);
    let plain = signed_in(&emu, &client).await;
    let verifier = PkceVerifier::generate().unwrap();
    let code = signed_in_with_pkce(&emu, &verifier).await;

    // Not without the verifier, nor with another one.
    let err = client.exchange_code(&code).await.unwrap_err();
    assert!(err.is_invalid_grant(), "{err}");
    let other = PkceVerifier::generate().unwrap();
    let err = client
        .exchange_code_with_verifier(&code, &other)
        .await
        .unwrap_err();
    assert!(
        err.is_verifier_mismatch() && err.is_invalid_grant(),
        "{err}"
    );
    assert_eq!(err.operation(), Some("ExchangeAuthCredentials"));
    assert_error_hides(&code, &err);
    assert_error_hides(other.expose(), &err);
    assert_hidden(verifier.expose(), &format!("{verifier:?}"));

    // With its own: once.
    let credentials = client
        .exchange_code_with_verifier(&code, &verifier)
        .await
        .expect("the right verifier");
    client.authenticate(credentials.id_token()).await.unwrap();
    let err = client
        .exchange_code_with_verifier(&code, &verifier)
        .await
        .unwrap_err();
    assert!(
        err.is_invalid_grant() && !err.is_verifier_mismatch(),
        "{err}"
    );
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_error_hides(verifier.expose(), &err);

    // A code minted without PKCE is refused by the exchange (4xx), a
    // malformed one before anything is sent; the plain code still works.
    let err = client
        .exchange_code_with_verifier(&plain, &verifier)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err}");
    let err = client
        .exchange_code_with_verifier("not-a-code", &verifier)
        .await
        .unwrap_err();
    assert!(
        matches!(err, saasus_auth::Error::InvalidRequest { .. }),
        "{err}"
    );
    assert_error_hides("not-a-code", &err);
    client.exchange_code(&plain).await.expect("a plain code");

    // Signing out: the refresh token no longer refreshes.
    let refresh = credentials.refresh_token().expect("a refresh token");
    client.refresh(refresh).await.expect("refreshes before");
    client.revoke_refresh_token(refresh).await.expect("revoked");
    let err = client.refresh(refresh).await.unwrap_err();
    assert!(err.is_invalid_grant(), "{err}");
    assert_error_hides(refresh, &err);
    // An empty token: a typed 400.
    let err = client.revoke_refresh_token("").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err}");
    assert_eq!(err.operation(), Some("RevokeToken"));
}

#[test]
fn bad_pkce_input_is_a_typed_error_that_echoes_nothing() {
    use saasus_auth::session::{hosted_login_url, PkceError, PkceVerifier};

    let secret = "secret-verifier-value-that-is-not-long";
    let err = PkceVerifier::parse(secret).unwrap_err();
    assert_eq!(err, PkceError::InvalidVerifier);
    assert_hidden(secret, &format!("{err} {err:?}"));
    let verifier = PkceVerifier::generate().unwrap();
    let err = hosted_login_url("not a url", &verifier).unwrap_err();
    assert_eq!(err, PkceError::InvalidLoginUrl);
    assert_hidden(verifier.expose(), &format!("{err} {err:?}"));
}
