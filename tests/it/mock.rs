//! The typed mocks of feature `mock`, used as a user's test would.
#![cfg(feature = "mock")]

use crate::common;

use common::config;
use saasus_auth::mock::MockServerExt;
use saasus_auth::{types, SaasUserApi};

fn error(kind: &str) -> types::Error {
    types::Error {
        type_: kind.into(),
        message: format!("{kind} happened"),
        data: Default::default(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_typed_mock_answers_an_error_and_a_body() {
    let server = httpmock::MockServer::start_async().await;
    let api = SaasUserApi::new(Some(config()), Some(&server.base_url()), None).unwrap();

    let failing = server.get_saas_user(|when, then| {
        when.user_id("u-missing");
        then.not_found(&error("user_not_found"));
    });
    let found = server.get_saas_user(|when, then| {
        when.user_id("u-1");
        let user: types::SaasUser = serde_json::from_value(serde_json::json!({
            "id": "f94bfffc-8be2-11ec-b41a-0242ac120004", "email": "a@example.com",
            "sign_in_id": "alice", "attributes": {}
        }))
        .unwrap();
        then.ok(&user);
    });

    let err = api.get_saas_user("u-missing").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.api_error().unwrap().error_type, "user_not_found");
    let user = api.get_saas_user("u-1").await.unwrap().data;
    assert_eq!(user.email, "a@example.com");
    assert_eq!(user.sign_in_id, "alice");
    failing.assert();
    found.assert();
}
