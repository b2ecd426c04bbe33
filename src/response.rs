//! [`ApiResponse`]: what every successful call answers.

use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::config::X_SAASUS_TRACE_ID;

/// A successful response: its status, its headers and the decoded data;
/// the counterpart of the official SDKs' `AxiosResponse<T>`.
///
/// ```
/// use saasus_auth::ApiResponse;
/// use saasus_auth::reqwest::{header::HeaderMap, StatusCode};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-saasus-trace-id", "4bf92f3577b34da6".parse().unwrap());
/// let response = ApiResponse::new(StatusCode::OK, headers, 42);
/// assert_eq!(response.trace_id(), Some("4bf92f3577b34da6"));
/// assert_eq!(response.into_data(), 42);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body (`()` for operations that answer without one).
    pub data: T,
}

impl<T> ApiResponse<T> {
    /// A response with these parts (for tests and wrappers).
    pub fn new(status: StatusCode, headers: HeaderMap, data: T) -> Self {
        Self {
            status,
            headers,
            data,
        }
    }

    /// The decoded body, dropping status and headers.
    pub fn into_data(self) -> T {
        self.data
    }

    /// The `X-SaaSus-Trace-Id` SaaSus answered with, if any: quote it when
    /// asking SaaSus support about a call.
    pub fn trace_id(&self) -> Option<&str> {
        self.headers
            .get(X_SAASUS_TRACE_ID)
            .and_then(|v| v.to_str().ok())
    }

    /// The same response with its data mapped by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            data: f(self.data),
        }
    }
}

impl<T> From<ResponseValue<T>> for ApiResponse<T> {
    fn from(value: ResponseValue<T>) -> Self {
        let status = value.status();
        let headers = value.headers().clone();
        Self {
            status,
            headers,
            data: value.into_inner(),
        }
    }
}
