//! Finding the ID token of an incoming request: [`TokenExtractor`],
//! [`IdToken`] and [`TokenError`].

use std::borrow::Cow;
use std::fmt;

use http::header::{AUTHORIZATION, COOKIE};
use http::HeaderMap;

/// The cookie names [`TokenExtractor::default`] reads: the ID token cookie
/// of [`SessionCookies`](super::SessionCookies), `__Host-SaaSus_idToken`,
/// which no sibling subdomain and no plain-http page can set.
pub const DEFAULT_ID_TOKEN_COOKIES: [&str; 1] = [super::cookies::ID_TOKEN_COOKIE];

/// The unprefixed names the official SDKs' sample applications set after
/// the callback: `SaaSus_idToken`, then `idToken`. Read them only with
/// `TokenExtractor::new().cookie_names(UNPREFIXED_ID_TOKEN_COOKIES)`, and
/// know what it gives up: a sibling subdomain or a network attacker on
/// plain http can plant such a cookie, and sign a browser that has no
/// token in as someone else.
pub const UNPREFIXED_ID_TOKEN_COOKIES: [&str; 2] = ["SaaSus_idToken", "idToken"];

/// An ID token taken from a request. Its `Debug` and `Display` never show
/// the token; [`IdToken::expose`] hands it out for the one call that needs
/// it.
///
/// ```
/// use saasus_auth::session::IdToken;
///
/// let token = IdToken::new("eyJhbGciOi.secret.part");
/// assert_eq!(format!("{token:?}"), "IdToken(<redacted>)");
/// assert_eq!(token.expose(), "eyJhbGciOi.secret.part");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdToken(String);

impl IdToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token itself: pass it to
    /// [`AuthClient::authenticate`](crate::AuthClient::authenticate), never
    /// to a log.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdToken(<redacted>)")
    }
}

impl fmt::Display for IdToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Why a request carries no usable token. Its messages never quote the
/// header or cookie.
///
/// ```
/// use saasus_auth::session::TokenError;
///
/// assert_eq!(TokenError::Missing.code(), "missing_token");
/// assert_eq!(TokenError::MalformedAuthorization.code(), "malformed_authorization");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// No `Authorization` header and none of the token cookies.
    #[error("the request carries no ID token (no Authorization header, no token cookie)")]
    Missing,
    /// An `Authorization` header that is not exactly `Bearer <token>`
    /// (another scheme, no token, more than two parts, several headers,
    /// bytes that are not visible ASCII).
    #[error("the Authorization header is not of the form `Bearer <token>`")]
    MalformedAuthorization,
    /// The request carries a token cookie more than once (one may have
    /// been planted): refused rather than taking either.
    #[error("the request carries an ID token cookie more than once")]
    DuplicateCookie,
}

impl TokenError {
    /// A short machine-readable code: `missing_token`,
    /// `malformed_authorization` or `duplicate_cookie`.
    pub fn code(&self) -> &'static str {
        match self {
            TokenError::Missing => "missing_token",
            TokenError::MalformedAuthorization => "malformed_authorization",
            TokenError::DuplicateCookie => "duplicate_cookie",
        }
    }
}

/// Where an incoming request's ID token is looked for.
///
/// 1. The `Authorization` header: `Bearer <token>`, the scheme in any case,
///    exactly two space-separated parts (as the official Go middleware).
///    When the header is present but not of that form, the request has
///    [`TokenError::MalformedAuthorization`], whatever its cookies: a
///    client that sends an `Authorization` header means it.
/// 2. Failing a header, the first of the cookies
///    ([`DEFAULT_ID_TOKEN_COOKIES`] by default) present with a non-empty
///    value. A request that carries one of these cookies twice has
///    [`TokenError::DuplicateCookie`].
///
/// ```
/// use saasus_auth::http::HeaderMap;
/// use saasus_auth::session::{TokenError, TokenExtractor};
///
/// let extractor = TokenExtractor::default();
/// let mut headers = HeaderMap::new();
/// headers.insert("authorization", "bearer abc.def.ghi".parse().unwrap());
/// assert_eq!(extractor.extract(&headers)?.expose(), "abc.def.ghi");
///
/// let mut headers = HeaderMap::new();
/// headers.insert("cookie", "theme=dark; __Host-SaaSus_idToken=abc.def.ghi".parse().unwrap());
/// assert_eq!(extractor.extract(&headers)?.expose(), "abc.def.ghi");
///
/// let mut headers = HeaderMap::new();
/// headers.insert("authorization", "Basic dXNlcjpwdw==".parse().unwrap());
/// assert_eq!(extractor.extract(&headers), Err(TokenError::MalformedAuthorization));
///
/// let only_header = TokenExtractor::new().cookie_names(Vec::<String>::new());
/// assert_eq!(only_header.extract(&HeaderMap::new()), Err(TokenError::Missing));
/// # Ok::<(), TokenError>(())
/// ```
#[derive(Debug, Clone)]
pub struct TokenExtractor {
    cookie_names: Vec<Cow<'static, str>>,
}

impl Default for TokenExtractor {
    fn default() -> Self {
        Self {
            cookie_names: DEFAULT_ID_TOKEN_COOKIES
                .iter()
                .map(|n| Cow::Borrowed(*n))
                .collect(),
        }
    }
}

