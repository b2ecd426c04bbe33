//! The 30 methods of `SaasUserApi` against a mock that checks method, path,
//! body and signature: the documented request, the typed response, every
//! documented error status, undocumented statuses, malformed bodies, and
//! path parameters with reserved characters.

use crate::common;

use std::future::Future;
use std::pin::Pin;

use common::*;
use httpmock::prelude::*;
use saasus_auth::{Error, SaasUserApi};
use serde_json::{json, Value};

const UID: &str = "f94bfffc-8be2-11ec-b41a-0242ac120004";

type Outcome = Pin<Box<dyn Future<Output = Result<(u16, Value), Error>> + Send>>;

struct Case {
    op: &'static str,
    method: &'static str,
    /// The path below /v1/auth, with `{user_id}` and `{provider_name}`.
    path: &'static str,
    request: Option<fn() -> Value>,
    status: u16,
    response: Option<fn() -> Value>,
    errors: &'static [u16],
    /// Calls the method with (user_id, provider_name, request body).
    call: fn(SaasUserApi, String, String, Option<Value>) -> Outcome,
}

fn from<T: serde::de::DeserializeOwned>(body: Option<Value>) -> T {
    serde_json::from_value(body.expect("case has a request body"))
        .expect("request body fits the type")
}

fn out<T: serde::Serialize>(r: saasus_auth::ApiResponse<T>) -> (u16, Value) {
    (r.status.as_u16(), serde_json::to_value(&r.data).unwrap())
}

fn user() -> Value {
    json!({
        "id": UID, "email": "tanaka@example.com", "sign_in_id": "",
        "attributes": { "department": "開発", "employee_number": 10 },
        "last_login_at": 1640995200
    })
}

fn user_info() -> Value {
    json!({
        "id": UID, "email": "tanaka@example.com", "sign_in_id": "",
        "user_attribute": { "address": "東京都" },
        "tenants": [{
            "id": "d1234567-89ab-cdef-0123-456789abcdef", "name": "Example Inc.",
            "completed_sign_up": true,
            "envs": [{ "id": 1, "name": "dev", "display_name": "Development",
                       "roles": [{ "role_name": "admin", "display_name": "Administrator" }] }],
            "user_attribute": {}, "back_office_staff_email": "staff@example.com",
            "plan_id": "f94bfffc-8be2-11ec-b41a-0242ac120005", "is_paid": true
        }]
    })
}

fn tenant() -> Value {
    json!({
        "id": "d1234567-89ab-cdef-0123-456789abcdef", "name": "Example Inc.",
        "attributes": { "plan": "gold" }, "back_office_staff_email": "staff@example.com",
        "plan_histories": [{ "plan_id": "f94bfffc-8be2-11ec-b41a-0242ac120005", "plan_applied_at": 1700000000 }]
    })
}

