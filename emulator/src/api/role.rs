//! The `role` tag: roles.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, patch};
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Path};

use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/roles", get(get_roles).post(create_role))
        .route("/roles/{role_name}", patch(update_role).delete(delete_role))
}

async fn get_roles(State(app): State<App>) -> Response {
    app.run("GetRoles", |s| Ok(s.get_roles()))
}

async fn create_role(State(app): State<App>, Json(p): Json<types::CreateRoleParam>) -> Response {
    app.run("CreateRole", |s| s.create_role(p.0))
}

async fn update_role(
    State(app): State<App>,
    Path(name): Path<String>,
    Json(p): Json<types::UpdateRoleParam>,
) -> Response {
    app.run("UpdateRole", |s| s.update_role(&name, p))
}

async fn delete_role(State(app): State<App>, Path(name): Path<String>) -> Response {
    app.run("DeleteRole", |s| s.delete_role(&name))
}
