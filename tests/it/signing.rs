//! SAASUSSIGV1 against fixed vectors and against a server that recomputes
//! the signature from what it received.

use crate::common;

use common::*;
use httpmock::prelude::*;
use saasus_auth::signing::{format_timestamp, signed_target, Signer};
use saasus_auth::{types, SecretKey};
use std::time::{Duration, UNIX_EPOCH};

struct Vector {
    secret_key: &'static str,
    api_key: &'static str,
    saas_id: &'static str,
    timestamp: &'static str,
    method: &'static str,
    url: &'static str,
    body: &'static str,
    signed_target: &'static str,
    authorization: &'static str,
}

/// The vectors of the reference signing-vectors.json, computed
/// independently of this crate.
const VECTORS: &[Vector] = &[
    Vector { secret_key: "secret-key-0123456789", api_key: "api-key-abcdef", saas_id: "saas-id-0001", timestamp: "202611290304", method: "GET", url: "https://api.saasus.io/v1/auth/users", body: "", signed_target: "api.saasus.io/v1/auth/users", authorization: "SAASUSSIGV1 Sig=2ae0a4fe4ff051293758190c0382b171eb30bfeaca75127120dd1e317803c9c2, SaaSID=saas-id-0001, APIKey=api-key-abcdef" },
    Vector { secret_key: "s3cr3t", api_key: "AK", saas_id: "d3f6a1b2-0000-4000-8000-000000000001", timestamp: "202401010000", method: "GET", url: "https://api.saasus.io/v1/auth/users/f94bfffc-8be2-11ec-b41a-0242ac120004", body: "", signed_target: "api.saasus.io/v1/auth/users/f94bfffc-8be2-11ec-b41a-0242ac120004", authorization: "SAASUSSIGV1 Sig=c653152d426ab5b20efb1a25d6afaaa422edc2566c4c0222f2218abb1aa2a21d, SaaSID=d3f6a1b2-0000-4000-8000-000000000001, APIKey=AK" },
    Vector { secret_key: "secret-key-0123456789", api_key: "api-key-abcdef", saas_id: "saas-id-0001", timestamp: "203012312359", method: "DELETE", url: "https://api.saasus.io/v1/auth/users/f94bfffc-8be2-11ec-b41a-0242ac120004", body: "", signed_target: "api.saasus.io/v1/auth/users/f94bfffc-8be2-11ec-b41a-0242ac120004", authorization: "SAASUSSIGV1 Sig=1986649d02dfe370cca098bd2ec4c1ac8a51c54792437dc32c67365febf7dd19, SaaSID=saas-id-0001, APIKey=api-key-abcdef" },
    Vector { secret_key: "s3cr3t", api_key: "AK", saas_id: "d3f6a1b2-0000-4000-8000-000000000001", timestamp: "202611290304", method: "POST", url: "https://api.saasus.io/v1/auth/users", body: "{\"email\":\"user@example.com\",\"password\":\"P@ssw0rd!\"}", signed_target: "api.saasus.io/v1/auth/users", authorization: "SAASUSSIGV1 Sig=61f5d66d8bf5d10da610bb9e56b83c79f87ec6d2dd0494bc05448820606ff0e2, SaaSID=d3f6a1b2-0000-4000-8000-000000000001, APIKey=AK" },
    Vector { secret_key: "secret-key-0123456789", api_key: "api-key-abcdef", saas_id: "saas-id-0001", timestamp: "202401010000", method: "PATCH", url: "https://api.saasus.io/v1/auth/users/0d4f5f2e-5b1c-4d2c-9b9a-3a2f1e0c7b6a/attributes", body: "{\"attributes\":{\"department\":\"開発\",\"level\":3}}", signed_target: "api.saasus.io/v1/auth/users/0d4f5f2e-5b1c-4d2c-9b9a-3a2f1e0c7b6a/attributes", authorization: "SAASUSSIGV1 Sig=7b25fe3cc842d39ef2046a86f208f1d1aabcac36dabf384de6fbc0acfeebf276, SaaSID=saas-id-0001, APIKey=api-key-abcdef" },
    Vector { secret_key: "s3cr3t", api_key: "AK", saas_id: "d3f6a1b2-0000-4000-8000-000000000001", timestamp: "203012312359", method: "GET", url: "https://api.saasus.io/v1/auth/userinfo?token=eyJraWQiOiJ0ZXN0In0.e30.sig", body: "", signed_target: "api.saasus.io/v1/auth/userinfo?token=eyJraWQiOiJ0ZXN0In0.e30.sig", authorization: "SAASUSSIGV1 Sig=56d66b5703f5020ba5100fa92e7871042cde80454a870cac0622d3276eec7820, SaaSID=d3f6a1b2-0000-4000-8000-000000000001, APIKey=AK" },
    Vector { secret_key: "secret-key-0123456789", api_key: "api-key-abcdef", saas_id: "saas-id-0001", timestamp: "202611290304", method: "PUT", url: "http://127.0.0.1:8080/v1/auth/users/abc/mfa/software-token", body: "{\"access_token\":\"tok\",\"verification_code\":\"123456\"}", signed_target: "127.0.0.1:8080/v1/auth/users/abc/mfa/software-token", authorization: "SAASUSSIGV1 Sig=060a03145e9d5adc20c175f682de718538bf8ec16a167da64fd2025811877106, SaaSID=saas-id-0001, APIKey=api-key-abcdef" },
    Vector { secret_key: "s3cr3t", api_key: "AK", saas_id: "d3f6a1b2-0000-4000-8000-000000000001", timestamp: "202401010000", method: "DELETE", url: "https://api.saasus.io/v1/auth/users/user%2Fwith%20slash/providers/Google", body: "", signed_target: "api.saasus.io/v1/auth/users/user%2Fwith%20slash/providers/Google", authorization: "SAASUSSIGV1 Sig=829a2202e8f2e354cc4a97e88faa7a547918d5784f290bf11070d45ace0e82b2, SaaSID=d3f6a1b2-0000-4000-8000-000000000001, APIKey=AK" },
];

