//! The SaaSus emulator through the `SaasUserApi` facade (and raw signed
//! requests where the facade cannot go): state across calls, documented
//! errors, signatures, concurrency, shutdown, reserved characters in path
//! parameters, the sign-in, sign-up, email, MFA, device and AWS Marketplace
//! flows, and the quickstart's walk.

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use std::collections::BTreeSet;
use std::num::NonZeroU64;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use reqwest::Method;
use saasus_auth::emulator::{
    EmailKind, Emulator, API_KEY, AWS_MARKETPLACE_REGISTRATION_TOKEN, RESET_PASSWORD, SAAS_ID,
    SECRET_KEY, SOFTWARE_TOKEN_SECRET, TEMPORARY_PASSWORD, VERIFICATION_CODE,
};
use saasus_auth::signing::{format_timestamp, FixedClock, Signer};
use saasus_auth::{types, Configuration, Error, SaasUserApi, SecretKey};
use serde_json::{json, Value};

/// 2026-11-29 03:04:30 UTC.
const FIXED_UNIX: u64 = 1_795_921_470;

fn fixed_config() -> Configuration {
    Configuration::new(SAAS_ID, API_KEY, SECRET_KEY).with_clock(Arc::new(FixedClock::new(
        UNIX_EPOCH + Duration::from_secs(FIXED_UNIX),
    )))
}

fn create_param(email: &str) -> types::CreateSaasUserParam {
    types::CreateSaasUserParam {
        email: Some(email.into()),
        password: Some("P@ssw0rd!".into()),
        sign_in_id: None,
    }
}

async fn create(api: &SaasUserApi, email: &str) -> String {
    api.create_saas_user(&create_param(email))
        .await
        .unwrap()
        .data
        .id
        .to_string()
}

/// The SaaSus error body of a failed call: (status, type, message).
/// Asserts that `result` is the API error `status` with error type `kind`.
#[track_caller]
fn assert_api_error<T: std::fmt::Debug>(result: Result<T, Error>, status: u16, kind: &str) {
    let err = result.expect_err("an API error");
    let (got_status, got_kind, _) = api_error(&err);
    assert_eq!((got_status, got_kind.as_str()), (status, kind), "{err:?}");
}

fn api_error(err: &Error) -> (u16, String, String) {
    let api = err
        .api_error()
        .unwrap_or_else(|| panic!("expected an API error, got {err:?}"));
    (
        api.status.as_u16(),
        api.error_type.clone(),
        api.message.clone(),
    )
}

/// A raw request to the emulator, signed with `signer` at `stamp` (the
/// current minute when `None`), or unsigned when `signer` is `None`.
async fn raw(
    emu: &Emulator,
    method: Method,
    path: &str,
    body: &[u8],
    signer: Option<(&Signer, Option<&str>)>,
) -> (u16, Value) {
    let url = format!("{}{path}", emu.base_path());
    let mut request = reqwest::Client::new()
        .request(method.clone(), &url)
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some((signer, stamp)) = signer {
        let stamp = stamp.map_or_else(|| signer.timestamp(), str::to_string);
        request = request.header(
            "authorization",
            signer.authorization_at(&stamp, method.as_str(), &url, body),
        );
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, value)
}

fn emulator_signer() -> Signer {
    Signer::new(SAAS_ID, API_KEY, &SecretKey::new(SECRET_KEY))
}

