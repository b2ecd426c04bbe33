//! Helpers: run the `saasus-auth` binary against an emulator started in
//! this process, with nothing else from the environment.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use saasus_auth_emulator::Emulator;
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_saasus-auth");

/// The binary with an empty environment.
pub fn bare() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear().stdin(Stdio::null());
    cmd
}

/// The binary configured for `emu` through `SAASUS_*` (nothing else).
pub fn cli(emu: &Emulator) -> Command {
    let c = emu.credentials();
    let mut cmd = bare();
    cmd.env("SAASUS_SAAS_ID", &c.saas_id)
        .env("SAASUS_API_KEY", &c.api_key)
        .env("SAASUS_SECRET_KEY", &c.secret_key)
        .env("SAASUS_API_URL_BASE", emu.base_url());
    cmd
}

pub fn run(mut cmd: Command, args: &[&str]) -> Output {
    cmd.args(args).output().expect("run saasus-auth")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Runs, expects exit code 0, answers stdout as JSON.
pub fn ok_json(cmd: Command, args: &[&str]) -> Value {
    let o = run(cmd, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: stdout {} stderr {}",
        stdout(&o),
        stderr(&o)
    );
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", stdout(&o)))
}

/// How many SaaS users the emulator has (through the CLI).
pub fn user_count(emu: &Emulator) -> usize {
    ok_json(cli(emu), &["saas-user", "get-saas-users"])["users"]
        .as_array()
        .expect("users")
        .len()
}

/// A local port that records whether anyone connected to it: an API root
/// that proves nothing was sent.
pub struct Tripwire {
    listener: TcpListener,
}

impl Tripwire {
    pub fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        Self { listener }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.listener.local_addr().unwrap())
    }

    /// Whether a connection was made (and queued) since it was opened.
    pub fn touched(&self) -> bool {
        match self.listener.accept() {
            Ok(_) => true,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => false,
            Err(e) => panic!("{e}"),
        }
    }
}

/// A fresh scratch directory under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
