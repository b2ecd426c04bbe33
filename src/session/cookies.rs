//! [`SessionCookies`]: the cookies of a signed-in browser (the PKCE
//! verifier between `/login` and the callback, the ID token, the refresh
//! token), their names and attributes, framework-neutral.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue};

use super::credentials::Credentials;
use super::pkce::PkceVerifier;
use super::token::{cookie, TokenExtractor};

/// The cookie that carries the PKCE verifier from `/login` to the callback,
/// as [`SessionCookies::new`] names it (`__Secure-`: it is `Secure` and
/// its path, the callback's, is not `/`).
pub const PKCE_VERIFIER_COOKIE: &str = "__Secure-SaaSus_pkceVerifier";
/// The cookie that carries the ID token, as [`SessionCookies::new`] names
/// it (`__Host-`: `Secure`, `Path=/`, no `Domain`), and the one the
/// [`TokenExtractor`] reads by default.
pub const ID_TOKEN_COOKIE: &str = "__Host-SaaSus_idToken";
/// The cookie that carries the refresh token, sent only to the paths that
/// need it ([`SessionCookies::refresh_token_path`]), as
/// [`SessionCookies::new`] names it.
pub const REFRESH_TOKEN_COOKIE: &str = "__Secure-SaaSus_refreshToken";
/// The most bytes of `name=value` a browser keeps in one cookie: a longer
/// cookie is dropped without a word, so [`SessionCookies`] refuses to make
/// one ([`CookieError::TooLarge`]).
pub const MAX_COOKIE_SIZE: usize = 4096;

const VERIFIER_NAME: &str = "SaaSus_pkceVerifier";
const ID_TOKEN_NAME: &str = "SaaSus_idToken";
const REFRESH_TOKEN_NAME: &str = "SaaSus_refreshToken";

/// Why a session cookie cannot be made or read. Its messages name the
/// cookie or path, never a cookie's value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CookieError {
    /// `name=value` would be longer than [`MAX_COOKIE_SIZE`]: the browser
    /// would drop it silently (and the user would land in a login loop).
    #[error(
        "the cookie {name} would be {size} bytes, more than the {MAX_COOKIE_SIZE} a browser keeps"
    )]
    TooLarge {
        /// The cookie's name.
        name: String,
        /// The length of `name=value`.
        size: usize,
    },
    /// The value holds characters a cookie value cannot carry (`;`, `,`,
    /// `"`, `\`, whitespace, control or non-ASCII characters).
    #[error("the value of the cookie {name} holds characters a cookie cannot carry")]
    InvalidValue {
        /// The cookie's name.
        name: String,
    },
    /// A cookie path that is not absolute, or that holds `;`, `,`,
    /// whitespace, control or non-ASCII characters (it would break the
    /// `Set-Cookie` syntax).
    #[error(
        "the cookie path {path:?} must start with / and hold no ;, comma, whitespace, control or non-ASCII characters"
    )]
    InvalidPath {
        /// The path, as configured (the app's own, not a secret).
        path: String,
    },
    /// The request carries the cookie more than once: one of them may have
    /// been planted (by a sibling subdomain, or over plain http), and
    /// taking either could sign the browser in as someone else.
    #[error("the request carries the cookie {name} more than once")]
    Duplicate {
        /// The cookie's name.
        name: String,
    },
}

impl CookieError {
    /// A short machine-readable code: `cookie_too_large`,
    /// `invalid_cookie_value`, `invalid_cookie_path` or `duplicate_cookie`.
    pub fn code(&self) -> &'static str {
        match self {
            CookieError::TooLarge { .. } => "cookie_too_large",
            CookieError::InvalidValue { .. } => "invalid_cookie_value",
            CookieError::InvalidPath { .. } => "invalid_cookie_path",
            CookieError::Duplicate { .. } => "duplicate_cookie",
        }
    }
}

/// Whether `path` can be a cookie's `Path` attribute as it stands.
fn valid_path(path: &str) -> bool {
    path.starts_with('/')
        && path
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b';' && b != b',')
}

/// Whether `value` is made of RFC 6265 `cookie-octet`s.
fn valid_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b',' | b';' | b'\\'))
}