#[test]
fn every_reference_vector() {
    assert_eq!(VECTORS.len(), 8);
    for v in VECTORS {
        let signer = Signer::new(v.saas_id, v.api_key, &SecretKey::new(v.secret_key));
        assert_eq!(
            signed_target(v.url),
            v.signed_target,
            "target of {} {}",
            v.method,
            v.url
        );
        assert_eq!(
            signer.authorization_at(v.timestamp, v.method, v.url, v.body.as_bytes()),
            v.authorization,
            "{} {}",
            v.method,
            v.url
        );
    }
}

#[test]
fn the_independent_verifier_agrees_with_the_vectors() {
    // Guards the test helper itself: it must reproduce the reference too.
    let v = &VECTORS[0];
    assert_eq!(
        expected_authorization(
            v.secret_key,
            v.timestamp,
            v.method,
            v.signed_target,
            v.body.as_bytes()
        ),
        v.authorization
    );
}

#[test]
fn a_wrong_secret_gives_another_signature() {
    let v = &VECTORS[3];
    let signer = Signer::new(v.saas_id, v.api_key, &SecretKey::new("not-the-secret"));
    assert_ne!(
        signer.authorization_at(v.timestamp, v.method, v.url, v.body.as_bytes()),
        v.authorization
    );
}

#[test]
fn the_clock_drives_the_timestamp() {
    assert_eq!(
        format_timestamp(UNIX_EPOCH + Duration::from_secs(FIXED_UNIX)),
        FIXED_STAMP
    );
}

