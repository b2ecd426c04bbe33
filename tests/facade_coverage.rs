//! A spec update that adds a saasUser operation cannot pass unnoticed: each
//! saasUser-tagged operation of openapi/auth.yaml needs a facade method.

mod common;

use common::snake;
use saasus_auth::saas_user_api::OPERATIONS;

const SPEC: &str = include_str!("../openapi/auth.yaml");

#[test]
fn every_saas_user_operation_has_a_facade_method() {
    let api: openapiv3::OpenAPI = serde_yaml::from_str(SPEC).expect("spec parses");
    let mut tagged = Vec::new();
    for (_, item) in api.paths.iter() {
        for (_, op) in item.as_item().expect("inline path items").iter() {
            if op.tags.iter().any(|t| t == "saasUser") {
                tagged.push(op.operation_id.clone().expect("operationId"));
            }
        }
    }
    let missing: Vec<&String> = tagged
        .iter()
        .filter(|id| !OPERATIONS.iter().any(|(op, _)| op == id))
        .collect();
    assert!(
        missing.is_empty(),
        "saasUser operations without a SaasUserApi method: {missing:?}; add them to the operations! list in src/saas_user_api.rs"
    );
    let stale: Vec<&str> = OPERATIONS
        .iter()
        .map(|(op, _)| *op)
        .filter(|op| !tagged.iter().any(|t| t == op))
        .collect();
    assert!(
        stale.is_empty(),
        "facade methods for operations the spec no longer tags saasUser: {stale:?}"
    );
    assert_eq!(tagged.len(), 30);
}

#[test]
fn method_names_are_the_snake_case_operation_ids() {
    for (op, method) in OPERATIONS {
        assert_eq!(*method, snake(op), "{op}");
    }
}
