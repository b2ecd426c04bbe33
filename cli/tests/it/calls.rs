//! Calls through the CLI against the emulator: CRUD, guards, errors and
//! their exit codes, --dry-run, --emulator.

use crate::common;

use common::*;
use saasus_auth_emulator::Emulator;
use serde_json::{json, Value};

#[test]
fn create_read_list_update_delete_a_user() {
    let emu = Emulator::start().unwrap();
    let body = json!({"email": "alice@example.com", "password": "Alice-Passw0rd!"}).to_string();
    let created = ok_json(
        cli(&emu),
        &["saas-user", "create-saas-user", "--body", &body],
    );
    let id = created["id"].as_str().expect("an id").to_string();
    assert_eq!(created["email"], "alice@example.com");

    let got = ok_json(cli(&emu), &["saas-user", "get-saas-user", "--user-id", &id]);
    assert_eq!(got["email"], "alice@example.com");

    let list = ok_json(cli(&emu), &["saas-user", "get-saas-users"]);
    assert_eq!(list["users"].as_array().unwrap().len(), 1);
    assert_eq!(list["users"][0]["id"], id.as_str());
    // Query parameters: an integer flag is sent as a number.
    let found = ok_json(
        cli(&emu),
        &[
            "saas-user",
            "search-saas-users",
            "--email",
            "alice@example.com",
            "--limit",
            "5",
        ],
    );
    assert_eq!(found["users"][0]["id"], id.as_str());

    // Update, from a file this time.
    let dir = scratch("crud");
    let file = dir.join("email.json");
    std::fs::write(&file, json!({"email": "alice2@example.com"}).to_string()).unwrap();
    let o = run(
        cli(&emu),
        &[
            "saas-user",
            "update-saas-user-email",
            "--user-id",
            &id,
            "--body",
            &format!("@{}", file.display()),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = ok_json(cli(&emu), &["saas-user", "get-saas-user", "--user-id", &id]);
    assert_eq!(got["email"], "alice2@example.com");

    // Tables and YAML for lists.
    let table = stdout(&run(
        cli(&emu),
        &["--output", "table", "saas-user", "get-saas-users"],
    ));
    assert!(table.lines().next().unwrap().contains("email"), "{table}");
    assert!(table.contains("alice2@example.com"), "{table}");
    let yaml = stdout(&run(
        cli(&emu),
        &["saas-user", "get-saas-users", "--output", "yaml"],
    ));
    assert!(yaml.starts_with("users:"), "{yaml}");

    let o = run(
        cli(&emu),
        &["saas-user", "delete-saas-user", "--user-id", &id],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Gone: the API's 404 is exit code 3 with the SaaSus error JSON on stderr.
    let o = run(cli(&emu), &["saas-user", "get-saas-user", "--user-id", &id]);
    assert_eq!(o.status.code(), Some(3));
    assert!(o.stdout.is_empty());
    let err: Value = serde_json::from_str(stderr(&o).trim()).expect("the error as JSON");
    assert_eq!(err["status"], 404);
    assert_eq!(err["operation"], "GetSaasUser");
    assert!(err["type"].as_str().is_some_and(|t| !t.is_empty()), "{err}");
    assert!(err["message"].is_string());
    assert_eq!(user_count(&emu), 0);
}

#[test]
fn read_only_refuses_a_create_before_sending() {
    let emu = Emulator::start().unwrap();
    let body = json!({"email": "bob@example.com", "password": "Bob-Passw0rd!"}).to_string();
    // Against the emulator: refused, and the user list is unchanged.
    let o = run(
        cli(&emu),
        &[
            "--read-only",
            "saas-user",
            "create-saas-user",
            "--body",
            &body,
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--read-only"), "{}", stderr(&o));
    assert!(stderr(&o).contains("CreateSaasUser"));
    assert_eq!(user_count(&emu), 0);
    // Against a port that records connections: not even one was made.
    let wire = Tripwire::new();
    let mut cmd = cli(&emu);
    cmd.env("SAASUS_API_URL_BASE", wire.url());
    let o = run(
        cmd,
        &[
            "saas-user",
            "create-saas-user",
            "--body",
            &body,
            "--read-only",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!wire.touched(), "--read-only must not send anything");
    // Reads are allowed.
    let v = ok_json(cli(&emu), &["--read-only", "saas-user", "get-saas-users"]);
    assert_eq!(v["users"], json!([]));
}

#[test]
fn allow_list() {
    let emu = Emulator::start().unwrap();
    let body = json!({"email": "carol@example.com", "password": "Carol-Passw0rd!"}).to_string();
    let o = run(
        cli(&emu),
        &[
            "--allow",
            "GetSaasUsers,get-saas-user",
            "saas-user",
            "create-saas-user",
            "--body",
            &body,
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--allow"), "{}", stderr(&o));
    assert_eq!(user_count(&emu), 0);
    ok_json(
        cli(&emu),
        &[
            "--allow",
            "GetSaasUsers,create-saas-user",
            "saas-user",
            "create-saas-user",
            "--body",
            &body,
        ],
    );
    assert_eq!(user_count(&emu), 1);
    let o = run(
        cli(&emu),
        &["--allow", "NoSuchOp", "saas-user", "get-saas-users"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("NoSuchOp"));
}

#[test]
fn a_body_of_the_wrong_type_exits_2_naming_the_field() {
    let emu = Emulator::start().unwrap();
    let wire = Tripwire::new();
    let mut cmd = cli(&emu);
    cmd.env("SAASUS_API_URL_BASE", wire.url());
    let o = run(
        cmd,
        &[
            "saas-user",
            "create-saas-user",
            "--body",
            r#"{"email": 42, "password": "Secret-Passw0rd!"}"#,
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("`email`"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Secret-Passw0rd!"));
    assert!(!wire.touched(), "an invalid body must not be sent");
    // Nested: the field's path.
    let o = run(
        cli(&emu),
        &[
            "saas-user",
            "update-saas-user-attributes",
            "--user-id",
            "00000000-0000-0000-0000-000000000000",
            "--body",
            r#"{"attributes": 5}"#,
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("attributes"), "{}", stderr(&o));
    // Not JSON at all; a flag of the wrong type.
    let o = run(
        cli(&emu),
        &["saas-user", "create-saas-user", "--body", "{email"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--body"));
    let o = run(
        cli(&emu),
        &["saas-user", "search-saas-users", "--limit", "many"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--limit"));
    assert_eq!(user_count(&emu), 0);
}

#[test]
fn missing_configuration_names_every_variable() {
    let o = run(bare(), &["saas-user", "get-saas-users"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for var in ["SAASUS_SAAS_ID", "SAASUS_API_KEY", "SAASUS_SECRET_KEY"] {
        assert!(err.contains(var), "{var} not named: {err}");
    }
    let mut cmd = bare();
    cmd.env("SAASUS_SAAS_ID", "x");
    let err = stderr(&run(cmd, &["saas-user", "get-saas-users"]));
    assert!(
        !err.contains("SAASUS_SAAS_ID")
            && err.contains("SAASUS_API_KEY")
            && err.contains("SAASUS_SECRET_KEY"),
        "{err}"
    );
}

#[test]
fn emulator_flag_needs_no_environment() {
    let v = ok_json(bare(), &["--emulator", "saas-user", "get-saas-users"]);
    assert_eq!(v, json!({"users": []}));
    let body = json!({"email": "dave@example.com", "password": "Dave-Passw0rd!"}).to_string();
    let v = ok_json(
        bare(),
        &[
            "saas-user",
            "create-saas-user",
            "--emulator",
            "--body",
            &body,
        ],
    );
    assert_eq!(v["email"], "dave@example.com");
    let v = ok_json(bare(), &["--emulator", "role", "get-roles"]);
    assert!(v["roles"].is_array());
}

#[test]
fn transport_errors_and_timeouts_exit_4() {
    let emu = Emulator::start().unwrap();
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let o = run(
        cli(&emu),
        &[
            "--api-url-base",
            &format!("http://127.0.0.1:{port}"),
            "--timeout",
            "2s",
            "saas-user",
            "get-saas-users",
        ],
    );
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    // The hint names where nothing answered: host and port.
    assert!(
        stderr(&o).contains(&format!(
            "hint: nothing accepted the connection at 127.0.0.1:{port}"
        )),
        "{}",
        stderr(&o)
    );
    // A server that never answers: the timeout.
    let wire = Tripwire::new();
    let o = run(
        cli(&emu),
        &[
            "--api-url-base",
            &wire.url(),
            "--timeout",
            "300ms",
            "saas-user",
            "delete-saas-user",
            "--user-id",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("timed out"), "{}", stderr(&o));
    // Bad flag values are usage errors.
    assert_eq!(
        run(
            cli(&emu),
            &["--timeout", "soon", "saas-user", "get-saas-users"]
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        run(
            cli(&emu),
            &["--api-url-base", "ftp://x", "saas-user", "get-saas-users"]
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn dry_run_prints_the_signed_request_without_secrets_and_sends_nothing() {
    let emu = Emulator::start().unwrap();
    let wire = Tripwire::new();
    let mut cmd = cli(&emu);
    cmd.env("SAASUS_API_URL_BASE", wire.url());
    let body = json!({"email": "eve@example.com", "password": "Eve-Secret-Passw0rd!"}).to_string();
    let o = run(
        cmd,
        &[
            "--dry-run",
            "--trace-id",
            "trace-42",
            "saas-user",
            "create-saas-user",
            "--body",
            &body,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!wire.touched(), "--dry-run must not send anything");
    let out = stdout(&o);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["method"], "POST");
    assert_eq!(v["url"], format!("{}/v1/auth/users", wire.url()));
    assert_eq!(v["body"]["email"], "eve@example.com");
    assert_eq!(v["body"]["password"], "<redacted>");
    assert_eq!(v["headers"]["x-saasus-trace-id"], "trace-42");
    let auth = v["headers"]["authorization"].as_str().unwrap();
    assert!(auth.starts_with("SAASUSSIGV1 Sig=<redacted>"), "{auth}");
    let secret = &emu.credentials().secret_key;
    for leaked in [
        "Eve-Secret-Passw0rd!",
        secret.as_str(),
        &emu.credentials().api_key,
    ] {
        assert!(
            !out.contains(leaked) && !stderr(&o).contains(leaked),
            "{leaked} printed: {out}"
        );
    }
    // A sensitive query parameter.
    let o = run(
        cli(&emu),
        &[
            "--dry-run",
            "user-info",
            "get-user-info",
            "--token",
            "id-token-value",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains("id-token-value"), "{}", stdout(&o));
    assert!(stdout(&o).contains("token=<redacted>"));
    // An invalid body is still refused under --dry-run.
    let o = run(
        cli(&emu),
        &[
            "--dry-run",
            "saas-user",
            "create-saas-user",
            "--body",
            r#"{"email": []}"#,
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(user_count(&emu), 0);
}

#[test]
fn a_5xx_answer_exits_4_with_the_saasus_error_on_stderr() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { return };
            let mut buf = [0u8; 8192];
            let _ = s.read(&mut buf);
            let body = r#"{"type":"internal_server_error","message":"boom"}"#;
            let _ = write!(
                s,
                "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let emu = Emulator::start().unwrap();
    let o = run(
        cli(&emu),
        &["--api-url-base", &url, "saas-user", "get-saas-users"],
    );
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let err: Value = serde_json::from_str(stderr(&o).trim()).expect("JSON on stderr");
    assert_eq!(
        (err["status"].as_u64(), err["type"].as_str()),
        (Some(500), Some("internal_server_error"))
    );
    assert_eq!(err["message"], "boom");
}

#[test]
fn body_from_stdin() {
    use std::io::Write;
    use std::process::Stdio;
    let emu = Emulator::start().unwrap();
    let mut cmd = cli(&emu);
    cmd.args(["saas-user", "create-saas-user", "--body", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            json!({"email": "frank@example.com", "password": "Frank-Passw0rd!"})
                .to_string()
                .as_bytes(),
        )
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["email"], "frank@example.com");
    assert_eq!(user_count(&emu), 1);
}

#[test]
fn an_error_type_that_blames_the_request_exits_3_even_on_a_500() {
    let emu = Emulator::start().unwrap();
    let user = ok_json(
        cli(&emu),
        &[
            "saas-user",
            "create-saas-user",
            "--body",
            r#"{"email":"erin@example.com","password":"Erin-Passw0rd!"}"#,
        ],
    );
    let tenant = ok_json(
        cli(&emu),
        &[
            "tenant",
            "create-tenant",
            "--body",
            r#"{"name":"Acme","attributes":{},"back_office_staff_email":"ops@example.com"}"#,
        ],
    );
    let tenant_id = tenant["id"].as_str().unwrap();
    ok_json(
        cli(&emu),
        &[
            "role",
            "create-role",
            "--body",
            r#"{"role_name":"admin","display_name":"Administrator"}"#,
        ],
    );
    ok_json(
        cli(&emu),
        &[
            "tenant-user",
            "create-tenant-user",
            "--tenant-id",
            tenant_id,
            "--body",
            r#"{"email":"erin@example.com","attributes":{}}"#,
        ],
    );
    // No env 7 exists: SaaSus answers 500 env_not_found (the only status
    // the spec documents there). The request is at fault: 3, not 4.
    let o = run(
        cli(&emu),
        &[
            "tenant-user",
            "create-tenant-user-roles",
            "--tenant-id",
            tenant_id,
            "--user-id",
            user["id"].as_str().unwrap(),
            "--env-id",
            "7",
            "--body",
            r#"{"role_names":["admin"]}"#,
        ],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err: Value = serde_json::from_str(stderr(&o).trim()).expect("JSON on stderr");
    assert_eq!(
        (err["status"].as_u64(), err["type"].as_str()),
        (Some(500), Some("env_not_found"))
    );
}

#[test]
fn a_wrong_secret_key_is_explained_by_the_keys_first() {
    let emu = Emulator::start().unwrap();
    let mut cmd = cli(&emu);
    cmd.env("SAASUS_SECRET_KEY", "not-the-emulator-secret");
    let o = run(cmd, &["saas-user", "get-saas-users"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err: Value = serde_json::from_str(stderr(&o).trim()).expect("one JSON object on stderr");
    assert_eq!(err["status"], 401);
    let hint = err["hint"].as_str().expect("a hint");
    let (key, clock) = (hint.find("SAASUS_SECRET_KEY"), hint.find("clock"));
    assert!(key.is_some() && clock.is_some() && key < clock, "{hint}");
    assert!(!stderr(&o).contains("not-the-emulator-secret"));
}

#[test]
fn an_invalid_api_url_base_variable_is_named_with_a_fitting_hint() {
    let emu = Emulator::start().unwrap();
    let mut cmd = cli(&emu);
    cmd.env("SAASUS_API_URL_BASE", "not a url");
    let o = run(cmd, &["saas-user", "get-saas-users"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("SAASUS_API_URL_BASE"), "{err}");
    assert!(
        err.contains("hint: SAASUS_API_URL_BASE is the API root"),
        "{err}"
    );
    assert!(!err.contains("set the variables"), "{err}");
    // --api-url-base replaces the variable: it is not read.
    let mut cmd = cli(&emu);
    cmd.env("SAASUS_API_URL_BASE", "not a url");
    let o = run(
        cmd,
        &[
            "--api-url-base",
            &emu.base_url(),
            "saas-user",
            "get-saas-users",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Missing credentials still get the hint to set them.
    let err = stderr(&run(bare(), &["saas-user", "get-saas-users"]));
    assert!(err.contains("hint: set the variables"), "{err}");
    // Under --emulator the variable is not used, and the tool says so.
    let mut cmd = bare();
    cmd.env("SAASUS_API_URL_BASE", "not a url");
    let o = run(cmd, &["--emulator", "saas-user", "get-saas-users"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--emulator: SAASUS_API_URL_BASE is ignored"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_body_that_is_not_an_object_says_an_object_is_expected() {
    let o = run(
        bare(),
        &[
            "--emulator",
            "saas-user",
            "create-saas-user",
            "--body",
            "[1]",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("must be a JSON object"),
        "{}",
        stderr(&o)
    );
}

/// Secrets the names do not tell (open maps of answers, sessions, a body
/// reached through a `$ref`): `--dry-run` reads them from the operation
/// table, which takes them from the spec's declarations.
#[test]
fn dry_run_hides_declared_secrets_of_sign_in_and_credentials() {
    let emu = Emulator::start().unwrap();
    let wire = Tripwire::new();
    let calls = [
        (
            ["saas-user", "sign-in"],
            json!({"sign_in_flow": "USER_SRP_AUTH", "sign_in_parameters": {"USERNAME": "eve", "PASSWORD": "Mk-pass-1", "SRP_A": "Mk-srp-2"}}),
        ),
        (
            ["saas-user", "respond-to-sign-in-challenge"],
            json!({"challenge_name": "SOFTWARE_TOKEN_MFA", "challenge_responses": {"SOFTWARE_TOKEN_MFA_CODE": "Mk-otp-3", "NEW_PASSWORD": "Mk-pass-4"}, "session": "Mk-session-5"}),
        ),
        (
            ["credential", "create-auth-credentials"],
            json!({"id_token": "Mk-id-6", "access_token": "Mk-access-7", "refresh_token": "Mk-refresh-8"}),
        ),
    ];
    for (command, body) in calls {
        let mut cmd = cli(&emu);
        cmd.env("SAASUS_API_URL_BASE", wire.url());
        let body = body.to_string();
        let o = run(cmd, &["--dry-run", command[0], command[1], "--body", &body]);
        assert_eq!(o.status.code(), Some(0), "{command:?}: {}", stderr(&o));
        let printed = format!("{}{}", stdout(&o), stderr(&o));
        assert!(!printed.contains("Mk-"), "{command:?}: {printed}");
        assert!(printed.contains("<redacted>"), "{command:?}: {printed}");
    }
    assert!(!wire.touched(), "--dry-run must not send anything");
}
