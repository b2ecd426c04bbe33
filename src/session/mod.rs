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
//! With PKCE (API 1.13.14, against login CSRF), step 1 starts at the app:
//! `/login` makes a [`PkceVerifier`], keeps it in a cookie
//! ([`SessionCookies`]) and redirects to [`hosted_login_url`] with its
//! challenge; the callback redeems the code with
//! [`AuthClient::exchange_code_with_verifier`](crate::AuthClient::exchange_code_with_verifier).
//!
//! Everything here works on [`http::HeaderMap`]; the axum layer and
//! extractor (feature `axum`) are in `middleware`. Tokens and codes never
//! appear in any error, log line, span or `Debug` output.
//!
//! ```no_run
//! use saasus_auth::http::HeaderMap;
//! use saasus_auth::session::{RequestContext, UserInfoExt};
//! use saasus_auth::AuthClient;
//!
//! # async fn run(headers: HeaderMap) -> Result<(), Box<dyn std::error::Error>> {
//! let client = AuthClient::from_env()?;
//! let user = client.authenticate_request(&RequestContext::from_headers(&headers)).await?;
//! let admin = user.has_role_in_tenant("7b639774-6fba-4b26-b580-f3d755876a4b", "admin");
//! # let _ = admin;
//! # Ok(()) }
//! ```

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
