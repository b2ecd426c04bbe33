//! [`RequestContext`]: what an incoming request hands on to the
//! `GetUserInfo` call that authenticates it.

use http::header::REFERER;
use http::HeaderMap;

use crate::config::{X_SAASUS_REFERER, X_SAASUS_TRACE_ID};
use crate::transport::RequestOptions;

use super::token::{IdToken, TokenError, TokenExtractor};

/// An incoming request, as far as authenticating it goes: its ID token (or
/// why there is none) and the headers the official middlewares pass on to
/// `GetUserInfo`: `Referer`, `X-SaaSus-Referer` and `X-SaaSus-Trace-Id`.
///
/// Framework-neutral: built from an [`http::HeaderMap`], which every Rust
/// HTTP server exposes. Its `Debug` never shows the token.
///
/// ```
/// use saasus_auth::http::HeaderMap;
/// use saasus_auth::session::RequestContext;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("authorization", "Bearer abc.def.ghi".parse().unwrap());
/// headers.insert("x-saasus-trace-id", "4bf92f3577b34da6".parse().unwrap());
/// let context = RequestContext::from_headers(&headers);
/// assert_eq!(context.token().unwrap().expose(), "abc.def.ghi");
/// assert_eq!(context.trace_id(), Some("4bf92f3577b34da6"));
/// assert_eq!(context.referer(), None);
/// assert!(!format!("{context:?}").contains("abc.def.ghi"));
/// ```
#[derive(Debug, Clone)]
pub struct RequestContext {
    token: Result<IdToken, TokenError>,
    referer: Option<String>,
    x_saasus_referer: Option<String>,
    trace_id: Option<String>,
}

impl RequestContext {
    /// The context of a request with these headers, its token found by
    /// [`TokenExtractor::default`].
    pub fn from_headers(headers: &HeaderMap) -> Self {
        Self::from_headers_with(headers, &TokenExtractor::default())
    }

    /// The context of a request with these headers, its token found by
    /// `extractor`.
    pub fn from_headers_with(headers: &HeaderMap, extractor: &TokenExtractor) -> Self {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &http::HeaderValue| v.to_str().ok())
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        Self {
            token: extractor.extract(headers),
            referer: text(REFERER),
            x_saasus_referer: text(X_SAASUS_REFERER),
            trace_id: text(X_SAASUS_TRACE_ID),
        }
    }

    /// A context for a token obtained otherwise, with no headers to pass
    /// on.
    ///
    /// ```
    /// use saasus_auth::session::{IdToken, RequestContext};
    ///
    /// let context = RequestContext::from_token(IdToken::new("abc")).with_trace_id("t-1");
    /// assert_eq!(context.trace_id(), Some("t-1"));
    /// ```
    pub fn from_token(token: IdToken) -> Self {
        Self {
            token: Ok(token),
            referer: None,
            x_saasus_referer: None,
            trace_id: None,
        }
    }

    /// The same context with `X-SaaSus-Trace-Id: trace_id` to pass on.
    pub fn with_trace_id(mut self, trace_id: impl Into<String>) -> Self {
        self.trace_id = Some(trace_id.into());
        self
    }

    /// The request's ID token, or why it has none.
    pub fn token(&self) -> Result<&IdToken, TokenError> {
        self.token.as_ref().map_err(|e| *e)
    }

    /// The incoming `Referer`, if any.
    pub fn referer(&self) -> Option<&str> {
        self.referer.as_deref()
    }

    /// The incoming `X-SaaSus-Referer`, if any.
    pub fn x_saasus_referer(&self) -> Option<&str> {
        self.x_saasus_referer.as_deref()
    }

    /// The incoming `X-SaaSus-Trace-Id`, if any.
    pub fn trace_id(&self) -> Option<&str> {
        self.trace_id.as_deref()
    }

    /// `options` with the headers to pass on set (each replacing the same
    /// header in `options`); the other settings of `options` are kept.
    ///
    /// ```
    /// use std::time::Duration;
    /// use saasus_auth::RequestOptions;
    /// use saasus_auth::session::{IdToken, RequestContext};
    ///
    /// let context = RequestContext::from_token(IdToken::new("abc")).with_trace_id("t-1");
    /// let options = context.apply_to(RequestOptions::new().timeout(Duration::from_secs(2)));
    /// assert!(options.problem().is_none());
    /// ```
    pub fn apply_to(&self, mut options: RequestOptions) -> RequestOptions {
        if let Some(v) = &self.referer {
            options = options.referer(v);
        }
        if let Some(v) = &self.x_saasus_referer {
            options = options.x_saasus_referer(v);
        }
        if let Some(v) = &self.trace_id {
            options = options.trace_id(v);
        }
        options
    }
}