#[tokio::test]
async fn state_persists_across_calls() {
    let emu = Emulator::start_with(fixed_config()).await.unwrap();
    let api = emu.saas_user_api();

    let created = api
        .create_saas_user(&create_param("tanaka@example.com"))
        .await
        .unwrap();
    assert_eq!(created.status.as_u16(), 201);
    let created = created.data;
    assert_eq!(created.email, "tanaka@example.com");
    assert_eq!(created.password, None, "a chosen password is not echoed");
    let id = created.id.to_string();
    let other = create(&api, "suzuki@example.com").await;
    assert_ne!(id, other);

    // get, list, search and count see both.
    let user = api.get_saas_user(&id).await.unwrap().data;
    assert_eq!(
        (
            user.id.as_str(),
            user.email.as_str(),
            user.sign_in_id.as_str()
        ),
        (id.as_str(), "tanaka@example.com", "")
    );
    assert!(user.attributes.is_empty());
    assert_eq!(user.last_login_at, None);
    let listed: Vec<String> = api
        .get_saas_users()
        .await
        .unwrap()
        .data
        .users
        .into_iter()
        .map(|u| u.id.to_string())
        .collect();
    assert_eq!(listed, [id.clone(), other.clone()]);
    let found = api
        .search_saas_users(None, Some("TANAKA@example.com"), None, None, None)
        .await
        .unwrap()
        .data;
    assert_eq!(found.users.len(), 1);
    assert_eq!(*found.users[0].id, id);
    assert_eq!(found.cursor, None);
    let by_id = types::Uuid(other.clone());
    let found = api
        .search_saas_users(Some(&by_id), None, None, None, None)
        .await
        .unwrap()
        .data;
    assert_eq!(found.users[0].email, "suzuki@example.com");
    let count = api.get_saas_users_count().await.unwrap().data;
    assert_eq!((count.count, count.updated_at), (2, FIXED_UNIX as i64));

    // Attributes merge.
    let attributes = |v: Value| match v {
        Value::Object(map) => map,
        _ => unreachable!(),
    };
    api.update_saas_user_attributes(
        &id,
        &types::UpdateSaasUserAttributesParam {
            attributes: attributes(json!({ "部署": "開発", "level": 3 })),
        },
    )
    .await
    .unwrap();
    api.update_saas_user_attributes(
        &id,
        &types::UpdateSaasUserAttributesParam {
            attributes: attributes(json!({ "level": 4, "tags": ["a", "b"] })),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        Value::Object(api.get_saas_user(&id).await.unwrap().data.attributes),
        json!({ "部署": "開発", "level": 4, "tags": ["a", "b"] })
    );

    // Email and sign-in ID.
    api.update_saas_user_email(
        &id,
        &types::UpdateSaasUserEmailParam {
            email: "tanaka.new@example.com".into(),
        },
    )
    .await
    .unwrap();
    api.update_saas_user_sign_in_id(
        &id,
        &types::UpdateSaasUserSignInIdParam {
            sign_in_id: "tanaka01".into(),
        },
    )
    .await
    .unwrap();
    let user = api.get_saas_user(&id).await.unwrap().data;
    assert_eq!(
        (user.email.as_str(), user.sign_in_id.as_str()),
        ("tanaka.new@example.com", "tanaka01")
    );
    let found = api
        .search_saas_users(None, None, Some("tanaka01"), None, None)
        .await
        .unwrap()
        .data;
    assert_eq!(*found.users[0].id, id);
    let err = api
        .update_saas_user_sign_in_id(
            &other,
            &types::UpdateSaasUserSignInIdParam {
                sign_in_id: "tanaka01".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).1, "sign_in_id_already_exists");

    // Password: the new one signs in, the old one no longer does.
    api.update_saas_user_password(
        &id,
        &types::UpdateSaasUserPasswordParam {
            password: "N3w-P@ssw0rd".into(),
            temporary: Some(false),
        },
    )
    .await
    .unwrap();
    assert!(password_verifier(&api, "tanaka01", "P@ssw0rd!")
        .await
        .is_err());
    let done = password_verifier(&api, "tanaka01", "N3w-P@ssw0rd")
        .await
        .unwrap();
    assert!(done.credentials.is_some(), "{done:?}");
    let user = api.get_saas_user(&id).await.unwrap().data;
    assert_eq!(user.last_login_at, Some(FIXED_UNIX as i64));

    // Reset issues a temporary password.
    let reset = api.reset_saas_user_password(&id).await.unwrap().data;
    assert_eq!(reset.password.as_deref(), Some(RESET_PASSWORD));
    let next = password_verifier(&api, "tanaka01", RESET_PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        next.challenge_name,
        Some(types::ChallengeName::NewPasswordRequired)
    );

    // MFA preference.
    let pref = api.get_user_mfa_preference(&id).await.unwrap().data;
    assert_eq!((pref.enabled, pref.method), (false, None));
    let email_mfa = types::MfaPreference {
        enabled: true,
        method: Some(types::MfaMethod::Email),
    };
    api.update_user_mfa_preference(&id, &types::UpdateUserMfaPreferenceParam(email_mfa.clone()))
        .await
        .unwrap();
    assert_eq!(
        api.get_user_mfa_preference(&id).await.unwrap().data,
        email_mfa
    );
    assert!(
        !api.get_user_mfa_preference(&other)
            .await
            .unwrap()
            .data
            .enabled,
        "the other user is untouched"
    );

    // Delete: gone from get, list, search and count.
    let deleted = api.delete_saas_user(&id).await.unwrap().data;
    assert_eq!(
        (deleted.id.as_str(), deleted.email.as_str()),
        (id.as_str(), "tanaka.new@example.com")
    );
    assert!(deleted.tenants.is_empty());
    assert_eq!(deleted.user_attribute["level"], json!(4));
    let err = api.get_saas_user(&id).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    let users = api.get_saas_users().await.unwrap().data.users;
    assert_eq!(users.len(), 1);
    assert_eq!(*users[0].id, other);
    assert!(api
        .search_saas_users(None, None, Some("tanaka01"), None, None)
        .await
        .unwrap()
        .data
        .users
        .is_empty());
    assert_eq!(api.get_saas_users_count().await.unwrap().data.count, 1);
}

/// SignIn then the PASSWORD_VERIFIER answer with `password`.
async fn password_verifier(
    api: &SaasUserApi,
    username: &str,
    password: &str,
) -> Result<types::RespondToSignInChallengeResult, Error> {
    let started = api
        .sign_in(&types::SignInParam {
            sign_in_flow: types::SignInFlow::UserSrpAuth,
            sign_in_parameters: [
                ("USERNAME".to_string(), username.to_string()),
                ("SRP_A".to_string(), "a1b2c3".to_string()),
            ]
            .into(),
        })
        .await?
        .data;
    assert_eq!(
        started.challenge_name,
        Some(types::ChallengeName::PasswordVerifier)
    );
    answer(
        api,
        types::ChallengeName::PasswordVerifier,
        "PASSWORD",
        password,
        started.session,
    )
    .await
}

async fn answer(
    api: &SaasUserApi,
    challenge: types::ChallengeName,
    key: &str,
    value: &str,
    session: Option<String>,
) -> Result<types::RespondToSignInChallengeResult, Error> {
    Ok(api
        .respond_to_sign_in_challenge(&types::RespondToSignInChallengeParam {
            challenge_name: challenge,
            challenge_responses: [(key.to_string(), value.to_string())].into(),
            session,
        })
        .await?
        .data)
}

#[tokio::test]
async fn search_pages_with_a_cursor() {
    let emu = Emulator::start().await.unwrap();
    let api = emu.saas_user_api();
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(create(&api, &format!("user{i}@example.com")).await);
    }
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = api
            .search_saas_users(None, None, None, NonZeroU64::new(2), cursor.as_deref())
            .await
            .unwrap()
            .data;
        pages.push(
            page.users
                .iter()
                .map(|u| u.id.to_string())
                .collect::<Vec<_>>(),
        );
        match page.cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        [2, 2, 1],
        "{pages:?}"
    );
    assert_eq!(pages.concat(), ids);

    // A page exactly full has no cursor when nothing follows.
    let page = api
        .search_saas_users(None, None, None, NonZeroU64::new(5), None)
        .await
        .unwrap()
        .data;
    assert_eq!((page.users.len(), page.cursor), (5, None));

    // A limit over 100 and a cursor the emulator never made: 400.
    let err = api
        .search_saas_users(None, None, None, NonZeroU64::new(101), None)
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).0, 400);
    assert_eq!(api_error(&err).1, "invalid_parameter");
    assert_api_error(
        api.search_saas_users(None, None, None, None, Some("not-a-cursor"))
            .await,
        400,
        "invalid_cursor",
    );
}

