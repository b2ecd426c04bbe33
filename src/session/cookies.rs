//! [`SessionCookies`]: the cookies of a signed-in browser (the PKCE
//! verifier between `/login` and the callback, the ID token, the refresh
//! token), their names and attributes, framework-neutral.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue};

use super::credentials::Credentials;
use super::pkce::PkceVerifier;
use super::token::cookie;

/// The cookie that carries the PKCE verifier from `/login` to the callback.
pub const PKCE_VERIFIER_COOKIE: &str = "SaaSus_pkceVerifier";
/// The cookie that carries the ID token (one the
/// [`TokenExtractor`](super::TokenExtractor) reads by default).
pub const ID_TOKEN_COOKIE: &str = "SaaSus_idToken";
/// The cookie that carries the refresh token, sent only to the paths that
/// need it ([`SessionCookies::refresh_token_path`]).
pub const REFRESH_TOKEN_COOKIE: &str = "SaaSus_refreshToken";

/// Builds and reads the session's cookies, all `HttpOnly` and
/// `SameSite=Lax`, `Secure` when [`secure`](Self::secure) (serve over
/// https and set it):
///
/// | cookie | path | lifetime |
/// |---|---|---|
/// | [`PKCE_VERIFIER_COOKIE`] | the callback's ([`callback_path`](Self::callback_path), `/callback`) | [`verifier_max_age`](Self::verifier_max_age), 10 minutes; cleared by the callback |
/// | [`ID_TOKEN_COOKIE`] | `/` | until the ID token's `exp` |
/// | [`REFRESH_TOKEN_COOKIE`] | [`refresh_token_path`](Self::refresh_token_path), `/logout` | [`refresh_token_max_age`](Self::refresh_token_max_age), 30 days |
///
/// `SameSite=Lax` (not `Strict`): the hosted login page redirects to the
/// callback from another site, and the verifier cookie must come along.
///
/// ```
/// use saasus_auth::http::{header, HeaderMap};
/// use saasus_auth::session::{PkceVerifier, SessionCookies};
///
/// let cookies = SessionCookies::new().secure(true);
/// let verifier = PkceVerifier::generate()?;
/// let set = cookies.verifier_cookie(&verifier);
/// let set = set.to_str()?;
/// assert!(set.starts_with("SaaSus_pkceVerifier="));
/// assert!(set.contains("; Path=/callback; Max-Age=600; HttpOnly; SameSite=Lax; Secure"));
///
/// // The browser sends it back to the callback:
/// let mut request = HeaderMap::new();
/// request.insert(header::COOKIE, format!("SaaSus_pkceVerifier={}", verifier.expose()).parse()?);
/// assert_eq!(cookies.verifier(&request), Some(verifier));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SessionCookies {
    secure: bool,
    callback_path: String,
    refresh_token_path: String,
    verifier_max_age: Duration,
    refresh_token_max_age: Duration,
}

impl Default for SessionCookies {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for SessionCookies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionCookies")
            .field("secure", &self.secure)
            .field("callback_path", &self.callback_path)
            .field("refresh_token_path", &self.refresh_token_path)
            .field("verifier_max_age", &self.verifier_max_age)
            .field("refresh_token_max_age", &self.refresh_token_max_age)
            .finish()
    }
}

impl SessionCookies {
    /// Not `Secure`, verifier for `/callback` (10 minutes), refresh token
    /// for `/logout` (30 days).
    pub fn new() -> Self {
        Self {
            secure: false,
            callback_path: "/callback".to_string(),
            refresh_token_path: "/logout".to_string(),
            verifier_max_age: Duration::from_secs(600),
            refresh_token_max_age: Duration::from_secs(30 * 24 * 3600),
        }
    }

    /// Adds `Secure` to every cookie: set it when the app is served over
    /// https (the browser then never sends the cookies over plain http).
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// `Secure` if `app_url` (the URL the app is served at) is https.
    pub fn secure_for(self, app_url: &str) -> Self {
        let https = app_url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
        self.secure(https)
    }

    /// The path of the callback, the only one the verifier cookie is sent
    /// to.
    pub fn callback_path(mut self, path: impl Into<String>) -> Self {
        self.callback_path = path.into();
        self
    }

    /// The path the refresh token cookie is sent to (and below): where
    /// your app signs out or refreshes, e.g. `/auth` for `/auth/logout` and
    /// `/auth/refresh`.
    pub fn refresh_token_path(mut self, path: impl Into<String>) -> Self {
        self.refresh_token_path = path.into();
        self
    }

    /// How long a login may take, from `/login` to the callback.
    pub fn verifier_max_age(mut self, max_age: Duration) -> Self {
        self.verifier_max_age = max_age;
        self
    }

    /// How long the browser keeps the refresh token.
    pub fn refresh_token_max_age(mut self, max_age: Duration) -> Self {
        self.refresh_token_max_age = max_age;
        self
    }

    /// The callback's path, the verifier cookie's.
    pub fn callback_route(&self) -> &str {
        &self.callback_path
    }

    /// The refresh token cookie's path (where the app signs out).
    pub fn refresh_token_route(&self) -> &str {
        &self.refresh_token_path
    }

