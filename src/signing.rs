//! SAASUSSIGV1, the signature SaaSus expects on every API request.
//!
//! For each request, at the moment it is sent:
//!
//! 1. `timestamp`: the current UTC time as `YYYYMMDDHHmm`;
//! 2. `target`: the request URL without its scheme and `//` (host, optional
//!    port, path and query string exactly as sent);
//! 3. `message`: `timestamp` + API key + upper-case method + `target`,
//!    followed by the exact body bytes;
//! 4. `sig`: lower-case hex of HMAC-SHA256 keyed with the secret key;
//!
//! and the request carries
//! `Authorization: SAASUSSIGV1 Sig={sig}, SaaSID={saas_id}, APIKey={api_key}`.
//!
//! The crate signs every request itself; this module is public for callers
//! that send requests of their own (webhooks, proxies) and for tests.
//!
//! ```
//! use saasus_auth::signing::Signer;
//! use saasus_auth::SecretKey;
//!
//! let signer = Signer::new("saas-id-0001", "api-key-abcdef", &SecretKey::new("secret-key-0123456789"));
//! let header = signer.authorization_at(
//!     "202611290304",
//!     "GET",
//!     "https://api.saasus.io/v1/auth/users",
//!     b"",
//! );
//! assert!(header.starts_with("SAASUSSIGV1 Sig="));
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The SaaSus secret key. Its `Debug` and `Display` never show it.
///
/// ```
/// use saasus_auth::SecretKey;
/// let key = SecretKey::new("s3cr3t");
/// assert_eq!(format!("{key:?} {key}"), "SecretKey(<redacted>) <redacted>");
/// assert_eq!(key.expose_secret(), "s3cr3t");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Arc<str>);

impl SecretKey {
    /// Wraps a secret key.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(Arc::from(secret.into()))
    }

    /// The secret itself. Do not log it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Whether the key is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for SecretKey {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl From<&str> for SecretKey {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

/// The scheme name that starts the `Authorization` header.
pub const SCHEME: &str = "SAASUSSIGV1";

/// A source of the current time, injectable so that signatures can be
/// reproduced in tests.
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock; the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that always tells the same time, for deterministic tests.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use saasus_auth::signing::{format_timestamp, Clock, FixedClock};
///
/// let clock = FixedClock::new(UNIX_EPOCH + Duration::from_secs(1_704_067_200));
/// assert_eq!(format_timestamp(clock.now()), "202401010000");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(SystemTime);

impl FixedClock {
    /// A clock stopped at `at`.
    pub fn new(at: SystemTime) -> Self {
        Self(at)
    }
}

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// Computes SAASUSSIGV1 `Authorization` headers.
///
/// Cheap to clone. Its `Debug` output shows the SaaS ID only: the API key and
/// the secret key never appear.
#[derive(Clone)]
pub struct Signer {
    saas_id: Arc<str>,
    api_key: Arc<str>,
    /// HMAC state already keyed with the secret key, cloned per signature.
    keyed: HmacSha256,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("saas_id", &self.saas_id)
            .field("api_key", &"<redacted>")
            .field("secret_key", &"<redacted>")
            .field("clock", &self.clock)
            .finish()
    }
}

impl Signer {
    /// A signer for these credentials, on the system clock.
    pub fn new(saas_id: &str, api_key: &str, secret_key: &SecretKey) -> Self {
        // HMAC accepts keys of any length, so this cannot fail; the fallback
        // only keeps the code free of `expect`.
        let keyed = HmacSha256::new_from_slice(secret_key.expose_secret().as_bytes())
            .unwrap_or_else(|_| <HmacSha256 as hmac::digest::KeyInit>::new(&Default::default()));
        Self {
            saas_id: saas_id.into(),
            api_key: api_key.into(),
            keyed,
            clock: Arc::new(SystemClock),
        }
    }

