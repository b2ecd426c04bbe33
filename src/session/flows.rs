//! The sign-in flows on [`AuthClient`]: exchanging the callback's code,
//! refreshing, and authenticating an ID token.

use crate::client::AuthClient;
use crate::error::Error;
use crate::raw::types;

use super::context::RequestContext;
use super::credentials::Credentials;
use super::failure::AuthFailure;

impl AuthClient {
    /// Exchanges the temporary code the login page hands to your callback
    /// URL (`?code=…`) for the user's [`Credentials`]: `GetAuthCredentials`
    /// with `auth-flow=tempCodeAuth`.
    ///
    /// Codes are single-use and short-lived (about 10 s). An unknown, used
    /// or expired code fails with an error for which
    /// [`Error::is_invalid_grant`] is true (SaaSus answers 404): send the
    /// user back to sign in. The code never appears in any error, log line
    /// or span.
    ///
    /// ```no_run
    /// # async fn callback(client: saasus_auth::AuthClient, code: &str) -> Result<(), saasus_auth::Error> {
    /// let credentials = client.exchange_code(code).await?;
    /// let user = client.authenticate(credentials.id_token()).await?;
    /// println!("signed in: {}", user.email);
    /// # Ok(()) }
    /// ```
    pub async fn exchange_code(&self, code: &str) -> Result<Credentials, Error> {
        let code = types::Uuid(code.to_string());
        let response = self
            .credential_api()
            .get_auth_credentials(
                Some(&code),
                Some(&types::GetAuthCredentialsAuthFlow::TempCodeAuth),
                None,
            )
            .await?;
        Ok(response.data.into())
    }

    /// New ID and access tokens for a refresh token: `GetAuthCredentials`
    /// with `auth-flow=refreshTokenAuth`. The answer may carry no refresh
    /// token: keep using the one you have.
    ///
    /// An unknown or expired refresh token fails with an error for which
    /// [`Error::is_invalid_grant`] is true (SaaSus answers 404). The token
    /// never appears in any error, log line or span.
    ///
    /// ```no_run
    /// # async fn renew(client: saasus_auth::AuthClient, refresh_token: &str) -> Result<(), saasus_auth::Error> {
    /// let renewed = client.refresh(refresh_token).await?;
    /// let next_refresh = renewed.refresh_token().unwrap_or(refresh_token);
    /// # let _ = next_refresh;
    /// # Ok(()) }
    /// ```
    pub async fn refresh(&self, refresh_token: &str) -> Result<Credentials, Error> {
        let response = self
            .credential_api()
            .get_auth_credentials(
                None,
                Some(&types::GetAuthCredentialsAuthFlow::RefreshTokenAuth),
                Some(refresh_token),
            )
            .await?;
        Ok(response.data.into())
    }

    /// The user an ID token belongs to, with their tenants, envs and roles:
    /// `GetUserInfo`, as every official SDK's authenticate helper (none
    /// verifies the JWT locally). An invalid or expired token fails with an
    /// error for which [`Error::is_unauthorized`] is true. The token never
    /// appears in any error, log line or span.
    ///
    /// Check what the user may do with
    /// [`UserInfoExt`](crate::session::UserInfoExt).
    ///
    /// ```no_run
    /// use saasus_auth::session::UserInfoExt;
    ///
    /// # async fn handler(client: saasus_auth::AuthClient, id_token: &str, tenant_id: &str) -> Result<(), saasus_auth::Error> {
    /// match client.authenticate(id_token).await {
    ///     Ok(user) if user.has_role_in_tenant(tenant_id, "admin") => { /* 200 */ }
    ///     Ok(_) => { /* 403 */ }
    ///     Err(e) if e.is_unauthorized() => { /* 401: sign in again */ }
    ///     Err(e) => return Err(e), // SaaSus failed or could not be reached
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn authenticate(&self, id_token: &str) -> Result<types::UserInfo, Error> {
        Ok(self.user_info_api().get_user_info(id_token).await?.data)
    }

    /// Authenticates an incoming request: its token, found as the
    /// [`RequestContext`] says, checked with `GetUserInfo`, the request's
    /// `Referer`, `X-SaaSus-Referer` and `X-SaaSus-Trace-Id` passed on to
    /// that call (over this client's own options). Failures are sorted by
    /// the status to answer ([`AuthFailure::status_code`]).
    ///
    /// Framework-neutral; with axum, the
    /// `middleware::AuthLayer` (feature `axum`) does this for every request.
    ///
    /// ```no_run
    /// use saasus_auth::http::HeaderMap;
    /// use saasus_auth::session::RequestContext;
    ///
    /// # async fn handler(client: saasus_auth::AuthClient, headers: HeaderMap) {
    /// let context = RequestContext::from_headers(&headers);
    /// match client.authenticate_request(&context).await {
    ///     Ok(user) => println!("{}", user.email),
    ///     Err(failure) => println!("answer {}: {failure}", failure.status_code()),
    /// }
    /// # }
    /// ```
    pub async fn authenticate_request(
        &self,
        context: &RequestContext,
    ) -> Result<types::UserInfo, AuthFailure> {
        let token = context.token()?;
        let options = context.apply_to(self.options().cloned().unwrap_or_default());
        Ok(self
            .with_options(options)
            .authenticate(token.expose())
            .await?)
    }
}
