//! axum's `Path`, `Query` and `Json` extractors, with their rejections
//! answered as SaaSus error bodies (400) instead of axum's plain text.
//!
//! The library's enums keep a value the spec does not list (a client must
//! survive a newer server); the emulator holds requests to the contract, so
//! the query and the body are decoded inside
//! [`saasus_auth::enums::strictly`], where such a value is refused.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::Fault;

/// The body of a rejection, as a 400 SaaSus error.
fn reject(what: &str, detail: String) -> Fault {
    Fault::bad_request(format!("the {what} is not valid: {detail}"))
}

/// Path parameters, percent-decoded by axum.
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Fault;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Fault> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|r| reject("path", r.body_text()))
    }
}

/// The query string.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Fault;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Fault> {
        saasus_auth::enums::strictly(|| axum::extract::Query::<T>::try_from_uri(&parts.uri))
            .map(|axum::extract::Query(v)| Query(v))
            .map_err(|r| reject("query string", r.body_text()))
    }
}

/// A JSON body of the operation's request type.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Fault;

    async fn from_request(req: Request, state: &S) -> Result<Self, Fault> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|r| reject("request body", r.body_text()))?;
        // The content type, the syntax and the shape, as axum checks them.
        let again = Request::from_parts(parts, Body::from(bytes.clone()));
        let axum::Json(_) = axum::Json::<T>::from_request(again, state)
            .await
            .map_err(|r| reject("request body", r.body_text()))?;
        // Then the enums' values, which must be ones the spec lists.
        saasus_auth::enums::strictly(|| axum::Json::<T>::from_bytes(&bytes))
            .map(|axum::Json(v)| Json(v))
            .map_err(|r| reject("request body", r.body_text()))
    }
}
