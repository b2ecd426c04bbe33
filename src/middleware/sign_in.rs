//! [`SignIn`]: the `/login`, `/callback` and `/logout` routes of an axum app,
//! with PKCE against login CSRF and a same-origin check against logout
//! CSRF.

use std::sync::Arc;

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http::{header, HeaderMap, HeaderValue, StatusCode};

use crate::client::AuthClient;
use crate::session::credential_check::{CredentialCheck, Verdict};
use crate::session::{Authenticator, Credentials, PkceVerifier, SessionCookies};

use super::{AuthLayer, LOGIN_URL_ENV};

/// The path of the route that starts a login.
const LOGIN_PATH: &str = "/login";

/// Signing users in and out with the hosted login page, PKCE and cookies:
///
/// - [`login`](Self::login) (`GET /login`): a new [`PkceVerifier`] in a
///   short-lived `HttpOnly` cookie for the callback only, and a 303 to the
///   login URL (`SAASUS_LOGIN_URL`) with its challenge and `S256`;
/// - [`callback`](Self::callback) (`GET /callback?code=…`): with the
///   browser's verifier cookie, `ExchangeAuthCredentials` with it; without
///   one, the code is refused (401 `pkce_required`): a code brought by a
///   browser that did not start its login is the login-CSRF case. Then
///   the ID token cookie, the refresh token cookie (sent to the logout
///   path only) and the verifier cleared;
/// - [`logout`](Self::logout) (`POST /logout`): from the app's own origin
///   only (403 otherwise, against logout CSRF), revokes the refresh token
///   of the cookie and clears the cookies.
///
/// Every answer of `/login` and the callback carries `Cache-Control:
/// no-store`, and the callback's (its URL holds the code)
/// `Referrer-Policy: no-referrer`. Cookie names, paths and attributes are
/// those of [`SessionCookies`] (by default `Secure`, `HttpOnly`, `__Host-`
/// or `__Secure-`). [`auth_layer`](Self::auth_layer) makes the [`AuthLayer`] that
/// reads these cookies and sends signed-out users to this `/login`.
///
/// The opt-outs, each named for what it gives up:
/// [`accept_codes_without_pkce_open_to_login_csrf`](Self::accept_codes_without_pkce_open_to_login_csrf)
/// and
/// [`SessionCookies::insecure_over_plain_http_and_plantable`].
///
/// ```no_run
/// use axum::Router;
/// use saasus_auth::middleware::SignIn;
/// use saasus_auth::session::Authenticator;
/// use saasus_auth::AuthClient;
///
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = AuthClient::from_env()?;
/// let sign_in = SignIn::new(client.clone())   // login URL from SAASUS_LOGIN_URL
///     .redirect_after_sign_in(Some("/".to_string()));
/// let protected: Router = Router::new()        // routes that need a user
///     .layer(sign_in.auth_layer(Authenticator::new(client)));
/// let app: Router = sign_in.routes()?.merge(protected);   // /login, /callback, /logout
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
    accept_codes_without_pkce: bool,
    credential_check: Arc<CredentialCheck>,
}

impl SignIn {
    /// Signs in with `client`, to the login page `SAASUS_LOGIN_URL`;
    /// default cookies ([`SessionCookies::new`]), PKCE required.
    pub fn new(client: AuthClient) -> Self {
        let login_url = std::env::var(LOGIN_URL_ENV).ok().filter(|u| !u.is_empty());
        Self {
            client,
            login_url: login_url.map(Arc::from),
            cookies: SessionCookies::new(),
            after_sign_in: None,
            after_sign_out: None,
            accept_codes_without_pkce: false,
            credential_check: Arc::default(),
        }
    }

    /// The hosted login page, replacing `SAASUS_LOGIN_URL`.
    pub fn login_url(mut self, login_url: Option<String>) -> Self {
        self.login_url = login_url.map(Arc::from);
        self
    }