    /// The same signer on another clock.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The SaaS ID this signer signs for.
    pub fn saas_id(&self) -> &str {
        &self.saas_id
    }

    /// The current timestamp, `YYYYMMDDHHmm` in UTC, from this signer's clock.
    pub fn timestamp(&self) -> String {
        format_timestamp(self.clock.now())
    }

    /// The `Authorization` header for a request sent now.
    ///
    /// `url` is the full URL as sent (scheme included); `body` the exact
    /// body bytes, empty when there is none.
    pub fn authorization(&self, method: &str, url: &str, body: &[u8]) -> String {
        self.authorization_at(&self.timestamp(), method, url, body)
    }

    /// The `Authorization` header for a request signed with `timestamp`.
    pub fn authorization_at(
        &self,
        timestamp: &str,
        method: &str,
        url: &str,
        body: &[u8],
    ) -> String {
        let sig = self.signature(timestamp, method, signed_target(url), body);
        format!(
            "{SCHEME} Sig={sig}, SaaSID={}, APIKey={}",
            self.saas_id, self.api_key
        )
    }

    /// The lower-case hex signature of one request.
    pub fn signature(&self, timestamp: &str, method: &str, target: &str, body: &[u8]) -> String {
        let mut mac = self.keyed.clone();
        mac.update(timestamp.as_bytes());
        mac.update(self.api_key.as_bytes());
        for b in method.bytes() {
            mac.update(&[b.to_ascii_uppercase()]);
        }
        mac.update(target.as_bytes());
        mac.update(body);
        hex::encode(mac.finalize().into_bytes())
    }
}

/// The part of a URL that is signed: everything after `scheme://`, without
/// user information or fragment (neither goes on the wire).
///
/// ```
/// use saasus_auth::signing::signed_target;
/// assert_eq!(
///     signed_target("https://api.saasus.io/v1/auth/userinfo?token=abc"),
///     "api.saasus.io/v1/auth/userinfo?token=abc"
/// );
/// assert_eq!(signed_target("http://127.0.0.1:8080/v1/auth/users"), "127.0.0.1:8080/v1/auth/users");
/// ```
pub fn signed_target(url: &str) -> &str {
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => url,
    };
    let rest = match rest.find('#') {
        Some(i) => &rest[..i],
        None => rest,
    };
    // Drop `user:password@` if present before the path.
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    }
}

/// Formats `t` as `YYYYMMDDHHmm` in UTC. Times before 1970 are formatted as
/// the epoch.
pub fn format_timestamp(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let days = (secs / 86_400) as i64;
    let minute_of_day = (secs % 86_400) / 60;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

/// Days since 1970-01-01 to a (year, month, day) in the proleptic Gregorian
/// calendar (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_across_the_calendar() {
        let at = |s: u64| format_timestamp(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "197001010000");
        assert_eq!(at(1_704_067_200), "202401010000");
        // 2024-02-29 23:59:59 (leap day)
        assert_eq!(at(1_709_251_199), "202402292359");
        // 2030-12-31 23:59:00
        assert_eq!(at(1_924_991_940), "203012312359");
        assert_eq!(
            format_timestamp(UNIX_EPOCH - Duration::from_secs(10)),
            "197001010000"
        );
    }

    #[test]
    fn target_strips_scheme_userinfo_and_fragment() {
        assert_eq!(signed_target("https://u:p@h.io/a?b=c#frag"), "h.io/a?b=c");
        assert_eq!(signed_target("h.io/a"), "h.io/a");
        assert_eq!(signed_target("https://h.io/a@b"), "h.io/a@b");
    }

    #[test]
    fn debug_hides_keys() {
        let s = Signer::new("sid", "the-api-key", &SecretKey::new("the-secret"));
        let dbg = format!("{s:?}");
        assert!(dbg.contains("sid"));
        assert!(!dbg.contains("the-api-key"));
        assert!(!dbg.contains("the-secret"));
    }
}
