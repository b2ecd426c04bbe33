//! `saasus-auth-emulator`: serves the emulated SaaSus Auth API and its
//! hosted sign-in page on `127.0.0.1` (see `--help`). Its first line on
//! stdout is `listening on http://127.0.0.1:PORT`, then a line starting
//! `sign-in page: ` with the page's URL; it stops cleanly on SIGINT
//! (Ctrl-C) or SIGTERM, writing the `--export-on-exit` snapshot first.
//!
//! Requests must be signed with `SAASUS_SAAS_ID`, `SAASUS_API_KEY` and
//! `SAASUS_SECRET_KEY` from the environment (defaults, which are public:
//! `emulator-saas-id`, `emulator-api-key`, `emulator-secret-key`). It
//! prints no key or secret taken from the environment, and serves local
//! clients only (see `saasus_auth_emulator::guard`).

use std::io::Write;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::ExitCode;

use saasus_auth_emulator::{
    page, router, App, Credentials, Lifetimes, DEFAULT_API_KEY, DEFAULT_SAAS_ID,
    DEFAULT_SECRET_KEY, SNAPSHOT_VERSION,
};

fn usage() -> String {
    format!(
        "\
usage: saasus-auth-emulator [--port N] [--callback-url URL] [--import PATH] [--export-on-exit PATH]

A local, in-memory SaaSus Platform Auth API, for tests and offline development.

Options:
  -p, --port N              listen on 127.0.0.1:N (default 0: any free port)
      --callback-url URL    where the sign-in page sends users back with ?code=
                            (as UpdateAuthInfo sets it; e.g. http://127.0.0.1:3000/callback)
      --import PATH         start from the snapshot file PATH (JSON, version {SNAPSHOT_VERSION});
                            a bad file stops the start with the field at fault
      --export-on-exit PATH write a snapshot to PATH on SIGINT (Ctrl-C) or SIGTERM
  -h, --help                print this help

Served (local clients only):
  /v1/auth/...              the Auth API, signed with SAASUS_SAAS_ID, SAASUS_API_KEY and
                            SAASUS_SECRET_KEY (defaults: {DEFAULT_SAAS_ID}, {DEFAULT_API_KEY},
                            {DEFAULT_SECRET_KEY})
  GET  {page:<21}the hosted sign-in page (SAASUS_LOGIN_URL), with
                            ?code_challenge=..&code_challenge_method=S256

Admin endpoints (unsigned):
  POST /__emulator/reset    back to the empty state
  POST /__emulator/login    {{\"email\", \"password\"[, \"code_challenge\", \"code_challenge_method\"]}}:
                            a temporary code, as the sign-in page gives
  GET  /__emulator/emails   the emails the emulator would have sent, newest first
  GET  /__emulator/export   the state as a snapshot (passwords hashed)
  POST /__emulator/import   replace the state with a snapshot (the body)
",
        page = page::PATH
    )
}

/// What the command line asks for.
#[derive(Debug, Default)]
struct Args {
    port: u16,
    callback_url: Option<String>,
    import: Option<PathBuf>,
    export_on_exit: Option<PathBuf>,
    help: bool,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        match name {
            "--port" | "-p" => {
                let v = value()?;
                parsed.port = v.parse().map_err(|_| format!("not a port: {v:?}"))?;
            }
            "--callback-url" => {
                let v = value()?;
                if !(v.starts_with("http://") || v.starts_with("https://")) {
                    return Err(format!("--callback-url must be an http(s) URL, not {v:?}"));
                }
                parsed.callback_url = Some(v);
            }
            "--import" => parsed.import = Some(PathBuf::from(value()?)),
            "--export-on-exit" => parsed.export_on_exit = Some(PathBuf::from(value()?)),
            "--help" | "-h" => parsed.help = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(parsed)
}

/// Whether any of the credentials comes from the environment.
fn credentials_from_env() -> bool {
    ["SAASUS_SAAS_ID", "SAASUS_API_KEY", "SAASUS_SECRET_KEY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
}

/// Resolves on SIGINT or SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&args) {
        Ok(args) if args.help => {
            print!("{}", usage());
            return ExitCode::SUCCESS;
        }
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let credentials = Credentials::from_env();
    let app = App::new(credentials, Lifetimes::default());
    if let Some(path) = &args.import
        && let Err(e) = app.import_file(path)
    {
        eprintln!("error: cannot import the snapshot {e}");
        return ExitCode::FAILURE;
    }
    if let Some(url) = &args.callback_url {
        app.set_callback_url(url);
    }
    let listener = match tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, args.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
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
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{addr}");
        let _ = writeln!(out, "sign-in page: http://{addr}{}", page::PATH);
        let _ = out.flush();
    }
    // Nothing taken from the environment that is a key or a secret is
    // printed: the defaults are public, and printed.
    if credentials_from_env() {
        eprintln!(
            "requests must be signed with SAASUS_SAAS_ID, SAASUS_API_KEY and SAASUS_SECRET_KEY \
             as set in the environment"
        );
    } else {
        eprintln!(
            "requests must be signed with the default (public) credentials; for the CLI and \
             the SDK:\n  export SAASUS_SAAS_ID={DEFAULT_SAAS_ID}\n  export \
             SAASUS_API_KEY={DEFAULT_API_KEY}\n  export SAASUS_SECRET_KEY={DEFAULT_SECRET_KEY}"
        );
    }
    eprintln!(
        "  export SAASUS_API_URL_BASE=http://{addr}\n\
         the Auth API is at http://{addr}/v1/auth; local clients only; Ctrl-C stops"
    );
    let app = app.with_port(addr.port());
    let server = axum::serve(listener, router(app.clone())).with_graceful_shutdown(async {
        stop_signal().await;
        eprintln!("stopping");
    });
    let served = server.await;
    let mut code = ExitCode::SUCCESS;
    if let Err(e) = served {
        eprintln!("error: {e}");
        code = ExitCode::FAILURE;
    }
    if let Some(path) = &args.export_on_exit {
        match app.export_file(path) {
            Ok(()) => eprintln!("state written to {}", path.display()),
            Err(e) => {
                eprintln!(
                    "error: cannot write the snapshot to {}: {e}",
                    path.display()
                );
                code = ExitCode::FAILURE;
            }
        }
    }
    code
}
