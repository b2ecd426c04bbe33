//! The axum layer and extractor (feature `axum`), end to end: a small app
//! like `examples/web_app.rs` in front of the emulator, driven over HTTP.
#![cfg(feature = "axum")]

use crate::common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use common::raw_server::{RawServer, Reply};
use saasus_auth::middleware::{AuthLayer, AuthenticatedUser};
use saasus_auth::session::{Authenticator, UserInfoExt};
use saasus_auth::{types, AuthClient};
use saasus_auth_emulator::{Credentials, Emulator, Lifetimes};

const EMAIL: &str = "web-user@example.com";
const PASSWORD: &str = "Web-User-Passw0rd!";
const LOGIN_URL: &str = "https://auth.example.com/login";

#[derive(serde::Deserialize)]
struct CodeQuery {
    code: String,
}

async fn callback(State(client): State<AuthClient>, Query(q): Query<CodeQuery>) -> Response {
    match client.exchange_code(&q.code).await {
        Ok(c) => (
            [(
                header::SET_COOKIE,
                format!(
                    "__Host-SaaSus_idToken={}; Path=/; HttpOnly; Secure",
                    c.id_token()
                ),
            )],
            Json(serde_json::json!({ "refresh_token": c.refresh_token() })),
        )
            .into_response(),
        Err(e) if e.is_invalid_grant() => StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}

async fn me(AuthenticatedUser(user): AuthenticatedUser) -> Json<types::UserInfo> {
    Json((*user).clone())
}

async fn admin(user: AuthenticatedUser, Path(tenant_id): Path<String>) -> StatusCode {
    if user.has_role_in_tenant(&tenant_id, "admin") {
        StatusCode::OK
    } else {
        StatusCode::FORBIDDEN
    }
}

async fn optional(user: Option<AuthenticatedUser>) -> String {
    format!("{}", user.is_some())
}

fn app(client: AuthClient, layer: AuthLayer) -> Router {
    let protected = Router::new()
        .route("/me", get(me))
        .route("/tenants/{tenant_id}/admin", get(admin))
        .layer(layer);
    Router::new()
        .route("/callback", get(callback))
        .route("/optional", get(optional))
        .merge(protected)
        .with_state(client)
}

/// Serves `router` on a free port; answers its base URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

fn http() -> saasus_auth::reqwest::Client {
    saasus_auth::transport::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
}

async fn sign_in(emu: &Emulator, client: &AuthClient) -> (String, String) {
    let user = client
        .saas_user_api()
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some(EMAIL.into()),
            password: Some(PASSWORD.into()),
            sign_in_id: None,
        })
        .await
        .unwrap()
        .data;
    let answer: serde_json::Value = http()
        .post(format!("{}/__emulator/login", emu.base_url()))
        .json(&serde_json::json!({ "email": EMAIL, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        user.id.to_string(),
        answer["code"].as_str().unwrap().to_string(),
    )
}

async fn fetch(
    url: &str,
    auth: Option<&str>,
    cookie: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    let mut request = http().get(url);
    if let Some(a) = auth {
        request = request.header("authorization", a);
    }
    if let Some(c) = cookie {
        request = request.header("cookie", c);
    }
    let response = request.send().await.unwrap();
    let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
    let body = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)),
    )
}

