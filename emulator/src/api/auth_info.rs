//! The `authInfo` tag: the callback URL, identity providers and sign-in
//! settings.

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
        .route("/auth-info", get(get_auth_info).put(update_auth_info))
        .route(
            "/identity-providers",
            get(get_identity_providers).put(update_identity_provider),
        )
        .route(
            "/sign-in-settings",
            get(get_sign_in_settings).put(update_sign_in_settings),
        )
}

async fn get_auth_info(State(app): State<App>) -> Response {
    app.run("GetAuthInfo", |s| Ok(s.get_auth_info()))
}

async fn update_auth_info(
    State(app): State<App>,
    Json(p): Json<types::UpdateAuthInfoParam>,
) -> Response {
    app.run("UpdateAuthInfo", |s| {
        s.update_auth_info(p.0);
        Ok(())
    })
}

async fn get_identity_providers(State(app): State<App>) -> Response {
    app.run("GetIdentityProviders", |s| Ok(s.get_identity_providers()))
}

async fn update_identity_provider(
    State(app): State<App>,
    Json(p): Json<types::UpdateIdentityProviderParam>,
) -> Response {
    app.run("UpdateIdentityProvider", |s| {
        s.update_identity_provider(p);
        Ok(())
    })
}

async fn get_sign_in_settings(State(app): State<App>) -> Response {
    app.run("GetSignInSettings", |s| Ok(s.get_sign_in_settings()))
}

async fn update_sign_in_settings(
    State(app): State<App>,
    Json(p): Json<types::UpdateSignInSettingsParam>,
) -> Response {
    app.run("UpdateSignInSettings", |s| {
        s.update_sign_in_settings(p);
        Ok(())
    })
}