    /// Whether the cookies are `Secure`.
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    fn build(&self, name: &str, value: &str, path: &str, max_age: u64) -> Option<HeaderValue> {
        let secure = if self.secure { "; Secure" } else { "" };
        let value = format!(
            "{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
        );
        HeaderValue::from_str(&value).ok()
    }

    fn clear(&self, name: &str, path: &str) -> HeaderValue {
        self.build(name, "", path, 0)
            .unwrap_or_else(|| HeaderValue::from_static("SaaSus_cleared=; Max-Age=0"))
    }

    /// `Set-Cookie` for the verifier, for the callback only.
    pub fn verifier_cookie(&self, verifier: &PkceVerifier) -> HeaderValue {
        // A verifier is 43 to 128 unreserved characters, and the paths are
        // the app's own: a valid header value unless a path is not.
        self.build(
            PKCE_VERIFIER_COOKIE,
            verifier.expose(),
            &self.callback_path,
            self.verifier_max_age.as_secs(),
        )
        .unwrap_or_else(|| self.clear(PKCE_VERIFIER_COOKIE, "/"))
    }

    /// The verifier the request's cookie carries, if it carries a
    /// well-formed one.
    pub fn verifier(&self, headers: &HeaderMap) -> Option<PkceVerifier> {
        cookie(headers, PKCE_VERIFIER_COOKIE).and_then(|v| PkceVerifier::parse(v).ok())
    }

    /// `Set-Cookie` that clears the verifier (the callback used it).
    pub fn clear_verifier_cookie(&self) -> HeaderValue {
        self.clear(PKCE_VERIFIER_COOKIE, &self.callback_path)
    }

    /// The `Set-Cookie` headers of a sign-in: the ID token (until it
    /// expires), the refresh token if any (for
    /// [`refresh_token_path`](Self::refresh_token_path)) and the cleared
    /// verifier. `None` if SaaSus answered a token that cannot be put in a
    /// cookie.
    pub fn sign_in_cookies(&self, credentials: &Credentials) -> Option<Vec<HeaderValue>> {
        let id_max_age = credentials
            .id_token_expires_at()
            .and_then(|at| at.duration_since(SystemTime::now()).ok())
            .map_or(3600, |d| d.as_secs());
        let mut cookies =
            vec![self.build(ID_TOKEN_COOKIE, credentials.id_token(), "/", id_max_age)?];
        if let Some(refresh) = credentials.refresh_token() {
            cookies.push(self.build(
                REFRESH_TOKEN_COOKIE,
                refresh,
                &self.refresh_token_path,
                self.refresh_token_max_age.as_secs(),
            )?);
        }
        cookies.push(self.clear_verifier_cookie());
        Some(cookies)
    }

    /// The refresh token the request's cookie carries (a secret: never log
    /// it).
    pub fn refresh_token<'h>(&self, headers: &'h HeaderMap) -> Option<&'h str> {
        cookie(headers, REFRESH_TOKEN_COOKIE)
    }

    /// The `Set-Cookie` headers of a sign-out: the ID token, refresh token
    /// and verifier cookies cleared.
    pub fn sign_out_cookies(&self) -> Vec<HeaderValue> {
        vec![
            self.clear(ID_TOKEN_COOKIE, "/"),
            self.clear(REFRESH_TOKEN_COOKIE, &self.refresh_token_path),
            self.clear_verifier_cookie(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types;

    #[test]
    fn sign_in_sets_the_tokens_where_they_are_needed_and_clears_the_verifier() {
        let credentials = Credentials::from(types::Credentials {
            id_token: "i.d.t".into(),
            access_token: "a.c.c".into(),
            refresh_token: Some("r-e-f".into()),
        });
        let cookies = SessionCookies::new().secure_for("https://app.example.com/");
        let set: Vec<String> = cookies
            .sign_in_cookies(&credentials)
            .unwrap()
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        assert_eq!(
            set[0],
            "SaaSus_idToken=i.d.t; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(set[1]
            .starts_with("SaaSus_refreshToken=r-e-f; Path=/logout; Max-Age=2592000; HttpOnly"));
        assert!(set[2].starts_with("SaaSus_pkceVerifier=; Path=/callback; Max-Age=0"));
        // A token that cannot be a cookie value.
        let bad = Credentials::from(types::Credentials {
            id_token: "line\nbreak".into(),
            access_token: String::new(),
            refresh_token: None,
        });
        assert!(cookies.sign_in_cookies(&bad).is_none());
    }

    #[test]
    fn malformed_verifier_cookies_are_ignored() {
        let mut h = HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            "SaaSus_pkceVerifier=short".parse().unwrap(),
        );
        assert_eq!(SessionCookies::new().verifier(&h), None);
        assert!(!SessionCookies::new().is_secure());
        assert!(SessionCookies::new().secure_for("HTTPS://x").is_secure());
        assert!(!SessionCookies::new().secure_for("http://x").is_secure());
    }

    #[test]
    fn sign_out_clears_every_cookie() {
        let set = SessionCookies::new().sign_out_cookies();
        assert_eq!(set.len(), 3);
        for v in set {
            assert!(v.to_str().unwrap().contains("=; Path=/"), "{v:?}");
            assert!(v.to_str().unwrap().contains("Max-Age=0"));
        }
    }
}
