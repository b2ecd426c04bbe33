//! The `tenantAttribute` tag: definitions of tenant attributes.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Path};

use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/tenant-attributes",
            get(get_tenant_attributes).post(create_tenant_attribute),
        )
        .route(
            "/tenant-attributes/{attribute_name}",
            delete(delete_tenant_attribute),
        )
}

async fn get_tenant_attributes(State(app): State<App>) -> Response {
    app.run("GetTenantAttributes", |s| Ok(s.get_tenant_attributes()))
}

async fn create_tenant_attribute(
    State(app): State<App>,
    Json(p): Json<types::CreateTenantAttributeParam>,
) -> Response {
    app.run("CreateTenantAttribute", |s| s.create_tenant_attribute(p.0))
}

async fn delete_tenant_attribute(State(app): State<App>, Path(name): Path<String>) -> Response {
    app.run("DeleteTenantAttribute", |s| {
        s.delete_tenant_attribute(&name)
    })
}
