//! Credentials and user info: temporary codes (single-use, expiring),
//! JWT-shaped ID, access and refresh tokens, and `UserInfo`.

use saasus_auth::types;
use serde::Deserialize;
use serde_json::json;

use super::{new_jwt, new_uuid, Store, TempCode, Token, TokenUse};
use crate::error::Fault;

/// The query of GetAuthCredentials.
#[derive(Debug, Default, Deserialize)]
pub struct CredentialsQuery {
    #[serde(rename = "auth-flow")]
    auth_flow: Option<String>,
    code: Option<String>,
    #[serde(rename = "refresh-token")]
    refresh_token: Option<String>,
}

fn ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl Store {
    /// The user a live token of this use was issued to.
    pub(crate) fn token_owner(&self, token: &str, token_use: TokenUse) -> Option<String> {
        self.tokens
            .get(token)
            .filter(|t| t.token_use == token_use && t.expires_ms > self.now_ms)
            .map(|t| t.user_id.clone())
    }

    fn issue_token(&mut self, user_id: &str, token_use: TokenUse) -> String {
        let ttl = match token_use {
            TokenUse::Refresh => self.lifetimes.refresh_token,
            _ => self.lifetimes.token,
        };
        let expires_ms = self.now_ms.saturating_add(ms(ttl));
        let claims = json!({
            "sub": user_id,
            "token_use": match token_use {
                TokenUse::Id => "id",
                TokenUse::Access => "access",
                TokenUse::Refresh => "refresh",
            },
            "iss": "saasus-auth-emulator",
            "iat": self.now(),
            "exp": expires_ms / 1000,
            "jti": new_uuid(),
        });
        let token = new_jwt(&claims);
        self.tokens.insert(
            token.clone(),
            Token {
                user_id: user_id.to_string(),
                token_use,
                expires_ms,
            },
        );
        token
    }

    /// A new access token of `user_id` (for the operations that take an
    /// end user's access token).
    pub fn mint_access_token(&mut self, user_id: &str) -> Result<String, Fault> {
        self.user(user_id)?;
        Ok(self.issue_token(user_id, TokenUse::Access))
    }

    /// New ID and access tokens, and a refresh token if `with_refresh`.
    pub(crate) fn issue_credentials(
        &mut self,
        user_id: &str,
        with_refresh: bool,
    ) -> types::Credentials {
        types::Credentials {
            access_token: self.issue_token(user_id, TokenUse::Access),
            id_token: self.issue_token(user_id, TokenUse::Id),
            refresh_token: with_refresh.then(|| self.issue_token(user_id, TokenUse::Refresh)),
        }
    }

    fn store_code(&mut self, credentials: types::Credentials) -> String {
        let code = new_uuid();
        let expires_ms = self.now_ms.saturating_add(ms(self.lifetimes.code));
        self.codes.insert(
            code.clone(),
            TempCode {
                credentials,
                expires_ms,
            },
        );
        code
    }

    /// The hosted login page: the user with this email (any case) and
    /// password signs in and gets a temporary code.
    pub fn login(&mut self, email: &str, password: &str) -> Result<String, Fault> {
        let now = self.now();
        let id = match self.user_by_email(email) {
            Some(u) if u.password == password => u.id.clone(),
            _ => {
                return Err(Fault::rejected(
                    "not_authorized",
                    "incorrect email address or password",
                ))
            }
        };
        self.user_mut(&id)?.last_login_at = Some(now);
        let credentials = self.issue_credentials(&id, true);
        Ok(self.store_code(credentials))
    }

    pub(crate) fn get_auth_credentials(
        &mut self,
        q: CredentialsQuery,
    ) -> Result<types::Credentials, Fault> {
        match q.auth_flow.as_deref().unwrap_or("tempCodeAuth") {
            "tempCodeAuth" => {
                // `code` is optional in the contract, which documents 404
                // and no 400: no code is no credentials, as an unknown one.
                let code = q.code.unwrap_or_default();
                // Single-use: removed whether or not it has expired.
                let now_ms = self.now_ms;
                self.codes
                    .remove(&code)
                    .filter(|c| c.expires_ms > now_ms)
                    .map(|c| c.credentials)
                    .ok_or_else(|| {
                        Fault::not_found("code_not_found", "the code is unknown, used or expired")
                    })
            }
            "refreshTokenAuth" => {
                // Optional in the contract too: none is an unknown one (404).
                let token = q.refresh_token.unwrap_or_default();
                let user_id = self
                    .token_owner(&token, TokenUse::Refresh)
                    .filter(|id| self.user(id).is_ok())
                    .ok_or_else(|| {
                        Fault::not_found(
                            "refresh_token_not_found",
                            "the refresh token is unknown or expired",
                        )
                    })?;
                Ok(self.issue_credentials(&user_id, false))
            }
            other => Err(Fault::bad_request(format!(
                "auth-flow must be tempCodeAuth or refreshTokenAuth, not {other:?}"
            ))),
        }
    }

    /// Stores credentials whose ID token the emulator issued, for a code.
    pub(crate) fn create_auth_credentials(
        &mut self,
        c: types::Credentials,
    ) -> Result<types::AuthorizationTempCode, Fault> {
        if c.id_token.is_empty() || c.access_token.is_empty() {
            return Err(Fault::invalid(
                "invalid_parameter",
                "id_token and access_token must not be empty",
            ));
        }
        if self.token_owner(&c.id_token, TokenUse::Id).is_none() {
            return Err(Fault::rejected(
                "invalid_id_token",
                "the ID token is not valid or has expired",
            ));
        }
        Ok(types::AuthorizationTempCode {
            code: types::Uuid(self.store_code(c)),
        })
    }

    /// The `UserInfo` of an existing SaaS user.
    pub(crate) fn user_info(&self, user_id: &str) -> Result<types::UserInfo, Fault> {
        let u = self.user(user_id)?;
        Ok(types::UserInfo {
            email: u.email.clone(),
            id: types::Uuid(u.id.clone()),
            sign_in_id: u.sign_in_id.clone(),
            tenants: self.available_tenants(user_id),
            user_attribute: u.attributes.clone(),
        })
    }

    pub(crate) fn get_user_info(&self, token: &str) -> Result<types::UserInfo, Fault> {
        let invalid =
            || Fault::rejected("invalid_token", "the ID token is not valid or has expired");
        let id = self.token_owner(token, TokenUse::Id).ok_or_else(invalid)?;
        self.user_info(&id).map_err(|_| invalid())
    }

    pub(crate) fn get_user_info_by_email(&self, email: &str) -> Result<types::UserInfo, Fault> {
        let id = self
            .user_by_email(email)
            .map(|u| u.id.clone())
            .ok_or_else(|| Fault::not_found("user_not_found", "no user has this email address"))?;
        self.user_info(&id)
    }

    pub(crate) fn get_user_info_by_sign_in_id(
        &self,
        sign_in_id: &str,
    ) -> Result<types::UserInfo, Fault> {
        let id = self
            .users
            .values()
            .find(|u| !u.sign_in_id.is_empty() && u.sign_in_id == sign_in_id)
            .map(|u| u.id.clone())
            .ok_or_else(|| Fault::not_found("user_not_found", "no user has this sign-in ID"))?;
        self.user_info(&id)
    }
}
