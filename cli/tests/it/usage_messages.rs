//! What a new user sees when something is off: the version, `--limit`
//! out of range, a misspelt body field, the wrong URL scheme. Each message
//! says what is wrong and what is expected.

use crate::common;

use common::*;
use saasus_auth_emulator::Emulator;
use serde_json::json;

/// The binary with the emulator's credentials, aimed at `url`.
fn aimed_at(emu: &Emulator, url: &str) -> std::process::Command {
    let mut cmd = cli(emu);
    cmd.env("SAASUS_API_URL_BASE", url);
    cmd
}

/// The SDK's version, as its `User-Agent` carries it.
fn sdk_version() -> &'static str {
    saasus_auth::config::USER_AGENT
        .strip_prefix("saasus-auth-rust/")
        .expect("saasus-auth-rust/<version>")
}

#[test]
fn version_and_user_agent_name_the_same_version() {
    let o = run(bare(), &["--version"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("saasus-auth {}\n", sdk_version()));

    let emu = Emulator::start().unwrap();
    let dry = ok_json(cli(&emu), &["--dry-run", "saas-user", "get-saas-users"]);
    assert_eq!(
        dry["headers"]["user-agent"],
        saasus_auth::config::USER_AGENT
    );
}

#[test]
fn limit_out_of_range_gives_the_range_in_words() {
    let emu = Emulator::start().unwrap();
    let wire = Tripwire::new();
    for limit in [
        "-1",
        "0",
        "101",
        "100000",
        "99999999999999999999999",
        "ten",
        "1.5",
    ] {
        let o = run(
            aimed_at(&emu, &wire.url()),
            &["saas-user", "search-saas-users", "--limit", limit],
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "--limit {limit}: {err}");
        assert!(
            err.contains("--limit") && err.contains("an integer from 1 to 100"),
            "--limit {limit}: {err}"
        );
        // A value typed for a parameter that is not secret is shown.
        assert!(err.contains(limit), "--limit {limit}: {err}");
    }
    assert!(!wire.touched(), "nothing is sent");
    // Within the range, the call goes through.
    let found = ok_json(
        cli(&emu),
        &["saas-user", "search-saas-users", "--limit", "100"],
    );
    assert!(found["users"].is_array(), "{found}");
}

#[test]
fn a_misspelt_body_field_is_refused_by_name() {
    let emu = Emulator::start().unwrap();
    let body =
        json!({"email": "a@example.com", "password": "Passw0rd!-x", "emali": "z"}).to_string();
    for dry_run in [false, true] {
        let mut args = vec!["saas-user", "create-saas-user", "--body", &body];
        if dry_run {
            args.insert(0, "--dry-run");
        }
        let o = run(cli(&emu), &args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("`emali`"), "{args:?}: {err}");
        assert!(!err.contains("Passw0rd"), "{args:?}: {err}");
    }
    assert_eq!(user_count(&emu), 0, "no user was created");
}

#[test]
fn https_against_the_plain_http_emulator_says_the_scheme_is_wrong() {
    let emu = Emulator::start().unwrap();
    let https = emu.base_url().replacen("http://", "https://", 1);
    let o = run(
        aimed_at(&emu, &https),
        &["saas-user", "get-saas-users-count"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(
        err.contains("plain HTTP") && err.contains(&emu.base_url()),
        "{err}"
    );
    assert!(
        !err.contains("is the emulator or the server running"),
        "{err}"
    );
}

/// `saasus-auth mcp` (feature "mcp"), spoken to over stdio.
#[cfg(feature = "mcp")]
mod mcp {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;

    use serde_json::{json, Value};

    use super::sdk_version;
    use crate::common::bare;

    /// One JSON-RPC message from the server's stdout.
    fn next_message(out: &mut impl BufRead) -> Value {
        let mut line = String::new();
        out.read_line(&mut line).expect("read stdout");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"))
    }

    #[test]
    fn mcp_names_the_sdk_version_and_refuses_a_misspelt_body_field() {
        let mut child = bare()
            .args(["mcp", "--emulator", "--allow-writes"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start saasus-auth mcp");
        let mut input = child.stdin.take().unwrap();
        let mut output = BufReader::new(child.stdout.take().unwrap());
        let mut send = |v: Value| writeln!(input, "{v}").expect("write stdin");
        send(
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "test", "version": "0"}}}),
        );
        let init = next_message(&mut output);
        assert_eq!(
            init["result"]["serverInfo"]["version"],
            sdk_version(),
            "{init}"
        );
        send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        send(
            json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "create_saas_user",
            "arguments": {"body": {"email": "a@example.com", "password": "Passw0rd!-x", "emali": "z"}}}}),
        );
        let call = next_message(&mut output);
        assert_eq!(call["result"]["isError"], true, "{call}");
        assert!(call.to_string().contains("`emali`"), "{call}");
        drop(input);
        let _ = child.wait();
    }
}