#[tokio::test]
async fn unknown_users_get_the_documented_errors() {
    let emu = Emulator::start().await.unwrap();
    let api = emu.saas_user_api();
    let missing = "f94bfffc-8be2-11ec-b41a-0242ac120004";

    // 404 where the spec documents it.
    for err in [
        api.get_saas_user(missing).await.unwrap_err(),
        api.delete_saas_user(missing).await.map(|_| ()).unwrap_err(),
        api.reset_saas_user_password(missing)
            .await
            .map(|_| ())
            .unwrap_err(),
    ] {
        let (status, kind, message) = api_error(&err);
        assert_eq!((status, kind.as_str()), (404, "user_not_found"), "{err}");
        assert!(message.contains(missing), "{message}");
        assert!(err.is_not_found());
    }

    // 500, the only error status the spec documents, for the others; the
    // type still says what happened.
    assert_api_error(
        api.update_saas_user_attributes(
            missing,
            &types::UpdateSaasUserAttributesParam {
                attributes: Default::default(),
            },
        )
        .await,
        500,
        "user_not_found",
    );
    assert_api_error(
        api.get_user_mfa_preference(missing).await,
        500,
        "user_not_found",
    );

    // The user ID is percent-decoded: reserved characters reach the store
    // intact and come back in the message.
    let odd = "a/b?c#d%e f-日本.x";
    let err = api.get_saas_user(odd).await.unwrap_err();
    let (status, _, message) = api_error(&err);
    assert_eq!(status, 404);
    assert!(message.contains(&format!("{odd:?}")), "{message}");
}

#[tokio::test]
async fn duplicate_email_is_refused_with_400() {
    let emu = Emulator::start().await.unwrap();
    let api = emu.saas_user_api();
    create(&api, "dup@example.com").await;
    let err = api
        .create_saas_user(&create_param("DUP@example.com"))
        .await
        .unwrap_err();
    let (status, kind, message) = api_error(&err);
    assert_eq!((status, kind.as_str()), (400, "email_already_exists"));
    assert!(message.contains("DUP@example.com"), "{message}");
    assert_eq!(err.operation(), Some("CreateSaasUser"));
    assert_eq!(api.get_saas_users().await.unwrap().data.users.len(), 1);

    // Other invalid parameters are 400 as well.
    for (param, kind) in [
        (create_param("not-an-email"), "invalid_email"),
        (
            types::CreateSaasUserParam {
                email: Some("short@example.com".into()),
                password: Some("short".into()),
                sign_in_id: None,
            },
            "invalid_password",
        ),
        (
            types::CreateSaasUserParam {
                email: None,
                password: None,
                sign_in_id: None,
            },
            "invalid_parameter",
        ),
    ] {
        let err = api.create_saas_user(&param).await.unwrap_err();
        assert_eq!((api_error(&err).0, api_error(&err).1.as_str()), (400, kind));
    }
}

