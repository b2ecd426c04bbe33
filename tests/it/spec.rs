//! The vendored spec against what is generated from it and the operation
//! table: every operation of the spec has a method on the generated client,
//! a row in the operation table and a method on the facade of its tag (a
//! spec update that adds one cannot pass unnoticed), and a sample of the
//! generated methods send the right method and path, signed. The spec is
//! read here independently of the generator, and parsed once for all of
//! these tests.

use crate::common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use common::*;
use httpmock::prelude::*;
use saasus_auth::{raw, types, Operation};

const SPEC: &str = include_str!("../../openapi/auth.yaml");
/// The generated low-level client.
const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/saasus_auth_client.rs"));
/// The generated facades.
const GENERATED_FACADES: &str = include_str!(concat!(env!("OUT_DIR"), "/saasus_auth_facades.rs"));

/// The vendored spec, parsed once.
fn spec() -> &'static openapiv3::OpenAPI {
    static API: OnceLock<openapiv3::OpenAPI> = OnceLock::new();
    API.get_or_init(|| {
        serde_yaml::from_str(SPEC).expect("openapi/auth.yaml is a valid OpenAPI 3.0 document")
    })
}

/// One operation of the spec.
struct SpecOp {
    id: String,
    tag: String,
    method: String,
    path: String,
}

/// Every operation of the spec, in its order, listed once.
fn spec_operations() -> &'static [SpecOp] {
    static OPS: OnceLock<Vec<SpecOp>> = OnceLock::new();
    OPS.get_or_init(|| {
        let mut ops = Vec::new();
        for (path, item) in spec().paths.iter() {
            let item = item.as_item().expect("inline path items");
            for (method, op) in item.iter() {
                ops.push(SpecOp {
                    id: op.operation_id.clone().expect("operationId"),
                    tag: op.tags.first().cloned().expect("a tag"),
                    method: method.to_uppercase(),
                    path: path.clone(),
                });
            }
        }
        ops
    })
}

fn pascal(tag: &str) -> String {
    let mut c = tag.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `(facade type, method)` for every `pub async fn` of an inherent impl in
/// the generated facades.
fn facade_methods() -> Vec<(String, String)> {
    let file: syn::File = syn::parse_str(GENERATED_FACADES).expect("generated facades parse");
    let mut out = Vec::new();
    for item in file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(p) = &*imp.self_ty else {
            continue;
        };
        let Some(ty) = p.path.get_ident().map(|i| i.to_string()) else {
            continue;
        };
        for item in imp.items {
            if let syn::ImplItem::Fn(f) = item
                && f.sig.asyncness.is_some()
            {
                out.push((ty.clone(), f.sig.ident.to_string()));
            }
        }
    }
    out
}

#[test]
fn the_spec_describes_the_whole_auth_api() {
    let api = spec();
    let ops = spec_operations();
    // API 1.13.14: 101 operations, 135 schemas. Pinned on purpose: a spec
    // update that adds or removes some fails here first (CONTRIBUTING.md, "Updating
    // the spec"); the other tests derive their counts from the spec.
    assert_eq!(ops.len(), 101, "operations");
    assert_eq!(
        api.components.as_ref().map(|c| c.schemas.len()),
        Some(135),
        "component schemas"
    );
    assert_eq!(
        api.servers.first().map(|s| s.url.as_str()),
        Some("https://api.saasus.io/v1/auth")
    );
    let unique: BTreeSet<_> = ops.iter().map(|o| &o.id).collect();
    assert_eq!(unique.len(), ops.len(), "operationIds are unique");
    // Prose is ours, and present everywhere.
    for (path, item) in api.paths.iter() {
        for (method, op) in item.as_item().unwrap().iter() {
            let id = op.operation_id.as_deref().unwrap_or("?");
            assert!(
                op.summary.as_deref().is_some_and(|s| !s.trim().is_empty()),
                "{id}: summary"
            );
            assert!(
                op.description
                    .as_deref()
                    .is_some_and(|s| !s.trim().is_empty()),
                "{id}: description"
            );
            for (code, response) in op.responses.responses.iter() {
                let response = response.as_item().expect("inline responses");
                assert!(
                    !response.description.trim().is_empty(),
                    "{method} {path} {code}: description"
                );
            }
        }
    }
}