/// Builds and reads the session's cookies. By default every one is
/// `Secure`, `HttpOnly` and `SameSite=Lax`, and named with the prefix
/// browsers enforce: `__Host-` for the ID token (`Path=/`), `__Secure-`
/// for the cookies on narrower paths. A sibling subdomain, or a network
/// attacker on plain http, cannot set such a cookie, so cannot plant a
/// verifier or an ID token of their own. Browsers accept `Secure` cookies
/// from `http://localhost` and `http://127.0.0.1` (a secure context), so
/// local development works without https.
///
/// | cookie | path | lifetime |
/// |---|---|---|
/// | [`PKCE_VERIFIER_COOKIE`] | the callback's ([`callback_path`](Self::callback_path), `/callback`) | [`verifier_max_age`](Self::verifier_max_age), 10 minutes; cleared by the callback |
/// | [`ID_TOKEN_COOKIE`] | `/` | until the ID token's `exp` |
/// | [`REFRESH_TOKEN_COOKIE`] | [`refresh_token_path`](Self::refresh_token_path), `/logout` | [`refresh_token_max_age`](Self::refresh_token_max_age), 30 days |
///
/// (A path set to `/` gets the `__Host-` prefix instead.) `SameSite=Lax`
/// (not `Strict`): the hosted login page redirects to the callback from
/// another site, and the verifier cookie must come along.
///
/// A request carrying one of these cookies twice is refused
/// ([`CookieError::Duplicate`]), a token too large for a cookie is an
/// error ([`CookieError::TooLarge`]), and paths that would break the
/// `Set-Cookie` syntax are refused ([`SessionCookies::check`]).
///
/// ```
/// use saasus_auth::http::{header, HeaderMap};
/// use saasus_auth::session::{PkceVerifier, SessionCookies};
///
/// let cookies = SessionCookies::new();
/// let verifier = PkceVerifier::generate()?;
/// let set = cookies.verifier_cookie(&verifier)?;
/// let set = set.to_str()?;
/// assert!(set.starts_with("__Secure-SaaSus_pkceVerifier="));
/// assert!(set.contains("; Path=/callback; Max-Age=600; HttpOnly; SameSite=Lax; Secure"));
///
/// // The browser sends it back to the callback:
/// let mut request = HeaderMap::new();
/// request.insert(header::COOKIE, format!("__Secure-SaaSus_pkceVerifier={}", verifier.expose()).parse()?);
/// assert_eq!(cookies.verifier(&request)?, Some(verifier));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SessionCookies {
    insecure: bool,
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
            .field("secure", &!self.insecure)
            .field("callback_path", &self.callback_path)
            .field("refresh_token_path", &self.refresh_token_path)
            .field("verifier_max_age", &self.verifier_max_age)
            .field("refresh_token_max_age", &self.refresh_token_max_age)
            .finish()
    }
}

impl SessionCookies {
    /// `Secure` and prefixed, verifier for `/callback` (10 minutes),
    /// refresh token for `/logout` (30 days).
    pub fn new() -> Self {
        Self {
            insecure: false,
            callback_path: "/callback".to_string(),
            refresh_token_path: "/logout".to_string(),
            verifier_max_age: Duration::from_secs(600),
            refresh_token_max_age: Duration::from_secs(30 * 24 * 3600),
        }
    }