macro_rules! call {
    (|$api:ident, $uid:ident, $provider:ident, $body:ident| $e:expr) => {
        |$api: SaasUserApi, $uid: String, $provider: String, $body: Option<Value>| -> Outcome {
            let _ = (&$uid, &$provider, &$body);
            Box::pin(async move { $e.map(out) })
        }
    };
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            op: "ConfirmEmailUpdate",
            method: "POST",
            path: "/users/{user_id}/email/confirm",
            request: Some(|| json!({ "access_token": "at", "code": "123456" })),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api.confirm_email_update(&uid, &from(body)).await),
        },
        Case {
            op: "ConfirmExternalUserLink",
            method: "POST",
            path: "/external-users/confirm",
            request: Some(|| json!({ "access_token": "at", "code": "123456" })),
            status: 200,
            response: None,
            errors: &[400, 500],
            call: call!(|api, uid, p, body| api.confirm_external_user_link(&from(body)).await),
        },
        Case {
            op: "ConfirmSignUpWithAwsMarketplace",
            method: "POST",
            path: "/aws-marketplace/sign-up-confirm",
            request: Some(
                || json!({ "access_token": "at", "registration_token": "rt", "tenant_name": "Example Inc." }),
            ),
            status: 201,
            response: Some(tenant),
            errors: &[500],
            call: call!(|api, uid, p, body| api
                .confirm_sign_up_with_aws_marketplace(&from(body))
                .await),
        },
        Case {
            op: "CreateSaasUser",
            method: "POST",
            path: "/users",
            request: Some(|| json!({ "email": "new@example.com", "password": "P@ssw0rd!" })),
            status: 201,
            response: Some(|| {
                let mut u = user();
                u["password"] = json!("P@ssw0rd!");
                u
            }),
            errors: &[400, 500],
            call: call!(|api, uid, p, body| api.create_saas_user(&from(body)).await),
        },
        Case {
            op: "CreateSecretCode",
            method: "POST",
            path: "/users/{user_id}/mfa/software-token/secret-code",
            request: Some(|| json!({ "access_token": "at" })),
            status: 201,
            response: Some(|| json!({ "secret_code": "JBSWY3DPEHPK3PXP" })),
            errors: &[500],
            call: call!(|api, uid, p, body| api.create_secret_code(&uid, &from(body)).await),
        },
        Case {
            op: "DeleteSaasUser",
            method: "DELETE",
            path: "/users/{user_id}",
            request: None,
            status: 200,
            response: Some(user_info),
            errors: &[404, 500],
            call: call!(|api, uid, p, body| api.delete_saas_user(&uid).await),
        },
        Case {
            op: "GetSaasUser",
            method: "GET",
            path: "/users/{user_id}",
            request: None,
            status: 200,
            response: Some(user),
            errors: &[404, 500],
            call: call!(|api, uid, p, body| api.get_saas_user(&uid).await),
        },
        Case {
            op: "GetSaasUsers",
            method: "GET",
            path: "/users",
            request: None,
            status: 200,
            response: Some(|| json!({ "users": [user(), user()] })),
            errors: &[500],
            call: call!(|api, uid, p, body| api.get_saas_users().await),
        },
        Case {
            op: "GetUserMfaPreference",
            method: "GET",
            path: "/users/{user_id}/mfa/preference",
            request: None,
            status: 200,
            response: Some(|| json!({ "enabled": true, "method": "softwareToken" })),
            errors: &[500],
            call: call!(|api, uid, p, body| api.get_user_mfa_preference(&uid).await),
        },
        Case {
            op: "LinkAwsMarketplace",
            method: "PATCH",
            path: "/aws-marketplace/link",
            request: Some(
                || json!({ "access_token": "at", "registration_token": "rt", "tenant_id": "t1" }),
            ),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api.link_aws_marketplace(&from(body)).await),
        },
        Case {
            op: "RequestEmailUpdate",
            method: "POST",
            path: "/users/{user_id}/email/request",
            request: Some(|| json!({ "access_token": "at", "email": "new@example.com" })),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api.request_email_update(&uid, &from(body)).await),
        },
        Case {
            op: "RequestExternalUserLink",
            method: "POST",
            path: "/external-users/request",
            request: Some(|| json!({ "access_token": "at" })),
            status: 200,
            response: None,
            errors: &[400, 500],
            call: call!(|api, uid, p, body| api.request_external_user_link(&from(body)).await),
        },
        Case {
            op: "ResendSignUpConfirmationEmail",
            method: "POST",
            path: "/sign-up/resend",
            request: Some(|| json!({ "email": "new@example.com" })),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api
                .resend_sign_up_confirmation_email(&from(body))
                .await),
        },
        Case {
            op: "SignUp",
            method: "POST",
            path: "/sign-up",
            request: Some(|| json!({ "email": "new@example.com" })),
            status: 201,
            response: Some(user),
            errors: &[500],
            call: call!(|api, uid, p, body| api.sign_up(&from(body)).await),
        },
        Case {
            op: "SignUpWithAwsMarketplace",
            method: "POST",
            path: "/aws-marketplace/sign-up",
            request: Some(|| json!({ "email": "new@example.com", "registration_token": "rt" })),
            status: 201,
            response: Some(user),
            errors: &[500],
            call: call!(|api, uid, p, body| api.sign_up_with_aws_marketplace(&from(body)).await),
        },
        Case {
            op: "UnlinkProvider",
            method: "DELETE",
            path: "/users/{user_id}/providers/{provider_name}",
            request: None,
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api.unlink_provider(&p, &uid).await),
        },
        Case {
            op: "UpdateSaasUserAttributes",
            method: "PATCH",
            path: "/users/{user_id}/attributes",
            request: Some(
                || json!({ "attributes": { "部署": "開発", "level": 3, "tags": ["a", "b"] } }),
            ),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api
                .update_saas_user_attributes(&uid, &from(body))
                .await),
        },
        Case {
            op: "UpdateSaasUserEmail",
            method: "PATCH",
            path: "/users/{user_id}/email",
            request: Some(|| json!({ "email": "new@example.com" })),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api.update_saas_user_email(&uid, &from(body)).await),
        },
        Case {
            op: "UpdateSaasUserPassword",
            method: "PATCH",
            path: "/users/{user_id}/password",
            request: Some(|| json!({ "password": "N3w-P@ssw0rd", "temporary": false })),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api.update_saas_user_password(&uid, &from(body)).await),
        },
        Case {
            op: "UpdateSoftwareToken",
            method: "PUT",
            path: "/users/{user_id}/mfa/software-token",
            request: Some(|| json!({ "access_token": "at", "verification_code": "123456" })),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api.update_software_token(&uid, &from(body)).await),
        },
        Case {
            op: "UpdateUserMfaPreference",
            method: "PATCH",
            path: "/users/{user_id}/mfa/preference",
            request: Some(|| json!({ "enabled": true, "method": "softwareToken" })),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api
                .update_user_mfa_preference(&uid, &from(body))
                .await),
        },
        Case {
            op: "GetSaasUsersCount",
            method: "GET",
            path: "/users/count",
            request: None,
            status: 200,
            response: Some(|| json!({ "count": 2, "updated_at": 1700000000 })),
            errors: &[500],
            call: call!(|api, uid, p, body| api.get_saas_users_count().await),
        },
        Case {
            op: "SaveSaasUsersCount",
            method: "POST",
            path: "/users/count",
            request: Some(|| json!({ "count": 2 })),
            status: 200,
            response: None,
            errors: &[400, 500],
            call: call!(|api, uid, p, body| api.save_saas_users_count(&from(body)).await),
        },
        Case {
            op: "SearchSaasUsers",
            method: "GET",
            path: "/users/search?email=tanaka%40example.com&limit=10",
            request: None,
            status: 200,
            response: Some(|| json!({ "users": [user()], "cursor": "next-page" })),
            errors: &[400, 500],
            call: call!(|api, uid, p, body| api
                .search_saas_users(
                    None,
                    Some("tanaka@example.com"),
                    None,
                    std::num::NonZeroU64::new(10),
                    None
                )
                .await),
        },
        Case {
            op: "ResetSaasUserPassword",
            method: "POST",
            path: "/users/{user_id}/password/reset",
            request: None,
            status: 200,
            response: Some(|| json!({ "password": "Tmp#Pass1" })),
            errors: &[404, 500],
            call: call!(|api, uid, p, body| api.reset_saas_user_password(&uid).await),
        },
        Case {
            op: "UpdateSaasUserSignInId",
            method: "PATCH",
            path: "/users/{user_id}/sign-in-id",
            request: Some(|| json!({ "sign_in_id": "tanaka01" })),
            status: 200,
            response: None,
            errors: &[500],
            call: call!(|api, uid, p, body| api
                .update_saas_user_sign_in_id(&uid, &from(body))
                .await),
        },
        Case {
            op: "SignIn",
            method: "POST",
            path: "/sign-in",
            request: Some(
                || json!({ "sign_in_flow": "USER_SRP_AUTH", "sign_in_parameters": { "USERNAME": "tanaka", "SRP_A": "abc" } }),
            ),
            status: 200,
            response: Some(
                || json!({ "challenge_name": "PASSWORD_VERIFIER", "challenge_parameters": { "SALT": "s" }, "session": "sess" }),
            ),
            errors: &[401, 500],
            call: call!(|api, uid, p, body| api.sign_in(&from(body)).await),
        },
        Case {
            op: "ConfirmDevice",
            method: "POST",
            path: "/device/confirm",
            request: Some(|| {
                json!({ "access_token": "at", "device_key": "dk", "device_name": "laptop",
                                     "device_secret_verifier_config": { "password_verifier": "pv", "salt": "s" } })
            }),
            status: 200,
            response: Some(|| json!({ "user_confirmation_necessary": false })),
            errors: &[400, 401, 500],
            call: call!(|api, uid, p, body| api.confirm_device(&from(body)).await),
        },
        Case {
            op: "UpdateDeviceStatus",
            method: "POST",
            path: "/device/status",
            request: Some(
                || json!({ "access_token": "at", "device_key": "dk", "device_remembered_status": "remembered" }),
            ),
            status: 200,
            response: None,
            errors: &[400, 401, 500],
            call: call!(|api, uid, p, body| api.update_device_status(&from(body)).await),
        },
        Case {
            op: "RespondToSignInChallenge",
            method: "POST",
            path: "/sign-in/challenge",
            request: Some(|| {
                json!({ "challenge_name": "SOFTWARE_TOKEN_MFA",
                                     "challenge_responses": { "USERNAME": "tanaka", "SOFTWARE_TOKEN_MFA_CODE": "123456" },
                                     "session": "sess" })
            }),
            status: 200,
            response: Some(|| {
                json!({ "credentials": { "id_token": "id", "access_token": "at", "refresh_token": "rt" },
                                      "new_device_metadata": { "device_key": "dk", "device_group_key": "dg" } })
            }),
            errors: &[401, 500],
            call: call!(|api, uid, p, body| api.respond_to_sign_in_challenge(&from(body)).await),
        },
    ]
}