#[test]
fn the_generated_client_has_one_method_per_operation_id() {
    let file = syn::parse_file(GENERATED).expect("generated code parses");
    let mut methods = BTreeSet::new();
    for item in &file.items {
        if let syn::Item::Impl(imp) = item {
            let syn::Type::Path(p) = &*imp.self_ty else {
                continue;
            };
            if imp.trait_.is_none() && p.path.is_ident("Client") {
                for it in &imp.items {
                    if let syn::ImplItem::Fn(f) = it {
                        // The public methods; each has a crate-private
                        // twin (`<name>_in`) that the facades call.
                        if f.sig.asyncness.is_some() && matches!(f.vis, syn::Visibility::Public(_))
                        {
                            methods.insert(f.sig.ident.to_string());
                        }
                    }
                }
            }
        }
    }
    let expected: BTreeSet<String> = spec_operations().iter().map(|o| snake(&o.id)).collect();
    let missing: Vec<_> = expected.difference(&methods).collect();
    let extra: Vec<_> = methods.difference(&expected).collect();
    assert!(
        missing.is_empty(),
        "operations without a generated method: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "generated methods without an operation: {extra:?}"
    );
    assert_eq!(methods.len(), expected.len());
}

#[test]
fn every_operation_of_the_spec_is_in_the_table() {
    let spec = spec_operations();
    assert_eq!(
        Operation::all().len(),
        spec.len(),
        "table and spec differ in size"
    );
    for s in spec {
        let op = Operation::find(&s.id).unwrap_or_else(|| panic!("{} is not in the table", s.id));
        assert_eq!(
            (op.tag, op.http_method, op.path),
            (s.tag.as_str(), s.method.as_str(), s.path.as_str()),
            "{}",
            s.id
        );
        assert_eq!(op.method_name, snake(&s.id), "{}", s.id);
        assert_eq!(Operation::by_method_name(op.method_name), Some(op));
    }
}

#[test]
fn every_operation_has_a_method_on_the_facade_of_its_tag() {
    let methods = facade_methods();
    let missing: Vec<String> = spec_operations()
        .iter()
        .filter(|s| !methods.contains(&(format!("{}Api", pascal(&s.tag)), snake(&s.id))))
        .map(|s| format!("{} ({}Api::{})", s.id, pascal(&s.tag), snake(&s.id)))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a facade method: {missing:?}"
    );
    // Nothing but operations: one method per operation on the facades.
    let on_facades = methods.iter().filter(|(ty, _)| ty.ends_with("Api")).count();
    assert_eq!(on_facades, spec_operations().len());
}

#[test]
fn the_tags_and_their_operation_counts_are_the_specs() {
    let expected = [
        ("saasUser", 30),
        ("tenant", 13),
        ("tenantUser", 12),
        ("basicInfo", 8),
        ("authInfo", 6),
        ("invitation", 6),
        ("env", 5),
        ("role", 4),
        ("userAttribute", 4),
        ("userInfo", 3),
        ("tenantAttribute", 3),
        ("singleTenant", 3),
        ("credential", 4),
    ];
    assert_eq!(Operation::tags().len(), expected.len());
    for (tag, count) in expected {
        let n = Operation::all().iter().filter(|o| o.tag == tag).count();
        assert_eq!(n, count, "{tag}");
        let t = Operation::tags()
            .iter()
            .find(|t| t.name == tag)
            .expect("tag listed");
        assert_eq!(t.facade, format!("{}Api", pascal(tag)));
        assert_eq!(t.accessor, format!("{}_api", snake(tag)));
    }
}

