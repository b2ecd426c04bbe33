//! [`SignIn`]: the `/login`, `/callback` and `/logout` routes of an axum app,
//! with PKCE against login CSRF.

use std::sync::Arc;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http::{header, HeaderMap, HeaderValue, StatusCode};

use crate::client::AuthClient;
use crate::session::{Credentials, PkceVerifier, SessionCookies};

use super::LOGIN_URL_ENV;

/// Signing users in and out with the hosted login page, PKCE and cookies:
///
/// - [`login`](Self::login) (`GET /login`): a new [`PkceVerifier`] in a
///   short-lived `HttpOnly` cookie for the callback only, and a 303 to the
///   login URL (`SAASUS_LOGIN_URL`) with its challenge and `S256`;
/// - [`callback`](Self::callback) (`GET /callback?code=…`): with the
///   browser's verifier cookie, `ExchangeAuthCredentials` with it; without
///   one, `GetAuthCredentials` (a code minted without PKCE), which SaaSus
///   refuses for a PKCE-bound code, so a code brought by a browser that did
///   not start its login is refused (401): the login-CSRF case. Then the
///   ID token cookie, the refresh token cookie (sent to the logout path
///   only) and the verifier cleared; [`require_pkce`](Self::require_pkce)
///   refuses codes without a verifier outright;
/// - [`logout`](Self::logout) (`POST /logout`): revokes the refresh token
///   of the cookie and clears the cookies.
///
/// Cookie names, paths and attributes are [`SessionCookies`]'.
///
/// ```no_run
/// use axum::Router;
/// use saasus_auth::middleware::SignIn;
/// use saasus_auth::session::SessionCookies;
/// use saasus_auth::AuthClient;
///
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let sign_in = SignIn::new(AuthClient::from_env()?)   // login URL from SAASUS_LOGIN_URL
///     .cookies(SessionCookies::new().secure(true))
///     .redirect_after_sign_in(Some("/".to_string()));
/// let app: Router = Router::new().merge(sign_in.routes()?);   // /login, /callback, /logout
/// # Ok(()) }
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
#[derive(Clone, Debug)]
pub struct SignIn {
    client: AuthClient,
    login_url: Option<Arc<str>>,
    cookies: SessionCookies,
    after_sign_in: Option<Arc<str>>,
    after_sign_out: Option<Arc<str>>,
    require_pkce: bool,
}

impl SignIn {
    /// Signs in with `client`, to the login page `SAASUS_LOGIN_URL`;
    /// default cookies ([`SessionCookies::new`]).
    pub fn new(client: AuthClient) -> Self {
        let login_url = std::env::var(LOGIN_URL_ENV).ok().filter(|u| !u.is_empty());
        Self {
            client,
            login_url: login_url.map(Arc::from),
            cookies: SessionCookies::new(),
            after_sign_in: None,
            after_sign_out: None,
            require_pkce: false,
        }
    }

    /// The hosted login page, replacing `SAASUS_LOGIN_URL`.
    pub fn login_url(mut self, login_url: Option<String>) -> Self {
        self.login_url = login_url.map(Arc::from);
        self
    }

    /// The cookies' paths and attributes.
    pub fn cookies(mut self, cookies: SessionCookies) -> Self {
        self.cookies = cookies;
        self
    }

    /// Where the callback redirects (303) once signed in; `None` (the
    /// default) answers 200 with `{"id_token_expires_at", "expires_in"}`.
    pub fn redirect_after_sign_in(mut self, url: Option<String>) -> Self {
        self.after_sign_in = url.map(Arc::from);
        self
    }

    /// Where logout redirects (303); `None` (the default) answers 200 with
    /// `{"signed_out": true, "revoked": bool}`.
    pub fn redirect_after_sign_out(mut self, url: Option<String>) -> Self {
        self.after_sign_out = url.map(Arc::from);
        self
    }

    /// Refuse (401) every code that arrives without the browser's verifier,
    /// instead of trying it as a code minted without PKCE. Set it once all
    /// logins start at `/login`.
    pub fn require_pkce(mut self, require: bool) -> Self {
        self.require_pkce = require;
        self
    }

    /// The cookies in use.
    pub fn session_cookies(&self) -> &SessionCookies {
        &self.cookies
    }

    /// `GET /login`, the callback path and `POST /logout` (the paths of
    /// [`SessionCookies`]), for any router state. Fails when those paths
    /// are not distinct absolute paths without `{`, `}` or `*` (which
    /// axum would refuse).
    pub fn routes<S>(&self) -> Result<Router<S>, InvalidRoutes>
    where
        S: Clone + Send + Sync + 'static,
    {
        let paths = [
            "/login",
            self.cookies.callback_route(),
            self.cookies.refresh_token_route(),
        ];
        let plain = |p: &str| p.starts_with('/') && !p.contains(['{', '}', '*', '?', '#']);
        if !paths.iter().all(|p| plain(p))
            || paths[0] == paths[1]
            || paths[1] == paths[2]
            || paths[0] == paths[2]
        {
            return Err(InvalidRoutes(paths.map(str::to_string)));
        }
        let (login, callback, logout) = (self.clone(), self.clone(), self.clone());
        Ok(Router::new()
            .route("/login", get(move || async move { login.login() }))
            .route(
                self.cookies.callback_route(),
                get(move |request: Request| async move {
                    let code = query_value(request.uri().query().unwrap_or(""), "code");
                    callback.callback(request.headers(), code.as_deref()).await
                }),
            )
            .route(
                self.cookies.refresh_token_route(),
                post(move |headers: HeaderMap| async move { logout.logout(&headers).await }),
            ))
    }

