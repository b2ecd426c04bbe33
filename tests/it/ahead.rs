//! A server one API version ahead of the build: every success body of the
//! spec (the samples of `common::samples`) with each enum-typed value
//! replaced by one the spec does not list and each object given a property
//! it does not declare. Every operation must still decode, through the
//! facades and through `raw()`, keep the unknown values and drop the
//! unknown properties; a value read this way and written back must reach
//! the server unchanged. Driven by the operation table and the spec: a new
//! operation or enum is covered without new code here.

use crate::common;

use std::sync::{Arc, Mutex};

use common::raw_server::{RawServer, Reply};
use common::samples::{resolve, sample, sample_schema, spec, unbox};
use common::*;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use saasus_auth::{types, Operation};
use serde_json::{json, Map, Value};

/// What a newer API could send for an enum value `value` of this build.
fn unknown(value: &str) -> String {
    format!("FUTURE_{value}")
}

/// The property a newer API could add to any object.
const NEW_PROPERTY: &str = "added_in_a_later_version";

/// What an object schema says of the properties it does not declare.
#[derive(Clone)]
enum Others {
    /// Nothing: a client ignores them.
    Ignored,
    /// Any value (`additionalProperties: true`): a client keeps them.
    Kept,
    /// Values of this schema: a client keeps them.
    Of(Box<ReferenceOr<Schema>>),
    /// None allowed: a newer server would not send one either.
    Refused,
}

/// The properties of an object schema, through `allOf`, and what it says
/// of the others (`additionalProperties`).
fn fields(
    api: &OpenAPI,
    schema: &ReferenceOr<Schema>,
) -> (Vec<(String, ReferenceOr<Schema>)>, Others) {
    let s = resolve(api, schema);
    let mut out = Vec::new();
    let mut others = Others::Ignored;
    let (props, extra, parts) = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            (Some(&o.properties), &o.additional_properties, &[][..])
        }
        SchemaKind::Any(any) => (
            Some(&any.properties),
            &any.additional_properties,
            &any.all_of[..],
        ),
        SchemaKind::AllOf { all_of } => (None, &None, &all_of[..]),
        _ => (None, &None, &[][..]),
    };
    for (name, prop) in props.into_iter().flatten() {
        out.push((name.clone(), unbox(prop)));
    }
    match extra {
        Some(AdditionalProperties::Any(true)) => others = Others::Kept,
        Some(AdditionalProperties::Any(false)) => others = Others::Refused,
        Some(AdditionalProperties::Schema(s)) => others = Others::Of(Box::new((**s).clone())),
        None => {}
    }
    for part in parts {
        let (more, more_others) = fields(api, part);
        out.extend(more);
        if !matches!(more_others, Others::Ignored) {
            others = more_others;
        }
    }
    (out, others)
}

/// `value` (a sample of `schema`) as the newer server sends it, and what a
/// client of this build must make of it: the same, without the new
/// properties of the objects that do not take undeclared ones.
fn ahead(api: &OpenAPI, schema: &ReferenceOr<Schema>, value: &Value) -> (Value, Value) {
    let s = resolve(api, schema);
    match (&s.schema_kind, value) {
        (SchemaKind::Type(Type::String(t)), Value::String(v)) if !t.enumeration.is_empty() => {
            let u = json!(unknown(v));
            (u.clone(), u)
        }
        (SchemaKind::Type(Type::Array(a)), Value::Array(items)) => {
            let Some(item) = &a.items else {
                return (value.clone(), value.clone());
            };
            let item = unbox(item);
            let (sent, kept) = items.iter().map(|v| ahead(api, &item, v)).unzip();
            (Value::Array(sent), Value::Array(kept))
        }
        (SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list }, _) => {
            match list.first() {
                Some(first) => ahead(api, first, value),
                None => (value.clone(), value.clone()),
            }
        }
        (_, Value::Object(map)) => {
            let (declared, others) = fields(api, schema);
            let (mut sent, mut kept) = (Map::new(), Map::new());
            for (name, v) in map {
                let (s, k) = match declared.iter().find(|(n, _)| n == name) {
                    Some((_, prop)) => ahead(api, prop, v),
                    None => (v.clone(), v.clone()),
                };
                sent.insert(name.clone(), s);
                kept.insert(name.clone(), k);
            }
            let new = json!({"nested": [1, "two"]});
            match others {
                Others::Ignored => {
                    sent.insert(NEW_PROPERTY.into(), new);
                }
                Others::Kept => {
                    sent.insert(NEW_PROPERTY.into(), new.clone());
                    kept.insert(NEW_PROPERTY.into(), new);
                }
                Others::Of(extra) => {
                    let new = sample_schema(api, &extra, NEW_PROPERTY, 1);
                    sent.insert(NEW_PROPERTY.into(), new.clone());
                    kept.insert(NEW_PROPERTY.into(), new);
                }
                Others::Refused => {}
            }
            (Value::Object(sent), Value::Object(kept))
        }
        _ => (value.clone(), value.clone()),
    }
}