#[tokio::test]
async fn get_with_a_query_string_is_signed_over_the_wire_target() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/auth/users/search")
                .query_param("email", "a+b@example.com")
                .is_true(signature_ok);
            then.status(200)
                .json_body(serde_json::json!({ "users": [] }));
        })
        .await;
    let api = api(&server);
    let page = api
        .search_saas_users(None, Some("a+b@example.com"), None, None, None)
        .await
        .expect("signed search succeeds");
    assert!(page.data.users.is_empty());
    mock.assert_async().await;
}

#[tokio::test]
async fn post_with_a_non_ascii_json_body_is_signed_over_its_bytes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/auth/users/u1/attributes")
                .header("content-type", "application/json")
                .json_body(serde_json::json!({ "attributes": { "部署": "開発", "level": 3 } }))
                .is_true(signature_ok);
            then.status(200);
        })
        .await;
    let mut attributes = saasus_auth::Attributes::new();
    attributes.insert("部署", "開発");
    attributes.insert("level", 3);
    api(&server)
        .update_saas_user_attributes("u1", &types::UpdateSaasUserAttributesParam { attributes })
        .await
        .expect("signed update succeeds");
    mock.assert_async().await;
}

#[tokio::test]
async fn delete_with_a_percent_encoded_segment_is_signed_as_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .is_true(|req| {
                    raw_target(req) == "/v1/auth/users/user%2Fwith%20slash/providers/Google"
                })
                .is_true(signature_ok);
            then.status(200);
        })
        .await;
    api(&server)
        .unlink_provider("Google", "user/with slash")
        .await
        .expect("signed delete succeeds");
    mock.assert_async().await;
}

#[tokio::test]
async fn a_request_signed_with_another_secret_is_not_accepted_by_the_verifier() {
    let server = MockServer::start_async().await;
    let good = server
        .mock_async(|when, then| {
            when.is_true(signature_ok);
            then.status(200)
                .json_body(serde_json::json!({ "users": [] }));
        })
        .await;
    let config =
        saasus_auth::Configuration::new(SAAS_ID, API_KEY, "wrong-secret").with_clock(fixed_clock());
    let err = api_with(&server, config)
        .get_saas_users()
        .await
        .unwrap_err();
    assert_eq!(good.calls_async().await, 0);
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(404),
        "httpmock answers 404 to unmatched requests: {err}"
    );
}

#[tokio::test]
async fn configured_headers_are_sent_and_content_type_goes_with_bodies() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/auth/sign-up")
                .header("referer", "https://app.example.com/")
                .header("x-saasus-referer", "https://console.example.com/")
                .header("x-saasus-trace-id", "trace-1")
                .header("content-type", "application/json")
                .header("user-agent", saasus_auth::config::USER_AGENT)
                .is_true(|req| !req.headers().contains_key("api-version"))
                .is_true(signature_ok);
            then.status(201).json_body(serde_json::json!({
                "id": "u1", "email": "a@example.com", "sign_in_id": "", "attributes": {}
            }));
        })
        .await;
    let config = config()
        .with_referer("https://app.example.com/")
        .with_x_saasus_referer("https://console.example.com/")
        .with_trace_id("trace-1");
    api_with(&server, config)
        .sign_up(&types::SignUpParam {
            email: "a@example.com".into(),
        })
        .await
        .expect("sign-up succeeds");
    mock.assert_async().await;
}

#[tokio::test]
async fn post_with_non_ascii_json_is_signed_over_its_utf8_bytes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/auth/users")
                .header("content-type", "application/json")
                .json_body(
                    serde_json::json!({ "email": "山田.太郎@例え.jp", "password": "пароль-密码" }),
                )
                .is_true(signature_ok);
            then.status(201).json_body(serde_json::json!({
                "id": "u1", "email": "山田.太郎@例え.jp", "sign_in_id": "", "attributes": {}
            }));
        })
        .await;
    let created = api(&server)
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some("山田.太郎@例え.jp".into()),
            password: Some("пароль-密码".into()),
            sign_in_id: None,
        })
        .await
        .expect("signed create succeeds");
    assert_eq!(created.data.email, "山田.太郎@例え.jp");
    mock.assert_async().await;
}