#[test]
fn sensitive_inputs_and_idempotency_are_derived_from_the_spec() {
    let op = |id: &str| Operation::find(id).expect(id);
    assert_eq!(op("GetUserInfo").sensitive_inputs, &["token"]);
    let creds = op("GetAuthCredentials").sensitive_inputs;
    assert!(
        creds.contains(&"code") && creds.contains(&"refresh-token"),
        "{creds:?}"
    );
    assert!(op("UpdateSaasUserPassword")
        .sensitive_inputs
        .contains(&"password"));
    assert!(op("ConfirmEmailUpdate")
        .sensitive_inputs
        .contains(&"access_token"));
    assert!(op("GetSaasUser").sensitive_inputs.is_empty());
    assert!(op("GetAuthCredentials").sensitive_response);
    // API 1.13.14: the PKCE exchange and the revocation.
    let exchange = op("ExchangeAuthCredentials");
    assert!(
        exchange.sensitive_inputs.contains(&"code_verifier"),
        "{exchange:?}"
    );
    assert!(exchange.sensitive_response && !exchange.idempotent);
    assert!(op("RevokeToken")
        .sensitive_inputs
        .contains(&"refresh_token"));
    assert_eq!(op("RevokeToken").success_status, 200);
    assert!(op("CreateAuthCredentials")
        .sensitive_inputs
        .contains(&"code_challenge"));
    assert!(
        op("CreateSaasUser").sensitive_response,
        "answers the password"
    );
    assert!(!op("GetSaasUsers").sensitive_response);
    assert!(op("GetSaasUser").idempotent && op("DeleteTenant").idempotent);
    assert!(!op("CreateSaasUser").idempotent && !op("UpdateSaasUserPassword").idempotent);
    assert_eq!(op("CreateSaasUser").success_status, 201);
}

/// Secrets the names do not tell, declared in the spec: open maps of
/// answers, sessions, a body reached through a `$ref`, secrets in answers;
/// and names that only look secret, cleared.
#[test]
fn declared_secrets_reach_the_operation_table() {
    let op = |id: &str| Operation::find(id).expect(id);
    let inputs = |id: &str| op(id).sensitive_inputs.to_vec();
    let outputs = |id: &str| op(id).sensitive_outputs.to_vec();
    assert_eq!(
        inputs("RespondToSignInChallenge"),
        ["challenge_responses", "session"]
    );
    assert_eq!(inputs("SignIn"), ["sign_in_parameters"]);
    assert_eq!(
        inputs("CreateAuthCredentials"),
        [
            "access_token",
            "code_challenge",
            "id_token",
            "refresh_token"
        ]
    );
    assert_eq!(inputs("ExchangeAuthCredentials"), ["code", "code_verifier"]);
    assert_eq!(inputs("RevokeToken"), ["refresh_token"]);
    // The PKCE method is an enum, not a secret: cleared in the spec.
    assert!(!inputs("CreateAuthCredentials").contains(&"code_challenge_method"));
    assert!(op("CreateAuthCredentials")
        .inputs
        .iter()
        .any(|i| i.sensitive));
    assert_eq!(outputs("CreateAuthCredentials"), ["code"]);
    assert_eq!(
        outputs("GetAuthCredentials"),
        ["access_token", "id_token", "refresh_token"]
    );
    assert_eq!(outputs("CreateSaasUser"), ["password"]);
    assert_eq!(outputs("ResetSaasUserPassword"), ["password"]);
    assert_eq!(outputs("CreateSecretCode"), ["secret_code"]);
    assert!(outputs("SignIn").contains(&"session"));
    for id in ["RespondToSignInChallenge", "SignIn"] {
        assert!(op(id).sensitive_response, "{id}");
    }
    assert!(outputs("GetSaasUsers").is_empty());
    // Bearer capabilities: presigned URLs and invitation links.
    assert_eq!(
        outputs("GetSingleTenantSettings"),
        ["cloudformation_template_url", "ddl_template_url"]
    );
    for id in [
        "CreateTenantInvitation",
        "GetTenantInvitation",
        "GetTenantInvitations",
    ] {
        assert!(outputs(id).contains(&"invitation_url"), "{id}");
    }
    // Names that only look secret are cleared.
    assert!(!inputs("UpdateNotificationMessages").contains(&"resend_code"));
    assert!(!inputs("UpdateSignInSettings").contains(&"password_policy"));
    assert!(!outputs("GetSignInSettings").contains(&"password_policy"));
}