    /// Whether a login URL is set (`/login` answers 500 `no_login_url`
    /// without one; the callback and logout work either way).
    pub fn has_login_url(&self) -> bool {
        self.login_url.is_some()
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

    /// With `true`, a code that arrives without the browser's verifier is
    /// tried as a code minted without PKCE (`GetAuthCredentials`), for
    /// logins that do not start at `/login` (a link straight to the hosted
    /// page). What it gives up: login CSRF is open again. Anyone can sign
    /// in to the hosted page without a challenge, keep the code, and send
    /// a victim to `/callback?code=…`: the victim is then signed in to the
    /// attacker's account. Off by default.
    pub fn accept_codes_without_pkce_open_to_login_csrf(mut self, accept: bool) -> Self {
        self.accept_codes_without_pkce = accept;
        self
    }

    /// The cookies in use.
    pub fn session_cookies(&self) -> &SessionCookies {
        &self.cookies
    }

    /// The [`AuthLayer`] for the routes that need a user, made to go with
    /// these routes: it reads the ID token of these cookies
    /// ([`SessionCookies::token_extractor`], replacing `authenticator`'s)
    /// and its 401 answers carry `"redirect_url": "/login"` (the route
    /// that starts a login with PKCE), not the hosted page.
    pub fn auth_layer(&self, authenticator: Authenticator) -> AuthLayer {
        AuthLayer::new(authenticator.with_token_extractor(self.cookies.token_extractor()))
            .login_url(Some(LOGIN_PATH.to_string()))
    }

    /// `GET /login`, the callback path and `POST /logout` (the paths of
    /// [`SessionCookies`]), for any router state. Fails when those paths
    /// are not distinct absolute paths without `{`, `}`, `*`, `?` or `#`
    /// (which axum would refuse), or would break the `Set-Cookie` syntax
    /// ([`SessionCookies::check`]).
    pub fn routes<S>(&self) -> Result<Router<S>, InvalidRoutes>
    where
        S: Clone + Send + Sync + 'static,
    {
        let paths = [
            LOGIN_PATH,
            self.cookies.callback_route(),
            self.cookies.refresh_token_route(),
        ];
        let plain = |p: &str| p.starts_with('/') && !p.contains(['{', '}', '*', '?', '#']);
        if !paths.iter().all(|p| plain(p))
            || self.cookies.check().is_err()
            || paths[0] == paths[1]
            || paths[1] == paths[2]
            || paths[0] == paths[2]
        {
            return Err(InvalidRoutes(paths.map(str::to_string)));
        }
        let (login, callback, logout) = (self.clone(), self.clone(), self.clone());
        Ok(Router::new()
            .route(LOGIN_PATH, get(move || async move { login.login() }))
            .route(
                self.cookies.callback_route(),
                get(move |request: Request| async move {
                    let code = query_value(request.uri().query().unwrap_or(""), "code");
                    callback.callback(request.headers(), code.as_deref()).await
                }),
            )
            .route(
                self.cookies.refresh_token_route(),
                post(move |request: Request| async move {
                    let (parts, _) = request.into_parts();
                    let mut headers = parts.headers;
                    // HTTP/2 carries the host in the URI, not in `Host`.
                    if !headers.contains_key(header::HOST)
                        && let Some(host) = parts
                            .uri
                            .authority()
                            .and_then(|a| HeaderValue::from_str(a.as_str()).ok())
                    {
                        headers.insert(header::HOST, host);
                    }
                    logout.logout(&headers).await
                }),
            ))
    }

    /// Starts a login: 303 to the login URL with a new verifier's
    /// challenge, the verifier in its cookie. 500 when no login URL is set
    /// or it is not an http(s) URL. Never stored (`Cache-Control:
    /// no-store`).
    pub fn login(&self) -> Response {
        let mut response = self.start_login();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }

    fn start_login(&self) -> Response {
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
        let cookie = match self.cookies.verifier_cookie(&verifier) {
            Ok(cookie) => cookie,
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.code(), &e.to_string()),
        };
        let mut response = StatusCode::SEE_OTHER.into_response();
        let headers = response.headers_mut();
        headers.insert(header::LOCATION, location);
        headers.append(header::SET_COOKIE, cookie);
        response
    }

    /// Finishes a login (see [`SignIn`]): 200 or 303 with the session
    /// cookies; 400 `missing_code` or `duplicate_cookie` (the verifier
    /// cookie twice: one may be planted); 401 `pkce_required`,
    /// `verifier_mismatch` or `invalid_code` (the code cannot sign this
    /// browser in: send it to `/login`); 500 `misconfigured` when SaaSus
    /// refuses the application's own credentials or signature (a wrong
    /// `SAASUS_SECRET_KEY`, the clock: logged as a warning naming the
    /// variables), or a token too large for a cookie; 502 when SaaSus
    /// fails or cannot be reached. Every answer carries `Cache-Control:
    /// no-store` and `Referrer-Policy: no-referrer`.
    /// Nothing in the answer or the log names the code, verifier or tokens.
    pub async fn callback(&self, headers: &HeaderMap, code: Option<&str>) -> Response {
        let mut response = self.finish_login(headers, code).await;
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        response
    }

    async fn finish_login(&self, headers: &HeaderMap, code: Option<&str>) -> Response {
        let Some(code) = code.filter(|c| !c.is_empty()) else {
            return error(
                StatusCode::BAD_REQUEST,
                "missing_code",
                "no code in the query",
            );
        };
        let verifier = match self.cookies.verifier(headers) {
            Ok(verifier) => verifier,
            Err(e) => {
                return self.refuse(
                    StatusCode::BAD_REQUEST,
                    e.code(),
                    &format!("{e}: sign in again"),
                )
            }
        };
        let result = match verifier {
            Some(verifier) => {
                self.client
                    .exchange_code_with_verifier(code, &verifier)
                    .await
            }
            None if self.accept_codes_without_pkce => self.client.exchange_code(code).await,
            None => {
                return self.refuse(
                    StatusCode::UNAUTHORIZED,
                    "pkce_required",
                    "this browser did not start the login: sign in again from /login",
                )
            }
        };
        let credentials = match result {
            Ok(credentials) => credentials,
            Err(e) => return self.exchange_failed(e).await,
        };
        self.signed_in(&credentials)
    }

