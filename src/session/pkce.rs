//! PKCE against login CSRF: [`PkceVerifier`], the hosted-login URL with its
//! challenge, and the exchange of a PKCE-bound code (API 1.13.14).
//!
//! What SaaSus documents, and what it leaves open, is kept here in one
//! place so that it is easy to correct:
//!
//! - the verifier is BASE64URL (no padding) of 32 random bytes, the
//!   challenge BASE64URL(SHA-256(verifier)), the method `S256` (the only
//!   one the API allows);
//! - the app appends the challenge and the method to the hosted login URL.
//!   SaaSus does not spell out the query parameter names; the field names
//!   of the API, `code_challenge` and `code_challenge_method`, are assumed
//!   ([`CODE_CHALLENGE_PARAM`], [`CODE_CHALLENGE_METHOD_PARAM`]);
//! - a code minted with a challenge is redeemed only by
//!   `ExchangeAuthCredentials` with its verifier: 401 for a wrong
//!   verifier, 404 (presumably) for an unknown, used or expired code.

use std::fmt;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::client::AuthClient;
use crate::error::Error;
use crate::raw::types;

use super::credentials::Credentials;

/// The query parameter of the hosted login URL that carries the challenge
/// (assumed: SaaSus names the field so in the API, not in the URL).
pub const CODE_CHALLENGE_PARAM: &str = "code_challenge";
/// The query parameter of the hosted login URL that carries the method.
pub const CODE_CHALLENGE_METHOD_PARAM: &str = "code_challenge_method";
/// The one challenge method SaaSus accepts.
pub const CODE_CHALLENGE_METHOD: &str = "S256";

/// A PKCE code verifier: 32 random bytes from the operating system,
/// BASE64URL-encoded without padding (43 characters).
///
/// Keep it where only the browser that starts the login can bring it back
/// (an `HttpOnly` cookie: [`SessionCookies`](super::SessionCookies)), send
/// its [`challenge`](Self::challenge) to the login page, and hand it to
/// [`AuthClient::exchange_code_with_verifier`] with the code the callback
/// receives. It is a secret until then: its `Debug` prints `<redacted>` and
/// it has no `Display`; [`expose`](Self::expose) gives the value.
///
/// ```
/// use saasus_auth::session::PkceVerifier;
///
/// let verifier = PkceVerifier::generate()?;
/// assert_eq!(verifier.expose().len(), 43);
/// assert_eq!(verifier.challenge().len(), 43);
/// assert!(!format!("{verifier:?}").contains(verifier.expose()));
///
/// // RFC 7636, appendix B:
/// let known = PkceVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
/// assert_eq!(known.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PkceVerifier(String);

impl PkceVerifier {
    /// A new verifier from 32 bytes of the operating system's random
    /// source. Fails only if that source fails.
    pub fn generate() -> Result<Self, PkceError> {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).map_err(|_| PkceError::RandomSource)?;
        Ok(Self(
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
        ))
    }

    /// A verifier read back (from a cookie, say): 43 to 128 characters of
    /// `A-Z a-z 0-9 - . _ ~` (RFC 7636), else
    /// [`PkceError::InvalidVerifier`], which does not echo the value.
    pub fn parse(value: &str) -> Result<Self, PkceError> {
        let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if (43..=128).contains(&value.len()) && value.bytes().all(allowed) {
            Ok(Self(value.to_string()))
        } else {
            Err(PkceError::InvalidVerifier)
        }
    }

    /// The S256 challenge: BASE64URL(SHA-256(verifier)), no padding.
    pub fn challenge(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(self.0.as_bytes()))
    }

    /// The verifier itself: a secret until the code is exchanged.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `login_url` with this verifier's challenge and the method `S256`
    /// appended to its query (kept, with any fragment): where `/login`
    /// redirects. See [`hosted_login_url`].
    pub fn login_url(&self, login_url: &str) -> Result<String, PkceError> {
        hosted_login_url(login_url, self)
    }
}

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier(<redacted>)")
    }
}

/// The hosted login URL (`SAASUS_LOGIN_URL`, the console's login page)
/// with `code_challenge=<challenge>&code_challenge_method=S256` appended to
/// its query. Fails with [`PkceError::InvalidLoginUrl`] unless `login_url`
/// is an absolute `http` or `https` URL.
///
/// ```
/// use saasus_auth::session::{hosted_login_url, PkceVerifier};
///
/// let verifier = PkceVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
/// assert_eq!(
///     hosted_login_url("https://auth.example.com/login?lang=ja", &verifier)?,
///     "https://auth.example.com/login?lang=ja&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
/// );
/// # Ok::<(), saasus_auth::session::PkceError>(())
/// ```
pub fn hosted_login_url(login_url: &str, verifier: &PkceVerifier) -> Result<String, PkceError> {
    let mut url = reqwest::Url::parse(login_url).map_err(|_| PkceError::InvalidLoginUrl)?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(PkceError::InvalidLoginUrl);
    }
    url.query_pairs_mut()
        .append_pair(CODE_CHALLENGE_PARAM, &verifier.challenge())
        .append_pair(CODE_CHALLENGE_METHOD_PARAM, CODE_CHALLENGE_METHOD);
    Ok(url.into())
}

