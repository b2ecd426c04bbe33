//! The `userInfo` tag: a user's info by ID token, email or sign-in ID.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::extract::Query;

use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/userinfo", get(get_user_info))
        .route("/userinfo/search/email", get(get_user_info_by_email))
        .route(
            "/userinfo/search/sign-in-id",
            get(get_user_info_by_sign_in_id),
        )
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: String,
}

#[derive(Debug, Deserialize)]
struct EmailQuery {
    email: String,
}

#[derive(Debug, Deserialize)]
struct SignInIdQuery {
    sign_in_id: String,
}

async fn get_user_info(State(app): State<App>, Query(q): Query<TokenQuery>) -> Response {
    app.run("GetUserInfo", |s| s.get_user_info(&q.token))
}

async fn get_user_info_by_email(State(app): State<App>, Query(q): Query<EmailQuery>) -> Response {
    app.run("GetUserInfoByEmail", |s| s.get_user_info_by_email(&q.email))
}

async fn get_user_info_by_sign_in_id(
    State(app): State<App>,
    Query(q): Query<SignInIdQuery>,
) -> Response {
    app.run("GetUserInfoBySignInId", |s| {
        s.get_user_info_by_sign_in_id(&q.sign_in_id)
    })
}
