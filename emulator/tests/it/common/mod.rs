//! Helpers shared by the emulator's tests: the spec, a raw client aimed at
//! an emulator, and hand-signed requests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use saasus_auth::raw;
use saasus_auth_emulator::signature::{sign, timestamp};
use saasus_auth_emulator::{Credentials, Emulator};

/// One operation of `openapi/auth.yaml`.
#[derive(Debug, Clone)]
pub struct SpecOp {
    pub method: String,
    pub path: String,
    pub tag: String,
    pub statuses: Vec<u16>,
}

impl SpecOp {
    /// The documented success status (the one 2xx).
    pub fn success(&self) -> u16 {
        *self
            .statuses
            .iter()
            .find(|s| (200..300).contains(*s))
            .expect("a success status")
    }
}

/// The operations of the vendored spec, by operationId.
pub fn spec() -> BTreeMap<String, SpecOp> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/auth.yaml"))
            .expect("openapi/auth.yaml");
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let mut ops = BTreeMap::new();
    for (path, item) in doc["paths"].as_mapping().expect("paths") {
        for (method, op) in item.as_mapping().expect("path item") {
            let method = method.as_str().unwrap();
            if !["get", "post", "put", "patch", "delete"].contains(&method) {
                continue;
            }
            let statuses = op["responses"]
                .as_mapping()
                .unwrap()
                .keys()
                .map(|k| k.as_str().unwrap().parse().unwrap())
                .collect();
            ops.insert(
                op["operationId"].as_str().unwrap().to_string(),
                SpecOp {
                    method: method.to_uppercase(),
                    path: path.as_str().unwrap().to_string(),
                    tag: op["tags"][0].as_str().unwrap().to_string(),
                    statuses,
                },
            );
        }
    }
    ops
}

/// The generated client, signed with the emulator's credentials.
pub fn client(emu: &Emulator) -> raw::Client {
    raw::Client::from_configuration(&emu.configuration(), None, None).expect("a client")
}

/// The status of a failed raw call.
pub fn status<E: std::fmt::Debug>(err: &progenitor_client::Error<E>) -> u16 {
    err.status()
        .unwrap_or_else(|| panic!("no status in {err:?}"))
        .as_u16()
}

/// The SaaSus error type of a failed raw call.
pub fn error_type(err: &progenitor_client::Error<saasus_auth::types::Error>) -> String {
    match err {
        progenitor_client::Error::ErrorResponse(r) => r.type_.clone(),
        other => panic!("not an error response: {other:?}"),
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A request signed by hand: `secret` and `at` (Unix seconds) chosen by
/// the test; `body` sent as is.
pub async fn signed(
    emu: &Emulator,
    method: reqwest::Method,
    path_and_query: &str,
    body: &[u8],
    credentials: &Credentials,
    at: i64,
) -> (u16, serde_json::Value) {
    let host = emu.addr().to_string();
    let stamp = timestamp(at);
    let sig = sign(
        &credentials.secret_key,
        &[
            stamp.as_bytes(),
            credentials.api_key.as_bytes(),
            method.as_str().as_bytes(),
            format!("{host}{path_and_query}").as_bytes(),
            body,
        ],
    );
    let auth = format!(
        "SAASUSSIGV1 Sig={sig}, SaaSID={}, APIKey={}",
        credentials.saas_id, credentials.api_key
    );
    send(emu, method, path_and_query, body.to_vec(), Some(auth)).await
}

/// A plain request (no signature unless `authorization`).
pub async fn send(
    emu: &Emulator,
    method: reqwest::Method,
    path_and_query: &str,
    body: Vec<u8>,
    authorization: Option<String>,
) -> (u16, serde_json::Value) {
    let mut req = saasus_auth::transport::http_client_builder()
        .expect("TLS set up")
        .build()
        .expect("an HTTP client")
        .request(method, format!("{}{path_and_query}", emu.base_url()))
        .header("content-type", "application/json")
        .body(body);
    if let Some(a) = authorization {
        req = req.header("authorization", a);
    }
    let resp = req.send().await.expect("an answer");
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.expect("a body");
    let value = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, value)
}

/// `POST /__emulator/login`: the code, or the status.
pub async fn admin_login(emu: &Emulator, email: &str, password: &str) -> Result<String, u16> {
    let body = serde_json::json!({ "email": email, "password": password }).to_string();
    let (status, value) = send(
        emu,
        reqwest::Method::POST,
        "/__emulator/login",
        body.into_bytes(),
        None,
    )
    .await;
    if status == 200 {
        Ok(value["code"].as_str().expect("a code").to_string())
    } else {
        Err(status)
    }
}

/// `POST /__emulator/login` with any body: the status and the answer.
pub async fn admin_login_with(emu: &Emulator, body: serde_json::Value) -> (u16, serde_json::Value) {
    send(
        emu,
        reqwest::Method::POST,
        "/__emulator/login",
        body.to_string().into_bytes(),
        None,
    )
    .await
}

/// Attributes from a JSON object literal (a test's own input).
pub fn attributes(object: serde_json::Value) -> saasus_auth::Attributes {
    serde_json::from_value(object).expect("a JSON object")
}
