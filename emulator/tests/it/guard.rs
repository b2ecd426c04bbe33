//! The loopback guard (`saasus_auth_emulator::guard`): web pages and
//! rebound names are refused on the admin endpoints and the API, plain
//! local clients are served; the binary prints no key or secret from the
//! environment.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use saasus_auth::{types, AuthClient};
use saasus_auth_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const EMAIL: &str = "guard-user@example.com";
const PASSWORD: &str = "Guard-User-Passw0rd!";

/// Sends `POST path` with `body` and exactly these extra headers (`Host`
/// among them, when given) over a raw connection, as a browser or curl
/// would; answers the status and the body.
async fn raw_post(
    addr: std::net::SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request = format!("POST {path} HTTP/1.1\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    ));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

async fn role_count(client: &AuthClient) -> usize {
    client
        .role_api()
        .get_roles()
        .await
        .unwrap()
        .data
        .roles
        .len()
}

#[tokio::test]
async fn web_pages_cannot_reset_and_rebound_names_cannot_sign_in() {
    let emu = Emulator::start().unwrap();
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    let addr = emu.addr();
    let host = addr.to_string();
    client
        .role_api()
        .create_role(&types::CreateRoleParam(types::Role {
            role_name: "admin".into(),
            display_name: "Admin".into(),
        }))
        .await
        .unwrap();
    client
        .saas_user_api()
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some(EMAIL.into()),
            password: Some(PASSWORD.into()),
            sign_in_id: None,
        })
        .await
        .unwrap();

    // A page on another site posting to reset (a simple request: no preflight).
    for origin in [
        "http://evil.example",
        "null",
        "http://127.0.0.1:1",
        "https://127.0.0.1",
    ] {
        let (status, body) = raw_post(
            addr,
            "/__emulator/reset",
            &[("Host", &host), ("Origin", origin)],
            "",
        )
        .await;
        assert_eq!(status, 403, "Origin {origin}: {body}");
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(error["type"], "forbidden_origin", "{body}");
        assert_eq!(role_count(&client).await, 1, "state kept after {origin}");
    }

    // DNS rebinding: the emulator's address under another name.
    let login = format!(r#"{{"email":"{EMAIL}","password":"{PASSWORD}"}}"#);
    for bad_host in [
        format!("evil.example:{}", addr.port()),
        "evil.example".to_string(),
        format!("127.0.0.1:{}", addr.port().wrapping_add(1).max(1)),
    ] {
        let (status, body) = raw_post(
            addr,
            "/__emulator/login",
            &[("Host", &bad_host), ("content-type", "application/json")],
            &login,
        )
        .await;
        assert_eq!(status, 403, "Host {bad_host}: {body}");
        assert!(!body.contains("\"code\""), "{body}");
    }
    // The API too: an unsigned call from a page is refused before the
    // signature is looked at.
    let (status, _) = raw_post(
        addr,
        "/v1/auth/roles",
        &[("Host", &host), ("Origin", "http://evil.example")],
        "{}",
    )
    .await;
    assert_eq!(status, 403);

    // curl-like clients on 127.0.0.1 (and localhost, [::1]) are served.
    let (status, body) = raw_post(
        addr,
        "/__emulator/login",
        &[("Host", &host), ("content-type", "application/json")],
        &login,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let code = serde_json::from_str::<serde_json::Value>(&body).unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(client.exchange_code(&code).await.is_ok());
    let localhost = format!("localhost:{}", addr.port());
    let (status, body) = raw_post(
        addr,
        "/__emulator/reset",
        &[
            ("Host", &localhost),
            ("Origin", &format!("http://{localhost}")),
        ],
        "",
    )
    .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(role_count(&client).await, 0, "reset by a local client");
    emu.shutdown().await;
}

#[tokio::test]
async fn the_binary_prints_no_key_or_secret_from_the_environment() {
    const KEY: &str = "marker-api-key-31337";
    const SECRET: &str = "marker-secret-key-31337";
    let mut child = Command::new(env!("CARGO_BIN_EXE_saasus-auth-emulator"))
        .args(["--port", "0"])
        .env("SAASUS_SAAS_ID", "marker-saas-id")
        .env("SAASUS_API_KEY", KEY)
        .env("SAASUS_SECRET_KEY", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first.trim().strip_prefix("listening on ").map(String::from);

    // It still serves curl-like requests on 127.0.0.1, and refuses pages.
    let mut statuses = Vec::new();
    if let Some(addr) = url
        .as_deref()
        .and_then(|u| u.strip_prefix("http://"))
        .and_then(|a| a.parse().ok())
    {
        let host = format!("{addr}");
        statuses.push(
            raw_post(addr, "/__emulator/reset", &[("Host", &host)], "")
                .await
                .0,
        );
        statuses.push(
            raw_post(
                addr,
                "/__emulator/reset",
                &[("Host", &host), ("Origin", "http://evil.example")],
                "",
            )
            .await
            .0,
        );
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut out = first.clone();
    let _ = stdout.read_to_string(&mut out);
    let mut err = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);

    assert!(url.is_some(), "first line: {first:?}");
    assert_eq!(statuses, [204, 403]);
    assert!(!err.is_empty(), "the banner is on stderr");
    for printed in [&out, &err] {
        assert!(!printed.contains(KEY), "API key printed: {printed}");
        assert!(!printed.contains(SECRET), "secret key printed: {printed}");
    }
}
