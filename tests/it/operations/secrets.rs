//! Every operation, through its facade and through `raw()`, with a marker
//! in every secret it sends, against servers that fail in every way a
//! server can show a request back: no marker may appear in any `Display`,
//! alternate `Display`, `Debug`, pretty `Debug` or `source()` of the error.
//! Redirects are not followed, and a redirected-to host receives no secret.

use std::sync::atomic::{AtomicU16, Ordering};

use saasus_auth::{Configuration, RequestOptions};

use super::*;

/// A marker the redirecting server puts in its `Location` query.
const LOCATION_MARKER: &str = "S3cr3t-location-Zq9";

/// Ways a server shows the request back, or fails.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    Refused,
    /// 502 with an HTML page echoing the request.
    Html,
    /// 400 with a SaaSus error body echoing it.
    Json400,
    /// A 2xx the spec does not document, echoing it.
    Undocumented2xx,
    /// The documented success status, with a JSON string echoing it.
    JsonString,
    /// The documented success status, the body cut short.
    CutShort,
    /// 307 to another host, with a marker in the `Location` query.
    Redirect,
}

/// The sample of `op` with a marker in every secret, open maps included.
fn marked(op: &Operation) -> Sample {
    static SPEC: std::sync::OnceLock<openapiv3::OpenAPI> = std::sync::OnceLock::new();
    let api = SPEC.get_or_init(spec);
    let mut s = sample(api, op.id, &|name, generic| {
        (op.sensitive_inputs.contains(&name) && generic.is_string())
            .then(|| json!(secret_for(name)))
    });
    if let Some(body) = &mut s.body {
        plant(op.sensitive_inputs, body, false);
    }
    if let Some(Value::Object(body)) = &mut s.body {
        for name in op.sensitive_inputs {
            if let Some(Value::Object(map)) = body.get_mut(*name)
                && map.is_empty()
            {
                map.insert("PASSWORD".into(), json!(secret_for(name)));
            }
        }
    }
    s
}

fn all_texts(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![
        err.to_string(),
        format!("{err:#}"),
        format!("{err:?}"),
        format!("{err:#?}"),
    ];
    let mut source = err.source();
    while let Some(s) = source {
        out.extend([s.to_string(), format!("{s:#}"), format!("{s:?}")]);
        source = s.source();
    }
    out
}

fn no_retry_config(base: &str) -> Configuration {
    config().with_api_url_base(base).with_max_attempts(1)
}

/// A server for `fault`; `success` holds the documented success status of
/// the operation under test.
async fn server(fault: Fault, success: Arc<AtomicU16>, elsewhere: String) -> RawServer {
    RawServer::start(move |_, req| {
        let shown = echo(req);
        let with = |status: u16, content_type: &str, body: Vec<u8>| Reply::Respond {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body,
            trickle: None,
        };
        let success = success.load(Ordering::SeqCst);
        match fault {
            Fault::Refused => Reply::Close,
            Fault::Html => with(
                502,
                "text/html",
                format!("<html><body><pre>{shown}</pre></body></html>").into_bytes(),
            ),
            Fault::Json400 => Reply::json(
                400,
                error_body("invalid_parameter", &format!("cannot accept {shown}")).to_string(),
            ),
            Fault::Undocumented2xx => Reply::json(
                if success == 203 { 200 } else { 203 },
                json!({ "echo": shown }).to_string(),
            ),
            Fault::JsonString => Reply::json(success, json!(shown).to_string()),
            Fault::CutShort => Reply::Respond {
                status: success,
                headers: vec![
                    ("content-type".into(), "application/json".into()),
                    ("content-length".into(), "100000".into()),
                    ("connection".into(), "close".into()),
                ],
                body: format!("{{\"echo\": {}", json!(shown)).into_bytes(),
                trickle: None,
            },
            Fault::Redirect => Reply::Respond {
                status: 307,
                headers: vec![(
                    "location".into(),
                    format!("{elsewhere}/steal?code={LOCATION_MARKER}"),
                )],
                body: vec![],
                trickle: None,
            },
        }
    })
    .await
}