#[tokio::test]
async fn malformed_bodies_are_refused_with_400() {
    let emu = Emulator::start().await.unwrap();
    let signer = emulator_signer();

    // The same signed raw request with a valid body is accepted...
    let (status, body) = raw(
        &emu,
        Method::POST,
        "/users",
        br#"{"email":"raw@example.com","password":"P@ssw0rd!"}"#,
        Some((&signer, None)),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["email"], "raw@example.com");

    // ...and refused when the body is not JSON, not of the documented type,
    // or missing.
    for bad in [
        &br#"{"email": "#[..],
        br#"{"email": 5}"#,
        br#"["email"]"#,
        b"",
    ] {
        let (status, body) = raw(&emu, Method::POST, "/users", bad, Some((&signer, None))).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["type"], "invalid_request", "{body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (status, body) = raw(
        &emu,
        Method::POST,
        "/users/count",
        br#"{"count": -1}"#,
        Some((&signer, None)),
    )
    .await;
    assert_eq!((status, &body["type"]), (400, &json!("invalid_request")));

    // Unknown paths and methods.
    let (status, body) = raw(&emu, Method::GET, "/nope", b"", Some((&signer, None))).await;
    assert_eq!((status, &body["type"]), (404, &json!("not_found")));
    let (status, body) = raw(&emu, Method::PUT, "/users", b"", Some((&signer, None))).await;
    assert_eq!((status, &body["type"]), (405, &json!("method_not_allowed")));

    assert_eq!(
        emu.saas_user_api()
            .get_saas_users()
            .await
            .unwrap()
            .data
            .users
            .len(),
        1
    );
}

#[tokio::test]
async fn a_wrong_secret_is_refused_with_401() {
    let emu = Emulator::start().await.unwrap();
    let wrong = Configuration::new(SAAS_ID, API_KEY, "not-the-secret");
    let api = SaasUserApi::new(Some(wrong), Some(&emu.base_path()), None).unwrap();

    // GetSaasUsers documents no 401: its SaaSus error body is decoded all the same.
    let err = api.get_saas_users().await.unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    let (status, kind, _) = api_error(&err);
    assert_eq!((status, kind.as_str()), (401, "unauthorized"));
    // SignIn documents 401: a SaaSus error body.
    let err = password_verifier(&api, "x", "y").await.unwrap_err();
    let (status, kind, message) = api_error(&err);
    assert_eq!((status, kind.as_str()), (401, "unauthorized"));
    assert_eq!(message, "the signature does not match");

    // Another SaaS ID or API key is refused too.
    for config in [
        Configuration::new("other-saas", API_KEY, SECRET_KEY),
        Configuration::new(SAAS_ID, "other-key", SECRET_KEY),
    ] {
        let api = SaasUserApi::new(Some(config), Some(&emu.base_path()), None).unwrap();
        assert!(api.get_saas_users().await.unwrap_err().is_unauthorized());
    }
    // Nothing got through.
    assert!(emu
        .saas_user_api()
        .get_saas_users()
        .await
        .unwrap()
        .data
        .users
        .is_empty());
}

#[tokio::test]
async fn a_request_without_authorization_is_refused_with_401() {
    let emu = Emulator::start().await.unwrap();
    for (method, path, body) in [
        (Method::GET, "/users", &b""[..]),
        (
            Method::POST,
            "/users",
            br#"{"email":"raw@example.com","password":"P@ssw0rd!"}"#,
        ),
        (Method::GET, "/no-such-path", b""),
    ] {
        let (status, body) = raw(&emu, method, path, body, None).await;
        assert_eq!(status, 401, "{path}");
        assert_eq!(body["type"], "unauthorized");
        assert_eq!(body["message"], "the Authorization header is missing");
    }
    let (status, _) = raw(
        &emu,
        Method::GET,
        "/users",
        b"",
        Some((&emulator_signer(), None)),
    )
    .await;
    assert_eq!(status, 200);
    assert!(emu.sent_emails().is_empty());
}