/// Percent-encodes one path segment: every byte outside the unreserved set
/// (written here independently of the crate and of progenitor).
fn encode_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn target(case: &Case, uid: &str, provider: &str) -> String {
    format!(
        "/v1/auth{}",
        case.path
            .replace("{user_id}", &encode_segment(uid))
            .replace("{provider_name}", &encode_segment(provider))
    )
}

async fn mock_for<'a>(
    server: &'a MockServer,
    case: &Case,
    target: String,
    status: u16,
    body: Option<String>,
) -> httpmock::Mock<'a> {
    let request = case.request.map(|f| f());
    let method = case.method;
    server
        .mock_async(move |when, then| {
            let mut when = when
                .method(method)
                .is_true(move |req| raw_target(req) == target)
                .is_true(signature_ok);
            if let Some(request) = request {
                when = when
                    .header("content-type", "application/json")
                    .json_body(request);
            }
            let _ = when;
            let then = then.status(status);
            if let Some(body) = body {
                then.header("content-type", "application/json").body(body);
            }
        })
        .await
}

#[test]
fn the_cases_cover_every_facade_method() {
    let ops: Vec<&str> = cases().iter().map(|c| c.op).collect();
    for op in saasus_auth::Operation::all()
        .iter()
        .filter(|o| o.tag == "saasUser")
    {
        assert!(ops.contains(&op.id), "{} has no test case", op.id);
    }
    assert_eq!(ops.len(), 30);
}