#[tokio::test]
async fn no_secret_appears_in_any_error_of_either_layer_under_any_fault() {
    let other = RawServer::start(|_, _| Reply::json(200, "{}")).await;
    let elsewhere = format!("http://{}", other.addr);
    let mut planted_total = 0;
    let mut problems = Vec::new();
    for fault in [
        Fault::Refused,
        Fault::Html,
        Fault::Json400,
        Fault::Undocumented2xx,
        Fault::JsonString,
        Fault::CutShort,
        Fault::Redirect,
    ] {
        let success = Arc::new(AtomicU16::new(200));
        let server = server(fault, success.clone(), elsewhere.clone()).await;
        let base = if fault == Fault::Refused {
            "http://127.0.0.1:9".to_string()
        } else {
            format!("http://{}", server.addr)
        };
        let client = AuthClient::new(Some(no_retry_config(&base)), None).unwrap();
        for op in Operation::all() {
            success.store(op.success_status, Ordering::SeqCst);
            let s = marked(op);
            let mut secrets = planted(&s);
            planted_total += secrets.len();
            secrets.push(LOCATION_MARKER.to_string());
            let mut texts = Vec::new();
            match client.invoke(op, &s.args, s.body.as_ref()).await {
                Err(e) => {
                    if fault == Fault::Redirect {
                        match &e {
                            Error::Redirect {
                                status,
                                location_host,
                                ..
                            } if status.as_u16() == 307
                                && location_host.as_deref() == Some(&elsewhere[7..]) => {}
                            other => problems.push(format!("{} facade: {other:?}", op.id)),
                        }
                    }
                    texts.extend(all_texts(&e));
                }
                Ok(r) => texts.push(format!("{r:?}")),
            }
            match client.raw().invoke(op, &s.args, s.body.as_ref()).await {
                Err(e) => texts.extend(all_texts(&e)),
                Ok(r) => texts.push(format!("{r:?}")),
            }
            for text in &texts {
                for secret in &secrets {
                    if text.contains(secret.as_str()) {
                        problems.push(format!("{} ({fault:?}): {secret} in {text}", op.id));
                    }
                }
            }
        }
        if fault == Fault::Html {
            // The server did see the secrets: redaction, not the request, hid them.
            let seen: String = server.requests().iter().map(echo).collect();
            assert!(seen.contains("S3cr3t-"), "secrets were sent");
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(planted_total > 7 * 30, "planted {planted_total}");
    assert!(
        other.requests().is_empty(),
        "a redirect was followed: {:?}",
        other.requests()
    );
}

/// A client of the caller's, which follows redirects (reqwest's default):
/// a 307 does not carry a body with secrets to the other host.
#[tokio::test]
async fn a_client_that_follows_redirects_does_not_resend_secret_bodies() {
    let other = RawServer::start(|_, _| Reply::json(200, "{}")).await;
    let elsewhere = format!("http://{}", other.addr);
    let server = server(
        Fault::Redirect,
        Arc::new(AtomicU16::new(200)),
        elsewhere.clone(),
    )
    .await;
    let http = saasus_auth::transport::http_client_builder()
        .unwrap()
        .redirect(saasus_auth::reqwest::redirect::Policy::default())
        .build()
        .unwrap();
    let client = AuthClient::new(
        Some(no_retry_config(&format!("http://{}", server.addr))),
        Some(http),
    )
    .unwrap();
    let mut with_body = 0;
    for op in Operation::all().iter().filter(|op| {
        op.inputs
            .iter()
            .any(|i| i.location == saasus_auth::Location::Body && i.sensitive)
    }) {
        with_body += 1;
        let s = marked(op);
        let err = client
            .invoke(op, &s.args, s.body.as_ref())
            .await
            .expect_err(op.id);
        assert!(matches!(err, Error::Redirect { .. }), "{}: {err:?}", op.id);
    }
    assert!(with_body > 15, "{with_body}");
    let leaked: String = other.requests().iter().map(echo).collect();
    assert!(!leaked.contains("S3cr3t-"), "{leaked}");
}

/// `Debug` of answers holding secrets (tokens, passwords, secret codes,
/// sessions) shows none of them, on both layers; the values are there.
#[tokio::test]
async fn debug_of_answers_with_secrets_shows_none() {
    let api = spec();
    let answer: Arc<Mutex<(u16, String)>> = Arc::default();
    let current = answer.clone();
    let server = RawServer::start(move |_, _| {
        let (status, body) = current.lock().unwrap().clone();
        Reply::json(status, body)
    })
    .await;
    let client = client_for(&server);
    let mut checked = 0;
    for op in Operation::all()
        .iter()
        .filter(|op| !op.sensitive_outputs.is_empty())
    {
        let mut s = sample(&api, op.id, &keep);
        let Some(response) = &mut s.response else {
            continue;
        };
        plant(op.sensitive_outputs, response, false);
        if let Value::Object(body) = response {
            for name in op.sensitive_outputs {
                if let Some(Value::Object(map)) = body.get_mut(*name)
                    && map.is_empty()
                {
                    map.insert("SECRET_BLOCK".into(), json!(secret_for(name)));
                }
            }
        }
        let mut secrets = Vec::new();
        collect(response, &mut secrets);
        let shown = response.to_string();
        *answer.lock().unwrap() = (s.status, shown.clone());
        let texts = typed_debug(&client, op.id, &s).await;
        if texts.is_empty() {
            continue;
        }
        assert!(!secrets.is_empty(), "{}: nothing planted in {shown}", op.id);
        checked += 1;
        for text in texts {
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{}: {secret} in {text}",
                    op.id
                );
            }
            assert!(text.contains("Redacted"), "{}: {text}", op.id);
        }
    }
    assert!(checked >= 7, "{checked}");
}

