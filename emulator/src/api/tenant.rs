//! The `tenant` tag: tenants, their plans, billing info, identity
//! providers, and the Stripe link.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get, patch, put};
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Path};

use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/tenants", get(get_tenants).post(create_tenant))
        .route(
            "/tenants/{tenant_id}",
            get(get_tenant).patch(update_tenant).delete(delete_tenant),
        )
        .route("/tenants/{tenant_id}/plans", put(update_tenant_plan))
        .route(
            "/tenants/{tenant_id}/billing-info",
            put(update_tenant_billing_info),
        )
        .route(
            "/tenants/{tenant_id}/identity-providers",
            get(get_tenant_identity_providers).put(update_tenant_identity_provider),
        )
        .route("/stripe/init", patch(create_tenant_and_pricing))
        .route("/stripe", delete(delete_stripe_tenant_and_pricing))
        .route("/plans/reset", put(reset_plan))
        .route(
            "/tenants/{tenant_id}/stripe-customer",
            get(get_stripe_customer),
        )
}

async fn get_tenants(State(app): State<App>) -> Response {
    app.run("GetTenants", |s| Ok(s.get_tenants()))
}

async fn create_tenant(
    State(app): State<App>,
    Json(p): Json<types::CreateTenantParam>,
) -> Response {
    app.run("CreateTenant", |s| s.create_tenant(p.0))
}

async fn get_tenant(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run("GetTenant", |s| s.get_tenant(&id))
}

async fn update_tenant(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateTenantParam>,
) -> Response {
    app.run("UpdateTenant", |s| s.update_tenant(&id, p.0))
}

async fn delete_tenant(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run("DeleteTenant", |s| s.delete_tenant(&id))
}

async fn update_tenant_plan(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateTenantPlanParam>,
) -> Response {
    app.run("UpdateTenantPlan", |s| s.update_tenant_plan(&id, p.0))
}

async fn update_tenant_billing_info(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateTenantBillingInfoParam>,
) -> Response {
    app.run("UpdateTenantBillingInfo", |s| {
        s.update_tenant_billing_info(&id, p.0)
    })
}

async fn get_tenant_identity_providers(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run("GetTenantIdentityProviders", |s| {
        s.get_tenant_identity_providers(&id)
    })
}

async fn update_tenant_identity_provider(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateTenantIdentityProviderParam>,
) -> Response {
    app.run("UpdateTenantIdentityProvider", |s| {
        s.update_tenant_identity_provider(&id, p)
    })
}

async fn create_tenant_and_pricing(State(app): State<App>) -> Response {
    app.run("CreateTenantAndPricing", |s| {
        s.create_tenant_and_pricing();
        Ok(())
    })
}

async fn delete_stripe_tenant_and_pricing(State(app): State<App>) -> Response {
    app.run("DeleteStripeTenantAndPricing", |s| {
        s.delete_stripe_tenant_and_pricing()
    })
}

async fn reset_plan(State(app): State<App>) -> Response {
    app.run("ResetPlan", |s| {
        s.reset_plan();
        Ok(())
    })
}

async fn get_stripe_customer(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run("GetStripeCustomer", |s| s.get_stripe_customer(&id))
}
