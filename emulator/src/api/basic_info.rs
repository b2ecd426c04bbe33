//! The `basicInfo` tag: basic info (domain, sender), notification
//! messages, customized pages and their settings.

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
        .route("/basic-info", get(get_basic_info).put(update_basic_info))
        .route(
            "/notification-messages",
            get(find_notification_messages).put(update_notification_messages),
        )
        .route(
            "/customize-pages",
            get(get_customize_pages).patch(update_customize_pages),
        )
        .route(
            "/customize-page-settings",
            get(get_customize_page_settings).patch(update_customize_page_settings),
        )
}

async fn get_basic_info(State(app): State<App>) -> Response {
    app.run("GetBasicInfo", |s| Ok(s.get_basic_info()))
}

async fn update_basic_info(
    State(app): State<App>,
    Json(p): Json<types::UpdateBasicInfoParam>,
) -> Response {
    app.run("UpdateBasicInfo", |s| s.update_basic_info(p))
}

async fn find_notification_messages(State(app): State<App>) -> Response {
    app.run("FindNotificationMessages", |s| {
        Ok(s.find_notification_messages())
    })
}

async fn update_notification_messages(
    State(app): State<App>,
    Json(p): Json<types::UpdateNotificationMessagesParam>,
) -> Response {
    app.run("UpdateNotificationMessages", |s| {
        s.update_notification_messages(p);
        Ok(())
    })
}

async fn get_customize_pages(State(app): State<App>) -> Response {
    app.run("GetCustomizePages", |s| Ok(s.get_customize_pages()))
}

async fn update_customize_pages(
    State(app): State<App>,
    Json(p): Json<types::UpdateCustomizePagesParam>,
) -> Response {
    app.run("UpdateCustomizePages", |s| {
        s.update_customize_pages(p);
        Ok(())
    })
}

async fn get_customize_page_settings(State(app): State<App>) -> Response {
    app.run("GetCustomizePageSettings", |s| {
        Ok(s.get_customize_page_settings())
    })
}

async fn update_customize_page_settings(
    State(app): State<App>,
    Json(p): Json<types::UpdateCustomizePageSettingsParam>,
) -> Response {
    app.run("UpdateCustomizePageSettings", |s| {
        s.update_customize_page_settings(p);
        Ok(())
    })
}
