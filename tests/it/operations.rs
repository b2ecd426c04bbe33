//! Every operation of the table, through `AuthClient`'s facades and through
//! `raw()` called directly, against an independent server that checks the
//! method, path, query, body and SAASUSSIGV1 signature of what it receives.
//! Driven by the operation table and the spec: a new operation is covered
//! without new code here.

use crate::common;
#[path = "operations/secrets.rs"]
mod secrets;

use std::sync::{Arc, Mutex};

use common::raw_server::{RawRequest, RawServer, Reply};
use common::samples::{sample, spec, Sample};
use common::*;
use saasus_auth::{AuthClient, Error, Operation};
use serde_json::{json, Value};

/// What the server expects next, and how it answers.
#[derive(Default)]
struct Expect {
    method: String,
    sample: Option<Sample>,
    /// Answer this status with a SaaSus error body instead.
    fail_with: Option<u16>,
}

/// The problems with one received request, empty when it is right.
fn check(expect: &Expect, req: &RawRequest) -> Vec<String> {
    let Some(s) = &expect.sample else {
        return vec!["no request expected".into()];
    };
    let mut problems = Vec::new();
    if req.method != expect.method {
        problems.push(format!("method {} != {}", req.method, expect.method));
    }
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    if path != s.path {
        problems.push(format!("path {path} != {}", s.path));
    }
    let mut got: Vec<(String, String)> = url_pairs(query);
    got.sort();
    if got != s.query {
        problems.push(format!("query {got:?} != {:?}", s.query));
    }
    match &s.body {
        Some(expected) => match serde_json::from_slice::<Value>(&req.body) {
            Ok(body) if &body == expected => {}
            Ok(body) => problems.push(format!("body {body} != {expected}")),
            Err(e) => problems.push(format!("body is not JSON: {e}")),
        },
        None if !req.body.is_empty() => problems.push("unexpected body".into()),
        None => {}
    }
    let host = req.header("host").unwrap_or_default();
    let wanted = expected_authorization(
        SECRET,
        FIXED_STAMP,
        &req.method,
        &format!("{host}{}", req.target),
        &req.body,
    );
    if req.header("authorization") != Some(wanted.as_str()) {
        problems.push("bad signature".into());
    }
    problems
}

fn url_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

async fn verifying_server(expect: Arc<Mutex<Expect>>) -> RawServer {
    RawServer::start(move |_, req| {
        let e = expect.lock().unwrap();
        let problems = check(&e, req);
        if !problems.is_empty() {
            return Reply::json(
                400,
                error_body("test_mismatch", &problems.join("; ")).to_string(),
            );
        }
        if let Some(status) = e.fail_with {
            return Reply::json(
                status,
                error_body("unauthorized", "the signature does not match").to_string(),
            );
        }
        let s = e.sample.as_ref().unwrap();
        match &s.response {
            Some(body) => Reply::json(s.status, body.to_string()),
            None => Reply::Respond {
                status: s.status,
                headers: vec![],
                body: vec![],
                trickle: None,
            },
        }
    })
    .await
}

fn client_for(server: &RawServer) -> AuthClient {
    let base = server.base_path();
    client_at(base.trim_end_matches("/v1/auth"))
}

fn keep(_: &str, _: &Value) -> Option<Value> {
    None
}

