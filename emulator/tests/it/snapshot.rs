//! Snapshots: export then import reproduces the state (every read answers
//! the same, users sign in with their passwords, no clear password in the
//! file); bad files name the field at fault and change nothing; the
//! shipped seed loads; the binary's `--export-on-exit` and `--import`.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use saasus_auth::{raw, types};
use saasus_auth_emulator::{Emulator, SNAPSHOT_VERSION};
use serde_json::{json, Value};

fn attribute(name: &str, t: types::AttributeType) -> types::Attribute {
    types::Attribute {
        attribute_name: name.into(),
        attribute_type: t,
        display_name: name.to_uppercase(),
    }
}

/// Builds a state with one of everything a snapshot holds; the IDs of the
/// SaaS users and of the tenant.
async fn populate(emu: &Emulator) -> (Vec<String>, types::Uuid) {
    let c = common::client(emu);
    c.create_saas_user_attribute(&types::CreateSaasUserAttributeParam(attribute(
        "department",
        types::AttributeType::String,
    )))
    .await
    .unwrap();
    c.create_user_attribute(&types::CreateUserAttributeParam(attribute(
        "level",
        types::AttributeType::Number,
    )))
    .await
    .unwrap();
    c.create_tenant_attribute(&types::CreateTenantAttributeParam(attribute(
        "tier",
        types::AttributeType::String,
    )))
    .await
    .unwrap();
    c.create_env(&types::CreateEnvParam(types::Env {
        id: types::Id(3),
        name: "prod".into(),
        display_name: Some("Production".into()),
    }))
    .await
    .unwrap();
    c.create_role(&types::CreateRoleParam(types::Role {
        role_name: "admin".into(),
        display_name: "Admin".into(),
    }))
    .await
    .unwrap();
    let mut users = Vec::new();
    for (email, password) in [
        ("alice@example.com", Some("alice-password")),
        ("bob@example.com", None),
    ] {
        let created = c
            .create_saas_user(&types::CreateSaasUserParam {
                email: Some(email.into()),
                password: password.map(Into::into),
                sign_in_id: None,
            })
            .await
            .unwrap()
            .into_inner();
        users.push(created.id.to_string());
    }
    let tenant = c
        .create_tenant(&types::CreateTenantParam(types::TenantProps {
            name: "Acme".into(),
            back_office_staff_email: "staff@example.com".into(),
            attributes: common::attributes(json!({"tier": "gold"})),
        }))
        .await
        .unwrap()
        .into_inner()
        .id;
    let member = c
        .create_tenant_user(
            &tenant,
            &types::CreateTenantUserParam {
                email: Some("alice@example.com".into()),
                sign_in_id: None,
                attributes: common::attributes(json!({"level": 3})),
            },
        )
        .await
        .unwrap()
        .into_inner();
    c.create_tenant_user_roles(
        &tenant,
        &member.id,
        &types::Id(3),
        &types::CreateTenantUserRolesParam {
            role_names: vec!["admin".into()],
        },
    )
    .await
    .unwrap();
    let token = emu.access_token(&users[0]).unwrap();
    c.create_tenant_invitation(
        &tenant,
        &types::CreateTenantInvitationParam {
            email: "carol@example.com".into(),
            access_token: token,
            envs: vec![types::InvitedUserEnvironmentInformationItem {
                id: types::Id(3),
                role_names: vec!["admin".into()],
            }],
        },
    )
    .await
    .unwrap();
    c.update_sign_in_settings(&types::UpdateSignInSettingsParam {
        self_regist: Some(types::SelfRegist { enable: true }),
        ..Default::default()
    })
    .await
    .unwrap();
    c.update_auth_info(&types::UpdateAuthInfoParam(types::AuthInfo {
        callback_url: "http://127.0.0.1:3000/callback".into(),
    }))
    .await
    .unwrap();
    (users, tenant)
}

