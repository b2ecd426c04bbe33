//! Authenticating every request of an axum (or any tower) service: the
//! [`AuthLayer`] and the [`AuthenticatedUser`] extractor. Feature `axum`.
//!
//! The layer finds each request's ID token (`Authorization: Bearer …`,
//! else the `__Host-SaaSus_idToken` cookie), authenticates it with
//! `GetUserInfo` (passing on `Referer`, `X-SaaSus-Referer` and
//! `X-SaaSus-Trace-Id`), and either hands the request on with the user in
//! its extensions or answers for it:
//!
//! - 401 when the token is missing, malformed or rejected, with a JSON body
//!   `{"error": code, "message": why}` and, when `SAASUS_LOGIN_URL` is set
//!   (or [`AuthLayer::login_url`] says so), `"redirect_url"`;
//! - 503 when SaaSus cannot be reached, 502 when it fails, 500 when the
//!   client is misconfigured or SaaSus refuses the application's own
//!   credentials (a wrong `SAASUS_SECRET_KEY`: see
//!   [`Authenticator`]), logged as a warning that names the variables to
//!   check (never 401: the user's token may be fine);
//! - or whatever [`AuthLayer::rejection`] answers.
//!
//! [`SignIn`] adds the routes that sign users in and out: `GET /login`
//! (PKCE), the callback, `POST /logout` (revokes the refresh token), and
//! [`SignIn::auth_layer`] gives the layer that goes with them: it reads
//! their cookie, and its 401s point at the app's own `/login` (which adds
//! the PKCE challenge), not at the hosted page. Their cookies
//! ([`SessionCookies`](crate::session::SessionCookies)):
//! `__Secure-SaaSus_pkceVerifier` (path `/callback`, 10 minutes),
//! `__Host-SaaSus_idToken` (path `/`, until the token expires),
//! `__Secure-SaaSus_refreshToken` (path `/logout` only, 30 days), all
//! `Secure`, `HttpOnly` and `SameSite=Lax`. README.md's table says what
//! each default protects against and what its opt-out gives up.
//!
//! ```no_run
//! use axum::{routing::get, Router};
//! use saasus_auth::middleware::{AuthLayer, AuthenticatedUser};
//! use saasus_auth::session::Authenticator;
//! use saasus_auth::AuthClient;
//!
//! async fn me(AuthenticatedUser(user): AuthenticatedUser) -> String {
//!     user.email.clone()
//! }
//!
//! # fn run() -> Result<(), saasus_auth::Error> {
//! let client = AuthClient::from_env()?;
//! let app: Router = Router::new()
//!     .route("/me", get(me))
//!     .layer(AuthLayer::new(Authenticator::new(client)));
//! # Ok(()) }
//! ```

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::{header, HeaderValue, Request, StatusCode};
use tower::{Layer, Service};

use crate::raw::types;
use crate::session::{AuthFailure, Authenticator};

mod sign_in;

pub use sign_in::{InvalidRoutes, SignIn};

/// The environment variable naming the login page: when set, 401 answers
/// carry it as `redirect_url`.
pub const LOGIN_URL_ENV: &str = "SAASUS_LOGIN_URL";

type RejectionFn = dyn Fn(&AuthFailure) -> Response + Send + Sync;

/// A tower [`Layer`] that authenticates every request before the inner
/// service sees it (see the [module](self) documentation).
///
/// On success the request reaches the service with an
/// [`AuthenticatedUser`] in its extensions: take it with the extractor, or
/// `request.extensions().get::<AuthenticatedUser>()`.
///
/// ```
/// use std::time::Duration;
/// use axum::response::IntoResponse;
/// use saasus_auth::middleware::AuthLayer;
/// use saasus_auth::session::Authenticator;
/// use saasus_auth::{AuthClient, Configuration};
///
/// let config = Configuration::new("saas-id", "api-key", "secret-key");
/// let authenticator = Authenticator::new(AuthClient::new(Some(config), None)?)
///     .with_cache(10_000, Duration::from_secs(5));
/// let layer = AuthLayer::new(authenticator)
///     .login_url(Some("https://auth.example.com/login".to_string()))
///     .rejection(|failure| (failure.status_code(), failure.code()).into_response());
/// assert_eq!(layer.login_url_in_use(), Some("https://auth.example.com/login"));
/// # Ok::<(), saasus_auth::Error>(())
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
#[derive(Clone)]
pub struct AuthLayer {
    authenticator: Authenticator,
    login_url: Option<Arc<str>>,
    rejection: Option<Arc<RejectionFn>>,
}

impl fmt::Debug for AuthLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthLayer")
            .field("authenticator", &self.authenticator)
            .field("login_url", &self.login_url)
            .field("custom_rejection", &self.rejection.is_some())
            .finish()
    }
}

impl AuthLayer {
    /// Authenticates with `authenticator`; 401 answers carry
    /// `SAASUS_LOGIN_URL` as `redirect_url` when it is set and not empty.
    pub fn new(authenticator: Authenticator) -> Self {
        let login_url = std::env::var(LOGIN_URL_ENV).ok().filter(|u| !u.is_empty());
        Self {
            authenticator,
            login_url: login_url.map(Arc::from),
            rejection: None,
        }
    }

    /// The login page for `redirect_url`, replacing `SAASUS_LOGIN_URL`;
    /// `None` sends none.
    pub fn login_url(mut self, login_url: Option<String>) -> Self {
        self.login_url = login_url.map(Arc::from);
        self
    }

