//! The `tenantUser` tag: tenant users (SaaS users' memberships of tenants),
//! their counts, search, and their roles per env.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Path, Query};

use crate::state::TenantUserSearch;
use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/tenants/all/users", get(get_all_tenant_users))
        .route(
            "/tenants/all/users/count",
            get(get_all_tenant_users_count).post(save_tenant_users_counts),
        )
        .route("/tenants/all/users/search", get(search_tenant_users))
        .route("/tenants/all/users/{user_id}", get(get_all_tenant_user))
        .route(
            "/tenants/{tenant_id}/users",
            get(get_tenant_users).post(create_tenant_user),
        )
        .route(
            "/tenants/{tenant_id}/users/{user_id}",
            get(get_tenant_user)
                .patch(update_tenant_user)
                .delete(delete_tenant_user),
        )
        .route(
            "/tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles",
            post(create_tenant_user_roles),
        )
        .route(
            "/tenants/{tenant_id}/users/{user_id}/envs/{env_id}/roles/{role_name}",
            delete(delete_tenant_user_role),
        )
}

async fn get_all_tenant_users(State(app): State<App>) -> Response {
    app.run("GetAllTenantUsers", |s| Ok(s.get_all_tenant_users()))
}

async fn get_all_tenant_users_count(State(app): State<App>) -> Response {
    app.run("GetAllTenantUsersCount", |s| {
        Ok(s.get_all_tenant_users_count())
    })
}

async fn save_tenant_users_counts(
    State(app): State<App>,
    Json(p): Json<types::SaveTenantUsersCountsParam>,
) -> Response {
    app.run("SaveTenantUsersCounts", |s| s.save_tenant_users_counts(p))
}

async fn search_tenant_users(
    State(app): State<App>,
    Query(q): Query<TenantUserSearch>,
) -> Response {
    app.run("SearchTenantUsers", |s| s.search_tenant_users(q))
}

async fn get_all_tenant_user(State(app): State<App>, Path(user_id): Path<String>) -> Response {
    app.run("GetAllTenantUser", |s| s.get_all_tenant_user(&user_id))
}

async fn get_tenant_users(State(app): State<App>, Path(tenant_id): Path<String>) -> Response {
    app.run("GetTenantUsers", |s| s.get_tenant_users(&tenant_id))
}

async fn create_tenant_user(
    State(app): State<App>,
    Path(tenant_id): Path<String>,
    Json(p): Json<types::CreateTenantUserParam>,
) -> Response {
    app.run("CreateTenantUser", |s| s.create_tenant_user(&tenant_id, p))
}

async fn get_tenant_user(
    State(app): State<App>,
    Path((tenant_id, user_id)): Path<(String, String)>,
) -> Response {
    app.run("GetTenantUser", |s| s.get_tenant_user(&tenant_id, &user_id))
}

async fn update_tenant_user(
    State(app): State<App>,
    Path((tenant_id, user_id)): Path<(String, String)>,
    Json(p): Json<types::UpdateTenantUserParam>,
) -> Response {
    app.run("UpdateTenantUser", |s| {
        s.update_tenant_user(&tenant_id, &user_id, p)
    })
}

async fn delete_tenant_user(
    State(app): State<App>,
    Path((tenant_id, user_id)): Path<(String, String)>,
) -> Response {
    app.run("DeleteTenantUser", |s| {
        s.delete_tenant_user(&tenant_id, &user_id)
    })
}

async fn create_tenant_user_roles(
    State(app): State<App>,
    Path((tenant_id, user_id, env_id)): Path<(String, String, i64)>,
    Json(p): Json<types::CreateTenantUserRolesParam>,
) -> Response {
    app.run("CreateTenantUserRoles", |s| {
        s.create_tenant_user_roles(&tenant_id, &user_id, env_id, p)
    })
}

async fn delete_tenant_user_role(
    State(app): State<App>,
    Path((tenant_id, user_id, env_id, role_name)): Path<(String, String, i64, String)>,
) -> Response {
    app.run("DeleteTenantUserRole", |s| {
        s.delete_tenant_user_role(&tenant_id, &user_id, env_id, &role_name)
    })
}