#[tokio::test]
async fn signatures_are_checked_within_a_minute_of_the_clock() {
    let emu = Emulator::start_with(fixed_config()).await.unwrap();
    let signer = emulator_signer();
    let at = |offset: i64| {
        let t = FIXED_UNIX as i64 + offset;
        format_timestamp(UNIX_EPOCH + Duration::from_secs(t as u64))
    };
    for (offset, expected) in [
        (0, 200),
        (-60, 200),
        (60, 200),
        (-120, 401),
        (120, 401),
        (-86_400, 401),
    ] {
        let stamp = at(offset);
        let (status, _) = raw(
            &emu,
            Method::GET,
            "/users",
            b"",
            Some((&signer, Some(&stamp))),
        )
        .await;
        assert_eq!(status, expected, "signed {offset} s off the clock");
    }
    // The signature covers the query string and the body.
    let url = format!("{}/users/search?email=a%40example.com", emu.base_path());
    let auth = signer.authorization_at(&at(0), "GET", &url, b"");
    let tampered = url.replace("a%40", "b%40");
    let status = reqwest::Client::new()
        .get(&tampered)
        .header("authorization", auth)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status.as_u16(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_clients_see_consistent_state() {
    let emu = Emulator::start().await.unwrap();
    let api = emu.saas_user_api();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50 {
        let api = api.clone();
        tasks.spawn(async move {
            api.create_saas_user(&create_param(&format!("user{i}@example.com")))
                .await
                .map(|r| r.data)
        });
    }
    let mut ids = BTreeSet::new();
    let mut emails = BTreeSet::new();
    while let Some(result) = tasks.join_next().await {
        let user = result.unwrap().unwrap();
        assert!(ids.insert(user.id.to_string()), "duplicate ID {}", user.id);
        emails.insert(user.email);
    }
    assert_eq!((ids.len(), emails.len()), (50, 50));
    let listed: BTreeSet<String> = api
        .get_saas_users()
        .await
        .unwrap()
        .data
        .users
        .into_iter()
        .map(|u| u.id.to_string())
        .collect();
    assert_eq!(listed, ids);
    assert_eq!(api.get_saas_users_count().await.unwrap().data.count, 50);

    // The same email from many clients at once: exactly one wins.
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let api = api.clone();
        tasks.spawn(async move {
            api.create_saas_user(&create_param("race@example.com"))
                .await
        });
    }
    let mut won = 0;
    while let Some(result) = tasks.join_next().await {
        match result.unwrap() {
            Ok(_) => won += 1,
            Err(err) => assert_eq!(api_error(&err).1, "email_already_exists"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(api.get_saas_users_count().await.unwrap().data.count, 51);
}

#[tokio::test]
async fn the_emulator_stops_when_dropped() {
    let emu = Emulator::start().await.unwrap();
    let addr = emu.addr();
    let api = emu.saas_user_api();
    api.get_saas_users().await.unwrap();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    drop(emu);
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    assert!(api.get_saas_users().await.is_err());

    // The async shutdown too.
    let emu = Emulator::start().await.unwrap();
    let addr = emu.addr();
    emu.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn debug_output_hides_the_keys() {
    let config = Configuration::new("saas-x", "the-api-key-123", "the-secret-456");
    let emu = Emulator::start_with(config).await.unwrap();
    let debug = format!("{emu:?}");
    assert!(debug.contains("saas-x"), "{debug}");
    assert!(debug.contains(&emu.addr().to_string()), "{debug}");
    assert!(!debug.contains("the-api-key-123"), "{debug}");
    assert!(!debug.contains("the-secret-456"), "{debug}");
    let default = Emulator::start().await.unwrap();
    assert!(!format!("{default:?}").contains(SECRET_KEY));
}

#[tokio::test]
async fn provider_names_with_reserved_characters_round_trip() {
    let emu = Emulator::start().await.unwrap();
    let api = emu.saas_user_api();
    let id = create(&api, "linked@example.com").await;
    let odd = "Sign in/with ?#% 社";
    for provider in ["Google", odd] {
        let token = emu.external_access_token(provider, "LINKED@example.com");
        api.request_external_user_link(&types::RequestExternalUserLinkParam {
            access_token: token.clone(),
        })
        .await
        .unwrap();
        assert_api_error(
            api.confirm_external_user_link(&types::ConfirmExternalUserLinkParam {
                access_token: token.clone(),
                code: "000000".into(),
            })
            .await,
            400,
            "invalid_code",
        );
        api.confirm_external_user_link(&types::ConfirmExternalUserLinkParam {
            access_token: token,
            code: VERIFICATION_CODE.into(),
        })
        .await
        .unwrap();
    }
    assert_eq!(emu.linked_providers(&id), ["Google", odd]);
    let codes: Vec<_> = emu
        .sent_emails()
        .into_iter()
        .filter(|m| m.kind == EmailKind::ExternalUserLinkCode)
        .map(|m| (m.to, m.code))
        .collect();
    assert_eq!(codes.len(), 2);
    assert!(codes
        .iter()
        .all(|(to, code)| to == "linked@example.com" && code == VERIFICATION_CODE));

    // Unlinking by the decoded name removes exactly that provider.
    api.unlink_provider(odd, &id).await.unwrap();
    assert_eq!(emu.linked_providers(&id), ["Google"]);
    let err = api.unlink_provider(odd, &id).await.unwrap_err();
    let (status, kind, message) = api_error(&err);
    assert_eq!((status, kind.as_str()), (500, "provider_not_linked"));
    assert!(message.contains(&format!("{odd:?}")), "{message}");

    // Link errors the spec documents as 400.
    assert_api_error(
        api.request_external_user_link(&types::RequestExternalUserLinkParam {
            access_token: emu.external_access_token("Google", "nobody@example.com"),
        })
        .await,
        400,
        "user_not_found",
    );
    assert_api_error(
        api.request_external_user_link(&types::RequestExternalUserLinkParam {
            access_token: "garbage".into(),
        })
        .await,
        400,
        "invalid_access_token",
    );
    assert_api_error(
        api.confirm_external_user_link(&types::ConfirmExternalUserLinkParam {
            access_token: emu.external_access_token("GitHub", "linked@example.com"),
            code: VERIFICATION_CODE.into(),
        })
        .await,
        400,
        "no_pending_link",
    );
}

#[tokio::test]
async fn sign_in_with_a_new_password_software_token_mfa_and_a_device() {
    let emu = Emulator::start_with(fixed_config()).await.unwrap();
    let api = emu.saas_user_api();
    let created = api
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some("mfa@example.com".into()),
            password: None,
            sign_in_id: Some("mfa-user".into()),
        })
        .await
        .unwrap()
        .data;
    assert_eq!(created.password.as_deref(), Some(TEMPORARY_PASSWORD));
    let id = created.id.to_string();
    let token = emu.access_token(&id);

    // Unknown users and wrong passwords: 401.
    let err = password_verifier(&api, "nobody", "x").await.unwrap_err();
    assert_eq!(
        (api_error(&err).0, api_error(&err).1.as_str()),
        (401, "user_not_found")
    );
    let err = password_verifier(&api, "mfa@example.com", "wrong-password")
        .await
        .unwrap_err();
    assert_eq!(
        (api_error(&err).0, api_error(&err).1.as_str()),
        (401, "not_authorized")
    );

    // The temporary password asks for a new one.
    let next = password_verifier(&api, "mfa-user", TEMPORARY_PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        next.challenge_name,
        Some(types::ChallengeName::NewPasswordRequired)
    );
    // A session is good once, and for its own challenge only.
    let session = next.session.clone();
    let err = answer(
        &api,
        types::ChallengeName::SoftwareTokenMfa,
        "SOFTWARE_TOKEN_MFA_CODE",
        VERIFICATION_CODE,
        session.clone(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (api_error(&err).0, api_error(&err).1.as_str()),
        (401, "unexpected_challenge")
    );
    let err = answer(
        &api,
        types::ChallengeName::NewPasswordRequired,
        "NEW_PASSWORD",
        "Chosen-Passw0rd",
        session,
    )
    .await
    .unwrap_err();
    assert_eq!(api_error(&err).1, "invalid_session");
    let next = password_verifier(&api, "mfa-user", TEMPORARY_PASSWORD)
        .await
        .unwrap();
    let done = answer(
        &api,
        types::ChallengeName::NewPasswordRequired,
        "NEW_PASSWORD",
        "Chosen-Passw0rd",
        next.session,
    )
    .await
    .unwrap();
    let credentials = done.credentials.unwrap();
    assert_eq!(credentials.access_token, token);
    assert_eq!(credentials.id_token, format!("emu-id-token.{id}"));

    // Register the authenticator app, then enable it.
    let err = api
        .update_software_token(
            &id,
            &types::UpdateSoftwareTokenParam {
                access_token: token.clone(),
                verification_code: VERIFICATION_CODE.into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).1, "secret_code_not_created");
    let software_token = types::UpdateUserMfaPreferenceParam(types::MfaPreference {
        enabled: true,
        method: Some(types::MfaMethod::SoftwareToken),
    });
    assert_api_error(
        api.update_user_mfa_preference(&id, &software_token).await,
        500,
        "software_token_not_registered",
    );
    let err = api
        .create_secret_code(
            &id,
            &types::CreateSecretCodeParam {
                access_token: "emu-access-token.someone-else".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).1, "invalid_access_token");
    let secret = api
        .create_secret_code(
            &id,
            &types::CreateSecretCodeParam {
                access_token: token.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(secret.status.as_u16(), 201);
    assert_eq!(secret.data.secret_code, SOFTWARE_TOKEN_SECRET);
    let err = api
        .update_software_token(
            &id,
            &types::UpdateSoftwareTokenParam {
                access_token: token.clone(),
                verification_code: "999999".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).1, "invalid_code");
    api.update_software_token(
        &id,
        &types::UpdateSoftwareTokenParam {
            access_token: token.clone(),
            verification_code: VERIFICATION_CODE.into(),
        },
    )
    .await
    .unwrap();
    api.update_user_mfa_preference(&id, &software_token)
        .await
        .unwrap();

    // Now the sign-in asks for the app's code.
    let next = password_verifier(&api, "MFA@example.com", "Chosen-Passw0rd")
        .await
        .unwrap();
    assert_eq!(
        next.challenge_name,
        Some(types::ChallengeName::SoftwareTokenMfa)
    );
    let done = answer(
        &api,
        types::ChallengeName::SoftwareTokenMfa,
        "SOFTWARE_TOKEN_MFA_CODE",
        VERIFICATION_CODE,
        next.session,
    )
    .await
    .unwrap();
    assert_eq!(done.credentials.unwrap().access_token, token);
    let device_key = done.new_device_metadata.unwrap().device_key.unwrap();

    // Devices.
    let device_status = |key: &str, access_token: &str| types::UpdateDeviceStatusParam {
        access_token: access_token.into(),
        device_key: key.into(),
        device_remembered_status: types::DeviceRememberedStatus::Remembered,
    };
    let err = api
        .update_device_status(&device_status(&device_key, &token))
        .await
        .unwrap_err();
    assert_eq!(
        (api_error(&err).0, api_error(&err).1.as_str()),
        (400, "unknown_device"),
        "not confirmed yet"
    );
    let confirm = |key: &str, access_token: &str| types::ConfirmDeviceParam {
        access_token: access_token.into(),
        device_key: key.into(),
        device_name: Some("laptop".into()),
        device_secret_verifier_config: None,
    };
    assert_api_error(
        api.confirm_device(&confirm(&device_key, "bad-token")).await,
        401,
        "invalid_access_token",
    );
    assert_api_error(
        api.confirm_device(&confirm("emu-device-999", &token)).await,
        400,
        "unknown_device",
    );
    let confirmed = api
        .confirm_device(&confirm(&device_key, &token))
        .await
        .unwrap()
        .data;
    assert!(confirmed.user_confirmation_necessary);
    api.update_device_status(&device_status(&device_key, &token))
        .await
        .unwrap();
    let err = api
        .update_device_status(&device_status(&device_key, "bad-token"))
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).0, 401);
}

#[tokio::test]
async fn email_update_with_a_code() {
    let emu = Emulator::start().await.unwrap();
    let api = emu.saas_user_api();
    let id = create(&api, "old@example.com").await;
    let other = create(&api, "taken@example.com").await;
    let request = |email: &str, token: String| types::RequestEmailUpdateParam {
        access_token: token,
        email: email.into(),
    };
    let confirm = |code: &str| types::ConfirmEmailUpdateParam {
        access_token: emu.access_token(&id),
        code: code.into(),
    };

    assert_api_error(
        api.confirm_email_update(&id, &confirm(VERIFICATION_CODE))
            .await,
        500,
        "no_pending_email_update",
    );
    let err = api
        .request_email_update(&id, &request("new@example.com", emu.access_token(&other)))
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).1, "invalid_access_token");
    let err = api
        .request_email_update(&id, &request("taken@example.com", emu.access_token(&id)))
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).1, "email_already_exists");

    api.request_email_update(&id, &request("new@example.com", emu.access_token(&id)))
        .await
        .unwrap();
    let sent = emu.sent_emails();
    let last = sent.last().unwrap();
    assert_eq!(
        (last.to.as_str(), last.kind, last.code.as_str()),
        (
            "new@example.com",
            EmailKind::EmailUpdateCode,
            VERIFICATION_CODE
        )
    );
    assert_eq!(
        api.get_saas_user(&id).await.unwrap().data.email,
        "old@example.com",
        "not before the code is confirmed"
    );
    assert_api_error(
        api.confirm_email_update(&id, &confirm("111111")).await,
        500,
        "invalid_code",
    );
    api.confirm_email_update(&id, &confirm(VERIFICATION_CODE))
        .await
        .unwrap();
    assert_eq!(
        api.get_saas_user(&id).await.unwrap().data.email,
        "new@example.com"
    );
}

