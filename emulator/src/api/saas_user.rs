//! The `saasUser` tag: 30 operations on SaaS users, sign-up and sign-in.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{delete, get, patch, post, put};
use axum::Router;
use saasus_auth::types;

use crate::extract::{Json, Path, Query};

use crate::state::Search;
use crate::App;

/// The routes of the tag.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/users", get(get_saas_users).post(create_saas_user))
        .route(
            "/users/count",
            get(get_saas_users_count).post(save_saas_users_count),
        )
        .route("/users/search", get(search_saas_users))
        .route(
            "/users/{user_id}",
            get(get_saas_user).delete(delete_saas_user),
        )
        .route(
            "/users/{user_id}/password",
            patch(update_saas_user_password),
        )
        .route(
            "/users/{user_id}/password/reset",
            post(reset_saas_user_password),
        )
        .route("/users/{user_id}/email", patch(update_saas_user_email))
        .route(
            "/users/{user_id}/sign-in-id",
            patch(update_saas_user_sign_in_id),
        )
        .route("/users/{user_id}/email/request", post(request_email_update))
        .route("/users/{user_id}/email/confirm", post(confirm_email_update))
        .route(
            "/users/{user_id}/attributes",
            patch(update_saas_user_attributes),
        )
        .route(
            "/users/{user_id}/mfa/software-token",
            put(update_software_token),
        )
        .route(
            "/users/{user_id}/mfa/software-token/secret-code",
            post(create_secret_code),
        )
        .route(
            "/users/{user_id}/mfa/preference",
            get(get_user_mfa_preference).patch(update_user_mfa_preference),
        )
        .route(
            "/users/{user_id}/providers/{provider_name}",
            delete(unlink_provider),
        )
        .route("/external-users/request", post(request_external_user_link))
        .route("/external-users/confirm", post(confirm_external_user_link))
        .route("/sign-in", post(sign_in))
        .route("/sign-in/challenge", post(respond_to_sign_in_challenge))
        .route("/device/confirm", post(confirm_device))
        .route("/device/status", post(update_device_status))
        .route("/sign-up", post(sign_up))
        .route("/sign-up/resend", post(resend_sign_up_confirmation_email))
        .route(
            "/aws-marketplace/sign-up",
            post(sign_up_with_aws_marketplace),
        )
        .route(
            "/aws-marketplace/sign-up-confirm",
            post(confirm_sign_up_with_aws_marketplace),
        )
        .route("/aws-marketplace/link", patch(link_aws_marketplace))
}

async fn get_saas_users(State(app): State<App>) -> Response {
    app.run("GetSaasUsers", |s| Ok(s.get_saas_users()))
}

async fn create_saas_user(
    State(app): State<App>,
    Json(p): Json<types::CreateSaasUserParam>,
) -> Response {
    app.run("CreateSaasUser", |s| {
        let now = s.now();
        s.create_saas_user(p, now)
    })
}

async fn get_saas_users_count(State(app): State<App>) -> Response {
    app.run("GetSaasUsersCount", |s| Ok(s.get_saas_users_count()))
}

async fn save_saas_users_count(
    State(app): State<App>,
    Json(p): Json<types::SaveSaasUsersCountParam>,
) -> Response {
    app.run("SaveSaasUsersCount", |s| {
        let now = s.now();
        s.save_saas_users_count(p, now)
    })
}

async fn search_saas_users(State(app): State<App>, Query(q): Query<Search>) -> Response {
    app.run("SearchSaasUsers", |s| s.search_saas_users(q))
}

async fn get_saas_user(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run("GetSaasUser", |s| s.get_saas_user(&id))
}

async fn delete_saas_user(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run("DeleteSaasUser", |s| {
        let now = s.now();
        s.delete_saas_user(&id, now)
    })
}

async fn update_saas_user_password(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateSaasUserPasswordParam>,
) -> Response {
    app.run("UpdateSaasUserPassword", |s| {
        s.update_saas_user_password(&id, p)
    })
}

async fn reset_saas_user_password(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run("ResetSaasUserPassword", |s| s.reset_saas_user_password(&id))
}

async fn update_saas_user_email(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateSaasUserEmailParam>,
) -> Response {
    app.run("UpdateSaasUserEmail", |s| s.update_saas_user_email(&id, p))
}

async fn update_saas_user_sign_in_id(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateSaasUserSignInIdParam>,
) -> Response {
    app.run("UpdateSaasUserSignInId", |s| {
        s.update_saas_user_sign_in_id(&id, p)
    })
}