/// What can go wrong with PKCE before anything is sent. No variant carries
/// a verifier, challenge or URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PkceError {
    /// The operating system's random source failed.
    #[error("the operating system's random source failed: no PKCE verifier")]
    RandomSource,
    /// A verifier that is not 43 to 128 characters of `A-Z a-z 0-9 - . _ ~`.
    #[error("the PKCE code verifier is malformed (RFC 7636: 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_', '~')")]
    InvalidVerifier,
    /// A login URL that is not an absolute `http` or `https` URL.
    #[error("the login URL is not an absolute http(s) URL")]
    InvalidLoginUrl,
}

impl AuthClient {
    /// Exchanges a temporary code minted with a PKCE challenge for the
    /// user's [`Credentials`], with the verifier the challenge came from:
    /// `ExchangeAuthCredentials` (`auth_flow=tempCodeAuth`).
    ///
    /// The code is single-use, so the request is sent once, never retried
    /// (whatever this client's options say). Errors:
    /// [`Error::is_verifier_mismatch`] when the verifier is not the code's
    /// (401), [`Error::is_invalid_grant`] for that and for a code that is
    /// unknown, used or expired (404): send the user back to `/login`. A
    /// code minted without a challenge is refused too (SaaSus answers 4xx):
    /// redeem such codes with [`AuthClient::exchange_code`]. A code that is
    /// not a UUID is an [`Error::InvalidRequest`], before anything is sent.
    /// Neither the code nor the verifier appears in any error, log line or
    /// span.
    ///
    /// ```no_run
    /// use saasus_auth::session::PkceVerifier;
    ///
    /// # async fn callback(client: saasus_auth::AuthClient, code: &str, verifier: PkceVerifier) -> Result<(), saasus_auth::Error> {
    /// match client.exchange_code_with_verifier(code, &verifier).await {
    ///     Ok(credentials) => { /* signed in: set the cookies */ let _ = credentials; }
    ///     Err(e) if e.is_verifier_mismatch() => { /* 400: not this browser's login (login CSRF) */ }
    ///     Err(e) if e.is_invalid_grant() => { /* 400: sign in again */ }
    ///     Err(e) => return Err(e), // SaaSus failed or could not be reached
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn exchange_code_with_verifier(
        &self,
        code: &str,
        verifier: &PkceVerifier,
    ) -> Result<Credentials, Error> {
        if !is_uuid(code) {
            return Err(Error::InvalidRequest {
                operation: "ExchangeAuthCredentials",
                message: "the code is not a UUID".to_string(),
            });
        }
        let body = types::ExchangeAuthCredentialsParam {
            auth_flow: types::ExchangeAuthCredentialsParamAuthFlow::TempCodeAuth,
            code: Some(types::Uuid(code.to_string())),
            code_verifier: Some(verifier.expose().to_string()),
        };
        // Single use: the operation table (`x-saasus-single-use` in the
        // spec) keeps it from being retried unless the caller opts in.
        let response = self
            .credential_api()
            .exchange_auth_credentials(&body)
            .await?;
        Ok(response.data.into())
    }

    /// Revokes a refresh token (`RevokeToken`), for signing out: it can no
    /// longer renew the tokens. SaaSus says nothing of the ID and access
    /// tokens issued with it; expect them to stay valid until they expire
    /// (drop them from the browser too). The token never appears in any
    /// error, log line or span.
    ///
    /// ```no_run
    /// # async fn logout(client: saasus_auth::AuthClient, refresh_token: &str) -> Result<(), saasus_auth::Error> {
    /// client.revoke_refresh_token(refresh_token).await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_refresh_token(&self, refresh_token: &str) -> Result<(), Error> {
        self.credential_api()
            .revoke_token(&types::RevokeTokenParam {
                refresh_token: refresh_token.to_string(),
            })
            .await?;
        Ok(())
    }
}

/// 8-4-4-4-12 hexadecimal digits.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifiers_are_43_base64url_characters_and_differ() {
        let a = PkceVerifier::generate().unwrap();
        let b = PkceVerifier::generate().unwrap();
        assert_ne!(a, b);
        for v in [&a, &b] {
            assert_eq!(v.expose().len(), 43);
            assert!(PkceVerifier::parse(v.expose()).is_ok());
        }
    }

    #[test]
    fn malformed_verifiers_are_refused_without_echo() {
        for bad in [
            "",
            "short",
            &"a".repeat(129),
            &format!("{}=", "a".repeat(42)),
        ] {
            let err = PkceVerifier::parse(bad).unwrap_err();
            assert_eq!(err, PkceError::InvalidVerifier);
        }
        let secret = format!("{}!", "s".repeat(50));
        assert!(!PkceVerifier::parse(&secret)
            .unwrap_err()
            .to_string()
            .contains("sss"));
    }

    #[test]
    fn login_urls_keep_their_query_and_fragment() {
        let v = PkceVerifier::parse(&"a".repeat(43)).unwrap();
        let url = hosted_login_url("http://127.0.0.1:8080/login#top", &v).unwrap();
        assert!(url.starts_with("http://127.0.0.1:8080/login?code_challenge="));
        assert!(url.ends_with("&code_challenge_method=S256#top"), "{url}");
        for bad in ["", "/login", "mailto:a@example.com", "ftp://example.com/"] {
            assert_eq!(
                hosted_login_url(bad, &v).unwrap_err(),
                PkceError::InvalidLoginUrl
            );
        }
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("f94bfffc-8be2-11ec-b41a-0242ac120004"));
        assert!(!is_uuid("f94bfffc-8be2-11ec-b41a-0242ac12000"));
        assert!(!is_uuid("not a code"));
    }
}
