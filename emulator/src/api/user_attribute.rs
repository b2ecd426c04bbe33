//! The `userAttribute` tag: definitions of tenant-user attributes and of
//! SaaS-user attributes.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Path};

use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/user-attributes",
            get(get_user_attributes).post(create_user_attribute),
        )
        .route(
            "/user-attributes/{attribute_name}",
            delete(delete_user_attribute),
        )
        .route("/saas-user-attributes", post(create_saas_user_attribute))
}

async fn get_user_attributes(State(app): State<App>) -> Response {
    app.run("GetUserAttributes", |s| Ok(s.get_user_attributes()))
}

async fn create_user_attribute(
    State(app): State<App>,
    Json(p): Json<types::CreateUserAttributeParam>,
) -> Response {
    app.run("CreateUserAttribute", |s| s.create_user_attribute(p.0))
}

async fn delete_user_attribute(State(app): State<App>, Path(name): Path<String>) -> Response {
    app.run("DeleteUserAttribute", |s| s.delete_user_attribute(&name))
}

async fn create_saas_user_attribute(
    State(app): State<App>,
    Json(p): Json<types::CreateSaasUserAttributeParam>,
) -> Response {
    app.run("CreateSaasUserAttribute", |s| {
        s.create_saas_user_attribute(p.0)
    })
}
