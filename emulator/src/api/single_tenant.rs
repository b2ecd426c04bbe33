//! The `singleTenant` tag: single-tenant settings and the CloudFormation
//! launch link.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use saasus_auth::types;

use crate::extract::Json;

use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/single-tenant/cloudformation-launch-stack-link",
            get(get_cloud_formation_launch_stack_link_for_single_tenant),
        )
        .route(
            "/single-tenant/settings",
            get(get_single_tenant_settings).patch(update_single_tenant_settings),
        )
}

async fn get_cloud_formation_launch_stack_link_for_single_tenant(
    State(app): State<App>,
) -> Response {
    app.run("GetCloudFormationLaunchStackLinkForSingleTenant", |s| {
        Ok(s.get_cloud_formation_launch_stack_link())
    })
}

async fn get_single_tenant_settings(State(app): State<App>) -> Response {
    app.run("GetSingleTenantSettings", |s| {
        Ok(s.get_single_tenant_settings())
    })
}

async fn update_single_tenant_settings(
    State(app): State<App>,
    Json(p): Json<types::UpdateSingleTenantSettingsParam>,
) -> Response {
    app.run("UpdateSingleTenantSettings", |s| {
        s.update_single_tenant_settings(p)
    })
}