#[tokio::test]
async fn sign_in_callback_me_refresh_and_roles() {
    let emu = Emulator::start().unwrap();
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    let base = serve(app(
        client.clone(),
        AuthLayer::new(Authenticator::new(client.clone())),
    ))
    .await;
    let (user_id, code) = sign_in(&emu, &client).await;

    // The callback exchanges the code and sets the cookie.
    let response = http()
        .get(format!("{base}/callback?code={code}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    let id_token = set_cookie
        .strip_prefix("__Host-SaaSus_idToken=")
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_string();
    let body: serde_json::Value = response.json().await.unwrap();
    let refresh_token = body["refresh_token"].as_str().unwrap().to_string();
    // The code is single-use.
    let (status, _) = fetch(&format!("{base}/callback?code={code}"), None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // /me by Bearer token and by cookie.
    let (status, me) = fetch(
        &format!("{base}/me"),
        Some(&format!("Bearer {id_token}")),
        None,
    )
    .await;
    assert_eq!(
        (status, me["email"].as_str()),
        (StatusCode::OK, Some(EMAIL))
    );
    let (status, me) = fetch(
        &format!("{base}/me"),
        None,
        Some(&format!("a=b; __Host-SaaSus_idToken={id_token}")),
    )
    .await;
    assert_eq!(
        (status, me["email"].as_str()),
        (StatusCode::OK, Some(EMAIL))
    );
    // Unprefixed cookies (plantable) are not read by default.
    let (status, me) = fetch(
        &format!("{base}/me"),
        None,
        Some(&format!("a=b; idToken={id_token}")),
    )
    .await;
    assert_eq!(
        (status, me["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("missing_token"))
    );

    // Refresh, then /me with the new token.
    let renewed = client.refresh(&refresh_token).await.unwrap();
    assert_ne!(renewed.id_token(), id_token);
    let (status, me) = fetch(
        &format!("{base}/me"),
        Some(&format!("bearer {}", renewed.id_token())),
        None,
    )
    .await;
    assert_eq!(
        (status, me["email"].as_str()),
        (StatusCode::OK, Some(EMAIL))
    );

    // 403 on the admin route until the user holds `admin` in the tenant.
    let tenant = client
        .tenant_api()
        .create_tenant(&types::CreateTenantParam(types::TenantProps {
            attributes: Default::default(),
            back_office_staff_email: "staff@example.com".into(),
            name: "Acme".into(),
        }))
        .await
        .unwrap()
        .data;
    let admin_url = format!("{base}/tenants/{}/admin", tenant.id);
    let bearer = format!("Bearer {}", renewed.id_token());
    assert_eq!(
        fetch(&admin_url, Some(&bearer), None).await.0,
        StatusCode::FORBIDDEN
    );
    client
        .env_api()
        .create_env(&types::CreateEnvParam(types::Env {
            id: types::Id(3),
            name: "prod".into(),
            display_name: None,
        }))
        .await
        .unwrap();
    client
        .role_api()
        .create_role(&types::CreateRoleParam(types::Role {
            role_name: "admin".into(),
            display_name: "Administrator".into(),
        }))
        .await
        .unwrap();
    client
        .tenant_user_api()
        .create_tenant_user(
            &tenant.id,
            &types::CreateTenantUserParam {
                attributes: Default::default(),
                email: Some(EMAIL.into()),
                sign_in_id: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        fetch(&admin_url, Some(&bearer), None).await.0,
        StatusCode::FORBIDDEN
    );
    client
        .tenant_user_api()
        .create_tenant_user_roles(
            &tenant.id,
            &user_id,
            &types::Id(3),
            &types::CreateTenantUserRolesParam {
                role_names: vec!["admin".into()],
            },
        )
        .await
        .unwrap();
    assert_eq!(
        fetch(&admin_url, Some(&bearer), None).await.0,
        StatusCode::OK
    );
    let other_tenant = format!("{base}/tenants/00000000-0000-4000-8000-000000000000/admin");
    assert_eq!(
        fetch(&other_tenant, Some(&bearer), None).await.0,
        StatusCode::FORBIDDEN
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn requests_without_a_valid_token_get_401_json() {
    let lifetimes = Lifetimes {
        token: Duration::from_millis(800),
        ..Lifetimes::default()
    };
    let emu = Emulator::start_with(Credentials::default(), lifetimes).unwrap();
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    let layer =
        AuthLayer::new(Authenticator::new(client.clone())).login_url(Some(LOGIN_URL.into()));
    let base = serve(app(client.clone(), layer)).await;
    let (_, code) = sign_in(&emu, &client).await;
    let token = client
        .exchange_code(&code)
        .await
        .unwrap()
        .id_token()
        .to_string();
    let me = format!("{base}/me");
    assert_eq!(
        fetch(&me, Some(&format!("Bearer {token}")), None).await.0,
        StatusCode::OK
    );

    let three_parts = format!("Bearer {token} extra");
    let cases: Vec<(Option<&str>, Option<&str>, &str)> = vec![
        (None, None, "missing_token"),
        (None, Some("theme=dark"), "missing_token"),
        (Some("Bearer"), None, "malformed_authorization"),
        (Some("Basic x"), None, "malformed_authorization"),
        (Some(&three_parts), None, "malformed_authorization"),
        (Some("Bearer garbage.token.value"), None, "invalid_token"),
        (
            None,
            Some("__Host-SaaSus_idToken=garbage.token.value"),
            "invalid_token",
        ),
    ];
    for (auth, cookie, code) in cases {
        let (status, body) = fetch(&me, auth, cookie).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{auth:?} {cookie:?}");
        assert_eq!(body["error"], code, "{body}");
        assert_eq!(body["redirect_url"], LOGIN_URL);
        assert!(body["message"]
            .as_str()
            .is_some_and(|m| !m.contains("garbage")));
    }

    tokio::time::sleep(Duration::from_millis(900)).await;
    let (status, body) = fetch(&me, Some(&format!("Bearer {token}")), None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_token"))
    );
    assert!(!body.to_string().contains(&token));

    // Outside the layer, the optional extractor finds no user.
    assert_eq!(
        fetch(&format!("{base}/optional"), None, None).await.1,
        serde_json::json!(false)
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn saasus_down_is_503_not_401_and_the_rejection_can_be_customised() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = common::config()
        .with_api_url_base(format!("http://127.0.0.1:{port}"))
        .with_max_attempts(1);
    let client = AuthClient::new(Some(config), None).unwrap();
    let layer =
        AuthLayer::new(Authenticator::new(client.clone())).login_url(Some(LOGIN_URL.into()));
    let base = serve(app(client.clone(), layer.clone())).await;
    let (status, body) = fetch(
        &format!("{base}/me"),
        Some("Bearer some-token-while-down"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["error"], "saasus_unreachable");
    assert!(
        body.get("redirect_url").is_none(),
        "no sign-in again for an outage"
    );
    assert!(!body.to_string().contains("some-token-while-down"));

    // A SaaSus 500 is a 502.
    let server =
        RawServer::start(|_, _| Reply::json(500, r#"{"type":"internal","message":"boom"}"#)).await;
    let config = common::config()
        .with_api_url_base(format!("http://{}", server.addr))
        .with_max_attempts(1);
    let failing = AuthClient::new(Some(config), None).unwrap();
    let base = serve(app(
        failing.clone(),
        AuthLayer::new(Authenticator::new(failing)),
    ))
    .await;
    assert_eq!(
        fetch(&format!("{base}/me"), Some("Bearer t"), None).await.0,
        StatusCode::BAD_GATEWAY
    );

    // A custom rejection: a redirect for browsers.
    let custom = layer.rejection(|failure| {
        if failure.is_unauthenticated() {
            (StatusCode::SEE_OTHER, [(header::LOCATION, LOGIN_URL)]).into_response()
        } else {
            (failure.status_code(), "try later").into_response()
        }
    });
    let base = serve(app(client, custom)).await;
    let no_redirects = saasus_auth::transport::http_client_builder()
        .unwrap()
        .redirect(saasus_auth::reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = no_redirects.get(format!("{base}/me")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], LOGIN_URL);
    let (status, body) = fetch(&format!("{base}/me"), Some("Bearer t"), None).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("try later"))
    );
}

#[tokio::test]
async fn propagated_headers_reach_saasus_through_the_layer() {
    let (server, _) = common::counting_user_info_server().await;
    let client = AuthClient::new(
        Some(common::config().with_api_url_base(format!("http://{}", server.addr))),
        None,
    )
    .unwrap();
    let base = serve(app(
        client.clone(),
        AuthLayer::new(Authenticator::new(client)),
    ))
    .await;
    let response = http()
        .get(format!("{base}/me"))
        .header("authorization", "Bearer layer-token")
        .header("referer", "https://app.example.com/from")
        .header("x-saasus-referer", "https://saasus.example.com/ref")
        .header("x-saasus-trace-id", "trace-through-layer")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].header("referer"),
        Some("https://app.example.com/from")
    );
    assert_eq!(
        requests[0].header("x-saasus-referer"),
        Some("https://saasus.example.com/ref")
    );
    assert_eq!(
        requests[0].header("x-saasus-trace-id"),
        Some("trace-through-layer")
    );
}

#[tokio::test]
async fn the_cache_collapses_100_concurrent_requests_into_one_get_user_info() {
    let (server, count) = common::counting_user_info_server().await;
    let client = AuthClient::new(
        Some(common::config().with_api_url_base(format!("http://{}", server.addr))),
        None,
    )
    .unwrap();
    let authenticator =
        Authenticator::new(client.clone()).with_cache(1000, Duration::from_secs(30));
    let base = serve(app(client, AuthLayer::new(authenticator))).await;
    let http = http();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let (http, url) = (http.clone(), format!("{base}/me"));
        tasks.spawn(async move {
            http.get(url)
                .header("authorization", "Bearer one-token-for-all")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut ok = 0;
    while let Some(status) = tasks.join_next().await {
        ok += usize::from(status.unwrap() == 200);
    }
    assert_eq!(ok, 100);
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

/// The `name=value` of each `Set-Cookie` of a response, with its attributes.
fn set_cookies(response: &saasus_auth::reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn cookie_pair<'a>(set_cookies: &'a [String], name: &str) -> &'a str {
    set_cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")) && !c.starts_with(&format!("{name}=;")))
        .map(|c| c.split(';').next().unwrap())
        .unwrap_or_else(|| panic!("no {name} cookie in {set_cookies:?}"))
}

/// The example app's sign-in routes with PKCE, in process against the
/// emulator: /login, the callback with and without the browser's cookie,
/// /me, /logout revoking the refresh token.
#[tokio::test]
async fn pkce_login_callback_and_logout() {
    use saasus_auth::middleware::SignIn;

    let emu = Emulator::start().unwrap();
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    sign_in(&emu, &client).await;
    let login_url = format!("{}/hosted-login?lang=en", emu.base_url());
    let router = SignIn::new(client.clone())
        .login_url(Some(login_url.clone()))
        .routes()
        .unwrap()
        .merge(
            Router::new()
                .route("/me", get(me))
                .layer(AuthLayer::new(Authenticator::new(client.clone()))),
        );
    let base = serve(router).await;
    let browser = saasus_auth::transport::http_client_builder()
        .unwrap()
        .redirect(saasus_auth::reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // GET /login: 303 to the login URL with the challenge, and a cookie.
    let login = |browser: saasus_auth::reqwest::Client| {
        let base = base.clone();
        async move {
            let response = browser.get(format!("{base}/login")).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 303);
            let location = response.headers()["location"].to_str().unwrap().to_string();
            let cookies = set_cookies(&response);
            (location, cookies)
        }
    };
    let (location, cookies) = login(browser.clone()).await;
    assert!(
        location.starts_with(&format!("{login_url}&code_challenge=")),
        "{location}"
    );
    assert!(
        location.ends_with("&code_challenge_method=S256"),
        "{location}"
    );
    let set = cookies
        .iter()
        .find(|c| c.starts_with("__Secure-SaaSus_pkceVerifier="))
        .unwrap();
    assert!(
        set.contains("; Path=/callback; Max-Age=600; HttpOnly; SameSite=Lax; Secure"),
        "{set}"
    );
    let verifier_cookie = cookie_pair(&cookies, "__Secure-SaaSus_pkceVerifier").to_string();
    let challenge = location
        .split("code_challenge=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();

    // The hosted login page mints a code bound to the challenge.
    let pkce_code = || {
        emu.login_with_challenge(EMAIL, PASSWORD, &challenge)
            .unwrap()
    };
    let callback = |code: String, cookie: Option<String>| {
        let (browser, base) = (browser.clone(), base.clone());
        async move {
            let mut request = browser.get(format!("{base}/callback?code={code}"));
            if let Some(c) = cookie {
                request = request.header("cookie", c);
            }
            request.send().await.unwrap()
        }
    };

    // A browser without the cookie (the login-CSRF case) is refused, and
    // so is one with another login's verifier.
    let response = callback(pkce_code(), None).await;
    assert_eq!(response.status().as_u16(), 401);
    let (_, other) = login(browser.clone()).await;
    let other = cookie_pair(&other, "__Secure-SaaSus_pkceVerifier").to_string();
    let response = callback(pkce_code(), Some(other)).await;
    assert_eq!(response.status().as_u16(), 401);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "verifier_mismatch");

    // The browser that started the login is signed in.
    let response = callback(pkce_code(), Some(verifier_cookie.clone())).await;
    assert_eq!(response.status().as_u16(), 200);
    let cookies = set_cookies(&response);
    let id_cookie = cookie_pair(&cookies, "__Host-SaaSus_idToken").to_string();
    let refresh_cookie = cookie_pair(&cookies, "__Secure-SaaSus_refreshToken").to_string();
    let refresh_set = cookies
        .iter()
        .find(|c| c.starts_with("__Secure-SaaSus_refreshToken="))
        .unwrap();
    assert!(
        refresh_set.contains("; Path=/logout;") && refresh_set.contains("HttpOnly"),
        "{refresh_set}"
    );
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("__Secure-SaaSus_pkceVerifier=; Path=/callback; Max-Age=0")),
        "the verifier is cleared: {cookies:?}"
    );
    let (status, me) = fetch(&format!("{base}/me"), None, Some(&id_cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], EMAIL);

    // POST /logout from the app's pages revokes the refresh token and
    // clears the cookies.
    let response = browser
        .post(format!("{base}/logout"))
        .header("cookie", format!("{id_cookie}; {refresh_cookie}"))
        .header("origin", &base)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let cleared = set_cookies(&response);
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("__Host-SaaSus_idToken=;")),
        "{cleared:?}"
    );
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("__Secure-SaaSus_refreshToken=;")),
        "{cleared:?}"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["revoked"], true);
    let refresh_token = refresh_cookie.trim_start_matches("__Secure-SaaSus_refreshToken=");
    let err = client.refresh(refresh_token).await.unwrap_err();
    assert!(err.is_invalid_grant(), "{err}");
}

/// A SaaS user who can sign in to `emu`.
async fn create_user(client: &AuthClient) {
    client
        .saas_user_api()
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some(EMAIL.into()),
            password: Some(PASSWORD.into()),
            sign_in_id: None,
        })
        .await
        .unwrap();
}

/// The emulator with the test user, and the default sign-in routes served
/// against it: the emulator, its client and the app's base URL.
async fn sign_in_app() -> (Emulator, AuthClient, String) {
    let emu = Emulator::start().unwrap();
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    create_user(&client).await;
    let sign_in = saasus_auth::middleware::SignIn::new(client.clone());
    let base = serve_sign_in(&emu, &client, sign_in).await;
    (emu, client, base)
}

/// A browser that does not follow redirects.
fn browser() -> saasus_auth::reqwest::Client {
    saasus_auth::transport::http_client_builder()
        .unwrap()
        .redirect(saasus_auth::reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The `SignIn` routes with their defaults (and `/me` behind the layer
/// `sign_in.auth_layer` makes), served against `emu`.
async fn serve_sign_in(
    emu: &Emulator,
    client: &AuthClient,
    sign_in: saasus_auth::middleware::SignIn,
) -> String {
    let sign_in = sign_in.login_url(Some(format!("{}/hosted-login", emu.base_url())));
    let layer = sign_in.auth_layer(Authenticator::new(client.clone()));
    let router = sign_in.routes().unwrap().merge(
        Router::new()
            .route("/me", get(me))
            .route("/tenants/{tenant_id}/admin", get(admin))
            .layer(layer),
    );
    serve(router).await
}

/// `GET /login` in `browser`: the challenge of the redirect and the
/// `Set-Cookie` headers.
async fn start_login(browser: &saasus_auth::reqwest::Client, base: &str) -> (String, Vec<String>) {
    let response = browser.get(format!("{base}/login")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    let challenge = location
        .split("code_challenge=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    (challenge, set_cookies(&response))
}

/// Login CSRF: with the defaults, a code minted without a challenge
/// brought to the callback by a browser without a verifier cookie is
/// refused, and no session cookie is set; the opt-out accepts it.
#[tokio::test]
async fn a_code_minted_without_a_challenge_is_refused_by_default() {
    use saasus_auth::middleware::SignIn;

    let (emu, client, base) = sign_in_app().await;
    let code = emu.login(EMAIL, PASSWORD).unwrap();
    let response = browser()
        .get(format!("{base}/callback?code={code}"))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{response:?}");
    let cookies = set_cookies(&response);
    assert!(
        cookies
            .iter()
            .all(|c| !c.contains("idToken=") || c.contains("idToken=;")),
        "no session cookie: {cookies:?}"
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "pkce_required");

    // The explicit opt-out takes the code as one minted without PKCE.
    let legacy = SignIn::new(client.clone()).accept_codes_without_pkce_open_to_login_csrf(true);
    let base = serve_sign_in(&emu, &client, legacy).await;
    let response = browser()
        .get(format!("{base}/callback?code={code}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    emu.shutdown().await;
}

/// The cookies of `/login` and the callback are `Secure`, `HttpOnly` and
/// prefixed (`__Host-` at `/`, `__Secure-` on narrower paths) by default,
/// and the whole flow works with them; the opt-out drops `Secure` and the
/// prefixes, and says so in its name.
#[tokio::test]
async fn sign_in_cookies_are_secure_httponly_and_prefixed_by_default() {
    use saasus_auth::middleware::SignIn;
    use saasus_auth::session::SessionCookies;

    let (emu, client, base) = sign_in_app().await;
    let browser = browser();
    let (challenge, login_cookies) = start_login(&browser, &base).await;
    assert_eq!(login_cookies.len(), 1, "{login_cookies:?}");
    let set = &login_cookies[0];
    assert!(set.starts_with("__Secure-SaaSus_pkceVerifier="), "{set}");
    assert!(
        set.contains("; Path=/callback;") && set.contains("; HttpOnly") && set.contains("; Secure"),
        "{set}"
    );
    let verifier = cookie_pair(&login_cookies, "__Secure-SaaSus_pkceVerifier").to_string();

    let code = emu
        .login_with_challenge(EMAIL, PASSWORD, &challenge)
        .unwrap();
    let response = browser
        .get(format!("{base}/callback?code={code}"))
        .header("cookie", &verifier)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let cookies = set_cookies(&response);
    for set in &cookies {
        assert!(
            set.contains("; HttpOnly") && set.contains("; Secure"),
            "{set}"
        );
        let path = set
            .split("; ")
            .find_map(|a| a.strip_prefix("Path="))
            .unwrap();
        let prefix = if path == "/" { "__Host-" } else { "__Secure-" };
        assert!(set.starts_with(prefix), "{set}");
    }
    let id_cookie = cookie_pair(&cookies, "__Host-SaaSus_idToken").to_string();
    assert!(cookies
        .iter()
        .any(|c| c.starts_with("__Secure-SaaSus_refreshToken=") && c.contains("; Path=/logout;")));
    let (status, me) = fetch(&format!("{base}/me"), None, Some(&id_cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], EMAIL);

    // An unprefixed cookie (one a sibling subdomain or plain http could
    // plant) is not read by default.
    let planted = id_cookie.replacen("__Host-", "", 1);
    let (status, _) = fetch(&format!("{base}/me"), None, Some(&planted)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The opt-out: plain cookies, no Secure, no prefix.
    let plain = SignIn::new(client.clone())
        .cookies(SessionCookies::new().insecure_over_plain_http_and_plantable(true));
    let base = serve_sign_in(&emu, &client, plain).await;
    let (_, login_cookies) = start_login(&browser, &base).await;
    assert!(
        login_cookies[0].starts_with("SaaSus_pkceVerifier=")
            && !login_cookies[0].contains("Secure"),
        "{login_cookies:?}"
    );
    emu.shutdown().await;
}

/// Logout CSRF: a cross-site `POST /logout` is 403 and clears nothing; one
/// from the app's own origin (or `Sec-Fetch-Site: same-origin`) signs out
/// and revokes.
#[tokio::test]
async fn logout_refuses_cross_site_posts() {
    let (emu, client, base) = sign_in_app().await;
    let browser = browser();
    let (challenge, login_cookies) = start_login(&browser, &base).await;
    let verifier = cookie_pair(&login_cookies, "__Secure-SaaSus_pkceVerifier").to_string();
    let code = emu
        .login_with_challenge(EMAIL, PASSWORD, &challenge)
        .unwrap();
    let response = browser
        .get(format!("{base}/callback?code={code}"))
        .header("cookie", &verifier)
        .send()
        .await
        .unwrap();
    let cookies = set_cookies(&response);
    let refresh_cookie = cookie_pair(&cookies, "__Secure-SaaSus_refreshToken").to_string();
    let refresh_token = refresh_cookie.split_once('=').unwrap().1.to_string();
    let logout = |headers: Vec<(&'static str, String)>| {
        let (browser, base, refresh_cookie) =
            (browser.clone(), base.clone(), refresh_cookie.clone());
        async move {
            let mut request = browser
                .post(format!("{base}/logout"))
                .header("cookie", refresh_cookie);
            for (name, value) in headers {
                request = request.header(name, value);
            }
            request.send().await.unwrap()
        }
    };
    let cross_site: Vec<Vec<(&'static str, String)>> = vec![
        vec![("origin", "https://evil.example".into())],
        vec![
            ("origin", "https://evil.example".into()),
            ("sec-fetch-site", "cross-site".into()),
        ],
        vec![("sec-fetch-site", "same-site".into())],
        vec![("origin", "null".into())],
        vec![],
    ];
    for headers in cross_site {
        let response = logout(headers.clone()).await;
        assert_eq!(response.status().as_u16(), 403, "{headers:?}");
        assert!(set_cookies(&response).is_empty(), "{headers:?}");
    }
    // Nothing was revoked.
    let renewed = client.refresh(&refresh_token).await;
    assert!(renewed.is_ok(), "{renewed:?}");

    let response = logout(vec![
        ("origin", base.clone()),
        ("sec-fetch-site", "same-origin".into()),
    ])
    .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(set_cookies(&response).len(), 3);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["revoked"], true);
    assert!(client
        .refresh(&refresh_token)
        .await
        .unwrap_err()
        .is_invalid_grant());
    // `Sec-Fetch-Site: same-origin` alone is enough (no refresh token left).
    let response = logout(vec![("sec-fetch-site", "same-origin".into())]).await;
    assert_eq!(response.status().as_u16(), 200);
    emu.shutdown().await;
}

/// A wrong `SAASUS_SECRET_KEY`: `ExchangeAuthCredentials` answers 401 to the
/// signature, and the callback says 500 `misconfigured` with a warning
/// naming the variables (never their values), not `verifier_mismatch`.
#[tokio::test]
async fn a_wrong_secret_key_at_the_callback_is_500_not_a_verifier_mismatch() {
    use saasus_auth::http::HeaderMap;
    use saasus_auth::middleware::SignIn;
    use saasus_auth::session::{PkceVerifier, SessionCookies};

    let (capture, _guard) = common::Capture::install();
    let emu = Emulator::start().unwrap();
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    create_user(&client).await;
    let wrong_secret = "wrong-secret-key-value";
    let config = saasus_auth::Configuration::new(
        emu.credentials().saas_id.clone(),
        emu.credentials().api_key.clone(),
        wrong_secret,
    )
    .with_api_url_base(emu.base_url());
    let wrong = AuthClient::new(Some(config), None).unwrap();
    let sign_in = SignIn::new(wrong);
    let verifier = PkceVerifier::generate().unwrap();
    let code = emu
        .login_with_challenge(EMAIL, PASSWORD, &verifier.challenge())
        .unwrap();
    let mut headers = HeaderMap::new();
    let name = SessionCookies::new().verifier_cookie_name();
    headers.insert(
        "cookie",
        format!("{name}={}", verifier.expose()).parse().unwrap(),
    );
    let response = sign_in.callback(&headers, Some(&code)).await;
    assert_eq!(response.status().as_u16(), 500);
    let body = axum::body::to_bytes(response.into_body(), 10_000)
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"], "misconfigured");
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("WARN"), "{logs}");
    assert!(logs.contains("SAASUS_SECRET_KEY"), "{logs}");
    for secret in [wrong_secret, &code, verifier.expose()] {
        assert!(!logs.contains(secret), "{logs}");
    }
    emu.shutdown().await;
}

/// `/login` and the callback answers are never stored; the callback (its
/// URL holds the code) sends no referrer, whatever it answers.
#[tokio::test]
async fn login_and_callback_answers_are_not_stored_and_send_no_referrer() {
    use saasus_auth::middleware::SignIn;

    let emu = Emulator::start().unwrap();
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    create_user(&client).await;
    let sign_in = SignIn::new(client.clone()).redirect_after_sign_in(Some("/".into()));
    let base = serve_sign_in(&emu, &client, sign_in).await;
    let browser = browser();
    let response = browser.get(format!("{base}/login")).send().await.unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    let (challenge, login_cookies) = start_login(&browser, &base).await;
    let verifier = cookie_pair(&login_cookies, "__Secure-SaaSus_pkceVerifier").to_string();
    let code = emu
        .login_with_challenge(EMAIL, PASSWORD, &challenge)
        .unwrap();
    let signed_in = browser
        .get(format!("{base}/callback?code={code}"))
        .header("cookie", &verifier)
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status().as_u16(), 303);
    assert_eq!(signed_in.headers()["location"], "/");
    let refused = browser
        .get(format!("{base}/callback?code={code}"))
        .send()
        .await
        .unwrap();
    let no_code = browser
        .get(format!("{base}/callback"))
        .send()
        .await
        .unwrap();
    for response in [signed_in, refused, no_code] {
        assert_eq!(
            response.headers()["cache-control"],
            "no-store",
            "{response:?}"
        );
        assert_eq!(
            response.headers()["referrer-policy"],
            "no-referrer",
            "{response:?}"
        );
    }
    emu.shutdown().await;
}

/// Two cookies of the same name (one planted next to the real one) are
/// refused, not resolved by taking the first.
#[tokio::test]
async fn duplicate_cookies_are_refused() {
    let (emu, _client, base) = sign_in_app().await;
    let browser = browser();
    let (challenge, login_cookies) = start_login(&browser, &base).await;
    let verifier = cookie_pair(&login_cookies, "__Secure-SaaSus_pkceVerifier").to_string();
    let (_, other) = start_login(&browser, &base).await;
    let other = cookie_pair(&other, "__Secure-SaaSus_pkceVerifier").to_string();
    let code = emu
        .login_with_challenge(EMAIL, PASSWORD, &challenge)
        .unwrap();
    // The right verifier first, a planted one after it: refused.
    let response = browser
        .get(format!("{base}/callback?code={code}"))
        .header("cookie", format!("{verifier}; {other}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "duplicate_cookie");
    // The code was not spent: the right verifier alone signs in.
    let response = browser
        .get(format!("{base}/callback?code={code}"))
        .header("cookie", &verifier)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let id_cookie = cookie_pair(&set_cookies(&response), "__Host-SaaSus_idToken").to_string();
    let (status, _) = fetch(&format!("{base}/me"), None, Some(&id_cookie)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = fetch(
        &format!("{base}/me"),
        None,
        Some(&format!("{id_cookie}; __Host-SaaSus_idToken=planted")),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "duplicate_cookie");
    emu.shutdown().await;
}

/// When the `SignIn` routes are mounted, the layer it makes points 401
/// answers at their `/login`, not at the hosted page.
#[tokio::test]
async fn the_401_redirect_url_is_the_sign_in_routes_login() {
    use saasus_auth::middleware::SignIn;

    let emu = Emulator::start().unwrap();
    let client = AuthClient::new(Some(emu.configuration()), None).unwrap();
    let base = serve_sign_in(&emu, &client, SignIn::new(client.clone())).await;
    let (status, body) = fetch(&format!("{base}/me"), None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["redirect_url"], "/login");
    emu.shutdown().await;
}

/// Cookie paths that would break the `Set-Cookie` syntax are refused when
/// the routes are made.
#[test]
fn cookie_paths_that_break_set_cookie_are_refused() {
    use saasus_auth::middleware::SignIn;
    use saasus_auth::session::SessionCookies;
    use saasus_auth::Configuration;

    let client = AuthClient::new(Some(Configuration::new("s", "a", "k")), None).unwrap();
    for bad in ["/cb;x", "/cb,x", "/cb x", "/cb\tx", "/cb\u{7f}", "/cb\nx"] {
        let sign_in = SignIn::new(client.clone()).cookies(SessionCookies::new().callback_path(bad));
        assert!(sign_in.routes::<()>().is_err(), "{bad:?}");
        let sign_in =
            SignIn::new(client.clone()).cookies(SessionCookies::new().refresh_token_path(bad));
        assert!(sign_in.routes::<()>().is_err(), "{bad:?}");
    }
}
