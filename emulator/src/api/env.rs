//! The `env` tag: environments.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Path};

use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/envs", get(get_envs).post(create_env))
        .route(
            "/envs/{env_id}",
            get(get_env).patch(update_env).delete(delete_env),
        )
}

async fn get_envs(State(app): State<App>) -> Response {
    app.run("GetEnvs", |s| Ok(s.get_envs()))
}

async fn create_env(State(app): State<App>, Json(p): Json<types::CreateEnvParam>) -> Response {
    app.run("CreateEnv", |s| s.create_env(p.0))
}

async fn get_env(State(app): State<App>, Path(id): Path<i64>) -> Response {
    app.run("GetEnv", |s| s.get_env(id))
}

async fn update_env(
    State(app): State<App>,
    Path(id): Path<i64>,
    Json(p): Json<types::UpdateEnvParam>,
) -> Response {
    app.run("UpdateEnv", |s| s.update_env(id, p))
}

async fn delete_env(State(app): State<App>, Path(id): Path<i64>) -> Response {
    app.run("DeleteEnv", |s| s.delete_env(id))
}
