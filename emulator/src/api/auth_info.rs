//! The `authInfo` tag: the callback URL, identity providers and sign-in
//! settings.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use saasus_auth::types;

use crate::extract::Json;
use crate::ops::*;
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
    app.run(&GET_AUTH_INFO, |s| Ok(s.get_auth_info()))
}

async fn update_auth_info(
    State(app): State<App>,
    Json(p): Json<types::UpdateAuthInfoParam>,
) -> Response {
    app.run(&UPDATE_AUTH_INFO, |s| {
        s.update_auth_info(p.0);
        Ok(())
    })
}

async fn get_identity_providers(State(app): State<App>) -> Response {
    app.run(&GET_IDENTITY_PROVIDERS, |s| Ok(s.get_identity_providers()))
}

async fn update_identity_provider(
    State(app): State<App>,
    Json(p): Json<types::UpdateIdentityProviderParam>,
) -> Response {
    app.run(&UPDATE_IDENTITY_PROVIDER, |s| {
        s.update_identity_provider(p);
        Ok(())
    })
}

async fn get_sign_in_settings(State(app): State<App>) -> Response {
    app.run(&GET_SIGN_IN_SETTINGS, |s| Ok(s.get_sign_in_settings()))
}

async fn update_sign_in_settings(
    State(app): State<App>,
    Json(p): Json<types::UpdateSignInSettingsParam>,
) -> Response {
    app.run(&UPDATE_SIGN_IN_SETTINGS, |s| {
        s.update_sign_in_settings(p);
        Ok(())
    })
}
