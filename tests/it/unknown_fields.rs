//! `AuthClient::invoke` refuses request bodies with fields the operation's
//! type does not have, naming the field by its path, before anything is
//! sent; answers with properties the spec does not know still decode.

use httpmock::prelude::*;
use saasus_auth::{Error, Operation};
use serde_json::{json, Map, Value};

use crate::common::client;

fn op(id: &str) -> &'static Operation {
    Operation::find(id).expect("in the table")
}

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

#[tokio::test]
async fn a_misspelt_body_field_is_refused_by_name_and_nothing_is_sent() {
    let server = MockServer::start_async().await;
    let anything = server
        .mock_async(|_, then| {
            then.status(201).json_body(json!({}));
        })
        .await;
    let client = client(&server);
    let body = json!({"email": "a@example.com", "password": "hunter2-Secret", "emali": "z"});
    let err = client
        .invoke(op("CreateSaasUser"), &Map::new(), Some(&body))
        .await
        .unwrap_err();
    let Error::InvalidRequest { message, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(message.contains("`emali`"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
    assert_eq!(anything.calls_async().await, 0, "nothing is sent");
}

#[tokio::test]
async fn an_unknown_nested_field_is_named_by_its_path() {
    let server = MockServer::start_async().await;
    let client = client(&server);
    let body = json!({
        "name": "Billing",
        "address": {"street": "1-1", "city": "Tokyo", "state": "Tokyo", "country": "JP",
                    "postal_code": "100-0001", "additional_address_info": "", "zipcode": "x"},
        "invoice_language": "ja-JP",
    });
    let args = args(json!({"tenant_id": "f94bfffc-8be2-11ec-b41a-0242ac120004"}));
    let err = client
        .invoke(op("UpdateTenantBillingInfo"), &args, Some(&body))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { message, .. } if message.contains("`address.zipcode`")),
        "{err:?}"
    );
}

#[tokio::test]
async fn free_form_attributes_take_any_name() {
    let server = MockServer::start_async().await;
    let m = server.mock_async(|when, then| {
        when.method(POST).path("/v1/auth/tenants");
        then.status(201).json_body(json!({"id": "t1", "name": "A", "attributes": {}, "back_office_staff_email": "b@example.com", "plan_histories": []}));
    }).await;
    let client = client(&server);
    let body = json!({"name": "A", "attributes": {"anything": {"nested": 1}}, "back_office_staff_email": "b@example.com"});
    let answer = client
        .invoke(op("CreateTenant"), &Map::new(), Some(&body))
        .await;
    assert!(answer.is_ok(), "{answer:?}");
    assert_eq!(m.calls_async().await, 1);
}

#[tokio::test]
async fn answers_with_properties_the_spec_does_not_know_still_decode() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/auth/users/f94bfffc-8be2-11ec-b41a-0242ac120004");
            then.status(200).json_body(json!({
                "id": "f94bfffc-8be2-11ec-b41a-0242ac120004",
                "email": "a@example.com",
                "sign_in_id": "",
                "attributes": {},
                "a_field_from_a_newer_server": {"x": 1},
            }));
        })
        .await;
    let client = client(&server);
    let args = args(json!({"user_id": "f94bfffc-8be2-11ec-b41a-0242ac120004"}));
    let answer = client.invoke(op("GetSaasUser"), &args, None).await;
    assert!(answer.is_ok(), "{answer:?}");
}
