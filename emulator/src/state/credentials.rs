//! Credentials and user info: temporary codes (single-use, expiring, and
//! optionally bound to a PKCE challenge), JWT-shaped ID, access and refresh
//! tokens, their revocation, and `UserInfo`.

use base64::Engine as _;
use saasus_auth::types;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

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

/// BASE64URL(SHA-256(verifier)), without padding: the S256 challenge.
fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A PKCE code verifier as RFC 7636 allows it: 43 to 128 unreserved
/// characters.
fn is_pkce_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// The challenge a code is bound to, from the optional PKCE pair: both or
/// neither (SaaSus: "send them together"), the method `S256` (the only one
/// in the contract), the challenge 43 base64url characters (a SHA-256).
/// What SaaSus answers to a bad pair is not documented (API-1.13.14 U8):
/// 400, as the schema's "together" rule and POST /credentials's 400 suggest.
pub(crate) fn pkce_challenge(
    challenge: Option<&str>,
    method: Option<&str>,
) -> Result<Option<String>, Fault> {
    match (challenge, method) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(Fault::bad_request(
            "code_challenge needs code_challenge_method (S256)",
        )),
        (None, Some(_)) => Err(Fault::bad_request(
            "code_challenge_method needs a code_challenge",
        )),
        (Some(_), Some(m)) if m != "S256" => Err(Fault::bad_request(format!(
            "code_challenge_method must be S256, not {m:?}"
        ))),
        (Some(c), Some(_)) => {
            let base64url = c
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
            if c.len() == 43 && base64url {
                Ok(Some(c.to_string()))
            } else {
                Err(Fault::bad_request(
                    "code_challenge must be BASE64URL(SHA-256(code_verifier)): 43 characters",
                ))
            }
        }
    }
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

    fn store_code(&mut self, credentials: types::Credentials, challenge: Option<String>) -> String {
        let code = new_uuid();
        let expires_ms = self.now_ms.saturating_add(ms(self.lifetimes.code));
        self.codes.insert(
            code.clone(),
            TempCode {
                credentials,
                expires_ms,
                challenge,
            },
        );
        code
    }

    /// The hosted login page: the user with this email (any case) and
    /// password signs in and gets a temporary code.
    pub fn login(&mut self, email: &str, password: &str) -> Result<String, Fault> {
        self.login_with_challenge(email, password, None, None)
    }

    /// The hosted login page, with the PKCE parameters the app appended to
    /// its URL: with a challenge, the code is bound to it and redeemed only
    /// by ExchangeAuthCredentials. A challenge without a method (or the
    /// reverse), a method other than `S256` or a challenge that is not the
    /// 43 base64url characters of a SHA-256 is a 400.
    pub fn login_with_challenge(
        &mut self,
        email: &str,
        password: &str,
        code_challenge: Option<&str>,
        code_challenge_method: Option<&str>,
    ) -> Result<String, Fault> {
        let challenge = pkce_challenge(code_challenge, code_challenge_method)?;
        let id = match self.user_by_email(email) {
            Some(u) if u.password.matches(password) => u.id.clone(),
            _ => {
                return Err(Fault::rejected(
                    "not_authorized",
                    "incorrect email address or password",
                ))
            }
        };
        self.sign_in_code(&id, challenge)
    }

    /// The end of a sign-in on the hosted login page: the user `user_id`
    /// is signed in now and gets a temporary code for new credentials,
    /// bound to the (checked) PKCE `challenge` if there is one.
    pub(crate) fn sign_in_code(
        &mut self,
        user_id: &str,
        challenge: Option<String>,
    ) -> Result<String, Fault> {
        let now = self.now();
        self.user_mut(user_id)?.last_login_at = Some(now);
        let credentials = self.issue_credentials(user_id, true);
        Ok(self.store_code(credentials, challenge))
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
                // A PKCE-bound code is redeemed only by
                // ExchangeAuthCredentials (GetAuthCredentials documents no
                // 400: 404, and the code stays for the exchange).
                if self
                    .codes
                    .get(&code)
                    .is_some_and(|c| c.challenge.is_some() && c.expires_ms > now_ms)
                {
                    return Err(Fault::not_found(
                        "code_requires_verifier",
                        "the code was created with a code_challenge: exchange it with \
                         ExchangeAuthCredentials and its code_verifier",
                    ));
                }
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

    /// Stores credentials whose ID token the emulator issued, for a code
    /// (bound to the PKCE challenge, when one is given).
    pub(crate) fn create_auth_credentials(
        &mut self,
        p: types::CreateAuthCredentialsParam,
    ) -> Result<types::AuthorizationTempCode, Fault> {
        let challenge = pkce_challenge(
            p.code_challenge.as_deref(),
            p.code_challenge_method.map(|m| m.to_string()).as_deref(),
        )?;
        let c = types::Credentials {
            id_token: p.id_token,
            access_token: p.access_token,
            refresh_token: p.refresh_token,
        };
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
            code: types::Uuid(self.store_code(c, challenge)),
        })
    }

    /// ExchangeAuthCredentials: a PKCE-bound code and its verifier for the
    /// credentials, once. A missing or malformed code or verifier is 400;
    /// an unknown, used or expired code 404; a code created without a
    /// challenge 400 (it is redeemed with GetAuthCredentials, and stays
    /// redeemable there); a verifier whose S256 challenge is not the code's
    /// 401 (the code stays, for the right verifier, until it expires).
    pub(crate) fn exchange_auth_credentials(
        &mut self,
        p: types::ExchangeAuthCredentialsParam,
    ) -> Result<types::Credentials, Fault> {
        let code = match p.code {
            Some(types::Uuid(code)) if !code.is_empty() => code,
            _ => return Err(Fault::bad_request("code is required")),
        };
        let verifier = p
            .code_verifier
            .ok_or_else(|| Fault::bad_request("code_verifier is required"))?;
        if !is_pkce_verifier(&verifier) {
            return Err(Fault::bad_request(
                "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' or '~'",
            ));
        }
        let now_ms = self.now_ms;
        let stored = self
            .codes
            .get(&code)
            .filter(|c| c.expires_ms > now_ms)
            .ok_or_else(|| {
                Fault::not_found("code_not_found", "the code is unknown, used or expired")
            })?;
        let Some(challenge) = &stored.challenge else {
            return Err(Fault::bad_request(
                "the code was created without a code_challenge: get its credentials with \
                 GetAuthCredentials",
            ));
        };
        if s256(&verifier) != *challenge {
            return Err(Fault::rejected(
                "invalid_code_verifier",
                "the code_verifier does not match the code's code_challenge",
            ));
        }
        self.codes
            .remove(&code)
            .map(|c| c.credentials)
            .ok_or_else(|| Fault::internal("the code vanished"))
    }

    /// RevokeToken: the refresh token no longer refreshes. As RFC 7009
    /// answers (SaaSus does not document it, API-1.13.14 U9), an unknown,
    /// expired or already revoked token is revoked too: 200. An empty token,
    /// or an ID or access token the emulator issued, is 400. ID and access
    /// tokens issued with it are not revoked.
    pub(crate) fn revoke_token(&mut self, p: types::RevokeTokenParam) -> Result<(), Fault> {
        if p.refresh_token.is_empty() {
            return Err(Fault::bad_request("refresh_token must not be empty"));
        }
        match self.tokens.get(&p.refresh_token).map(|t| t.token_use) {
            Some(TokenUse::Refresh) | None => {
                self.tokens.remove(&p.refresh_token);
                Ok(())
            }
            Some(_) => Err(Fault::bad_request(
                "the token is not a refresh token: only refresh tokens are revoked",
            )),
        }
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