#[tokio::test]
async fn sign_up_resend_and_counts() {
    let emu = Emulator::start_with(fixed_config()).await.unwrap();
    let api = emu.saas_user_api();

    let count = api.get_saas_users_count().await.unwrap().data;
    assert_eq!((count.count, count.updated_at), (0, FIXED_UNIX as i64));
    api.save_saas_users_count(&types::SaveSaasUsersCountParam { count: 42 })
        .await
        .unwrap();
    assert_eq!(api.get_saas_users_count().await.unwrap().data.count, 42);

    let signed_up = api
        .sign_up(&types::SignUpParam {
            email: "new@example.com".into(),
        })
        .await
        .unwrap();
    assert_eq!(signed_up.status.as_u16(), 201);
    let user = signed_up.data;
    assert_eq!(user.email, "new@example.com");
    assert_eq!(
        api.get_saas_user(&user.id).await.unwrap().data,
        user,
        "what sign-up returns is what is stored"
    );
    assert_eq!(
        api.get_saas_users_count().await.unwrap().data.count,
        1,
        "creating a user records the count"
    );

    let resend = types::ResendSignUpConfirmationEmailParam {
        email: "new@example.com".into(),
    };
    api.resend_sign_up_confirmation_email(&resend)
        .await
        .unwrap();
    let sent = emu.sent_emails();
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|m| m.to == "new@example.com"
        && m.kind == EmailKind::TemporaryPassword
        && m.code == TEMPORARY_PASSWORD));

    assert_api_error(
        api.sign_up(&types::SignUpParam {
            email: "new@example.com".into(),
        })
        .await,
        500,
        "email_already_exists",
    );
    assert_api_error(
        api.resend_sign_up_confirmation_email(&types::ResendSignUpConfirmationEmailParam {
            email: "nobody@example.com".into(),
        })
        .await,
        500,
        "user_not_found",
    );

    // Once the user chose a password, there is nothing to resend.
    let next = password_verifier(&api, "new@example.com", TEMPORARY_PASSWORD)
        .await
        .unwrap();
    answer(
        &api,
        types::ChallengeName::NewPasswordRequired,
        "NEW_PASSWORD",
        "Chosen-Passw0rd",
        next.session,
    )
    .await
    .unwrap();
    let err = api
        .resend_sign_up_confirmation_email(&resend)
        .await
        .unwrap_err();
    assert_eq!(api_error(&err).1, "already_confirmed");
}

