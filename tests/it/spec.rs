//! The vendored spec and the client generated from it: every operation of
//! the spec has a method, and a sample of them send the right method and
//! path, signed.

use crate::common;

use std::collections::BTreeSet;

use common::*;
use httpmock::prelude::*;
use saasus_auth::{raw, types};

const SPEC: &str = include_str!("../../openapi/auth.yaml");
const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/saasus_auth_client.rs"));

fn spec() -> openapiv3::OpenAPI {
    serde_yaml::from_str(SPEC).expect("openapi/auth.yaml is a valid OpenAPI 3.0 document")
}

fn operation_ids(api: &openapiv3::OpenAPI) -> Vec<(String, String, String)> {
    let mut ops = Vec::new();
    for (path, item) in api.paths.iter() {
        let item = item.as_item().expect("inline path items");
        for (method, op) in item.iter() {
            ops.push((
                op.operation_id.clone().expect("operationId"),
                method.to_uppercase(),
                path.clone(),
            ));
        }
    }
    ops
}

#[test]
fn the_spec_describes_the_whole_auth_api() {
    let api = spec();
    let ops = operation_ids(&api);
    // API 1.13.14: 101 operations, 135 schemas. Pinned on purpose: a spec
    // update that adds or removes some fails here first (README, "Updating
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
    let unique: BTreeSet<_> = ops.iter().map(|(id, _, _)| id).collect();
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
    let expected: BTreeSet<String> = operation_ids(&spec())
        .iter()
        .map(|(id, _, _)| snake(id))
        .collect();
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
