//! The hosted sign-in page: the form, wrong credentials, the MFA step, the
//! 303 to the callback URL with a code the API redeems, and the page
//! without a callback URL.

use crate::common;

use saasus_auth::{raw, types};
use saasus_auth_emulator::{Emulator, SOFTWARE_TOKEN_SECRET};

/// RFC 7636's example verifier and its S256 challenge.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const CALLBACK: &str = "http://127.0.0.1:3000/callback";

/// A client that does not follow redirects.
fn browser() -> reqwest::Client {
    saasus_auth::transport::http_client_builder()
        .unwrap()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn form_encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    b => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Posts the form; the status, the `Location` and the body.
async fn post(
    emu: &Emulator,
    fields: &[(&str, &str)],
    origin: Option<&str>,
) -> (u16, Option<String>, String) {
    let mut request = browser()
        .post(emu.sign_in_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_encode(fields));
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    (status, location, response.text().await.unwrap())
}

async fn create_user(c: &raw::Client, email: &str, password: &str) -> String {
    c.create_saas_user(&types::CreateSaasUserParam {
        email: Some(email.into()),
        password: Some(password.into()),
        sign_in_id: None,
    })
    .await
    .unwrap()
    .into_inner()
    .id
    .to_string()
}

async fn set_callback(c: &raw::Client, url: &str) {
    c.update_auth_info(&types::UpdateAuthInfoParam(types::AuthInfo {
        callback_url: url.into(),
    }))
    .await
    .unwrap();
}

async fn exchange(c: &raw::Client, code: &str) -> Result<types::Credentials, u16> {
    c.exchange_auth_credentials(&types::ExchangeAuthCredentialsParam {
        auth_flow: types::ExchangeAuthCredentialsParamAuthFlow::TempCodeAuth,
        code: Some(types::Uuid(code.to_string())),
        code_verifier: Some(VERIFIER.into()),
    })
    .await
    .map(|r| r.into_inner())
    .map_err(|e| common::status(&e))
}

fn code_of(location: &str) -> &str {
    location
        .strip_prefix(&format!("{CALLBACK}?code="))
        .unwrap_or_else(|| panic!("not the callback: {location}"))
}

#[tokio::test]
async fn the_page_signs_in_and_redirects_with_a_code_bound_to_the_challenge() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let id = create_user(&c, "alice@example.com", "alice-password").await;
    set_callback(&c, CALLBACK).await;

    let page = browser()
        .get(format!(
            "{}?code_challenge={CHALLENGE}&code_challenge_method=S256",
            emu.sign_in_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("name=\"code_challenge\" value=\"{CHALLENGE}\"")),
        "{html}"
    );
    assert!(
        html.contains("<form method=\"post\" action=\"/sign-in\">"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(csp.contains("default-src 'none'"), "{csp}");

    // Sign-in ID or email (any case), with the challenge carried by the form;
    // the browser's Origin is the page's own.
    let origin = emu.base_url();
    let (status, location, body) = post(
        &emu,
        &[
            ("email", "ALICE@example.com"),
            ("password", "alice-password"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
        Some(&origin),
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let location = location.unwrap();
    let code = code_of(&location);
    // Bound to the challenge: GetAuthCredentials refuses it, the exchange
    // with the verifier redeems it, once.
    let plain = c
        .get_auth_credentials(
            Some(&types::GetAuthCredentialsAuthFlow::TempCodeAuth),
            Some(&types::Uuid(code.into())),
            None,
        )
        .await;
    assert_eq!(common::status(&plain.unwrap_err()), 404);
    let credentials = exchange(&c, code).await.unwrap();
    assert_eq!(exchange(&c, code).await.unwrap_err(), 404);
    let info = c
        .get_user_info(&credentials.id_token)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (info.id.as_str(), info.email.as_str()),
        (id.as_str(), "alice@example.com")
    );

    // A form from another site is refused by the guard.
    let (status, _, _) = post(
        &emu,
        &[
            ("email", "alice@example.com"),
            ("password", "alice-password"),
        ],
        Some("http://evil.example"),
    )
    .await;
    assert_eq!(status, 403);
    emu.shutdown().await;
}

#[tokio::test]
async fn wrong_credentials_show_an_escaped_message_on_the_page() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    create_user(&c, "bob@example.com", "bob-password").await;
    set_callback(&c, CALLBACK).await;
    for (email, password) in [
        ("bob@example.com", "not-bob's"),
        ("\"><script>alert(1)</script>", "x"),
    ] {
        let (status, location, html) = post(
            &emu,
            &[
                ("email", email),
                ("password", password),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
            None,
        )
        .await;
        assert_eq!((status, location), (401, None), "{html}");
        assert!(html.contains("id=\"error\""), "{html}");
        assert!(
            html.contains("Incorrect email address, sign-in ID or password."),
            "{html}"
        );
        // The form again, with the challenge and the email typed.
        assert!(html.contains(&format!("value=\"{CHALLENGE}\"")), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains(password) || password == "x", "{html}");
    }
    // A malformed challenge is a 400 page, the message escaped.
    let (status, _, html) = post(
        &emu,
        &[
            ("email", "bob@example.com"),
            ("password", "bob-password"),
            ("code_challenge", "<b>short</b>"),
            ("code_challenge_method", "S256"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 400, "{html}");
    assert!(!html.contains("<b>"), "{html}");
    let get = browser()
        .get(format!("{}?code_challenge=x", emu.sign_in_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(get.status().as_u16(), 400);
    emu.shutdown().await;
}

/// RFC 6238 of the emulator's authenticator secret, computed here.
fn authenticator_code(unix: u64) -> String {
    use hmac::{Mac, SimpleHmac};
    let mut key = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in SOFTWARE_TOKEN_SECRET.bytes() {
        let v = if c.is_ascii_uppercase() {
            c - b'A'
        } else {
            c - b'2' + 26
        };
        buffer = (buffer << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            key.push((buffer >> bits) as u8);
        }
    }
    let mut mac = SimpleHmac::<sha1::Sha1>::new_from_slice(&key).unwrap();
    mac.update(&(unix / 30).to_be_bytes());
    let d = mac.finalize().into_bytes();
    let o = usize::from(d[19] & 15);
    let n = u32::from_be_bytes([d[o] & 0x7f, d[o + 1], d[o + 2], d[o + 3]]);
    format!("{:06}", n % 1_000_000)
}

#[tokio::test]
async fn a_user_with_mfa_is_asked_for_the_code() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let id = create_user(&c, "carol@example.com", "carol-password").await;
    set_callback(&c, CALLBACK).await;
    let token = emu.access_token(&id).unwrap();
    c.create_secret_code(
        &id,
        &types::CreateSecretCodeParam {
            access_token: token.clone(),
        },
    )
    .await
    .unwrap();
    let now = common::unix_now() as u64;
    c.update_software_token(
        &id,
        &types::UpdateSoftwareTokenParam {
            access_token: token,
            verification_code: authenticator_code(now),
        },
    )
    .await
    .unwrap();
    c.update_user_mfa_preference(
        &id,
        &types::UpdateUserMfaPreferenceParam(types::MfaPreference {
            enabled: true,
            method: Some(types::MfaMethod::SoftwareToken),
        }),
    )
    .await
    .unwrap();

    let pkce = [
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    let mut fields = vec![
        ("email", "carol@example.com"),
        ("password", "carol-password"),
    ];
    fields.extend(pkce);
    let (status, location, html) = post(&emu, &fields, None).await;
    assert_eq!((status, location), (200, None), "{html}");
    assert!(html.contains("name=\"mfa_code\""), "{html}");
    let session = html
        .split("name=\"session\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    // A wrong code: back to the start, the session used up.
    let mut wrong = vec![("session", session.as_str()), ("mfa_code", "000000")];
    wrong.extend(pkce);
    let (status, location, html) = post(&emu, &wrong, None).await;
    assert_eq!((status, location), (401, None), "{html}");
    assert!(html.contains("The code is not valid"), "{html}");
    let (_, _, html) = post(&emu, &fields, None).await;
    let session = html
        .split("name=\"session\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let code = authenticator_code(common::unix_now() as u64);
    let mut answer = vec![("session", session.as_str()), ("mfa_code", code.as_str())];
    answer.extend(pkce);
    let (status, location, html) = post(&emu, &answer, None).await;
    assert_eq!(status, 303, "{html}");
    let location = location.unwrap();
    assert!(exchange(&c, code_of(&location)).await.is_ok());
    emu.shutdown().await;
}

#[tokio::test]
async fn without_a_callback_url_the_page_shows_the_code() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    create_user(&c, "dan@example.com", "dan-password").await;
    let (status, location, html) = post(
        &emu,
        &[("email", "dan@example.com"), ("password", "dan-password")],
        None,
    )
    .await;
    assert_eq!((status, location), (200, None), "{html}");
    assert!(html.contains("--callback-url"), "{html}");
    let code = html
        .split("<code id=\"code\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap();
    // No challenge: GetAuthCredentials redeems it.
    let credentials = c
        .get_auth_credentials(
            Some(&types::GetAuthCredentialsAuthFlow::TempCodeAuth),
            Some(&types::Uuid(code.into())),
            None,
        )
        .await
        .unwrap()
        .into_inner();
    assert!(!credentials.id_token.is_empty());

    // A user with a sign-in ID and no email address signs in with it.
    c.create_saas_user(&types::CreateSaasUserParam {
        email: None,
        password: Some("erin-password".into()),
        sign_in_id: Some("erin".into()),
    })
    .await
    .unwrap();
    let (status, _, html) = post(
        &emu,
        &[("email", "erin"), ("password", "erin-password")],
        None,
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<code id=\"code\">"), "{html}");

    // Set by the library (as by --callback-url): the redirect keeps the
    // callback URL's own query.
    emu.set_callback_url("http://localhost:8000/cb?next=%2Fhome");
    let (status, location, _) = post(
        &emu,
        &[("email", "dan@example.com"), ("password", "dan-password")],
        None,
    )
    .await;
    assert_eq!(status, 303);
    assert!(location
        .unwrap()
        .starts_with("http://localhost:8000/cb?next=%2Fhome&code="),);
    emu.shutdown().await;
}

/// The value of the hidden `session` field of a page.
fn session_of(html: &str) -> String {
    html.split("name=\"session\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no session in {html}"))
        .to_string()
}

#[tokio::test]
async fn a_temporary_password_is_replaced_before_signing_in() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    c.create_saas_user(&types::CreateSaasUserParam {
        email: Some("fay@example.com".into()),
        password: None,
        sign_in_id: None,
    })
    .await
    .unwrap();
    set_callback(&c, CALLBACK).await;
    let temporary = saasus_auth_emulator::TEMPORARY_PASSWORD;
    let (status, location, html) = post(
        &emu,
        &[("email", "fay@example.com"), ("password", temporary)],
        None,
    )
    .await;
    assert_eq!((status, location), (200, None), "{html}");
    assert!(html.contains("name=\"new_password\""), "{html}");
    let session = session_of(&html);
    // Too short: asked again, in the same session.
    let (status, _, html) = post(
        &emu,
        &[("session", &session), ("new_password", "short")],
        None,
    )
    .await;
    assert_eq!(status, 400, "{html}");
    assert!(html.contains("at least 8 characters"), "{html}");
    assert_eq!(session_of(&html), session);
    let (status, location, html) = post(
        &emu,
        &[("session", &session), ("new_password", "fay-own-password")],
        None,
    )
    .await;
    assert_eq!(status, 303, "{html}");
    assert!(location.unwrap().starts_with(&format!("{CALLBACK}?code=")));
    // The new password is hers now; the temporary one is gone.
    assert!(emu.login("fay@example.com", "fay-own-password").is_some());
    assert!(emu.login("fay@example.com", temporary).is_none());
    emu.shutdown().await;
}