/// What the read operations answer, as JSON.
async fn observe(c: &raw::Client, users: &[String], tenant: &types::Uuid) -> Value {
    fn v<T: serde::Serialize>(x: T) -> Value {
        serde_json::to_value(x).unwrap()
    }
    let mut seen = json!({
        "saas_users": v(c.get_saas_users().await.unwrap().into_inner()),
        "saas_users_count": v(c.get_saas_users_count().await.unwrap().into_inner()),
        "user_attributes": v(c.get_user_attributes().await.unwrap().into_inner()),
        "tenant_attributes": v(c.get_tenant_attributes().await.unwrap().into_inner()),
        "tenants": v(c.get_tenants().await.unwrap().into_inner()),
        "tenant_users": v(c.get_tenant_users(tenant).await.unwrap().into_inner()),
        "all_tenant_users": v(c.get_all_tenant_users().await.unwrap().into_inner()),
        "invitations": v(c.get_tenant_invitations(tenant).await.unwrap().into_inner()),
        "roles": v(c.get_roles().await.unwrap().into_inner()),
        "envs": v(c.get_envs().await.unwrap().into_inner()),
        "sign_in_settings": v(c.get_sign_in_settings().await.unwrap().into_inner()),
        "auth_info": v(c.get_auth_info().await.unwrap().into_inner()),
        "basic_info": v(c.get_basic_info().await.unwrap().into_inner()),
    });
    for id in users {
        seen[format!("mfa {id}")] = v(c.get_user_mfa_preference(id).await.unwrap().into_inner());
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_then_import_reproduces_the_state() {
    let a = Emulator::start().unwrap();
    let (users, tenant) = populate(&a).await;
    let before = observe(&common::client(&a), &users, &tenant).await;
    let exported = a.export();
    assert!(
        !exported.contains("alice-password"),
        "a clear password in {exported}"
    );
    let document: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(document["version"], SNAPSHOT_VERSION);
    assert_eq!(document["callback_url"], "http://127.0.0.1:3000/callback");
    for user in document["users"].as_array().unwrap() {
        assert!(user.get("password").is_none(), "{user}");
        let hash = user["password_hash"].as_str().unwrap();
        assert!(hash.starts_with("pbkdf2-sha256$"), "{hash}");
    }

    let b = Emulator::start().unwrap();
    b.import(&exported).unwrap();
    let after = observe(&common::client(&b), &users, &tenant).await;
    assert_eq!(before, after);
    // The same document again: hashes included.
    assert_eq!(b.export(), exported);
    // Users still sign in with their passwords, and only with them.
    assert!(b.login("alice@example.com", "alice-password").is_some());
    assert!(b.login("alice@example.com", "bob-password").is_none());
    assert!(b
        .login("bob@example.com", saasus_auth_emulator::TEMPORARY_PASSWORD)
        .is_some());

    // The same through the admin endpoints.
    let c = Emulator::start().unwrap();
    let (status, body) =
        common::send(&a, reqwest::Method::GET, "/__emulator/export", vec![], None).await;
    assert_eq!(status, 200);
    let (status, _) = common::send(
        &c,
        reqwest::Method::POST,
        "/__emulator/import",
        body.to_string().into_bytes(),
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(observe(&common::client(&c), &users, &tenant).await, before);
    a.shutdown().await;
    b.shutdown().await;
    c.shutdown().await;
}

#[tokio::test]
async fn a_bad_snapshot_names_the_field_and_changes_nothing() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    emu.import(
        r#"{"version": 1, "users": [{"email": "kept@example.com", "password": "kept-password"}]}"#,
    )
    .unwrap();
    let kept = emu.export();
    let cases = [
        ("[]", "", "a JSON object"),
        (r#"{"users": []}"#, "version", "missing"),
        (r#"{"version": 2}"#, "version", "reads version 1"),
        (r#"{"version": 1, "userz": []}"#, "userz", "unknown field"),
        (
            r#"{"version": 1, "users": [{"email": "a@example.com", "password": "long-enough"}, {"email": 7}]}"#,
            "users[1].email",
            "invalid type",
        ),
        (
            r#"{"version": 1, "users": [{"email": "a@example.com"}]}"#,
            "users[0].password",
            "missing",
        ),
        (
            r#"{"version": 1, "users": [{"email": "a@example.com", "password_hash": "plain"}]}"#,
            "users[0].password_hash",
            "not a hash",
        ),
        (
            r#"{"version": 1, "users": [{"email": "a@example.com", "password": "long-enough"}, {"email": "A@example.com", "password": "long-enough"}]}"#,
            "users[1].email",
            "already has",
        ),
        (
            "{\"version\": 1, \"users\": [{\"email\": \"a\u{202E}b@example.com\", \"password\": \"long-enough\"}]}",
            "users[0].email",
            "not an email address",
        ),
        (
            r#"{"version": 1, "tenants": [{"tenant": {"id": "t1", "name": "T", "back_office_staff_email": "s@example.com", "attributes": {}, "plan_histories": []}, "users": [{"user_id": "nobody"}]}]}"#,
            "tenants[0].users[0].user_id",
            "not a user",
        ),
    ];
    for (text, field, message) in cases {
        let err = emu.import(text).unwrap_err();
        assert_eq!(err.field, field, "{text}: {err}");
        assert!(err.to_string().contains(message), "{text}: {err}");
        assert!(err.to_string().starts_with("the snapshot"), "{err}");
    }
    assert_eq!(emu.export(), kept);
    // Over HTTP: 400 with the field in the message, state unchanged.
    let (status, body) = common::send(
        &emu,
        reqwest::Method::POST,
        "/__emulator/import",
        br#"{"version": 1, "roles": [{"role_name": "x"}]}"#.to_vec(),
        None,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("roles[0]") && message.contains("display_name"),
        "{message}"
    );
    assert_eq!(
        c.get_saas_users().await.unwrap().into_inner().users.len(),
        1
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn the_shipped_seed_loads() {
    let emu = Emulator::start().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/seed.json");
    emu.import_file(std::path::Path::new(path)).unwrap();
    let c = common::client(&emu);
    let users = c.get_saas_users().await.unwrap().into_inner().users;
    assert!(!users.is_empty());
    assert!(emu.login("alice@example.com", "alice-password").is_some());
    let tenants = c.get_tenants().await.unwrap().into_inner().tenants;
    assert_eq!(tenants.len(), 1);
    let info = c.get_auth_info().await.unwrap().into_inner();
    assert_eq!(info.callback_url, "http://127.0.0.1:3000/callback");
    emu.shutdown().await;
}

/// Starts the binary with `args`; the child and its base URL.
fn start_binary(args: &[&str]) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_saasus-auth-emulator"))
        .args(args)
        .env_remove("SAASUS_SAAS_ID")
        .env_remove("SAASUS_API_KEY")
        .env_remove("SAASUS_SECRET_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut first, mut second) = (String::new(), String::new());
    out.read_line(&mut first).unwrap();
    out.read_line(&mut second).unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("{first:?}"));
    assert_eq!(second.trim(), format!("sign-in page: {url}/sign-in"));
    (child, url.to_string())
}

async fn wait_for_exit(child: &mut std::process::Child) -> Option<std::process::ExitStatus> {
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    child.kill().ok();
    child.wait().ok();
    None
}

#[tokio::test]
async fn the_binary_exports_on_sigterm_and_imports_at_start() {
    let dir = std::env::temp_dir().join(format!("saasus-emulator-snapshot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let (mut child, url) = start_binary(&[
        "--export-on-exit",
        file.to_str().unwrap(),
        "--callback-url",
        "http://127.0.0.1:3000/callback",
    ]);
    let config = saasus_auth::Configuration::new(
        "emulator-saas-id",
        "emulator-api-key",
        "emulator-secret-key",
    )
    .with_api_url_base(&url);
    let c = raw::Client::from_configuration(&config, None, None).unwrap();
    let created = c
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some("erin@example.com".into()),
            password: Some("erin-password".into()),
            sign_in_id: None,
        })
        .await;
    let terminated = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    let exit = wait_for_exit(&mut child).await;
    assert!(created.is_ok() && terminated);
    assert!(exit.is_some_and(|s| s.success()), "{exit:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("erin@example.com") && !text.contains("erin-password"),
        "{text}"
    );

    let (mut child, url) = start_binary(&["--import", file.to_str().unwrap()]);
    let config = saasus_auth::Configuration::new(
        "emulator-saas-id",
        "emulator-api-key",
        "emulator-secret-key",
    )
    .with_api_url_base(&url);
    let c = raw::Client::from_configuration(&config, None, None).unwrap();
    let users = c.get_saas_users().await.map(|r| r.into_inner().users);
    let info = c.get_auth_info().await.map(|r| r.into_inner());
    let login = saasus_auth::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
        .post(format!("{url}/__emulator/login"))
        .header("content-type", "application/json")
        .body(r#"{"email": "erin@example.com", "password": "erin-password"}"#)
        .send()
        .await
        .map(|r| r.status().as_u16());
    child.kill().ok();
    child.wait().ok();
    assert_eq!(users.unwrap()[0].email, "erin@example.com");
    assert_eq!(info.unwrap().callback_url, "http://127.0.0.1:3000/callback");
    assert_eq!(login.unwrap(), 200);

    // A bad file: no start, the path and the field named.
    std::fs::write(&file, r#"{"version": 1, "envs": [{"id": "x"}]}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_saasus-auth-emulator"))
        .args(["--import", file.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "it listened");
    assert!(
        stderr.contains(file.to_str().unwrap()) && stderr.contains("envs[0].id"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_help_lists_every_flag_and_admin_endpoint() {
    let out = Command::new(env!("CARGO_BIN_EXE_saasus-auth-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    for item in [
        "--port",
        "--callback-url",
        "--import",
        "--export-on-exit",
        "--help",
        "/sign-in",
        "POST /__emulator/reset",
        "POST /__emulator/login",
        "GET  /__emulator/emails",
        "GET  /__emulator/export",
        "POST /__emulator/import",
        "emulator-secret-key",
    ] {
        assert!(help.contains(item), "{item} missing from\n{help}");
    }
    let bad = Command::new(env!("CARGO_BIN_EXE_saasus-auth-emulator"))
        .arg("--callback-url")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
