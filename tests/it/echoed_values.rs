//! What an error message shows of the values a request carried: a value of
//! a parameter the spec does not mark secret comes back as the server
//! echoed it; a secret one is replaced by `(value hidden)`, which cannot be
//! mistaken for something the caller typed.

use httpmock::prelude::*;
use saasus_auth::{AuthClient, Error, Operation};
use saasus_auth_emulator::Emulator;
use serde_json::{json, Map, Value};

use crate::common::{client, error_body};

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

#[tokio::test]
async fn a_refused_limit_is_shown_as_it_was_sent() {
    let emu = Emulator::start().unwrap();
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    let op = Operation::find("SearchSaasUsers").unwrap();
    let err = client
        .invoke(op, &args(json!({"limit": 100000})), None)
        .await
        .unwrap_err();
    let api = err.api_error().unwrap_or_else(|| panic!("{err:?}"));
    assert!(api.message.contains("100000"), "{}", api.message);
    assert!(!api.message.contains("redacted"), "{}", api.message);
}

#[tokio::test]
async fn an_echoed_secret_says_value_hidden() {
    const TOKEN: &str = "eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/auth/userinfo");
            then.status(401).json_body(error_body(
                "invalid_token",
                &format!("the token {TOKEN:?} has expired"),
            ));
        })
        .await;
    let client = client(&server);
    let op = Operation::find("GetUserInfo").unwrap();
    let err = client
        .invoke(op, &args(json!({"token": TOKEN})), None)
        .await
        .unwrap_err();
    let printed = format!("{err} {err:?}");
    assert!(!printed.contains(TOKEN), "{printed}");
    let api = err.api_error().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(api.message, "the token \"(value hidden)\" has expired");
    assert!(matches!(err, Error::Api { .. }));
}
