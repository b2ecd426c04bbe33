//! The `invitation` tag: invitations to tenants.

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
        .route(
            "/tenants/{tenant_id}/invitations",
            get(get_tenant_invitations).post(create_tenant_invitation),
        )
        .route(
            "/tenants/{tenant_id}/invitations/{invitation_id}",
            get(get_tenant_invitation).delete(delete_tenant_invitation),
        )
        .route(
            "/invitations/{invitation_id}/validity",
            get(get_invitation_validity),
        )
        .route(
            "/invitations/{invitation_id}/validate",
            patch(validate_invitation),
        )
}

async fn get_tenant_invitations(State(app): State<App>, Path(tenant_id): Path<String>) -> Response {
    app.run("GetTenantInvitations", |s| {
        s.get_tenant_invitations(&tenant_id)
    })
}

async fn create_tenant_invitation(
    State(app): State<App>,
    Path(tenant_id): Path<String>,
    Json(p): Json<types::CreateTenantInvitationParam>,
) -> Response {
    app.run("CreateTenantInvitation", |s| {
        s.create_tenant_invitation(&tenant_id, p)
    })
}

async fn get_tenant_invitation(
    State(app): State<App>,
    Path((tenant_id, id)): Path<(String, String)>,
) -> Response {
    app.run("GetTenantInvitation", |s| {
        s.get_tenant_invitation(&tenant_id, &id)
    })
}

async fn delete_tenant_invitation(
    State(app): State<App>,
    Path((tenant_id, id)): Path<(String, String)>,
) -> Response {
    app.run("DeleteTenantInvitation", |s| {
        s.delete_tenant_invitation(&tenant_id, &id)
    })
}

async fn get_invitation_validity(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run("GetInvitationValidity", |s| s.get_invitation_validity(&id))
}

async fn validate_invitation(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::ValidateInvitationParam>,
) -> Response {
    app.run("ValidateInvitation", |s| s.validate_invitation(&id, p))
}