#[test]
fn single_use_codes_are_not_retried_by_default() {
    let op = |id: &str| Operation::find(id).expect(id);
    let single_use: Vec<&str> = Operation::all()
        .iter()
        .filter(|o| o.single_use)
        .map(|o| o.id)
        .collect();
    assert_eq!(
        single_use,
        [
            "UpdateSoftwareToken",
            "GetAuthCredentials",
            "ExchangeAuthCredentials"
        ]
    );
    assert!(!op("ExchangeAuthCredentials").retried_by_default());
    assert!(op("GetAuthCredentials").idempotent);
    assert!(!op("GetAuthCredentials").retried_by_default());
    assert!(!op("UpdateSoftwareToken").retried_by_default());
    assert!(op("GetSaasUser").retried_by_default());
    assert!(!op("CreateSaasUser").retried_by_default());
}

/// Mocks `method path` (raw, percent-encoded target) answering `status`
/// with `body`, requiring a valid signature.
async fn expect<'a>(
    server: &'a MockServer,
    method: httpmock::Method,
    target: &'static str,
    status: u16,
    body: serde_json::Value,
) -> httpmock::Mock<'a> {
    server
        .mock_async(move |when, then| {
            when.method(method)
                .is_true(move |req| raw_target(req) == target)
                .is_true(signature_ok);
            then.status(status).json_body(body);
        })
        .await
}

#[tokio::test]
async fn a_sample_of_generated_methods_send_the_right_method_and_path() {
    let server = MockServer::start_async().await;
    let client =
        raw::Client::from_configuration(&config(), Some(&server.url("/v1/auth")), None).unwrap();
    let tenant = types::Uuid("d1234567-89ab-cdef-0123-456789abcdef".into());

    let m = expect(
        &server,
        GET,
        "/v1/auth/roles",
        200,
        serde_json::json!({ "roles": [] }),
    )
    .await;
    assert!(client.get_roles().await.unwrap().roles.is_empty());
    m.assert_async().await;

    let m = expect(&server, GET, "/v1/auth/userinfo?token=id.token.sig", 200, serde_json::json!({
        "id": "u1", "email": "a@example.com", "sign_in_id": "", "user_attribute": {}, "tenants": []
    }))
    .await;
    assert_eq!(
        client.get_user_info("id.token.sig").await.unwrap().email,
        "a@example.com"
    );
    m.assert_async().await;

    let m = expect(
        &server,
        DELETE,
        "/v1/auth/envs/3",
        200,
        serde_json::Value::Null,
    )
    .await;
    client.delete_env(&types::Id(3)).await.unwrap();
    m.assert_async().await;

    let m = expect(
        &server,
        DELETE,
        "/v1/auth/tenants/d1234567-89ab-cdef-0123-456789abcdef/users/u%2F1/envs/3/roles/admin",
        200,
        serde_json::Value::Null,
    )
    .await;
    client
        .delete_tenant_user_role(&tenant, "u/1", &types::Id(3), "admin")
        .await
        .unwrap();
    m.assert_async().await;

    let m = expect(
        &server,
        GET,
        "/v1/auth/tenants/all/users/count",
        200,
        serde_json::json!({
            "tenant_user_counts": [{ "tenant_id": "t1", "count": 2, "updated_at": 1 }]
        }),
    )
    .await;
    assert_eq!(
        client
            .get_all_tenant_users_count()
            .await
            .unwrap()
            .tenant_user_counts
            .len(),
        1
    );
    m.assert_async().await;

    let m = expect(
        &server,
        PATCH,
        "/v1/auth/invitations/11111111-2222-3333-4444-555555555555/validate",
        200,
        serde_json::Value::Null,
    )
    .await;
    client
        .validate_invitation(
            &types::Uuid("11111111-2222-3333-4444-555555555555".into()),
            &types::ValidateInvitationParam {
                access_token: Some("t".into()),
                email: None,
                password: None,
            },
        )
        .await
        .unwrap();
    m.assert_async().await;

    let m = expect(&server, GET, "/v1/auth/single-tenant/settings", 200, serde_json::json!({
        "enabled": false, "role_arn": "", "cloudformation_template_url": "", "ddl_template_url": "", "role_external_id": ""
    }))
    .await;
    assert!(!client.get_single_tenant_settings().await.unwrap().enabled);
    m.assert_async().await;
}
