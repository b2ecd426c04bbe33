//! Every operation of the vendored spec has its row in the operation table
//! and its method on the facade of its tag; a spec update that adds one
//! cannot pass unnoticed. The spec is read here independently of the
//! generator.

use crate::common;

use common::snake;
use saasus_auth::Operation;

const SPEC: &str = include_str!("../../openapi/auth.yaml");
const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/saasus_auth_api.rs"));

struct SpecOp {
    id: String,
    tag: String,
    method: String,
    path: String,
}

fn spec_operations() -> Vec<SpecOp> {
    let api: openapiv3::OpenAPI = serde_yaml::from_str(SPEC).expect("spec parses");
    let mut ops = Vec::new();
    for (path, item) in api.paths.iter() {
        for (method, op) in item.as_item().expect("inline path items").iter() {
            ops.push(SpecOp {
                id: op.operation_id.clone().expect("operationId"),
                tag: op.tags.first().cloned().expect("a tag"),
                method: method.to_uppercase(),
                path: path.clone(),
            });
        }
    }
    ops
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
    let file: syn::File = syn::parse_str(GENERATED).expect("generated facades parse");
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
            if let syn::ImplItem::Fn(f) = item {
                if f.sig.asyncness.is_some() {
                    out.push((ty.clone(), f.sig.ident.to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_operation_of_the_spec_is_in_the_table() {
    let spec = spec_operations();
    assert_eq!(
        Operation::all().len(),
        spec.len(),
        "table and spec differ in size"
    );
    for s in &spec {
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
