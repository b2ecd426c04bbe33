//! The emulator as a server: signature checks, malformed and oversized
//! requests, 1,000 concurrent requests, routing errors, and the binary.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{send, signed, status, unix_now};
use reqwest::Method;
use saasus_auth::{types, Configuration};
use saasus_auth_emulator::signature::{sign, timestamp, WINDOW_MINUTES};
use saasus_auth_emulator::{Credentials, Emulator};

/// A request whose signature covers `signed_body` while `sent_body` is sent.
async fn tampered(emu: &Emulator, path: &str, signed_body: &[u8], sent_body: &[u8]) -> u16 {
    let c = emu.credentials().clone();
    let stamp = timestamp(unix_now());
    let target = format!("{}{path}", emu.addr());
    let sig = sign(
        &c.secret_key,
        &[
            stamp.as_bytes(),
            c.api_key.as_bytes(),
            b"POST",
            target.as_bytes(),
            signed_body,
        ],
    );
    let auth = format!(
        "SAASUSSIGV1 Sig={sig}, SaaSID={}, APIKey={}",
        c.saas_id, c.api_key
    );
    send(emu, Method::POST, path, sent_body.to_vec(), Some(auth))
        .await
        .0
}

#[tokio::test]
async fn signatures_are_checked() {
    let emu = Emulator::start().unwrap();
    let good = emu.credentials().clone();
    let now = unix_now();
    // The hand-made signature is right: the checks below are meaningful.
    let (code, body) = signed(&emu, Method::GET, "/v1/auth/roles", b"", &good, now).await;
    assert_eq!(code, 200, "{body}");

    let wrong_secret = Credentials {
        secret_key: "not-the-secret".into(),
        ..good.clone()
    };
    let (code, body) = signed(&emu, Method::GET, "/v1/auth/roles", b"", &wrong_secret, now).await;
    assert_eq!(
        (code, body["type"].as_str()),
        (401, Some("unauthorized")),
        "{body}"
    );
    // The likeliest cause, the secret key, comes before the clock.
    let message = body["message"].as_str().unwrap_or_default();
    let (key, clock) = (message.find("secret key"), message.find("clock"));
    assert!(key.is_some() && clock.is_some() && key < clock, "{message}");
    assert!(!message.contains(good.secret_key.as_str()), "{message}");
    let wrong_key = Credentials {
        api_key: "other-key".into(),
        ..good.clone()
    };
    let (code, _) = signed(&emu, Method::GET, "/v1/auth/roles", b"", &wrong_key, now).await;
    assert_eq!(code, 401);

    // The window is ±WINDOW_MINUTES minutes.
    let inside = (WINDOW_MINUTES - 1) * 60;
    let outside = (WINDOW_MINUTES + 2) * 60;
    for (at, expected) in [
        (now - inside, 200),
        (now + inside, 200),
        (now - outside, 401),
        (now + outside, 401),
        (now - 24 * 3600, 401),
    ] {
        let (code, _) = signed(&emu, Method::GET, "/v1/auth/roles", b"", &good, at).await;
        assert_eq!(code, expected, "signed {} s from now", at - now);
    }

    // The body is covered byte for byte.
    let body = br#"{"role_name":"admin","display_name":"Admin"}"#;
    let other = br#"{"role_name":"admim","display_name":"Admin"}"#;
    assert_eq!(tampered(&emu, "/v1/auth/roles", body, other).await, 401);
    assert_eq!(tampered(&emu, "/v1/auth/roles", body, body).await, 201);
    // So is the query.
    let (code, _) = signed(
        &emu,
        Method::GET,
        "/v1/auth/userinfo?token=a",
        b"",
        &good,
        now,
    )
    .await;
    assert_eq!(code, 401, "an unknown token, but a valid signature");

    // No header, or not SAASUSSIGV1.
    let (code, body) = send(&emu, Method::GET, "/v1/auth/roles", vec![], None).await;
    assert_eq!((code, body["type"].as_str()), (401, Some("unauthorized")));
    let (code, _) = send(
        &emu,
        Method::GET,
        "/v1/auth/roles",
        vec![],
        Some("Bearer x".into()),
    )
    .await;
    assert_eq!(code, 401);

    // A client with other credentials is refused as a whole.
    let config = Configuration::new("emulator-saas-id", "emulator-api-key", "wrong")
        .with_api_url_base(emu.base_url());
    let client = saasus_auth::raw::Client::from_configuration(&config, None, None).unwrap();
    assert_eq!(status(&client.get_roles().await.unwrap_err()), 401);
    // One role was created above, by the signed request only.
    let roles = common::client(&emu).get_roles().await.unwrap().into_inner();
    assert_eq!(roles.roles.len(), 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn malformed_and_oversized_requests_get_4xx_and_leave_the_state_intact() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let good = emu.credentials().clone();
    let now = unix_now();
    let create = |body: &'static [u8]| {
        let (emu, good) = (&emu, &good);
        async move { signed(emu, Method::POST, "/v1/auth/users", body, good, now).await }
    };
    let (code, body) = create(br#"{"email":"a@example.com","password":"Passw0rd!!"}"#).await;
    assert_eq!(code, 201, "{body}");

    for bad in [
        &b"{not json"[..],
        b"",
        b"[]",
        br#"{"email": 42}"#,
        b"\xff\xfe",
    ] {
        let (code, body) = signed(&emu, Method::POST, "/v1/auth/users", bad, &good, now).await;
        assert_eq!(code, 400, "{:?} -> {body}", String::from_utf8_lossy(bad));
        assert_eq!(body["type"], "invalid_request", "{body}");
        assert!(body["message"].is_string());
    }
    // A body that misses a required field.
    let (code, body) = signed(
        &emu,
        Method::POST,
        "/v1/auth/roles",
        br#"{"role_name":"x"}"#,
        &good,
        now,
    )
    .await;
    assert_eq!(
        (code, body["type"].as_str()),
        (400, Some("invalid_request"))
    );
    // A path parameter of the wrong type.
    let (code, body) = signed(
        &emu,
        Method::GET,
        "/v1/auth/envs/not-a-number",
        b"",
        &good,
        now,
    )
    .await;
    assert_eq!(
        (code, body["type"].as_str()),
        (400, Some("invalid_request"))
    );

    let huge = vec![b' '; 2 * 1024 * 1024];
    let (code, body) = signed(&emu, Method::POST, "/v1/auth/users", &huge, &good, now).await;
    assert_eq!(
        (code, body["type"].as_str()),
        (413, Some("request_too_large"))
    );

    // Routing errors carry SaaSus bodies too.
    let (code, body) = signed(&emu, Method::GET, "/v1/auth/no-such-thing", b"", &good, now).await;
    assert_eq!((code, body["type"].as_str()), (404, Some("not_found")));
    let (code, body) = signed(&emu, Method::PUT, "/v1/auth/users", b"{}", &good, now).await;
    assert_eq!(
        (code, body["type"].as_str()),
        (405, Some("method_not_allowed"))
    );

    let users = c.get_saas_users().await.unwrap().into_inner().users;
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].email, "a@example.com");
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_requests_are_all_answered() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..1000 {
        let c = c.clone();
        tasks.spawn(async move {
            if i % 2 == 0 {
                c.create_saas_user(&types::CreateSaasUserParam {
                    email: Some(format!("user{i}@example.com")),
                    password: Some("Passw0rd!!".into()),
                    sign_in_id: None,
                })
                .await
                .map(|r| r.status().as_u16())
            } else {
                c.get_saas_users_count().await.map(|r| r.status().as_u16())
            }
        });
    }
    let mut statuses = std::collections::BTreeMap::new();
    while let Some(joined) = tasks.join_next().await {
        let status = joined.unwrap().unwrap_or_else(|e| panic!("{e:?}"));
        *statuses.entry(status).or_insert(0) += 1;
    }
    assert_eq!(statuses, [(200, 500), (201, 500)].into());
    let users = c.get_saas_users().await.unwrap().into_inner().users;
    assert_eq!(users.len(), 500);
    emu.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_the_port_and_drop_does_not_block() {
    let emu = Emulator::start().unwrap();
    let addr = emu.addr();
    emu.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let emu = Emulator::start().unwrap();
    let started = std::time::Instant::now();
    drop(emu);
    assert!(started.elapsed() < std::time::Duration::from_millis(500));
}