#[tokio::test]
async fn aws_marketplace_sign_up_confirm_and_link() {
    let emu = Emulator::start().await.unwrap();
    let api = emu.saas_user_api();
    let sign_up = |token: &str| types::SignUpWithAwsMarketplaceParam {
        email: "buyer@example.com".into(),
        registration_token: token.into(),
    };
    assert_api_error(
        api.sign_up_with_aws_marketplace(&sign_up("bad-token"))
            .await,
        500,
        "invalid_registration_token",
    );
    assert!(api.get_saas_users().await.unwrap().data.users.is_empty());

    let user = api
        .sign_up_with_aws_marketplace(&sign_up(AWS_MARKETPLACE_REGISTRATION_TOKEN))
        .await
        .unwrap();
    assert_eq!(user.status.as_u16(), 201);
    let id = user.data.id.to_string();

    let tenant = api
        .confirm_sign_up_with_aws_marketplace(&types::ConfirmSignUpWithAwsMarketplaceParam {
            access_token: emu.access_token(&id),
            registration_token: AWS_MARKETPLACE_REGISTRATION_TOKEN.into(),
            tenant_name: None,
        })
        .await
        .unwrap();
    assert_eq!(tenant.status.as_u16(), 201);
    let tenant = tenant.data;
    assert_eq!(tenant.name, "buyer@example.com's tenant");
    assert_eq!(tenant.back_office_staff_email, "buyer@example.com");
    assert_eq!(tenant.id.len(), 36);

    let link = |access_token: String| types::LinkAwsMarketplaceParam {
        access_token,
        registration_token: AWS_MARKETPLACE_REGISTRATION_TOKEN.into(),
        tenant_id: tenant.id.to_string(),
    };
    api.link_aws_marketplace(&link(emu.access_token(&id)))
        .await
        .unwrap();
    assert_api_error(
        api.link_aws_marketplace(&link("bad-token".into())).await,
        500,
        "invalid_access_token",
    );
}