    /// The login page 401 answers name, if any.
    pub fn login_url_in_use(&self) -> Option<&str> {
        self.login_url.as_deref()
    }

    /// Answers failed requests with `rejection` instead of
    /// [`json_rejection`] (a redirect to the login page, an HTML page...).
    pub fn rejection<F>(mut self, rejection: F) -> Self
    where
        F: Fn(&AuthFailure) -> Response + Send + Sync + 'static,
    {
        self.rejection = Some(Arc::new(rejection));
        self
    }

    /// The authenticator in use.
    pub fn authenticator(&self) -> &Authenticator {
        &self.authenticator
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = AuthService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AuthService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service [`AuthLayer`] wraps around another.
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
#[derive(Clone, Debug)]
pub struct AuthService<S> {
    inner: S,
    layer: AuthLayer,
}

impl<S, B> Service<Request<B>> for AuthService<S>
where
    S: Service<Request<B>> + Clone + Send + 'static,
    S::Response: IntoResponse,
    S::Future: Send + 'static,
    B: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        // The clone may not be ready: call the one that was polled.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let layer = self.layer.clone();
        Box::pin(async move {
            match layer.authenticator.authenticate(request.headers()).await {
                Ok(user) => {
                    request.extensions_mut().insert(AuthenticatedUser(user));
                    Ok(inner.call(request).await?.into_response())
                }
                Err(failure) => {
                    log_failure(&failure);
                    Ok(match &layer.rejection {
                        Some(rejection) => rejection(&failure),
                        None => json_rejection(&failure, layer.login_url.as_deref()),
                    })
                }
            }
        })
    }
}

fn log_failure(failure: &AuthFailure) {
    // The crate's errors never carry the token; neither does this.
    if let AuthFailure::CredentialsRejected(_) = failure {
        // Names the variables, never their values.
        tracing::warn!(
            code = failure.code(),
            "requests fail with 500 until the credentials are fixed: {failure}"
        );
    } else if failure.is_unauthenticated() {
        tracing::debug!(
            code = failure.code(),
            "request not authenticated: {failure}"
        );
    } else {
        tracing::warn!(
            code = failure.code(),
            "could not authenticate a request: {failure}"
        );
    }
}

/// The default answer to a request that could not be authenticated:
/// [`AuthFailure::status_code`] with a JSON body `{"error": code,
/// "message": why}`, plus `"redirect_url": login_url` on 401 answers when
/// a login URL is given. Messages of 5xx answers do not detail the
/// upstream error (it is logged at `warn` level instead).
///
/// ```
/// use saasus_auth::http::StatusCode;
/// use saasus_auth::middleware::json_rejection;
/// use saasus_auth::session::{AuthFailure, TokenError};
///
/// let response = json_rejection(&AuthFailure::from(TokenError::Missing), Some("https://example.com/login"));
/// assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub fn json_rejection(failure: &AuthFailure, login_url: Option<&str>) -> Response {
    let status = failure.status_code();
    let message = match failure {
        AuthFailure::NoToken(e) => e.to_string(),
        AuthFailure::InvalidToken(_) => failure.to_string(),
        AuthFailure::Unreachable(_) => "SaaSus could not be reached; try again later".to_string(),
        AuthFailure::Upstream(_) => "SaaSus failed to authenticate the request".to_string(),
        _ => "the server cannot authenticate requests".to_string(),
    };
    let mut body = serde_json::json!({ "error": failure.code(), "message": message });
    if let (true, Some(url)) = (status == StatusCode::UNAUTHORIZED, login_url) {
        body["redirect_url"] = serde_json::Value::String(url.to_string());
    }
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// The user [`AuthLayer`] authenticated: an axum extractor, and what the
/// layer puts in the request's extensions. Derefs to
/// [`types::UserInfo`]; check roles with
/// [`UserInfoExt`](crate::session::UserInfoExt).
///
/// Extracting it on a route the layer does not cover answers 500 (a
/// wiring mistake); `Option<AuthenticatedUser>` is `None` there instead.
///
/// ```no_run
/// use axum::{extract::Path, http::StatusCode};
/// use saasus_auth::middleware::AuthenticatedUser;
/// use saasus_auth::session::UserInfoExt;
///
/// async fn admin(user: AuthenticatedUser, Path(tenant_id): Path<String>) -> StatusCode {
///     if user.has_role_in_tenant(&tenant_id, "admin") {
///         StatusCode::OK
///     } else {
///         StatusCode::FORBIDDEN
///     }
/// }
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
#[derive(Debug, Clone)]
pub struct AuthenticatedUser(pub Arc<types::UserInfo>);

impl std::ops::Deref for AuthenticatedUser {
    type Target = types::UserInfo;

    fn deref(&self) -> &types::UserInfo {
        &self.0
    }
}

/// The rejection of [`AuthenticatedUser`] on a route [`AuthLayer`] does not
/// cover: 500.
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
#[derive(Debug, Clone, Copy)]
pub struct MissingAuthLayer;

impl IntoResponse for MissingAuthLayer {
    fn into_response(self) -> Response {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "AuthenticatedUser extracted on a route without AuthLayer",
        )
            .into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuthenticatedUser {
    type Rejection = MissingAuthLayer;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<AuthenticatedUser>()
            .cloned()
            .ok_or(MissingAuthLayer)
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for AuthenticatedUser {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<AuthenticatedUser>().cloned())
    }
}
