//! A small axum app signing users in with SaaSus (PKCE against login CSRF)
//! and authenticating every request by its ID token (feature `axum`).
//!
//! ```text
//! GET  /login                     a PKCE verifier in a short-lived HttpOnly cookie,
//!                                 303 to $SAASUS_LOGIN_URL with its challenge
//! GET  /callback?code=…           exchanges the code with the cookie's verifier (a code
//!                                 without one is refused: login CSRF), sets the ID token
//!                                 cookie and the refresh token cookie (for /logout
//!                                 only), 303 to $WEB_APP_HOME_URL (default /)
//! POST /logout                    from this site's own pages only (403 otherwise):
//!                                 revokes the refresh token, clears the cookies, 303 to /
//! GET  /                          a small HTML page: the user's email and a sign-out
//!                                 button when signed in, else links to /login, /me and
//!                                 the admin route
//! GET  /me                        the user's UserInfo as JSON (Bearer token or cookie)
//! GET  /tenants/{tenant_id}/admin 200 if the user holds the `admin` role in that
//!                                 tenant, else 403
//! ```
//!
//! It listens on `127.0.0.1:$PORT` (default 3000; 0 picks a free port) and
//! prints `listening on http://127.0.0.1:PORT` first. It reads the SaaSus
//! credentials from `SAASUS_SAAS_ID`, `SAASUS_API_KEY`, `SAASUS_SECRET_KEY`
//! (and `SAASUS_API_URL_BASE`, `SAASUS_LOGIN_URL`, `WEB_APP_HOME_URL`); it
//! says at start-up when `SAASUS_LOGIN_URL` is missing. The cookies are
//! `Secure` and `__Host-` / `__Secure-` prefixed: browsers keep them on
//! `http://127.0.0.1` and `http://localhost`, and on https. Against the emulator
//! binary, started with `cargo run -p saasus-auth-emulator -- --port 8080`:
//!
//! ```text
//! SAASUS_API_URL_BASE=http://127.0.0.1:8080 SAASUS_SAAS_ID=emulator-saas-id \
//! SAASUS_API_KEY=emulator-api-key SAASUS_SECRET_KEY=emulator-secret-key \
//! cargo run --example web_app --features axum
//! ```

use std::process::ExitCode;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use saasus_auth::middleware::{AuthenticatedUser, SignIn, LOGIN_URL_ENV};
use saasus_auth::session::{Authenticator, UserInfoExt};
use saasus_auth::AuthClient;
use serde_json::json;

/// The role `/tenants/{tenant_id}/admin` requires.
const ADMIN_ROLE: &str = "admin";

#[tokio::main]
async fn main() -> ExitCode {
    // Warnings on stderr: a wrong SAASUS_SECRET_KEY shows here (as a 500 on
    // every authenticated route), not as a login loop.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(std::io::stderr)
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = match std::env::var("PORT") {
        Ok(p) if !p.is_empty() => p.parse().map_err(|_| format!("PORT={p:?} is not a port"))?,
        _ => 3000,
    };
    let client = AuthClient::from_env()?;
    let env = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    // /login, /callback and /logout, with the secure defaults: PKCE
    // required, cookies `Secure` and `__Host-` / `__Secure-` (browsers
    // accept them from http://127.0.0.1 and http://localhost), logout
    // from this site's own pages only.
    let sign_in = SignIn::new(client.clone())
        .redirect_after_sign_in(Some(env("WEB_APP_HOME_URL").unwrap_or_else(|| "/".into())))
        .redirect_after_sign_out(Some("/".into()));
    // `.with_cache(10_000, Duration::from_secs(5))` on the authenticator
    // would spare SaaSus the bursts, at the price of role changes showing
    // up to 5 s late.
    let authenticator = Authenticator::new(client)
        .with_token_extractor(sign_in.session_cookies().token_extractor());
    // 401 answers point at this app's /login (which adds the PKCE challenge).
    let authenticated = Router::new()
        .route("/me", get(me))
        .route("/tenants/{tenant_id}/admin", get(tenant_admin))
        .layer(sign_in.auth_layer(authenticator.clone()));
    let home = Router::new()
        .route("/", get(home))
        .with_state(authenticator);
    let router = sign_in.routes()?.merge(authenticated).merge(home);

    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    if sign_in.has_login_url() {
        eprintln!("routes: / /login /callback /logout /me /tenants/{{tenant_id}}/admin");
    } else {
        eprintln!(
            "warning: {LOGIN_URL_ENV} is not set: /login answers 500 no_login_url until it is \
             (the hosted login page's URL); /, /callback, /logout, /me and \
             /tenants/{{tenant_id}}/admin work without it"
        );
    }
    axum::serve(listener, router).await?;
    Ok(())
}

/// The home page: who is signed in and a sign-out button, or links to sign
/// in and to the other routes. Server-rendered, no JavaScript.
async fn home(State(authenticator): State<Authenticator>, headers: HeaderMap) -> Response {
    let body = match authenticator.authenticate(&headers).await {
        Ok(user) => format!(
            "<p>Signed in as <span id=\"email\">{}</span>.</p>\n\
             <form method=\"post\" action=\"/logout\">\
             <button type=\"submit\" id=\"logout\">Sign out</button></form>\n\
             <p><a id=\"me\" href=\"/me\">/me</a> (your UserInfo as JSON)</p>",
            escape_html(&user.email)
        ),
        Err(failure) if failure.is_unauthenticated() => "<p>Not signed in.</p>\n\
             <p><a id=\"login\" href=\"/login\">Sign in</a></p>\n\
             <p><a id=\"me\" href=\"/me\">/me</a> (your UserInfo as JSON, once signed in)</p>\n\
             <p><a id=\"admin\" href=\"/tenants/TENANT_ID/admin\">/tenants/TENANT_ID/admin</a> \
             (200 for the tenant's admins: put a tenant ID in the URL)</p>"
            .to_string(),
        // SaaSus unreachable, or refusing this app's credentials: logged,
        // never shown as "not signed in".
        Err(failure) => {
            tracing::warn!(code = failure.code(), "home page: {failure}");
            return error(
                failure.status_code(),
                failure.code(),
                "the server cannot tell who is signed in",
            );
        }
    };
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>SaaSus sign-in example</title></head>\n<body>\n<h1>SaaSus sign-in example</h1>\n\
         {body}\n</body></html>\n"
    );
    let mut response = Html(page).into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// `text` for HTML element content and attribute values.
fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The authenticated user, as SaaSus describes them.
async fn me(AuthenticatedUser(user): AuthenticatedUser) -> Response {
    Json(&*user).into_response()
}

/// Only for the tenant's admins.
async fn tenant_admin(user: AuthenticatedUser, Path(tenant_id): Path<String>) -> Response {
    if user.has_role_in_tenant(&tenant_id, ADMIN_ROLE) {
        Json(json!({ "tenant_id": tenant_id, "role": ADMIN_ROLE, "email": user.email }))
            .into_response()
    } else {
        error(
            StatusCode::FORBIDDEN,
            "forbidden",
            "this requires the admin role in the tenant",
        )
    }
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "error": code, "message": message }))).into_response()
}