impl TokenExtractor {
    /// The default: the `Authorization` header, then the cookies
    /// [`DEFAULT_ID_TOKEN_COOKIES`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads these cookies, in this order, instead of the defaults; none
    /// reads the header only.
    pub fn cookie_names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.cookie_names = names.into_iter().map(|n| Cow::Owned(n.into())).collect();
        self
    }

    /// The cookie names read, in order.
    pub fn cookies(&self) -> impl Iterator<Item = &str> {
        self.cookie_names.iter().map(|n| n.as_ref())
    }

    /// The request's ID token, or why there is none.
    pub fn extract(&self, headers: &HeaderMap) -> Result<IdToken, TokenError> {
        let mut authorization = headers.get_all(AUTHORIZATION).iter();
        if let Some(value) = authorization.next() {
            if authorization.next().is_some() {
                return Err(TokenError::MalformedAuthorization);
            }
            let value = value
                .to_str()
                .map_err(|_| TokenError::MalformedAuthorization)?;
            return bearer(value)
                .map(IdToken::new)
                .ok_or(TokenError::MalformedAuthorization);
        }
        for name in &self.cookie_names {
            if let Some(value) = cookie(headers, name).map_err(|_| TokenError::DuplicateCookie)? {
                return Ok(IdToken::new(value));
            }
        }
        Err(TokenError::Missing)
    }
}

/// The token of `Bearer <token>`: exactly two parts separated by one
/// space, the scheme in any case, a non-empty token.
fn bearer(value: &str) -> Option<&str> {
    let mut parts = value.split(' ');
    let (scheme, token) = (parts.next()?, parts.next()?);
    if parts.next().is_some() || !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return None;
    }
    Some(token)
}

/// The request's `Cookie` headers carry the cookie more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DuplicateCookie;

/// The value of the cookie `name` in the request's `Cookie` headers, if
/// present and not empty (surrounding double quotes removed); an error
/// when the name appears more than once, whatever the values.
pub(crate) fn cookie<'h>(
    headers: &'h HeaderMap,
    name: &str,
) -> Result<Option<&'h str>, DuplicateCookie> {
    let mut values = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(n, _)| n.trim() == name)
        .map(|(_, v)| {
            let v = v.trim();
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v)
        });
    let first = values.next();
    if values.next().is_some() {
        return Err(DuplicateCookie);
    }
    Ok(first.filter(|v| !v.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::headers;

    #[test]
    fn bearer_scheme_any_case_exactly_two_parts() {
        let x = TokenExtractor::default();
        for ok in ["Bearer t", "bearer t", "BEARER t", "bEaReR t"] {
            assert_eq!(
                x.extract(&headers(&[("authorization", ok)]))
                    .unwrap()
                    .expose(),
                "t"
            );
        }
        for bad in [
            "Bearer",
            "Bearer ",
            "Basic x",
            "Bearer a b",
            "Bearer  t",
            "t",
            "Token t",
        ] {
            assert_eq!(
                x.extract(&headers(&[("authorization", bad)])),
                Err(TokenError::MalformedAuthorization),
                "{bad:?}"
            );
        }
        let two = headers(&[("authorization", "Bearer a"), ("authorization", "Bearer b")]);
        assert_eq!(x.extract(&two), Err(TokenError::MalformedAuthorization));
    }

    #[test]
    fn header_wins_over_cookie_and_malformed_header_does_not_fall_back() {
        let x = TokenExtractor::default();
        let both = headers(&[
            ("authorization", "Bearer h"),
            ("cookie", "__Host-SaaSus_idToken=c"),
        ]);
        assert_eq!(x.extract(&both).unwrap().expose(), "h");
        let bad = headers(&[
            ("authorization", "Basic x"),
            ("cookie", "__Host-SaaSus_idToken=c"),
        ]);
        assert_eq!(x.extract(&bad), Err(TokenError::MalformedAuthorization));
    }

    #[test]
    fn only_the_prefixed_cookie_by_default_and_never_a_duplicate() {
        let x = TokenExtractor::default();
        let h = headers(&[("cookie", "SaaSus_idToken=planted; idToken=planted")]);
        assert_eq!(x.extract(&h), Err(TokenError::Missing));
        let h = headers(&[("cookie", "__Host-SaaSus_idToken=t")]);
        assert_eq!(x.extract(&h).unwrap().expose(), "t");
        let h = headers(&[
            ("cookie", "__Host-SaaSus_idToken=t"),
            ("cookie", "__Host-SaaSus_idToken=planted"),
        ]);
        assert_eq!(x.extract(&h), Err(TokenError::DuplicateCookie));
        let h = headers(&[("cookie", "__Host-SaaSus_idToken=; __Host-SaaSus_idToken=t")]);
        assert_eq!(x.extract(&h), Err(TokenError::DuplicateCookie));
    }

    #[test]
    fn cookies_in_order_across_headers() {
        let x = TokenExtractor::new().cookie_names(UNPREFIXED_ID_TOKEN_COOKIES);
        let h = headers(&[
            ("cookie", "idToken=second"),
            ("cookie", "a=1; SaaSus_idToken=\"first\""),
        ]);
        assert_eq!(x.extract(&h).unwrap().expose(), "first");
        let h = headers(&[("cookie", "SaaSus_idToken=; idToken=c")]);
        assert_eq!(x.extract(&h).unwrap().expose(), "c");
        let h = headers(&[("cookie", "xidToken=nope; other=1")]);
        assert_eq!(x.extract(&h), Err(TokenError::Missing));
        let custom = TokenExtractor::new().cookie_names(["session"]);
        assert_eq!(
            custom
                .extract(&headers(&[("cookie", "session=s")]))
                .unwrap()
                .expose(),
            "s"
        );
        assert_eq!(
            custom.extract(&headers(&[("cookie", "idToken=c")])),
            Err(TokenError::Missing)
        );
    }
}
