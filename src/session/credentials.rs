//! [`Credentials`]: the tokens of a signed-in user, never printed.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;

use crate::raw::types;

/// The tokens `GetAuthCredentials` answers: an ID token (what
/// [`AuthClient::authenticate`](crate::AuthClient::authenticate) takes),
/// an access token and, for the code flow, a refresh token.
///
/// A wrapper of [`types::Credentials`] whose `Debug` shows no token:
/// safe in logs and error reports. Read the tokens with the accessors.
///
/// ```
/// use saasus_auth::session::Credentials;
/// use saasus_auth::types;
///
/// let credentials = Credentials::from(types::Credentials {
///     id_token: "id.token.value".into(),
///     access_token: "access.token.value".into(),
///     refresh_token: Some("refresh-token-value".into()),
/// });
/// assert_eq!(credentials.id_token(), "id.token.value");
/// assert_eq!(credentials.refresh_token(), Some("refresh-token-value"));
/// let debug = format!("{credentials:?}");
/// assert!(!debug.contains("token.value") && !debug.contains("refresh-token-value"));
/// ```
#[derive(Clone, PartialEq)]
pub struct Credentials(types::Credentials);

impl Credentials {
    /// The ID token: identifies the user to your backend, via
    /// [`AuthClient::authenticate`](crate::AuthClient::authenticate).
    pub fn id_token(&self) -> &str {
        &self.0.id_token
    }

    /// The access token (for the operations that act as the user).
    pub fn access_token(&self) -> &str {
        &self.0.access_token
    }

    /// The refresh token, for
    /// [`AuthClient::refresh`](crate::AuthClient::refresh); the refresh
    /// flow's answer may omit it (keep the one you have).
    pub fn refresh_token(&self) -> Option<&str> {
        self.0.refresh_token.as_deref()
    }

    /// When the ID token expires, read from its `exp` claim **without
    /// verifying the token**: for cookie lifetimes and scheduling a
    /// refresh, never to decide whether to trust it (that is
    /// [`AuthClient::authenticate`](crate::AuthClient::authenticate)'s
    /// job). `None` if the token is not a JWT with a numeric `exp`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use saasus_auth::session::Credentials;
    /// use saasus_auth::types;
    ///
    /// // {"alg":"none"} . {"exp":1795921440} . (no signature)
    /// let id_token = "eyJhbGciOiJub25lIn0.eyJleHAiOjE3OTU5MjE0NDB9.";
    /// let credentials = Credentials::from(types::Credentials {
    ///     id_token: id_token.into(),
    ///     access_token: String::new(),
    ///     refresh_token: None,
    /// });
    /// assert_eq!(
    ///     credentials.id_token_expires_at(),
    ///     Some(UNIX_EPOCH + Duration::from_secs(1_795_921_440)),
    /// );
    /// ```
    pub fn id_token_expires_at(&self) -> Option<SystemTime> {
        let payload = self.0.id_token.split('.').nth(1)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .ok()?;
        let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        let exp = claims.get("exp")?.as_u64()?;
        UNIX_EPOCH.checked_add(Duration::from_secs(exp))
    }

    /// The generated type, tokens and all.
    pub fn into_inner(self) -> types::Credentials {
        self.0
    }
}

impl From<types::Credentials> for Credentials {
    fn from(value: types::Credentials) -> Self {
        Self(value)
    }
}

impl From<Credentials> for types::Credentials {
    fn from(value: Credentials) -> Self {
        value.0
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("id_token", &"<redacted>")
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.0.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
