//! The `credential` tag: exchanging temporary codes (plain or PKCE-bound)
//! and refresh tokens for credentials, storing credentials for a code, and
//! revoking refresh tokens.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Query};

use crate::state::CredentialsQuery;
use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/credentials",
            get(get_auth_credentials).post(create_auth_credentials),
        )
        .route("/credentials/exchange", post(exchange_auth_credentials))
        .route("/token/revoke", post(revoke_token))
}

async fn get_auth_credentials(
    State(app): State<App>,
    Query(q): Query<CredentialsQuery>,
) -> Response {
    app.run("GetAuthCredentials", |s| s.get_auth_credentials(q))
}

async fn create_auth_credentials(
    State(app): State<App>,
    Json(p): Json<types::CreateAuthCredentialsParam>,
) -> Response {
    app.run("CreateAuthCredentials", |s| s.create_auth_credentials(p))
}

async fn exchange_auth_credentials(
    State(app): State<App>,
    Json(p): Json<types::ExchangeAuthCredentialsParam>,
) -> Response {
    app.run("ExchangeAuthCredentials", |s| {
        s.exchange_auth_credentials(p)
    })
}

async fn revoke_token(State(app): State<App>, Json(p): Json<types::RevokeTokenParam>) -> Response {
    app.run("RevokeToken", |s| s.revoke_token(p))
}
