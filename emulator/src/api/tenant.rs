//! The `tenant` tag: tenants, their plans, billing info, identity
//! providers, and the Stripe link.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get, patch, put};
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Path};
use crate::ops::*;
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
    app.run(&GET_TENANTS, |s| Ok(s.get_tenants()))
}

async fn create_tenant(
    State(app): State<App>,
    Json(p): Json<types::CreateTenantParam>,
) -> Response {
    app.run(&CREATE_TENANT, |s| s.create_tenant(p.0))
}

async fn get_tenant(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run(&GET_TENANT, |s| s.get_tenant(&id))
}

async fn update_tenant(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateTenantParam>,
) -> Response {
    app.run(&UPDATE_TENANT, |s| s.update_tenant(&id, p.0))
}

async fn delete_tenant(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run(&DELETE_TENANT, |s| s.delete_tenant(&id))
}

async fn update_tenant_plan(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateTenantPlanParam>,
) -> Response {
    app.run(&UPDATE_TENANT_PLAN, |s| s.update_tenant_plan(&id, p.0))
}

async fn update_tenant_billing_info(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateTenantBillingInfoParam>,
) -> Response {
    app.run(&UPDATE_TENANT_BILLING_INFO, |s| {
        s.update_tenant_billing_info(&id, p.0)
    })
}

async fn get_tenant_identity_providers(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run(&GET_TENANT_IDENTITY_PROVIDERS, |s| {
        s.get_tenant_identity_providers(&id)
    })
}

async fn update_tenant_identity_provider(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateTenantIdentityProviderParam>,
) -> Response {
    app.run(&UPDATE_TENANT_IDENTITY_PROVIDER, |s| {
        s.update_tenant_identity_provider(&id, p)
    })
}

async fn create_tenant_and_pricing(State(app): State<App>) -> Response {
    app.run(&CREATE_TENANT_AND_PRICING, |s| {
        s.create_tenant_and_pricing();
        Ok(())
    })
}

async fn delete_stripe_tenant_and_pricing(State(app): State<App>) -> Response {
    app.run(&DELETE_STRIPE_TENANT_AND_PRICING, |s| {
        s.delete_stripe_tenant_and_pricing()
    })
}

async fn reset_plan(State(app): State<App>) -> Response {
    app.run(&RESET_PLAN, |s| {
        s.reset_plan();
        Ok(())
    })
}

async fn get_stripe_customer(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run(&GET_STRIPE_CUSTOMER, |s| s.get_stripe_customer(&id))
}