/// The success schema of operation `id`, if its answer has a body.
fn success_schema<'a>(api: &'a OpenAPI, id: &str) -> Option<&'a ReferenceOr<Schema>> {
    api.paths.iter().find_map(|(_, item)| {
        let item = item.as_item()?;
        let (_, op) = item
            .iter()
            .find(|(_, op)| op.operation_id.as_deref() == Some(id))?;
        op.responses
            .responses
            .iter()
            .find_map(|(code, r)| match code {
                openapiv3::StatusCode::Code(200..=299) => r
                    .as_item()?
                    .content
                    .get("application/json")?
                    .schema
                    .as_ref(),
                _ => None,
            })
    })
}

/// Every string in `v` made by [`unknown`].
fn unknowns(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.starts_with("FUTURE_") => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| unknowns(i, out)),
        Value::Object(m) => m.values().for_each(|i| unknowns(i, out)),
        _ => {}
    }
}

/// A server answering every request with the current reply.
async fn server(reply: Arc<Mutex<(u16, Option<Value>)>>) -> RawServer {
    RawServer::start(move |_, _| {
        let (status, body) = reply.lock().unwrap().clone();
        match body {
            Some(b) => Reply::json(status, b.to_string()),
            None => Reply::Respond {
                status,
                headers: vec![],
                body: vec![],
                trickle: None,
            },
        }
    })
    .await
}