#[tokio::test]
async fn the_binary_announces_its_port_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_saasus-auth-emulator"))
        .args(["--port", "0"])
        .env("SAASUS_SAAS_ID", "bin-saas")
        .env("SAASUS_API_KEY", "bin-key")
        .env("SAASUS_SECRET_KEY", "bin-secret")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {line:?}"))
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let config = Configuration::new("bin-saas", "bin-key", "bin-secret").with_api_url_base(&url);
    let client = saasus_auth::raw::Client::from_configuration(&config, None, None).unwrap();
    let created = client
        .create_role(&types::CreateRoleParam(types::Role {
            role_name: "admin".into(),
            display_name: "Admin".into(),
        }))
        .await;
    let roles = client.get_roles().await;
    let wrong =
        Configuration::new("bin-saas", "bin-key", "emulator-secret-key").with_api_url_base(&url);
    let refused = saasus_auth::raw::Client::from_configuration(&wrong, None, None)
        .unwrap()
        .get_roles()
        .await;
    // Ctrl-C (SIGINT) stops it cleanly, with exit status 0.
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let mut exit = None;
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            exit = Some(status);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    if exit.is_none() {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    assert!(interrupted, "kill -INT could not be sent");
    assert!(
        exit.is_some_and(|s| s.success()),
        "no clean exit after SIGINT: {exit:?}"
    );
    assert_eq!(created.unwrap().status().as_u16(), 201);
    assert_eq!(roles.unwrap().into_inner().roles.len(), 1);
    assert_eq!(status(&refused.unwrap_err()), 401);
}

#[test]
fn the_banner_prints_the_default_credentials_and_the_export_lines() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_saasus-auth-emulator"))
        .args(["--port", "0"])
        .env_remove("SAASUS_SAAS_ID")
        .env_remove("SAASUS_API_KEY")
        .env_remove("SAASUS_SECRET_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    let mut banner = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        let last = line.contains("Ctrl-C stops");
        banner.push(line);
        if last {
            break;
        }
    }
    child.kill().ok();
    child.wait().ok();
    let banner = banner.join("\n");
    for line in [
        "  export SAASUS_SAAS_ID=emulator-saas-id".to_string(),
        "  export SAASUS_API_KEY=emulator-api-key".to_string(),
        "  export SAASUS_SECRET_KEY=emulator-secret-key".to_string(),
        format!("  export SAASUS_API_URL_BASE={url}"),
    ] {
        assert!(
            banner.lines().any(|l| l == line),
            "{line:?} missing from\n{banner}"
        );
    }
}
