//! The library's enums keep values the spec does not list; the emulator,
//! the contract's test double, still refuses them in the request bodies it
//! accepts, with its 400 answer.

use crate::common;

use common::{signed, unix_now};
use reqwest::Method;
use saasus_auth_emulator::Emulator;

/// POST /v1/auth/user-attributes with `attribute_type`: the status and body.
async fn create_user_attribute(emu: &Emulator, attribute_type: &str) -> (u16, serde_json::Value) {
    let body = serde_json::json!({
        "attribute_name": format!("level_{}", attribute_type.len()),
        "attribute_type": attribute_type,
        "display_name": "Level",
    })
    .to_string();
    signed(
        emu,
        Method::POST,
        "/v1/auth/user-attributes",
        body.as_bytes(),
        emu.credentials(),
        unix_now(),
    )
    .await
}

#[tokio::test]
async fn a_body_with_an_enum_value_the_spec_does_not_list_gets_a_400() {
    let emu = Emulator::start().unwrap();
    // The same request with a listed value is accepted: only the value
    // makes the difference below.
    let (code, body) = create_user_attribute(&emu, "number").await;
    assert!((200..300).contains(&code), "{code} {body}");

    let (code, body) = create_user_attribute(&emu, "FUTURE_decimal").await;
    assert_eq!(
        (code, body["type"].as_str()),
        (400, Some("invalid_request")),
        "{body}"
    );
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("unknown variant") && message.contains("FUTURE_decimal"),
        "{message}"
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn an_enum_value_the_spec_does_not_list_deep_in_a_body_gets_a_400() {
    let emu = Emulator::start().unwrap();
    let put = |language: &'static str| {
        let emu = &emu;
        async move {
            let body = serde_json::json!({
                "name": "Future Inc.",
                "address": {
                    "street": "1-1-1",
                    "city": "Shibuya",
                    "state": "Tokyo",
                    "country": "JP",
                    "postal_code": "150-0001"
                },
                "invoice_language": language,
            })
            .to_string();
            signed(
                emu,
                Method::PUT,
                "/v1/auth/tenants/f94bfffc-8be2-11ec-b41a-0242ac120004/billing-info",
                body.as_bytes(),
                emu.credentials(),
                unix_now(),
            )
            .await
        }
    };
    // A listed language gets past the extractor to the lookup of the
    // (missing) tenant.
    let (code, body) = put("en-US").await;
    assert_ne!(code, 400, "{body}");
    let (code, body) = put("FUTURE_ja-JP").await;
    assert_eq!(
        (code, body["type"].as_str()),
        (400, Some("invalid_request")),
        "{body}"
    );
    let message = body["message"].as_str().unwrap_or_default();
    assert!(message.contains("FUTURE_ja-JP"), "{message}");
    emu.shutdown().await;
}