#[tokio::test]
async fn every_operation_decodes_the_answers_of_a_server_one_version_ahead() {
    let api = spec();
    let reply = Arc::new(Mutex::new((200, None)));
    let server = server(reply.clone()).await;
    let client = client_at(server.base_path().trim_end_matches("/v1/auth"));
    let mut failures = Vec::new();
    let mut ok = 0;
    let mut with_unknown_values = 0;
    for op in Operation::all() {
        let s = sample(&api, op.id, &|_, _| None);
        let (sent, kept) = match (&s.response, success_schema(&api, op.id)) {
            (Some(body), Some(schema)) => ahead(&api, schema, body),
            _ => (Value::Null, Value::Null),
        };
        let mut expected_unknowns = Vec::new();
        unknowns(&sent, &mut expected_unknowns);
        if !expected_unknowns.is_empty() {
            with_unknown_values += 1;
        }
        *reply.lock().unwrap() = (s.status, s.response.is_some().then(|| sent.clone()));

        let facade = client.invoke(op, &s.args, s.body.as_ref()).await;
        let raw = client.raw().invoke(op, &s.args, s.body.as_ref()).await;
        match (facade, raw) {
            (Ok(f), Ok(r)) => {
                let (f, r) = (f.data, r.into_inner());
                if f != kept || r != kept {
                    failures.push(format!(
                        "{}: decoded but changed\n  sent   {sent}\n  facade {f}\n  raw    {r}",
                        op.id
                    ));
                } else {
                    ok += 1;
                }
            }
            (f, r) => failures.push(format!(
                "{}: facade {}, raw {}",
                op.id,
                f.err().map(|e| e.to_string()).unwrap_or("ok".into()),
                r.err().map(|e| e.to_string()).unwrap_or("ok".into())
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations failed:\n{}",
        failures.len(),
        Operation::all().len(),
        failures.join("\n")
    );
    assert_eq!(ok, Operation::all().len());
    // The replacement reached the enums: this test is about them.
    assert!(with_unknown_values >= 10, "{with_unknown_values}");
}

#[tokio::test]
async fn an_unknown_enum_value_read_and_written_back_reaches_the_server_unchanged() {
    let api = spec();
    let s = sample(&api, "GetTenant", &|_, _| None);
    let schema = success_schema(&api, "GetTenant").expect("GetTenant answers a body");
    let (sent, _) = ahead(&api, schema, s.response.as_ref().expect("a sample body"));
    let language = sent["billing_info"]["invoice_language"].clone();
    assert_eq!(language, json!("FUTURE_ja-JP"), "{sent}");
    let reply = Arc::new(Mutex::new((200, Some(sent.clone()))));
    let server = server(reply.clone()).await;
    let client = client_at(server.base_path().trim_end_matches("/v1/auth"));
    let id = types::Uuid("f94bfffc-8be2-11ec-b41a-0242ac120004".into());

    let tenant = client
        .tenant_api()
        .get_tenant(&id)
        .await
        .unwrap()
        .into_data();
    let mut billing = tenant.billing_info.expect("billing info");
    assert_eq!(
        billing.invoice_language,
        types::InvoiceLanguage::Unknown("FUTURE_ja-JP".into())
    );
    assert!(!billing.invoice_language.is_known());
    assert_eq!(billing.invoice_language.to_string(), "FUTURE_ja-JP");
    billing.name = "Renamed Inc.".into();
    *reply.lock().unwrap() = (200, None);
    client
        .tenant_api()
        .update_tenant_billing_info(&id, &types::UpdateTenantBillingInfoParam(billing))
        .await
        .unwrap();

    let written = server.requests().pop().expect("the update");
    assert_eq!(written.method, "PUT");
    let text = String::from_utf8(written.body.clone()).unwrap();
    assert!(
        text.contains(r#""invoice_language":"FUTURE_ja-JP""#),
        "{text}"
    );
    let mut expected = sent["billing_info"].clone();
    expected["name"] = json!("Renamed Inc.");
    if let Some(m) = expected.as_object_mut() {
        m.remove(NEW_PROPERTY);
    }
    if let Some(m) = expected["address"].as_object_mut() {
        m.remove(NEW_PROPERTY);
    }
    let body: Value = serde_json::from_slice(&written.body).unwrap();
    assert_eq!(body, expected);
}

#[test]
fn the_enums_are_coherent_for_a_value_they_do_not_list() {
    let value = types::ChallengeName::from("FUTURE_PASSKEY");
    assert_eq!(value, "FUTURE_PASSKEY".parse().unwrap());
    assert_eq!(value.as_str(), "FUTURE_PASSKEY");
    assert_eq!(
        serde_json::to_string(&value).unwrap(),
        r#""FUTURE_PASSKEY""#
    );
    let back: types::ChallengeName = serde_json::from_str(r#""FUTURE_PASSKEY""#).unwrap();
    assert_eq!(back, value);
    // A listed value is its variant, however it is made.
    let known = types::ChallengeName::from("SMS_MFA");
    assert_eq!(known, types::ChallengeName::SmsMfa);
    assert!(known.is_known());
    assert_eq!(
        serde_json::from_str::<types::ChallengeName>(r#""SMS_MFA""#).unwrap(),
        known
    );
    // Inside `strictly`, the unknown value is refused as typify's enums do.
    let refused = saasus_auth::enums::strictly(|| {
        serde_json::from_str::<types::ChallengeName>(r#""FUTURE_PASSKEY""#)
    });
    let message = refused.unwrap_err().to_string();
    assert!(
        message.contains("unknown variant `FUTURE_PASSKEY`"),
        "{message}"
    );
    assert!(!saasus_auth::enums::is_strict());
}

#[cfg(feature = "schemars")]
#[test]
fn the_json_schema_of_an_enum_lists_the_values_of_the_spec() {
    let schema = schemars::schema_for!(types::InvoiceLanguage);
    let value = serde_json::to_value(&schema).unwrap();
    assert_eq!(value["type"], json!("string"), "{value}");
    assert_eq!(value["enum"], json!(["ja-JP", "en-US"]), "{value}");
}
