//! The `credential` tag: exchanging temporary codes and refresh tokens for
//! credentials, and storing credentials for a code.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Query};

use crate::state::CredentialsQuery;
use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new().route(
        "/credentials",
        get(get_auth_credentials).post(create_auth_credentials),
    )
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
    app.run("CreateAuthCredentials", |s| s.create_auth_credentials(p.0))
}