#[tokio::test]
async fn the_quickstart_walk_runs_against_the_emulator() {
    let emu = Emulator::start().await.unwrap();
    quickstart::walk(&emu.saas_user_api(), Some(&emu))
        .await
        .unwrap_or_else(|e| panic!("the quickstart walk failed: {e}"));
    // It cleaned up after itself, and went through the link flow.
    assert!(emu
        .saas_user_api()
        .get_saas_users()
        .await
        .unwrap()
        .data
        .users
        .is_empty());
    assert!(emu
        .sent_emails()
        .iter()
        .any(|m| m.kind == EmailKind::ExternalUserLinkCode));
}

#[tokio::test]
async fn the_quickstart_real_api_paths_run_against_the_emulator() {
    // Without the emulator's helpers the walk takes the real API's path:
    // the steps that need end-user tokens or SaaS-defined attributes are
    // skipped, and MFA is set to disabled.
    let emu = Emulator::start().await.unwrap();
    let api = emu.saas_user_api();
    quickstart::walk(&api, None)
        .await
        .unwrap_or_else(|e| panic!("the quickstart walk failed: {e}"));
    assert!(api.get_saas_users().await.unwrap().data.users.is_empty());
    assert!(emu.sent_emails().is_empty());
    // The read-only listing.
    create(&api, "listed@example.com").await;
    quickstart::list(&api).await.unwrap();
}