#[tokio::test]
async fn every_operation_works_through_its_facade_and_through_raw() {
    let api = spec();
    let expect = Arc::new(Mutex::new(Expect::default()));
    let server = verifying_server(expect.clone()).await;
    let client = client_for(&server);
    let mut failures = Vec::new();
    for op in Operation::all() {
        let s = sample(&api, op.id, &keep);
        *expect.lock().unwrap() = Expect {
            method: op.http_method.to_string(),
            sample: Some(s.clone()),
            fail_with: None,
        };
        let expected = s.response.clone().unwrap_or(Value::Null);

        match client.invoke(op, &s.args, s.body.as_ref()).await {
            Ok(r) if s.response.is_some() && r.headers.get("content-type").is_none() => failures
                .push(format!(
                    "{} facade: the response headers are missing",
                    op.id
                )),
            Ok(r) if r.status.as_u16() == s.status && r.data == expected => {}
            Ok(r) => failures.push(format!("{} facade: {} {}", op.id, r.status, r.data)),
            Err(e) => failures.push(format!("{} facade: {e}", op.id)),
        }
        match client.raw().invoke(op, &s.args, s.body.as_ref()).await {
            Ok(r) if r.status().as_u16() == s.status && *r == expected => {}
            Ok(r) => failures.push(format!("{} raw: {} {}", op.id, r.status(), *r)),
            Err(e) => failures.push(format!("{} raw: {e}", op.id)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(server.requests().len(), 2 * Operation::all().len());
}

#[tokio::test]
async fn a_401_with_a_saasus_body_names_the_operation_on_every_operation() {
    let api = spec();
    let expect = Arc::new(Mutex::new(Expect::default()));
    let server = verifying_server(expect.clone()).await;
    let client = client_for(&server);
    for op in Operation::all() {
        let s = sample(&api, op.id, &keep);
        *expect.lock().unwrap() = Expect {
            method: op.http_method.to_string(),
            sample: Some(s.clone()),
            fail_with: Some(401),
        };
        let err = client
            .invoke(op, &s.args, s.body.as_ref())
            .await
            .expect_err(op.id);
        assert!(err.is_unauthorized(), "{}: {err:?}", op.id);
        let api_err = err
            .api_error()
            .unwrap_or_else(|| panic!("{}: {err:?}", op.id));
        assert_eq!(api_err.error_type, "unauthorized", "{}", op.id);
        assert_eq!(err.operation(), Some(op.id));
        assert!(
            err.to_string().starts_with(&format!("{}: ", op.id)),
            "{err}"
        );
        // The same through raw(): progenitor's error, with the status.
        let raw = client
            .raw()
            .invoke(op, &s.args, s.body.as_ref())
            .await
            .expect_err(op.id);
        assert_eq!(raw.status().map(|s| s.as_u16()), Some(401), "{}", op.id);
    }
}

#[tokio::test]
async fn bad_arguments_are_refused_before_sending_and_named() {
    let server = RawServer::start(|_, _| Reply::json(500, "{}")).await;
    let client = client_for(&server);
    let op = Operation::find("GetSaasUser").unwrap();
    let err = client
        .invoke(op, &Default::default(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { message, .. } if message.contains("`user_id` is required")),
        "{err}"
    );
    let args = json!({ "user_id": "u", "nope": 1 });
    let err = client
        .invoke(op, args.as_object().unwrap(), None)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown parameter `nope`"),
        "{err}"
    );

    // A wrong type in a body names the field, not its value.
    let op = Operation::find("UpdateSaasUserPassword").unwrap();
    let args = json!({ "user_id": "u" });
    let body = json!({ "password": 12345678 });
    let err = client
        .invoke(op, args.as_object().unwrap(), Some(&body))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("`password`"), "{err}");
    let body = json!({ "password": ["hunter2-secret"] });
    let err = client
        .invoke(op, args.as_object().unwrap(), Some(&body))
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
    // A body that is not an object says so, rather than name a field `[0]`.
    for body in [json!([1]), json!("x"), json!(7)] {
        let err = client
            .invoke(op, args.as_object().unwrap(), Some(&body))
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("must be a JSON object"),
            "{body}: {err}"
        );
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

/// The values the tests put in every sensitive input.
fn secret_for(name: &str) -> String {
    format!("S3cr3t-{}-Zq9", name.replace(['-', '_'], ""))
}

/// Every sensitive input of `op`, in the sample's arguments and body.
fn with_secrets(op: &Operation) -> Sample {
    let api = spec();
    let mut s = sample(&api, op.id, &|name, generic| {
        (op.sensitive_inputs.contains(&name) && generic.is_string())
            .then(|| json!(secret_for(name)))
    });
    if let Some(body) = &mut s.body {
        plant(op.sensitive_inputs, body, false);
    }
    s
}

fn plant(names: &[&str], value: &mut Value, inside: bool) {
    match value {
        Value::String(s) if inside => *s = secret_for(s),
        Value::Array(items) => items.iter_mut().for_each(|v| plant(names, v, inside)),
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                let inside = inside || names.contains(&k.as_str());
                plant(names, v, inside)
            }
        }
        _ => {}
    }
}

/// The secrets planted in a sample.
fn planted(s: &Sample) -> Vec<String> {
    let mut out = Vec::new();
    let mut walk = |v: &Value| collect(v, &mut out);
    for v in s.args.values() {
        walk(v);
    }
    if let Some(b) = &s.body {
        walk(b);
    }
    out
}

fn collect(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.starts_with("S3cr3t-") => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect(v, out)),
        _ => {}
    }
}

fn texts(err: &Error) -> Vec<String> {
    let mut out = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        out.push(s.to_string());
        out.push(format!("{s:?}"));
        source = s.source();
    }
    out
}

/// The request as an echoing server shows it: URL and body.
fn echo(req: &RawRequest) -> String {
    format!(
        "{} {} {}",
        req.method,
        req.target,
        String::from_utf8_lossy(&req.body)
    )
}

#[tokio::test]
async fn no_sensitive_input_appears_in_any_error_text() {
    let ops: Vec<&Operation> = Operation::all()
        .iter()
        .filter(|o| !o.sensitive_inputs.is_empty())
        .collect();
    assert!(
        ops.len() >= 20,
        "{} operations with sensitive inputs",
        ops.len()
    );

    let html = RawServer::start(|_, req| Reply::Respond {
        status: 502,
        headers: vec![("content-type".into(), "text/html".into())],
        body: format!(
            "<html><body><h1>Bad gateway</h1><pre>{}</pre></body></html>",
            echo(req)
        )
        .into_bytes(),
        trickle: None,
    })
    .await;
    let json_echo = RawServer::start(|_, req| {
        Reply::json(
            400,
            error_body("invalid_parameter", &format!("cannot accept {}", echo(req))).to_string(),
        )
    })
    .await;
    let refused = client_at("http://127.0.0.1:9");
    let html_client = client_for(&html);
    let json_client = client_for(&json_echo);

    let mut planted_total = 0;
    for op in ops {
        let s = with_secrets(op);
        let secrets = planted(&s);
        planted_total += secrets.len();
        let no_retry = saasus_auth::RequestOptions::new().max_attempts(1);
        for (fault, client) in [
            ("refused", &refused),
            ("html", &html_client),
            ("json", &json_client),
        ] {
            let client = client.with_options(no_retry.clone());
            let err = client
                .invoke(op, &s.args, s.body.as_ref())
                .await
                .expect_err(op.id);
            for text in texts(&err) {
                for secret in &secrets {
                    assert!(
                        !text.contains(secret.as_str()),
                        "{} ({fault}): {secret} in {text}",
                        op.id
                    );
                }
            }
            if fault == "refused" {
                assert!(matches!(err, Error::Transport { .. }), "{}: {err:?}", op.id);
                assert!(
                    err.to_string().to_lowercase().contains("refused"),
                    "names its cause: {err}"
                );
            }
        }
    }
    assert!(
        planted_total > 20,
        "the test planted secrets: {planted_total}"
    );
    // The servers did see the secrets: the redaction, not the request, hid them.
    let seen: String = json_echo.requests().iter().map(echo).collect();
    assert!(seen.contains("S3cr3t-"), "secrets were sent");
}