#[tokio::test]
async fn every_method_sends_the_documented_request_and_decodes_the_response() {
    let server = MockServer::start_async().await;
    let api = api(&server);
    for case in cases() {
        let response = case.response.map(|f| f());
        let mock = mock_for(
            &server,
            &case,
            target(&case, UID, "Google"),
            case.status,
            response.as_ref().map(|v| v.to_string()),
        )
        .await;
        let (status, data) = (case.call)(
            api.clone(),
            UID.into(),
            "Google".into(),
            case.request.map(|f| f()),
        )
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", case.op));
        assert_eq!(status, case.status, "{}: status", case.op);
        assert_eq!(
            data,
            response.unwrap_or(Value::Null),
            "{}: typed data round-trips the response",
            case.op
        );
        assert_eq!(
            mock.calls_async().await,
            1,
            "{}: exactly one request",
            case.op
        );
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn every_documented_error_status_maps_to_the_api_error() {
    let server = MockServer::start_async().await;
    let api = api(&server);
    for case in cases() {
        for &status in case.errors {
            let body = json!({ "type": format!("e{status}"), "message": format!("{} failed", case.op), "data": { "hint": 1 } });
            let mock = mock_for(
                &server,
                &case,
                target(&case, UID, "Google"),
                status,
                Some(body.to_string()),
            )
            .await;
            let err = (case.call)(
                api.clone(),
                UID.into(),
                "Google".into(),
                case.request.map(|f| f()),
            )
            .await
            .expect_err(case.op);
            let api_err = err
                .api_error()
                .unwrap_or_else(|| panic!("{} {status}: {err:?}", case.op));
            assert_eq!(api_err.status.as_u16(), status, "{}", case.op);
            assert_eq!(api_err.error_type, format!("e{status}"), "{}", case.op);
            assert_eq!(
                api_err.message,
                format!("{} failed", case.op),
                "{}",
                case.op
            );
            assert_eq!(
                api_err.data.as_ref().and_then(|d| d.get("hint")),
                Some(&json!(1)),
                "{}",
                case.op
            );
            assert_eq!(err.operation(), Some(case.op));
            assert!(
                err.to_string().starts_with(case.op),
                "{}: message names the operation: {err}",
                case.op
            );
            assert_eq!(err.is_not_found(), status == 404);
            mock.delete_async().await;
        }
    }
}

#[tokio::test]
async fn undocumented_statuses_and_malformed_bodies_have_their_own_variants() {
    let server = MockServer::start_async().await;
    let api = api(&server);
    for case in cases() {
        let mock = mock_for(
            &server,
            &case,
            target(&case, UID, "Google"),
            418,
            Some("<html>teapot</html>".into()),
        )
        .await;
        let err = (case.call)(
            api.clone(),
            UID.into(),
            "Google".into(),
            case.request.map(|f| f()),
        )
        .await
        .expect_err(case.op);
        match &err {
            Error::UnexpectedStatus {
                operation,
                status,
                snippet,
            } => {
                assert_eq!((*operation, status.as_u16()), (case.op, 418));
                assert!(
                    snippet.contains("teapot") || snippet.contains("withheld"),
                    "{}: {snippet}",
                    case.op
                );
            }
            other => panic!("{}: expected UnexpectedStatus, got {other:?}", case.op),
        }
        mock.delete_async().await;

        // A documented error status whose body is not a SaaSus error body.
        let status = case.errors[0];
        let mock = mock_for(
            &server,
            &case,
            target(&case, UID, "Google"),
            status,
            Some("{\"oops\":".into()),
        )
        .await;
        let err = (case.call)(
            api.clone(),
            UID.into(),
            "Google".into(),
            case.request.map(|f| f()),
        )
        .await
        .expect_err(case.op);
        assert!(matches!(err, Error::Decode { .. }), "{}: {err:?}", case.op);
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(status),
            "{}",
            case.op
        );
        mock.delete_async().await;

        if case.response.is_some() {
            // A success status with a body of the wrong type, then a truncated one.
            for bad in ["\"not an object\"", "{\"users\": ["] {
                let mock = mock_for(
                    &server,
                    &case,
                    target(&case, UID, "Google"),
                    case.status,
                    Some(bad.into()),
                )
                .await;
                let err = (case.call)(
                    api.clone(),
                    UID.into(),
                    "Google".into(),
                    case.request.map(|f| f()),
                )
                .await
                .expect_err(case.op);
                match &err {
                    Error::Decode {
                        operation, status, ..
                    } => {
                        assert_eq!(*operation, case.op);
                        assert_eq!(status.map(|s| s.as_u16()), Some(case.status), "{}", case.op);
                    }
                    other => panic!("{}: expected Decode, got {other:?}", case.op),
                }
                mock.delete_async().await;
            }
        }
    }
}

#[tokio::test]
async fn path_parameters_travel_as_one_percent_encoded_segment() {
    let server = MockServer::start_async().await;
    let api = api(&server);
    let uid = "a/b?c#d%e f-日本.x";
    let provider = "Sign in/with ?#% 社";
    for case in cases().into_iter().filter(|c| c.path.contains('{')) {
        let expected = target(&case, uid, provider);
        let response = case.response.map(|f| f());
        let mock = mock_for(
            &server,
            &case,
            expected.clone(),
            case.status,
            response.as_ref().map(|v| v.to_string()),
        )
        .await;
        (case.call)(
            api.clone(),
            uid.into(),
            provider.into(),
            case.request.map(|f| f()),
        )
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", case.op));
        assert_eq!(
            mock.calls_async().await,
            1,
            "{}: reached {expected}",
            case.op
        );
        mock.delete_async().await;
        // What the server decodes is what the caller passed.
        let segments: Vec<String> = expected
            .split('/')
            .map(|s| String::from_utf8(percent_decode(s)).unwrap())
            .collect();
        assert!(
            segments.iter().any(|s| s == uid),
            "{}: {segments:?}",
            case.op
        );
    }
}

#[tokio::test]
async fn empty_and_dot_path_parameters_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let api = api(&server);
    for case in cases().into_iter().filter(|c| c.path.contains("{user_id}")) {
        for bad in ["", ".", ".."] {
            let err = (case.call)(
                api.clone(),
                bad.into(),
                "Google".into(),
                case.request.map(|f| f()),
            )
            .await
            .expect_err(case.op);
            assert!(
                matches!(err, Error::InvalidRequest { .. }),
                "{}: {err:?}",
                case.op
            );
        }
    }
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}
