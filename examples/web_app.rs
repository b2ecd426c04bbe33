//! A small axum app signing users in with SaaSus and authenticating every
//! request by its ID token (feature `axum`).
//!
//! ```text
//! GET /callback?code=…           exchanges the code, sets the ID token cookie,
//!                                answers the token's expiry (or redirects to
//!                                $WEB_APP_HOME_URL when set)
//! GET /me                        the user's UserInfo as JSON (Bearer token or cookie)
//! GET /tenants/{tenant_id}/admin 200 if the user holds the `admin` role in that
//!                                tenant, else 403
//! ```
//!
//! It listens on `127.0.0.1:$PORT` (default 3000; 0 picks a free port) and
//! prints `listening on http://127.0.0.1:PORT` first. It reads the SaaSus
//! credentials from `SAASUS_SAAS_ID`, `SAASUS_API_KEY`, `SAASUS_SECRET_KEY`
//! (and `SAASUS_API_URL_BASE`, `SAASUS_LOGIN_URL`). Against the emulator
//! binary, started with `cargo run -p saasus-auth-emulator -- --port 8080`:
//!
//! ```text
//! SAASUS_API_URL_BASE=http://127.0.0.1:8080 SAASUS_SAAS_ID=emulator-saas-id \
//! SAASUS_API_KEY=emulator-api-key SAASUS_SECRET_KEY=emulator-secret-key \
//! cargo run --example web_app --features axum
//! ```

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use saasus_auth::middleware::{AuthLayer, AuthenticatedUser};
use saasus_auth::session::{Authenticator, Credentials, UserInfoExt};
use saasus_auth::AuthClient;
use serde::Deserialize;
use serde_json::json;

/// The cookie the ID token is set in (one the middleware reads by default).
const ID_TOKEN_COOKIE: &str = "SaaSus_idToken";
/// The role `/tenants/{tenant_id}/admin` requires.
const ADMIN_ROLE: &str = "admin";

#[derive(Clone)]
struct App {
    client: AuthClient,
    home_url: Option<String>,
}

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
    let app = App {
        client: client.clone(),
        home_url: std::env::var("WEB_APP_HOME_URL")
            .ok()
            .filter(|u| !u.is_empty()),
    };
    // `.with_cache(10_000, Duration::from_secs(5))` on the authenticator
    // would spare SaaSus the bursts, at the price of role changes showing
    // up to 5 s late.
    let authenticated = Router::new()
        .route("/me", get(me))
        .route("/tenants/{tenant_id}/admin", get(tenant_admin))
        .layer(AuthLayer::new(Authenticator::new(client)));
    let router = Router::new()
        .route("/callback", get(callback))
        .merge(authenticated)
        .with_state(app);

    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router).await?;
    Ok(())
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
}

/// The login page's redirect: exchange the code, set the cookie.
async fn callback(State(app): State<App>, Query(query): Query<CallbackQuery>) -> Response {
    let Some(code) = query.code.filter(|c| !c.is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "missing_code",
            "no code in the query",
        );
    };
    let credentials = match app.client.exchange_code(&code).await {
        Ok(credentials) => credentials,
        Err(e) if e.is_invalid_grant() => {
            return error(
                StatusCode::UNAUTHORIZED,
                "invalid_code",
                "the code is unknown, already used or expired: sign in again",
            )
        }
        Err(e) => {
            eprintln!("callback: {e}");
            return error(
                StatusCode::BAD_GATEWAY,
                "saasus_error",
                "SaaSus could not exchange the code",
            );
        }
    };
    let expires_at = expiry(&credentials);
    let mut response = match &app.home_url {
        Some(home) => Redirect::to(home).into_response(),
        None => Json(json!({
            "id_token_expires_at": expires_at,
            "expires_in": expires_at.map(|at| at.saturating_sub(now())),
        }))
        .into_response(),
    };
    // Add `Secure` when serving over HTTPS.
    let max_age = expires_at.map(|at| format!("; Max-Age={}", at.saturating_sub(now())));
    let cookie = format!(
        "{ID_TOKEN_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax{}",
        credentials.id_token(),
        max_age.unwrap_or_default()
    );
    match HeaderValue::from_str(&cookie) {
        Ok(value) => {
            response.headers_mut().append(header::SET_COOKIE, value);
            response
        }
        Err(_) => error(
            StatusCode::BAD_GATEWAY,
            "saasus_error",
            "SaaSus answered an unusable token",
        ),
    }
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

fn expiry(credentials: &Credentials) -> Option<u64> {
    credentials
        .id_token_expires_at()
        .and_then(|at| at.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "error": code, "message": message }))).into_response()
}
