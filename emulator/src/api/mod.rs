//! The HTTP layer of the Auth API: one module per tag, each a set of axum
//! routes whose handlers extract the path, query and body with axum's
//! extractors, run one [`Store`](crate::Store) method and answer with the
//! operation's status (see [`crate::ops`]).

pub mod auth_info;
pub mod basic_info;
pub mod credential;
pub mod env;
pub mod invitation;
pub mod role;
pub mod saas_user;
pub mod single_tenant;
pub mod tenant;
pub mod tenant_attribute;
pub mod tenant_user;
pub mod user_attribute;
pub mod user_info;

use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::error::{Fault, Kind};
use crate::{ops, App};

/// The routes of every tag, relative to `/v1/auth`.
pub fn router() -> Router<App> {
    Router::new()
        .merge(saas_user::routes())
        .merge(credential::routes())
        .merge(user_info::routes())
        .merge(tenant::routes())
        .merge(tenant_user::routes())
        .merge(role::routes())
        .merge(env::routes())
        .merge(user_attribute::routes())
        .merge(tenant_attribute::routes())
        .merge(invitation::routes())
        .merge(basic_info::routes())
        .merge(auth_info::routes())
        .merge(single_tenant::routes())
        .method_not_allowed_fallback(api_fallback)
        .fallback(api_fallback)
}

/// Whether the concrete `path` matches the spec's `template` (`{x}`
/// matches one segment).
fn matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
}

/// Requests no route of the Auth API took (`uri` relative to `/v1/auth`).
async fn api_fallback(method: Method, uri: Uri) -> Response {
    answer(&method, uri.path())
}

/// Requests no route took at all (`uri` absolute).
pub async fn fallback(method: Method, uri: Uri) -> Response {
    match uri.path().strip_prefix("/v1/auth") {
        Some(rest) if rest.starts_with('/') => answer(&method, rest),
        _ => Fault::new(
            Kind::NoRoute,
            "not_found",
            format!("no operation at {:?}", uri.path()),
        )
        .into_response(),
    }
}

/// An operation of the contract answers 501 (not implemented), a known
/// path with another method 405, anything else 404; always with a SaaSus
/// error body. `rest` is the path under `/v1/auth`.
fn answer(method: &Method, rest: &str) -> Response {
    let at_path: Vec<&ops::Op> = ops::Op::all()
        .iter()
        .filter(|op| matches(op.path, rest))
        .collect();
    if let Some(op) = at_path.iter().find(|op| op.http_method == method.as_str()) {
        return Fault::new(
            Kind::NotImplemented,
            "not_implemented",
            format!("the emulator does not implement {}", op.id),
        )
        .into_response();
    }
    if !at_path.is_empty() {
        let allowed: Vec<&str> = at_path.iter().map(|op| op.http_method).collect();
        return Fault::new(
            Kind::BadMethod,
            "method_not_allowed",
            format!("{method} is not allowed here; use {}", allowed.join(" or ")),
        )
        .into_response();
    }
    Fault::new(
        Kind::NoRoute,
        "not_found",
        format!("no operation at /v1/auth{rest}"),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(response: Response) -> (u16, serde_json::Value) {
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn operations_of_the_contract_without_a_route_answer_501() {
        let (status, json) = body(answer(&Method::DELETE, "/users/abc/providers/Google")).await;
        assert_eq!(
            (status, json["type"].as_str()),
            (501, Some("not_implemented"))
        );
        assert!(json["message"].as_str().unwrap().contains("UnlinkProvider"));
        let (status, json) = body(answer(&Method::PUT, "/users")).await;
        assert_eq!(
            (status, json["type"].as_str()),
            (405, Some("method_not_allowed"))
        );
        let (status, _) = body(answer(&Method::GET, "/nothing/here")).await;
        assert_eq!(status, 404);
        let (status, _) =
            body(fallback(Method::GET, Uri::from_static("/v1/auth/envs/1")).await).await;
        assert_eq!(status, 501);
        let (status, _) = body(fallback(Method::GET, Uri::from_static("/elsewhere")).await).await;
        assert_eq!(status, 404);
    }

    #[test]
    fn templates_match_one_segment_per_parameter() {
        assert!(matches("/users/{user_id}", "/users/x"));
        assert!(!matches("/users/{user_id}", "/users/"));
        assert!(!matches("/users/{user_id}", "/users/x/y"));
    }
}
