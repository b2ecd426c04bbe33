//! Signing users in and authenticating requests, framework-neutral.
//!
//! The flow, as on every SaaSus application:
//!
//! 1. the hosted login page redirects to your callback with `?code=…`;
//!    [`AuthClient::exchange_code`](crate::AuthClient::exchange_code) turns
//!    it into [`Credentials`] (ID, access and refresh tokens);
//! 2. each request carries the ID token (`Authorization: Bearer …` or a
//!    cookie); [`RequestContext`] finds it with the headers to pass on, and
//!    [`AuthClient::authenticate_request`](crate::AuthClient::authenticate_request)
//!    (or [`Authenticator`], with an optional cache) answers the user's
//!    [`UserInfo`](crate::types::UserInfo) or an [`AuthFailure`] that says
//!    which status to answer;
//! 3. [`UserInfoExt`] checks what the user may do (tenant, env, role);
//! 4. [`AuthClient::refresh`](crate::AuthClient::refresh) renews the tokens,
//!    [`AuthClient::revoke_refresh_token`](crate::AuthClient::revoke_refresh_token)
//!    signs out.
//!
//! Everything here works on [`http::HeaderMap`]; the axum layer, extractor
//! and sign-in routes (feature `axum`) are in `middleware`. Tokens and codes
//! never appear in any error, log line, span or `Debug` output.
//!
//! # Signing in with PKCE
//!
//! Without PKCE, an attacker can sign in to the hosted page, stop before the
//! callback and get a victim's browser to open `/callback?code=<attacker's
//! code>`: the victim is signed in to the attacker's account (login CSRF).
//! With PKCE the code is bound to a secret that only the browser that
//! started the login holds, so such a code is refused:
//!
//! 1. **start every login at your app** (`/login`), never by linking
//!    straight to the hosted page: make a [`PkceVerifier`] (32 random bytes
//!    from the OS) and keep it in a short-lived `HttpOnly` cookie that only
//!    the callback receives ([`SessionCookies::verifier_cookie`]);
//! 2. **redirect to the hosted page with its challenge**
//!    ([`hosted_login_url`] appends `code_challenge` and `S256`);
//! 3. **at the callback**, redeem the code with that cookie's verifier
//!    ([`AuthClient::exchange_code_with_verifier`](crate::AuthClient::exchange_code_with_verifier):
//!    `ExchangeAuthCredentials`, sent once, never retried: the code is
//!    single-use and lives 10 s) and clear the cookie;
//! 4. **refuse** what does not match: `is_verifier_mismatch()` (not this
//!    browser's login) and `is_invalid_grant()` (an unknown, used or
//!    expired code) send the browser back to `/login`.
//!
//! ```no_run
//! use saasus_auth::http::HeaderMap;
//! use saasus_auth::session::{hosted_login_url, PkceVerifier, RequestContext, SessionCookies, UserInfoExt};
//! use saasus_auth::AuthClient;
//!
//! # async fn run(client: AuthClient, headers: HeaderMap, code: String, login_url: String) -> Result<(), Box<dyn std::error::Error>> {
//! let cookies = SessionCookies::new(); // __Secure- / __Host- names, Secure, HttpOnly, SameSite=Lax
//!
//! // GET /login: answer 303 to `location`, with `set_cookie`.
//! let verifier = PkceVerifier::generate()?; // Debug: <redacted>; no Display
//! let set_cookie = cookies.verifier_cookie(&verifier)?;
//! let location = hosted_login_url(&login_url, &verifier)?;
//!
//! // GET /callback?code=…: this browser's verifier (a cookie sent twice is refused).
//! let verifier = cookies.verifier(&headers)?.ok_or("this browser did not start the login")?;
//! let credentials = client.exchange_code_with_verifier(&code, &verifier).await?;
//!
//! // Every request: the ID token, checked by SaaSus (GetUserInfo).
//! let user = client.authenticate(credentials.id_token()).await?;
//! let user = client.authenticate_request(&RequestContext::from_headers(&headers)).await?;
//! let admin = user.has_role_in_tenant("7b639774-6fba-4b26-b580-f3d755876a4b", "admin");
//!
//! // Renew, then sign out: the refresh token no longer renews.
//! let refresh_token = credentials.refresh_token().ok_or("no refresh token")?;
//! let renewed = client.refresh(refresh_token).await?;
//! client.revoke_refresh_token(refresh_token).await?;
//! # let _ = (set_cookie, location, admin, renewed);
//! # Ok(()) }
//! ```
//!
//! Codes minted without a challenge still redeem through
//! [`AuthClient::exchange_code`](crate::AuthClient::exchange_code); the
//! axum routes refuse them unless told otherwise (`middleware::SignIn`).
//! What SaaSus leaves open (the query parameter names on the hosted login
//! URL, the statuses for a malformed verifier) is kept in one place, the
//! PKCE constants ([`CODE_CHALLENGE_PARAM`], ...).
//!
//! # Authenticating requests
//!
//! - A rejected or expired ID token is `Error::is_unauthorized()`; an
//!   unknown, used or expired code or refresh token is
//!   `Error::is_invalid_grant()` (SaaSus answers 404).
//! - [`RequestContext`] finds the token in `Authorization: Bearer <token>`
//!   (a malformed header is refused, not skipped), else in the
//!   `__Host-SaaSus_idToken` cookie ([`TokenExtractor`] reads others, such
//!   as the official samples' unprefixed [`UNPREFIXED_ID_TOKEN_COOKIES`]),
//!   and passes the request's `Referer`, `X-SaaSus-Referer` and
//!   `X-SaaSus-Trace-Id` on to `GetUserInfo`. A failure is an
//!   [`AuthFailure`] that says which status to answer: 401 for a missing,
//!   malformed or rejected token, 503 when SaaSus cannot be reached, 502
//!   when it fails.
//! - [`Authenticator`] bundles client, extractor and an optional cache
//!   (`with_cache(capacity, ttl)`: a burst of requests with one token costs
//!   one `GetUserInfo`; failures are not cached; a revoked token or a
//!   changed role shows up at most `ttl` late). When `GetUserInfo` answers
//!   401 or 403, it asks SaaSus one signed question that needs no token
//!   (`GetAuthInfo`, cached): if that is refused too, the application's own
//!   credentials are wrong ([`AuthFailure::CredentialsRejected`]), not the
//!   user's token.
//!
//! # Signing out
//!
//! [`AuthClient::revoke_refresh_token`](crate::AuthClient::revoke_refresh_token)
//! (`RevokeToken`) stops the refresh token from renewing. SaaSus documents
//! nothing about the ID and access tokens issued with it: expect them to
//! stay valid until they expire, and clear the cookies
//! ([`SessionCookies::sign_out_cookies`]).

mod authenticator;
mod cache;
mod context;
mod cookies;
pub(crate) mod credential_check;
mod credentials;
mod failure;
mod flows;
mod pkce;
mod token;
mod user_info;

pub use authenticator::Authenticator;
pub use context::RequestContext;
pub use cookies::{
    CookieError, SessionCookies, ID_TOKEN_COOKIE, MAX_COOKIE_SIZE, PKCE_VERIFIER_COOKIE,
    REFRESH_TOKEN_COOKIE,
};
pub use credentials::Credentials;
pub use failure::AuthFailure;
pub use pkce::{
    hosted_login_url, PkceError, PkceVerifier, CODE_CHALLENGE_METHOD, CODE_CHALLENGE_METHOD_PARAM,
    CODE_CHALLENGE_PARAM,
};
pub use token::{
    IdToken, TokenError, TokenExtractor, DEFAULT_ID_TOKEN_COOKIES, UNPREFIXED_ID_TOKEN_COOKIES,
};
pub use user_info::UserInfoExt;