    /// With `true`, drops `Secure` and the `__Host-` / `__Secure-`
    /// prefixes (which browsers only accept on `Secure` cookies), and with
    /// them two protections: the browser then sends the ID token and the
    /// refresh token over plain http, where anyone on the network reads
    /// them, and a sibling subdomain or a network attacker can plant a
    /// verifier or an ID token of their own (signing the browser in as
    /// someone else). Only for an app served over plain http on a host
    /// other than `localhost` / `127.0.0.1`, which need no opt-out.
    pub fn insecure_over_plain_http_and_plantable(mut self, insecure: bool) -> Self {
        self.insecure = insecure;
        self
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

    /// Whether the cookies are `Secure` (and prefixed): unless
    /// [`insecure_over_plain_http_and_plantable`](Self::insecure_over_plain_http_and_plantable).
    pub fn is_secure(&self) -> bool {
        !self.insecure
    }

    /// Fails when a path would break the `Set-Cookie` syntax (see
    /// [`CookieError::InvalidPath`]).
    pub fn check(&self) -> Result<(), CookieError> {
        for path in [&self.callback_path, &self.refresh_token_path] {
            if !valid_path(path) {
                return Err(CookieError::InvalidPath { path: path.clone() });
            }
        }
        Ok(())
    }

    /// The name of a cookie with base name `base` at `path`.
    fn name(&self, base: &str, path: &str) -> String {
        match (self.insecure, path == "/") {
            (true, _) => base.to_string(),
            (false, true) => format!("__Host-{base}"),
            (false, false) => format!("__Secure-{base}"),
        }
    }

    /// The verifier cookie's name: [`PKCE_VERIFIER_COOKIE`] by default.
    pub fn verifier_cookie_name(&self) -> String {
        self.name(VERIFIER_NAME, &self.callback_path)
    }

    /// The ID token cookie's name: [`ID_TOKEN_COOKIE`] by default.
    pub fn id_token_cookie_name(&self) -> String {
        self.name(ID_TOKEN_NAME, "/")
    }

    /// The refresh token cookie's name: [`REFRESH_TOKEN_COOKIE`] by
    /// default.
    pub fn refresh_token_cookie_name(&self) -> String {
        self.name(REFRESH_TOKEN_NAME, &self.refresh_token_path)
    }

    /// The [`TokenExtractor`] that reads the ID token of these cookies
    /// (after the `Authorization` header), and no other cookie.
    pub fn token_extractor(&self) -> TokenExtractor {
        TokenExtractor::new().cookie_names([self.id_token_cookie_name()])
    }

    fn build(
        &self,
        name: &str,
        value: &str,
        path: &str,
        max_age: u64,
    ) -> Result<HeaderValue, CookieError> {
        if !valid_path(path) {
            return Err(CookieError::InvalidPath {
                path: path.to_string(),
            });
        }
        if !valid_value(value) {
            return Err(CookieError::InvalidValue {
                name: name.to_string(),
            });
        }
        let size = name.len() + 1 + value.len();
        if size > MAX_COOKIE_SIZE {
            return Err(CookieError::TooLarge {
                name: name.to_string(),
                size,
            });
        }
        let secure = if self.insecure { "" } else { "; Secure" };
        let value = format!(
            "{name}={value}; Path={path}; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
        );
        HeaderValue::from_str(&value).map_err(|_| CookieError::InvalidValue {
            name: name.to_string(),
        })
    }

    fn clear(&self, name: &str, path: &str) -> HeaderValue {
        // An invalid path cannot be cleared; the routes refuse it anyway.
        self.build(name, "", path, 0)
            .unwrap_or_else(|_| HeaderValue::from_static("SaaSus_cleared=; Max-Age=0"))
    }

    /// `Set-Cookie` for the verifier, for the callback only. Fails when
    /// the callback path is invalid ([`CookieError::InvalidPath`]).
    pub fn verifier_cookie(&self, verifier: &PkceVerifier) -> Result<HeaderValue, CookieError> {
        self.build(
            &self.verifier_cookie_name(),
            verifier.expose(),
            &self.callback_path,
            self.verifier_max_age.as_secs(),
        )
    }

    /// The verifier the request's cookie carries, if it carries a
    /// well-formed one; an error if it carries the cookie twice.
    pub fn verifier(&self, headers: &HeaderMap) -> Result<Option<PkceVerifier>, CookieError> {
        let name = self.verifier_cookie_name();
        let value = cookie(headers, &name).map_err(|_| CookieError::Duplicate { name })?;
        Ok(value.and_then(|v| PkceVerifier::parse(v).ok()))
    }

    /// `Set-Cookie` that clears the verifier (the callback used it).
    pub fn clear_verifier_cookie(&self) -> HeaderValue {
        self.clear(&self.verifier_cookie_name(), &self.callback_path)
    }

    /// The `Set-Cookie` headers of a sign-in: the ID token (until it
    /// expires), the refresh token if any (for
    /// [`refresh_token_path`](Self::refresh_token_path)) and the cleared
    /// verifier. Fails when SaaSus answered a token that cannot be put in
    /// a cookie: too large ([`CookieError::TooLarge`]) or with characters
    /// a cookie cannot carry.
    pub fn sign_in_cookies(
        &self,
        credentials: &Credentials,
    ) -> Result<Vec<HeaderValue>, CookieError> {
        let id_max_age = credentials
            .id_token_expires_at()
            .and_then(|at| at.duration_since(SystemTime::now()).ok())
            .map_or(3600, |d| d.as_secs());
        let mut cookies = vec![self.build(
            &self.id_token_cookie_name(),
            credentials.id_token(),
            "/",
            id_max_age,
        )?];
        if let Some(refresh) = credentials.refresh_token() {
            cookies.push(self.build(
                &self.refresh_token_cookie_name(),
                refresh,
                &self.refresh_token_path,
                self.refresh_token_max_age.as_secs(),
            )?);
        }
        cookies.push(self.clear_verifier_cookie());
        Ok(cookies)
    }

    /// The refresh token the request's cookie carries (a secret: never log
    /// it); an error if it carries the cookie twice.
    pub fn refresh_token<'h>(
        &self,
        headers: &'h HeaderMap,
    ) -> Result<Option<&'h str>, CookieError> {
        let name = self.refresh_token_cookie_name();
        cookie(headers, &name).map_err(|_| CookieError::Duplicate { name })
    }

    /// The `Set-Cookie` headers of a sign-out: the ID token, refresh token
    /// and verifier cookies cleared.
    pub fn sign_out_cookies(&self) -> Vec<HeaderValue> {
        vec![
            self.clear(&self.id_token_cookie_name(), "/"),
            self.clear(&self.refresh_token_cookie_name(), &self.refresh_token_path),
            self.clear_verifier_cookie(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types;

    fn credentials(id_token: &str, refresh: Option<&str>) -> Credentials {
        Credentials::from(types::Credentials {
            id_token: id_token.into(),
            access_token: "a.c.c".into(),
            refresh_token: refresh.map(str::to_string),
        })
    }

    #[test]
    fn sign_in_sets_the_tokens_where_they_are_needed_and_clears_the_verifier() {
        let cookies = SessionCookies::new();
        let set: Vec<String> = cookies
            .sign_in_cookies(&credentials("i.d.t", Some("r-e-f")))
            .unwrap()
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        assert_eq!(
            set[0],
            "__Host-SaaSus_idToken=i.d.t; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure"
        );
        assert_eq!(
            set[1],
            "__Secure-SaaSus_refreshToken=r-e-f; Path=/logout; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(set[2].starts_with("__Secure-SaaSus_pkceVerifier=; Path=/callback; Max-Age=0"));
        // A token that cannot be a cookie value.
        for bad in ["line\nbreak", "semi;colon", "com,ma", "sp ace", "quo\"te"] {
            assert_eq!(
                cookies.sign_in_cookies(&credentials(bad, None)),
                Err(CookieError::InvalidValue {
                    name: ID_TOKEN_COOKIE.into()
                }),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_token_too_large_for_a_cookie_is_an_error_not_a_cookie_the_browser_drops() {
        let cookies = SessionCookies::new();
        let fits = "t".repeat(MAX_COOKIE_SIZE - ID_TOKEN_COOKIE.len() - 1);
        assert!(cookies.sign_in_cookies(&credentials(&fits, None)).is_ok());
        let large = format!("{fits}t");
        let err = cookies
            .sign_in_cookies(&credentials(&large, None))
            .unwrap_err();
        assert_eq!(
            err,
            CookieError::TooLarge {
                name: ID_TOKEN_COOKIE.into(),
                size: MAX_COOKIE_SIZE + 1
            }
        );
        assert!(!err.to_string().contains(&large));
        let err = cookies
            .sign_in_cookies(&credentials("i.d.t", Some(&large)))
            .unwrap_err();
        assert_eq!(err.code(), "cookie_too_large");
    }

    #[test]
    fn secure_and_prefixed_by_default_plain_only_when_asked() {
        let cookies = SessionCookies::new();
        assert!(cookies.is_secure());
        assert_eq!(cookies.id_token_cookie_name(), ID_TOKEN_COOKIE);
        assert_eq!(cookies.verifier_cookie_name(), PKCE_VERIFIER_COOKIE);
        assert_eq!(cookies.refresh_token_cookie_name(), REFRESH_TOKEN_COOKIE);
        let at_root = SessionCookies::new().refresh_token_path("/");
        assert_eq!(
            at_root.refresh_token_cookie_name(),
            "__Host-SaaSus_refreshToken"
        );
        let plain = SessionCookies::new().insecure_over_plain_http_and_plantable(true);
        assert!(!plain.is_secure());
        assert_eq!(plain.id_token_cookie_name(), "SaaSus_idToken");
        let set = plain
            .verifier_cookie(&PkceVerifier::generate().unwrap())
            .unwrap();
        let set = set.to_str().unwrap();
        assert!(set.starts_with("SaaSus_pkceVerifier="), "{set}");
        assert!(!set.contains("Secure"), "{set}");
    }

    #[test]
    fn malformed_and_duplicate_verifier_cookies() {
        let mut h = HeaderMap::new();
        h.insert(
            http::header::COOKIE,
            "__Secure-SaaSus_pkceVerifier=short".parse().unwrap(),
        );
        assert_eq!(SessionCookies::new().verifier(&h), Ok(None));
        let verifier = PkceVerifier::generate().unwrap();
        let mut h = HeaderMap::new();
        h.append(
            http::header::COOKIE,
            format!("__Secure-SaaSus_pkceVerifier={}", verifier.expose())
                .parse()
                .unwrap(),
        );
        assert_eq!(SessionCookies::new().verifier(&h), Ok(Some(verifier)));
        h.append(
            http::header::COOKIE,
            "__Secure-SaaSus_pkceVerifier=planted".parse().unwrap(),
        );
        assert_eq!(
            SessionCookies::new().verifier(&h),
            Err(CookieError::Duplicate {
                name: PKCE_VERIFIER_COOKIE.into()
            })
        );
    }

    #[test]
    fn paths_that_break_set_cookie_are_refused() {
        for bad in [
            "cb",
            "/cb;x",
            "/cb,x",
            "/cb x",
            "/cb\tx",
            "/cb\u{7f}",
            "/çb",
        ] {
            let cookies = SessionCookies::new().callback_path(bad);
            assert_eq!(
                cookies.check(),
                Err(CookieError::InvalidPath { path: bad.into() })
            );
            assert!(cookies
                .verifier_cookie(&PkceVerifier::generate().unwrap())
                .is_err());
        }
        assert_eq!(SessionCookies::new().check(), Ok(()));
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
