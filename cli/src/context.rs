//! The client a command runs with, the guard rails (`--read-only`,
//! `--allow`) and `--dry-run`.

use std::sync::Mutex;
use std::time::Duration;

use clap::ArgMatches;
use saasus_auth::{AuthClient, Configuration, Location, Operation, RequestOptions};
use saasus_auth_emulator::Emulator;
use serde_json::{json, Map, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::failure::Failure;
use crate::names::{global, operation_by_name};

/// What every API command runs with.
pub struct Ctx {
    /// The client (aimed at the capture server under `--dry-run`).
    pub client: AuthClient,
    /// The per-call options from the global flags (`--trace-id`,
    /// `--timeout`).
    pub options: RequestOptions,
    /// The API root requests are meant for.
    api_url_base: String,
    read_only: bool,
    allow: Option<Vec<&'static Operation>>,
    /// `--dry-run`.
    pub dry_run: bool,
    capture: Mutex<Option<std::net::TcpListener>>,
    /// Keeps the `--emulator` server running as long as the context.
    _emulator: Option<Emulator>,
}

impl Ctx {
    /// Reads the configuration (the `SAASUS_*` environment, or the
    /// in-process emulator) and the global flags.
    pub fn new(m: &ArgMatches) -> Result<Self, Failure> {
        let read_only = m.get_flag(global::READ_ONLY);
        let dry_run = m.get_flag(global::DRY_RUN);
        let allow = match m.get_many::<String>(global::ALLOW) {
            None => None,
            Some(names) => {
                let mut ops = Vec::new();
                for name in names.filter(|n| !n.trim().is_empty()) {
                    ops.push(operation_by_name(name).ok_or_else(|| {
                        Failure::Usage(format!(
                            "--allow: `{name}` is not an operation (see `saasus-auth operations`)"
                        ))
                    })?);
                }
                Some(ops)
            }
        };
        let (mut config, emulator) = if m.get_flag(global::EMULATOR) {
            let base = saasus_auth::config::env::API_URL_BASE;
            if std::env::var_os(base).is_some_and(|v| !v.is_empty()) {
                eprintln!("note: --emulator: {base} is ignored");
            }
            let emu = Emulator::start()
                .map_err(|e| Failure::Local(format!("cannot start the emulator: {e}")))?;
            (emu.configuration(), Some(emu))
        } else {
            // --api-url-base replaces SAASUS_API_URL_BASE, which is then
            // not read (nor checked).
            let flag = m.get_one::<String>(global::API_URL_BASE).is_some();
            let config = Configuration::from_lookup(|name| {
                if flag && name == saasus_auth::config::env::API_URL_BASE {
                    None
                } else {
                    std::env::var(name).ok()
                }
            })?;
            (config, None)
        };
        if let Some(base) = m.get_one::<String>(global::API_URL_BASE) {
            if emulator.is_some() {
                return Err(Failure::Usage(
                    "--api-url-base and --emulator exclude each other".into(),
                ));
            }
            config = config.with_api_url_base(base.as_str());
        }
        // Checked now, so that a bad --api-url-base is a usage error even
        // under --dry-run.
        config.validate()?;
        let api_url_base = config.api_url_base().to_string();
        if let Ok(url) = saasus_auth::reqwest::Url::parse(&api_url_base)
            && let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default())
        {
            let _ = crate::failure::TARGET.set(format!("{host}:{port}"));
        }
        let mut capture = None;
        if dry_run {
            let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
                .and_then(|l| l.set_nonblocking(true).map(|()| l))
                .map_err(|e| Failure::Local(format!("--dry-run: cannot listen locally: {e}")))?;
            let addr = listener
                .local_addr()
                .map_err(|e| Failure::Local(format!("--dry-run: {e}")))?;
            config = config
                .with_api_url_base(format!("http://{addr}"))
                .with_max_attempts(1);
            capture = Some(listener);
        }
        let mut options = RequestOptions::new();
        if let Some(id) = m.get_one::<String>(global::TRACE_ID) {
            options = options.trace_id(id);
        }
        if let Some(t) = m.get_one::<Duration>(global::TIMEOUT) {
            options = options.timeout(*t);
        }
        if let Some(problem) = options.problem() {
            return Err(Failure::Usage(problem.to_string()));
        }
        let client = AuthClient::new(Some(config), None)?.with_options(options.clone());
        Ok(Self {
            client,
            options,
            api_url_base,
            read_only,
            allow,
            dry_run,
            capture: Mutex::new(capture),
            _emulator: emulator,
        })
    }

    /// The operations `--allow` names, if it was given.
    #[cfg_attr(not(feature = "mcp"), allow(dead_code))]
    pub fn allowlist(&self) -> Option<&[&'static Operation]> {
        self.allow.as_deref()
    }

    /// Refuses, before anything is sent, an operation that `--read-only` or
    /// `--allow` rule out.
    pub fn permit(&self, op: &Operation) -> Result<(), Failure> {
        if self.read_only && op.http_method != "GET" {
            return Err(Failure::Usage(format!(
                "--read-only: {} is a {} (not a read); nothing was sent",
                op.id, op.http_method
            )));
        }
        if let Some(allow) = &self.allow
            && !allow.iter().any(|a| a.id == op.id)
        {
            return Err(Failure::Usage(format!(
                "--allow: {} is not in the allowlist; nothing was sent",
                op.id
            )));
        }
        Ok(())
    }

    /// Calls `op` (or, under `--dry-run`, describes the request it would
    /// send) and answers the response body as JSON (`null` when there is
    /// none).
    pub async fn call(
        &self,
        op: &'static Operation,
        args: &Map<String, Value>,
        body: Option<&Value>,
    ) -> Result<Value, Failure> {
        self.permit(op)?;
        if self.dry_run {
            return self.dry_run(op, args, body).await;
        }
        Ok(self.client.invoke(op, args, body).await?.data)
    }

    /// Sends the request to a local capture server (which answers 599 and
    /// so keeps it from going anywhere), then describes what was captured,
    /// aimed at the real API root, with secrets redacted.
    async fn dry_run(
        &self,
        op: &'static Operation,
        args: &Map<String, Value>,
        body: Option<&Value>,
    ) -> Result<Value, Failure> {
        let listener = self
            .capture
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| Failure::Local("--dry-run describes one request only".into()))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Failure::Local(format!("--dry-run: {e}")))?;
        let capture = tokio::spawn(capture_one(listener));
        let result = self.client.invoke(op, args, body).await;
        if let Err(e) = &result
            && matches!(
                e,
                saasus_auth::Error::InvalidRequest { .. }
                    | saasus_auth::Error::InvalidConfiguration { .. }
            )
        {
            capture.abort();
            return Err(result
                .err()
                .map(Failure::Sdk)
                .unwrap_or_else(|| Failure::Local("--dry-run: the request was not built".into())));
        }
        let request = match tokio::time::timeout(Duration::from_secs(5), capture).await {
            Ok(Ok(Ok(request))) => request,
            _ => {
                return Err(Failure::Local(
                    "--dry-run: the request could not be captured".into(),
                ))
            }
        };
        Ok(describe(op, args, &request, &self.api_url_base))
    }
}

