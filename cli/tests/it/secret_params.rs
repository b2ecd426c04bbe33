//! Sensitive path, query and header parameters (`Input::sensitive` in the
//! operation table) also read `@FILE` and `-` (stdin), as `--body` does, so
//! that they stay out of `ps` and shell history.

use crate::common;

use std::io::Write;
use std::process::Stdio;

use common::*;
use saasus_auth_emulator::Emulator;
use serde_json::json;

const EMAIL: &str = "secret-params@example.com";
const PASSWORD: &str = "Secret-Params-Passw0rd!";

/// A temporary code of a new user, from the emulator's login page.
fn sign_in(emu: &Emulator) -> String {
    let body = json!({"email": EMAIL, "password": PASSWORD}).to_string();
    ok_json(
        cli(emu),
        &["saas-user", "create-saas-user", "--body", &body],
    );
    emu.login(EMAIL, PASSWORD).expect("a code")
}

/// `user-info get-user-info --token @PATH`.
fn token_from_file(emu: &Emulator, path: &std::path::Path) -> std::process::Output {
    let arg = format!("@{}", path.display());
    run(cli(emu), &["user-info", "get-user-info", "--token", &arg])
}

/// Runs with `input` on stdin.
fn run_with_stdin(emu: &Emulator, args: &[&str], input: &str) -> std::process::Output {
    let mut cmd = cli(emu);
    let mut child = cmd
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run saasus-auth");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn code_and_token_from_a_file_and_from_stdin() {
    let emu = Emulator::start().unwrap();
    let dir = scratch("secret-params");

    // The temporary code from a file (trailing newline trimmed).
    let code_file = dir.join("code");
    std::fs::write(&code_file, format!("{}\n", sign_in(&emu))).unwrap();
    let credentials = ok_json(
        cli(&emu),
        &[
            "credential",
            "get-auth-credentials",
            "--code",
            &format!("@{}", code_file.display()),
            "--auth-flow",
            "tempCodeAuth",
        ],
    );
    let id_token = credentials["id_token"].as_str().expect("an ID token");

    // The ID token from a file (CRLF trimmed too).
    let token_file = dir.join("token");
    std::fs::write(&token_file, format!("{id_token}\r\n")).unwrap();
    let user = ok_json(
        cli(&emu),
        &[
            "user-info",
            "get-user-info",
            "--token",
            &format!("@{}", token_file.display()),
        ],
    );
    assert_eq!(user["email"], EMAIL);

    // From stdin.
    let o = run_with_stdin(
        &emu,
        &["user-info", "get-user-info", "--token", "-"],
        &format!("{id_token}\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let user: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(user["email"], EMAIL);

    // The value itself still works.
    let user = ok_json(
        cli(&emu),
        &["user-info", "get-user-info", "--token", id_token],
    );
    assert_eq!(user["email"], EMAIL);

    // The refresh token from stdin.
    let refresh = credentials["refresh_token"]
        .as_str()
        .expect("a refresh token");
    let o = run_with_stdin(
        &emu,
        &[
            "credential",
            "get-auth-credentials",
            "--auth-flow",
            "refreshTokenAuth",
            "--refresh-token",
            "-",
        ],
        refresh,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn unreadable_files_and_two_stdin_readers_are_clear_errors() {
    let emu = Emulator::start().unwrap();
    let dir = scratch("secret-params-errors");
    let missing = dir.join("no-such-token");
    let o = token_from_file(&emu, &missing);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("--token"), "{err}");
    assert!(err.contains("no-such-token"), "names the file: {err}");

    // A file that exists but is a directory: the error names no content.
    let o = token_from_file(&emu, &dir);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    let o = run_with_stdin(
        &emu,
        &[
            "credential",
            "get-auth-credentials",
            "--auth-flow",
            "refreshTokenAuth",
            "--refresh-token",
            "-",
        ],
        "\n",
    );
    assert_eq!(o.status.code(), Some(2), "an empty secret: {}", stderr(&o));
    assert!(stderr(&o).contains("empty"), "{}", stderr(&o));

    // stdin feeds one value only.
    let o = run_with_stdin(
        &emu,
        &[
            "credential",
            "get-auth-credentials",
            "--auth-flow",
            "tempCodeAuth",
            "--code",
            "-",
            "--refresh-token",
            "-",
        ],
        "x\n",
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot both read stdin"),
        "{}",
        stderr(&o)
    );

    // A secret read from a file never shows in what is printed on failure.
    let bad = dir.join("bad-token");
    std::fs::write(&bad, "marker-token-8472\n").unwrap();
    let o = token_from_file(&emu, &bad);
    assert_ne!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains("marker-token-8472"), "{}", stderr(&o));
    assert!(!stdout(&o).contains("marker-token-8472"), "{}", stdout(&o));
}

#[test]
fn help_of_every_sensitive_parameter_offers_file_and_stdin() {
    let ops = ok_json(bare(), &["operations", "--output", "json"]);
    let mut checked = 0;
    for op in ops.as_array().expect("operations") {
        for input in op["inputs"].as_array().expect("inputs") {
            if input["sensitive"] != true || input["location"] == "body" {
                continue;
            }
            let command = op["command"].as_str().expect("a command");
            let mut args: Vec<&str> = command.split(' ').collect();
            args.push("--help");
            let help = stdout(&run(bare(), &args));
            let flag = input["flag"].as_str().expect("a flag");
            let line = help
                .lines()
                .find(|l| l.trim_start().starts_with(flag))
                .unwrap_or_else(|| panic!("{command} has no {flag}: {help}"));
            assert!(line.contains("@FILE|-"), "{command}: {line}");
            checked += 1;
        }
    }
    assert!(checked >= 3, "token, code and refresh-token at least");
}