    /// The answer to a code SaaSus did not exchange.
    async fn exchange_failed(&self, e: crate::Error) -> Response {
        // SaaSus answers 401 both to a wrong verifier and to a refused
        // signature: one signed call without a code tells them apart.
        if matches!(
            e.status(),
            Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
        ) && self.credential_check.verdict(&self.client).await == Some(Verdict::Refused)
        {
            // Names the variables, never their values.
            tracing::warn!(
                code = "misconfigured",
                "sign-in callback: SaaSus refused this application's credentials or their \
                 SAASUSSIGV1 signature: check SAASUS_SAAS_ID, SAASUS_API_KEY, \
                 SAASUS_SECRET_KEY and the clock ({e})"
            );
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "misconfigured",
                "the server cannot sign users in",
            );
        }
        if e.is_verifier_mismatch() {
            return self.refuse(
                StatusCode::UNAUTHORIZED,
                "verifier_mismatch",
                "the code belongs to a login this browser did not start: sign in again",
            );
        }
        if e.is_invalid_grant() || e.status() == Some(StatusCode::BAD_REQUEST) {
            return self.refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_code",
                "the code is unknown, already used, expired or not for this browser: sign in again",
            );
        }
        if let crate::Error::InvalidRequest { .. } = e {
            return self.refuse(
                StatusCode::UNAUTHORIZED,
                "invalid_code",
                "the code is malformed: sign in again",
            );
        }
        tracing::warn!("sign-in callback: {e}");
        error(
            StatusCode::BAD_GATEWAY,
            "saasus_error",
            "SaaSus could not exchange the code",
        )
    }

    fn refuse(&self, status: StatusCode, code: &str, message: &str) -> Response {
        let mut response = error(status, code, message);
        response
            .headers_mut()
            .append(header::SET_COOKIE, self.cookies.clear_verifier_cookie());
        response
    }

    fn signed_in(&self, credentials: &Credentials) -> Response {
        let cookies = match self.cookies.sign_in_cookies(credentials) {
            Ok(cookies) => cookies,
            Err(e) => {
                // Loud: a cookie the browser would drop is a login loop.
                tracing::error!(code = e.code(), "sign-in callback: {e}");
                return error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    e.code(),
                    "SaaSus answered a token that cannot be kept in a cookie",
                );
            }
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

    /// Signs out a request from the app's own origin: revokes the refresh
    /// token of the request's cookie, if any, and clears the cookies,
    /// whether or not SaaSus could revoke it (`"revoked": false` then, and
    /// a warning in the log).
    ///
    /// Against logout CSRF, the request must say it comes from the app's
    /// own pages: `Sec-Fetch-Site: same-origin` (or `none`), or, from a
    /// browser that does not send `Sec-Fetch-Site`, an `Origin` whose host
    /// and port are the request's `Host`. Anything else (a cross-site form
    /// post, a request with neither header) is 403 `cross_site_request`
    /// and clears nothing. 400 `duplicate_cookie` when the refresh token
    /// cookie comes twice.
    pub async fn logout(&self, headers: &HeaderMap) -> Response {
        if !same_origin(headers) {
            return error(
                StatusCode::FORBIDDEN,
                "cross_site_request",
                "sign-out must be posted from this site's own pages",
            );
        }
        let token = match self.cookies.refresh_token(headers) {
            Ok(token) => token,
            Err(e) => return error(StatusCode::BAD_REQUEST, e.code(), &e.to_string()),
        };
        let revoked = match token {
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

/// Whether a state-changing request comes from the app's own pages:
/// `Sec-Fetch-Site` (set by the browser, never by a page) is `same-origin`
/// or `none`; or, without it, `Origin` is `http(s)://` and the `Host`.
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let (Some(origin), Some(host)) = (text(header::ORIGIN), text(header::HOST)) else {
        return false;
    };
    origin.split_once("://").is_some_and(|(scheme, authority)| {
        (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
            && !authority.is_empty()
            && authority.eq_ignore_ascii_case(host)
    })
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
    use crate::test_support::headers;

    #[test]
    fn same_origin_by_fetch_metadata_or_origin_and_host() {
        let host = ("host", "127.0.0.1:3000");
        for ok in [
            headers(&[("sec-fetch-site", "same-origin")]),
            headers(&[("sec-fetch-site", "none")]),
            headers(&[host, ("origin", "http://127.0.0.1:3000")]),
            headers(&[
                ("host", "App.Example.com"),
                ("origin", "https://app.example.com"),
            ]),
        ] {
            assert!(same_origin(&ok), "{ok:?}");
        }
        for bad in [
            headers(&[]),
            headers(&[host]),
            headers(&[host, ("origin", "https://evil.example")]),
            headers(&[host, ("origin", "http://127.0.0.1:3001")]),
            headers(&[host, ("origin", "null")]),
            headers(&[host, ("origin", "ftp://127.0.0.1:3000")]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[
                ("sec-fetch-site", "cross-site"),
                host,
                ("origin", "http://127.0.0.1:3000"),
            ]),
        ] {
            assert!(!same_origin(&bad), "{bad:?}");
        }
    }

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