/// One HTTP request as the capture server read it.
struct Captured {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Accepts one connection, reads one request (headers and a
/// `Content-Length` body), answers 599 and closes.
async fn capture_one(listener: tokio::net::TcpListener) -> std::io::Result<Captured> {
    let (mut socket, _) = listener.accept().await?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let (head_end, length) = loop {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let length = head
                .lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (end + 4, length);
        }
    };
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    socket
        .write_all(b"HTTP/1.1 599 Dry Run\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        .await?;
    let _ = socket.shutdown().await;
    let head = String::from_utf8_lossy(&buf[..head_end - 4]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let target = first.next().unwrap_or_default().to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let end = (head_end + length).min(buf.len());
    Ok(Captured {
        method,
        target,
        headers,
        body: buf[head_end..end].to_vec(),
    })
}

const REDACTED: &str = "<redacted>";

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(value: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

/// Replaces the values of sensitive keys, at any depth.
pub fn redact_json(value: &mut Value, sensitive: &[&str]) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if sensitive.contains(&k.as_str()) && !v.is_null() {
                    *v = Value::String(REDACTED.into());
                } else {
                    redact_json(v, sensitive);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_json(v, sensitive)),
        _ => {}
    }
}

/// `SAASUSSIGV1 Sig=..., SaaSID=..., APIKey=...` with the signature and the
/// API key replaced.
fn redact_authorization(value: &str) -> String {
    value
        .split(", ")
        .map(|part| {
            for key in ["Sig=", "APIKey="] {
                if let Some(i) = part.find(key) {
                    return format!("{}{REDACTED}", &part[..i + key.len()]);
                }
            }
            part.to_string()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe(
    op: &'static Operation,
    args: &Map<String, Value>,
    request: &Captured,
    api_url_base: &str,
) -> Value {
    // What is secret comes from the operation table (declared in the spec),
    // never from names guessed here.
    let sensitive = op.sensitive_inputs;
    let is_sensitive = |name: &str| {
        sensitive.iter().any(|s| s.eq_ignore_ascii_case(name))
            || op
                .inputs
                .iter()
                .any(|i| i.sensitive && i.name.eq_ignore_ascii_case(name))
    };
    // The path, with sensitive path parameters replaced.
    let (path, query) = match request.target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q)),
        None => (request.target.clone(), None),
    };
    let mut path = path;
    for input in op
        .inputs
        .iter()
        .filter(|i| i.location == Location::Path && is_sensitive(i.name))
    {
        if let Some(Value::String(v)) = args.get(input.name)
            && !v.is_empty()
        {
            path = path.replace(&encode(v), REDACTED).replace(v, REDACTED);
        }
    }
    let mut url = format!("{}{}", api_url_base.trim_end_matches('/'), path);
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if is_sensitive(&decode(k)) => format!("{k}={REDACTED}"),
                _ => pair.to_string(),
            })
            .collect();
        url.push('?');
        url.push_str(&pairs.join("&"));
    }
    let authority = api_url_base
        .split_once("://")
        .map_or(api_url_base, |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let mut headers = Map::new();
    for (name, value) in &request.headers {
        let value = if name == "authorization" {
            redact_authorization(value)
        } else if name == "host" {
            authority.clone()
        } else if is_sensitive(name) {
            REDACTED.to_string()
        } else {
            value.clone()
        };
        headers.insert(name.clone(), Value::String(value));
    }
    let body = if request.body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice::<Value>(&request.body) {
            Ok(mut v) => {
                redact_json(&mut v, sensitive);
                v
            }
            Err(_) => Value::String(format!("<{} bytes, not JSON>", request.body.len())),
        }
    };
    json!({
        "dry_run": true,
        "operation": op.id,
        "method": request.method,
        "url": url,
        "headers": headers,
        "body": body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_is_redacted() {
        assert_eq!(
            redact_authorization("SAASUSSIGV1 Sig=abc123, SaaSID=my-saas, APIKey=key"),
            "SAASUSSIGV1 Sig=<redacted>, SaaSID=my-saas, APIKey=<redacted>"
        );
    }

    #[test]
    fn json_secrets_are_redacted_at_any_depth() {
        let mut v = json!({"email": "a@b.c", "password": "hunter2", "x": [{"code": "1"}]});
        redact_json(&mut v, &["password", "code"]);
        assert_eq!(
            v,
            json!({"email": "a@b.c", "password": REDACTED, "x": [{"code": REDACTED}]})
        );
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(decode("refresh%2Dtoken"), "refresh-token");
        assert_eq!(decode("a+b%"), "a b%");
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
    }
}
