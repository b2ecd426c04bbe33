//! What can end a command, and its exit code.

use std::process::ExitCode;
use std::sync::OnceLock;

use serde_json::{json, Value};

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or input, a configuration problem, or a guard refusing the
    /// call: nothing was sent. Exit code 2.
    Usage(String),
    /// The SDK's error: exit code 2 for invalid requests and configuration
    /// (found before sending), 3 for API 4xx and for errors whose SaaSus
    /// `type` puts the fault on the request, 4 for other API 5xx, transport
    /// errors and timeouts.
    Sdk(saasus_auth::Error),
    /// Some rows of a bulk command failed (each is in the result file).
    /// Exit code 1.
    Rows(String),
    /// A local I/O problem (writing a file, reading stdin). Exit code 1.
    Local(String),
}

impl From<saasus_auth::Error> for Failure {
    fn from(e: saasus_auth::Error) -> Self {
        Failure::Sdk(e)
    }
}

/// Where the command sends its requests (`host:port`, never a path or a
/// query), set once the configuration is known; named in hints.
pub static TARGET: OnceLock<String> = OnceLock::new();

/// The exit code of an SDK error: 3 when the request was at fault (a 4xx,
/// or an error body whose SaaSus `type` says so whatever the status, such
/// as a 500 `env_not_found`), 4 when the server or the network failed.
pub fn sdk_exit_code(e: &saasus_auth::Error) -> u8 {
    use saasus_auth::Error;
    match e {
        Error::InvalidRequest { .. } | Error::InvalidConfiguration { .. } => 2,
        _ if e.api_error().is_some_and(|a| a.is_client_fault()) => 3,
        _ => match e.status() {
            Some(s) if s.is_client_error() => 3,
            _ => 4,
        },
    }
}

/// A hint for the likeliest cause of an SDK error, if there is one.
pub fn hint(e: &saasus_auth::Error) -> Option<String> {
    use saasus_auth::Error;
    match e {
        Error::InvalidConfiguration { problems } => {
            let env_base = saasus_auth::config::env::API_URL_BASE;
            if problems.iter().any(|p| p.contains("is not set")) {
                Some("set the variables, or try the tool with --emulator".into())
            } else if problems.iter().any(|p| p.contains(env_base)) {
                Some(format!(
                    "{env_base} is the API root, an http(s) URL without user, password, query or fragment \
                     (http://127.0.0.1:8080 for a local emulator); unset it for https://api.saasus.io"
                ))
            } else if problems.iter().any(|p| p.contains("API URL base")) {
                Some("--api-url-base takes an http(s) URL without user, password, query or fragment, such as https://api.saasus.io".into())
            } else {
                None
            }
        }
        Error::Transport { .. } if e.scheme_mismatch().is_some() => {
            let (scheme, speaks) = match e.scheme_mismatch() {
                Some(saasus_auth::SchemeMismatch::PlainHttpServer) => {
                    ("http", "plain HTTP, not TLS")
                }
                _ => ("https", "TLS, not plain HTTP"),
            };
            Some(match TARGET.get() {
                Some(target) => format!(
                    "the server at {target} speaks {speaks}: the scheme is wrong; \
                     set SAASUS_API_URL_BASE (or --api-url-base) to {scheme}://{target}"
                ),
                None => format!("the server speaks {speaks}: use a {scheme}:// URL"),
            })
        }
        Error::Transport { source, .. } if source.is_connect() => Some(match TARGET.get() {
            Some(target) => format!(
                "nothing accepted the connection at {target} (SAASUS_API_URL_BASE or \
                 --api-url-base): is the emulator or the server running there?"
            ),
            None => "nothing accepted the connection: is the server running?".into(),
        }),
        Error::Api { error, .. }
            if error.status.as_u16() == 401 && !error.error_type.starts_with("invalid_") =>
        {
            Some(
                "the request's signature was refused: SAASUS_SAAS_ID, SAASUS_API_KEY and \
                 SAASUS_SECRET_KEY must be those of the emulator or of the SaaSus console; \
                 if they are, check this machine's clock"
                    .into(),
            )
        }
        _ => None,
    }
}

/// The SaaSus error body of an API error as JSON (`type`, `message`,
/// `data`), with the HTTP `status` and the `operation`; `None` for other
/// errors. The SDK never puts secrets in these.
pub fn api_error_json(e: &saasus_auth::Error) -> Option<Value> {
    let api = e.api_error()?;
    let mut v = json!({
        "type": api.error_type,
        "message": api.message,
        "status": api.status.as_u16(),
        "operation": e.operation(),
    });
    if let Some(data) = &api.data {
        v["data"] = Value::from(data.clone());
    }
    Some(v)
}

impl Failure {
    /// Prints the failure on stderr and gives the exit code.
    pub fn report(self) -> ExitCode {
        let code = match &self {
            Failure::Usage(m) => {
                eprintln!("error: {m}");
                2
            }
            Failure::Sdk(e) => {
                // An API error stays one JSON object on stderr, its hint a
                // field of it; other errors get a `hint:` line.
                match (api_error_json(e), hint(e)) {
                    (Some(mut v), hint) => {
                        if let Some(hint) = hint {
                            v["hint"] = Value::String(hint);
                        }
                        eprintln!("{v}");
                    }
                    (None, Some(hint)) => eprintln!("error: {e}\nhint: {hint}"),
                    (None, None) => eprintln!("error: {e}"),
                }
                sdk_exit_code(e)
            }
            Failure::Rows(m) | Failure::Local(m) => {
                eprintln!("error: {m}");
                1
            }
        };
        ExitCode::from(code)
    }
}