/// The `Debug` of the typed answers (facade `ApiResponse` and raw
/// `ResponseValue`) of the operations whose answers hold secrets.
async fn typed_debug(client: &AuthClient, id: &str, s: &Sample) -> Vec<String> {
    let arg = |name: &str| {
        s.args
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let body = || s.body.clone().unwrap_or(Value::Null);
    let mut out = Vec::new();
    macro_rules! both {
        ($facade:expr, $raw:expr) => {{
            let r = $facade.await.expect(id);
            out.push(format!("{r:?}"));
            out.push(format!("{:#?}", r.data));
            let r = $raw.await.expect(id);
            out.push(format!("{r:?}"));
        }};
    }
    let users = client.saas_user_api();
    let raw = client.raw();
    match id {
        "GetAuthCredentials" => both!(
            client
                .credential_api()
                .get_auth_credentials(None, None, None),
            raw.get_auth_credentials(None, None, None)
        ),
        "CreateSaasUser" => {
            let b = serde_json::from_value(body()).unwrap();
            both!(users.create_saas_user(&b), raw.create_saas_user(&b))
        }
        "ResetSaasUserPassword" => {
            let u = arg("user_id");
            both!(
                users.reset_saas_user_password(&u),
                raw.reset_saas_user_password(&u)
            )
        }
        "CreateSecretCode" => {
            let u = arg("user_id");
            let b = serde_json::from_value(body()).unwrap();
            both!(
                users.create_secret_code(&u, &b),
                raw.create_secret_code(&u, &b)
            )
        }
        "SignIn" => {
            let b = serde_json::from_value(body()).unwrap();
            both!(users.sign_in(&b), raw.sign_in(&b))
        }
        "RespondToSignInChallenge" => {
            let b = serde_json::from_value(body()).unwrap();
            both!(
                users.respond_to_sign_in_challenge(&b),
                raw.respond_to_sign_in_challenge(&b)
            )
        }
        "CreateAuthCredentials" => {
            let b = serde_json::from_value(body()).unwrap();
            both!(
                client.credential_api().create_auth_credentials(&b),
                raw.create_auth_credentials(&b)
            )
        }
        _ => {
            // Any other operation: through `invoke`, whose answer is JSON,
            // is not typed; checked here only by its table entry.
        }
    }
    out
}

/// On 503, operations carrying a single-use code are sent once by default
/// (and retried when a call opts in); an ordinary GET is retried.
#[tokio::test]
async fn single_use_codes_are_sent_once_on_503() {
    let api = spec();
    for (id, attempts) in [
        ("GetAuthCredentials", 1),
        ("UpdateSoftwareToken", 1),
        ("ExchangeAuthCredentials", 1),
        ("GetSaasUser", 3),
    ] {
        let server =
            RawServer::start(|_, _| Reply::json(503, r#"{"type":"unavailable","message":"busy"}"#))
                .await;
        let client = client_for(&server);
        let op = Operation::find(id).unwrap();
        let s = sample(&api, id, &keep);
        let err = client
            .invoke(op, &s.args, s.body.as_ref())
            .await
            .expect_err(id);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{id}");
        assert_eq!(server.requests().len(), attempts, "{id} through its facade");
        let before = server.requests().len();
        let _ = client.raw().invoke(op, &s.args, s.body.as_ref()).await;
        assert_eq!(
            server.requests().len() - before,
            attempts,
            "{id} through raw()"
        );
        // Opting in still retries.
        let before = server.requests().len();
        let _ = client
            .with_options(RequestOptions::new().retry(true).max_attempts(2))
            .invoke(op, &s.args, s.body.as_ref())
            .await;
        assert_eq!(server.requests().len() - before, 2, "{id} opted in");
    }
}