    /// Starts a login: 303 to the login URL with a new verifier's
    /// challenge, the verifier in its cookie. 500 when no login URL is set
    /// or it is not an http(s) URL.
    pub fn login(&self) -> Response {
        let Some(login_url) = self.login_url.as_deref() else {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "no_login_url",
                "SAASUS_LOGIN_URL is not set",
            );
        };
        let verifier = match PkceVerifier::generate() {
            Ok(v) => v,
            Err(e) => {
                return error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "pkce_failed",
                    &e.to_string(),
                )
            }
        };
        let location = verifier
            .login_url(login_url)
            .ok()
            .and_then(|url| HeaderValue::from_str(&url).ok());
        let Some(location) = location else {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "invalid_login_url",
                "SAASUS_LOGIN_URL is not an absolute http(s) URL",
            );
        };
        let mut response = StatusCode::SEE_OTHER.into_response();
        let headers = response.headers_mut();
        headers.insert(header::LOCATION, location);
        headers.append(header::SET_COOKIE, self.cookies.verifier_cookie(&verifier));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }

    /// Finishes a login (see [`SignIn`]): 200 or 303 with the session
    /// cookies; 400 `missing_code`; 401 `pkce_required`,
    /// `verifier_mismatch` or `invalid_code` (the code cannot sign this
    /// browser in: send it to `/login`); 502 when SaaSus fails or cannot
    /// be reached.
    /// Nothing in the answer or the log names the code, verifier or tokens.
    pub async fn callback(&self, headers: &HeaderMap, code: Option<&str>) -> Response {
        let Some(code) = code.filter(|c| !c.is_empty()) else {
            return error(
                StatusCode::BAD_REQUEST,
                "missing_code",
                "no code in the query",
            );
        };
        let result = match self.cookies.verifier(headers) {
            Some(verifier) => {
                self.client
                    .exchange_code_with_verifier(code, &verifier)
                    .await
            }
            None if self.require_pkce => {
                return self.refuse(
                    "pkce_required",
                    "this browser did not start the login: sign in again from /login",
                )
            }
            None => self.client.exchange_code(code).await,
        };
        let credentials = match result {
            Ok(credentials) => credentials,
            Err(e) if e.is_verifier_mismatch() => {
                return self.refuse(
                    "verifier_mismatch",
                    "the code belongs to a login this browser did not start: sign in again",
                )
            }
            Err(e) if e.is_invalid_grant() || e.status() == Some(StatusCode::BAD_REQUEST) => {
                return self.refuse(
                    "invalid_code",
                    "the code is unknown, already used, expired or not for this browser: sign in again",
                )
            }
            Err(crate::Error::InvalidRequest { .. }) => {
                return self.refuse("invalid_code", "the code is malformed: sign in again")
            }
            Err(e) => {
                tracing::warn!("sign-in callback: {e}");
                return error(
                    StatusCode::BAD_GATEWAY,
                    "saasus_error",
                    "SaaSus could not exchange the code",
                );
            }
        };
        self.signed_in(&credentials)
    }

    fn refuse(&self, code: &str, message: &str) -> Response {
        let mut response = error(StatusCode::UNAUTHORIZED, code, message);
        response
            .headers_mut()
            .append(header::SET_COOKIE, self.cookies.clear_verifier_cookie());
        response
    }

    fn signed_in(&self, credentials: &Credentials) -> Response {
        let Some(cookies) = self.cookies.sign_in_cookies(credentials) else {
            return error(
                StatusCode::BAD_GATEWAY,
                "saasus_error",
                "SaaSus answered a token that cannot be kept in a cookie",
            );
        };
        let mut response = match &self.after_sign_in {
            Some(url) => redirect(url),
            None => {
                let expires_at = credentials
                    .id_token_expires_at()
                    .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_secs());
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                json(
                    StatusCode::OK,
                    serde_json::json!({
                        "id_token_expires_at": expires_at,
                        "expires_in": expires_at.map(|at| at.saturating_sub(now)),
                    }),
                )
            }
        };
        for cookie in cookies {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
        response
    }

    /// Signs out: revokes the refresh token of the request's cookie, if
    /// any, and clears the cookies, whether or not SaaSus could revoke it
    /// (`"revoked": false` then, and a warning in the log).
    pub async fn logout(&self, headers: &HeaderMap) -> Response {
        let revoked = match self.cookies.refresh_token(headers) {
            Some(token) => match self.client.revoke_refresh_token(token).await {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!("sign-out: the refresh token was not revoked: {e}");
                    false
                }
            },
            None => false,
        };
        let mut response = match &self.after_sign_out {
            Some(url) => redirect(url),
            None => json(
                StatusCode::OK,
                serde_json::json!({ "signed_out": true, "revoked": revoked }),
            ),
        };
        for cookie in self.cookies.sign_out_cookies() {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
        response
    }
}

/// The paths [`SignIn::routes`] was given: login, callback, logout.
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sign-in routes need distinct absolute paths without {{, }}, *, ? or #, not {0:?}")]
pub struct InvalidRoutes(pub [String; 3]);

/// The first value of `name` in a query string, percent-decoded.
fn query_value(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| {
            percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
}

fn redirect(url: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    match HeaderValue::from_str(url) {
        Ok(location) => {
            response.headers_mut().insert(header::LOCATION, location);
            response
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "invalid_redirect",
            "the redirect URL is not a valid header value",
        ),
    }
}

fn json(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    json(
        status,
        serde_json::json!({ "error": code, "message": message }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_found_and_decoded() {
        assert_eq!(
            query_value("a=1&code=x%2Dy&b", "code").as_deref(),
            Some("x-y")
        );
        assert_eq!(query_value("b&code", "code").as_deref(), Some(""));
        assert_eq!(query_value("codes=1", "code"), None);
        assert_eq!(query_value("", "code"), None);
    }
}
