//! `saasus-auth-emulator --port N`: serves the emulated SaaSus Auth API on
//! `127.0.0.1:N` (0 or no `--port`: a free port), announces
//! `listening on http://127.0.0.1:PORT` as its first line on stdout, and
//! stops cleanly on Ctrl-C.
//!
//! Requests must be signed with `SAASUS_SAAS_ID`, `SAASUS_API_KEY` and
//! `SAASUS_SECRET_KEY` from the environment (defaults: `emulator-saas-id`,
//! `emulator-api-key`, `emulator-secret-key`); point a client at it with
//! `SAASUS_API_URL_BASE=http://127.0.0.1:PORT`. It prints no key or secret
//! taken from the environment, and serves local clients only (see
//! `saasus_auth_emulator::guard`).

use std::io::Write;
use std::net::Ipv4Addr;
use std::process::ExitCode;

use saasus_auth_emulator::{router, App, Credentials, Lifetimes};

const USAGE: &str = "usage: saasus-auth-emulator [--port N]   (N = 0: any free port)";

fn parse_port(args: &[String]) -> Result<u16, String> {
    let mut port = 0;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" | "-p" => {
                let v = it.next().ok_or("--port needs a value")?;
                port = v.parse().map_err(|_| format!("not a port: {v:?}"))?;
            }
            a if a.starts_with("--port=") => {
                let v = &a["--port=".len()..];
                port = v.parse().map_err(|_| format!("not a port: {v:?}"))?;
            }
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(port)
}

/// Whether any of the credentials comes from the environment.
fn credentials_from_env() -> bool {
    ["SAASUS_SAAS_ID", "SAASUS_API_KEY", "SAASUS_SECRET_KEY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port = match parse_port(&args) {
        Ok(port) => port,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let credentials = Credentials::from_env();
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{addr}");
        let _ = out.flush();
    }
    // Nothing taken from the environment that is a key or a secret is
    // printed: only where the credentials come from.
    let source = if credentials_from_env() {
        "SAASUS_SAAS_ID, SAASUS_API_KEY and SAASUS_SECRET_KEY as set in the environment"
    } else {
        "the default credentials"
    };
    eprintln!(
        "requests must be signed with {source}; the Auth API is at http://{addr}/v1/auth; \
         local clients only; Ctrl-C stops"
    );
    let app = App::new(credentials, Lifetimes::default()).with_port(addr.port());
    let server = axum::serve(listener, router(app)).with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("stopping");
    });
    match server.await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
