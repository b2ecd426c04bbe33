//! What can end a command, and its exit code.

use std::process::ExitCode;

use serde_json::{json, Value};

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or input, a configuration problem, or a guard refusing the
    /// call: nothing was sent. Exit code 2.
    Usage(String),
    /// The SDK's error: exit code 2 for invalid requests and configuration
    /// (found before sending), 3 for API 4xx, 4 for API 5xx, transport
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

/// The exit code of an SDK error.
pub fn sdk_exit_code(e: &saasus_auth::Error) -> u8 {
    use saasus_auth::Error;
    match e {
        Error::InvalidRequest { .. } | Error::InvalidConfiguration { .. } => 2,
        _ => match e.status() {
            Some(s) if s.is_client_error() => 3,
            _ => 4,
        },
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
                match api_error_json(e) {
                    Some(v) => eprintln!("{v}"),
                    None => {
                        eprintln!("error: {e}");
                        if matches!(e, saasus_auth::Error::InvalidConfiguration { .. }) {
                            eprintln!("hint: set the variables, or try the tool with --emulator");
                        }
                    }
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