async fn request_email_update(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::RequestEmailUpdateParam>,
) -> Response {
    app.run("RequestEmailUpdate", |s| s.request_email_update(&id, p))
}

async fn confirm_email_update(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::ConfirmEmailUpdateParam>,
) -> Response {
    app.run("ConfirmEmailUpdate", |s| s.confirm_email_update(&id, p))
}

async fn update_saas_user_attributes(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateSaasUserAttributesParam>,
) -> Response {
    app.run("UpdateSaasUserAttributes", |s| {
        s.update_saas_user_attributes(&id, p)
    })
}

async fn update_software_token(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateSoftwareTokenParam>,
) -> Response {
    app.run("UpdateSoftwareToken", |s| s.update_software_token(&id, p))
}

async fn create_secret_code(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::CreateSecretCodeParam>,
) -> Response {
    app.run("CreateSecretCode", |s| s.create_secret_code(&id, p))
}

async fn get_user_mfa_preference(State(app): State<App>, Path(id): Path<String>) -> Response {
    app.run("GetUserMfaPreference", |s| s.get_user_mfa_preference(&id))
}

async fn update_user_mfa_preference(
    State(app): State<App>,
    Path(id): Path<String>,
    Json(p): Json<types::UpdateUserMfaPreferenceParam>,
) -> Response {
    app.run("UpdateUserMfaPreference", |s| {
        s.update_user_mfa_preference(&id, p)
    })
}

async fn unlink_provider(
    State(app): State<App>,
    Path((id, provider)): Path<(String, String)>,
) -> Response {
    app.run("UnlinkProvider", |s| s.unlink_provider(&id, &provider))
}

async fn request_external_user_link(
    State(app): State<App>,
    Json(p): Json<types::RequestExternalUserLinkParam>,
) -> Response {
    app.run("RequestExternalUserLink", |s| {
        s.request_external_user_link(p)
    })
}

async fn confirm_external_user_link(
    State(app): State<App>,
    Json(p): Json<types::ConfirmExternalUserLinkParam>,
) -> Response {
    app.run("ConfirmExternalUserLink", |s| {
        s.confirm_external_user_link(p)
    })
}

async fn sign_in(State(app): State<App>, Json(p): Json<types::SignInParam>) -> Response {
    app.run("SignIn", |s| s.sign_in(p))
}

async fn respond_to_sign_in_challenge(
    State(app): State<App>,
    Json(p): Json<types::RespondToSignInChallengeParam>,
) -> Response {
    app.run("RespondToSignInChallenge", |s| {
        let now = s.now();
        s.respond_to_sign_in_challenge(p, now)
    })
}

async fn confirm_device(
    State(app): State<App>,
    Json(p): Json<types::ConfirmDeviceParam>,
) -> Response {
    app.run("ConfirmDevice", |s| s.confirm_device(p))
}

async fn update_device_status(
    State(app): State<App>,
    Json(p): Json<types::UpdateDeviceStatusParam>,
) -> Response {
    app.run("UpdateDeviceStatus", |s| s.update_device_status(p))
}

async fn sign_up(State(app): State<App>, Json(p): Json<types::SignUpParam>) -> Response {
    app.run("SignUp", |s| {
        let now = s.now();
        s.sign_up(p, now)
    })
}

async fn resend_sign_up_confirmation_email(
    State(app): State<App>,
    Json(p): Json<types::ResendSignUpConfirmationEmailParam>,
) -> Response {
    app.run("ResendSignUpConfirmationEmail", |s| {
        s.resend_sign_up_confirmation_email(p)
    })
}

async fn sign_up_with_aws_marketplace(
    State(app): State<App>,
    Json(p): Json<types::SignUpWithAwsMarketplaceParam>,
) -> Response {
    app.run("SignUpWithAwsMarketplace", |s| {
        let now = s.now();
        s.sign_up_with_aws_marketplace(p, now)
    })
}

async fn confirm_sign_up_with_aws_marketplace(
    State(app): State<App>,
    Json(p): Json<types::ConfirmSignUpWithAwsMarketplaceParam>,
) -> Response {
    app.run("ConfirmSignUpWithAwsMarketplace", |s| {
        s.confirm_sign_up_with_aws_marketplace(p)
    })
}

async fn link_aws_marketplace(
    State(app): State<App>,
    Json(p): Json<types::LinkAwsMarketplaceParam>,
) -> Response {
    app.run("LinkAwsMarketplace", |s| s.link_aws_marketplace(p))
}
