//! Telling a rejected user token from rejected application credentials.
//!
//! SaaSus answers 401 both to a `GetUserInfo` whose token is invalid and to
//! any call whose SAASUSSIGV1 signature or credentials it refuses (a wrong
//! or rotated `SAASUS_SECRET_KEY`, a mistyped `SAASUS_API_KEY`, a clock far
//! off). When `GetUserInfo` answers 401 or 403, [`CredentialCheck`] asks
//! SaaSus one signed question that needs no user token (`GetAuthInfo`): if
//! that is refused too, the application's credentials are at fault, not
//! the user's token. The verdict is cached (accepted for
//! [`ACCEPTED_FOR`], refused for [`REFUSED_FOR`]) and concurrent checks
//! share one call, so a burst of bad tokens costs one extra call, and a
//! successful `GetUserInfo` costs none.

use std::fmt;
use std::time::{Duration, Instant};

use http::StatusCode;
use tokio::sync::Mutex;

use crate::client::AuthClient;

/// How long a check that found the credentials accepted is trusted.
pub(crate) const ACCEPTED_FOR: Duration = Duration::from_secs(30);
/// How long a check that found the credentials refused is trusted (short:
/// fixed credentials are picked up quickly).
pub(crate) const REFUSED_FOR: Duration = Duration::from_secs(5);

/// What SaaSus said of the application's own credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// A signed call without a user token succeeded.
    Accepted,
    /// A signed call without a user token was refused (401 or 403).
    Refused,
}

impl Verdict {
    fn lifetime(self) -> Duration {
        match self {
            Verdict::Accepted => ACCEPTED_FOR,
            Verdict::Refused => REFUSED_FOR,
        }
    }
}

/// The cached, single-flight check of the application's credentials.
#[derive(Default)]
pub(crate) struct CredentialCheck {
    /// The last verdict and when it was reached; the lock is held across
    /// the call, so concurrent checks wait for the one in flight.
    last: Mutex<Option<(Verdict, Instant)>>,
}

impl fmt::Debug for CredentialCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last = self.last.try_lock().ok().and_then(|last| *last);
        f.debug_struct("CredentialCheck")
            .field("last", &last.map(|(verdict, _)| verdict))
            .finish()
    }
}

impl CredentialCheck {
    /// What SaaSus says of `client`'s credentials, from the cache when
    /// fresh; `None` when the check itself failed otherwise (SaaSus out of
    /// reach, a 5xx...): nothing is concluded, nothing cached.
    pub(crate) async fn verdict(&self, client: &AuthClient) -> Option<Verdict> {
        let mut last = self.last.lock().await;
        if let Some((verdict, at)) = *last
            && at.elapsed() < verdict.lifetime()
        {
            return Some(verdict);
        }
        let verdict = match client.auth_info_api().get_auth_info().await {
            Ok(_) => Verdict::Accepted,
            Err(e)
                if matches!(
                    e.status(),
                    Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
                ) =>
            {
                Verdict::Refused
            }
            Err(_) => return None,
        };
        *last = Some((verdict, Instant::now()));
        Some(verdict)
    }
}
