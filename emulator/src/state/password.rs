//! Passwords as the store keeps them: as given (by the API or a
//! hand-written seed) or as a PBKDF2-HMAC-SHA256 hash (what snapshots hold).

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine as _;
use sha2::Sha256;

/// The scheme name that starts every hash: `pbkdf2-sha256$ROUNDS$SALT$HASH`
/// (salt and hash in base64 without padding).
pub const HASH_SCHEME: &str = "pbkdf2-sha256";
/// The rounds of the hashes the emulator writes. A snapshot is a test
/// fixture: the hash keeps clear passwords out of files, it is not tuned to
/// resist offline guessing.
const ROUNDS: u32 = 1000;
/// The most rounds a hash read from a file may ask for.
const MAX_ROUNDS: u32 = 1_000_000;

/// A user's password.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Password {
    /// As given.
    Clear(String),
    /// A hash in the form [`HASH_SCHEME`] describes.
    Hashed(String),
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(..)")
    }
}

impl Password {
    /// Whether `candidate` is this password.
    pub(crate) fn matches(&self, candidate: &str) -> bool {
        match self {
            Password::Clear(p) => p == candidate,
            Password::Hashed(h) => parse_hash(h).is_some_and(|(rounds, salt, hash)| {
                derive(candidate, &salt, rounds).as_slice() == hash.as_slice()
            }),
        }
    }

    /// The hash to write into a snapshot. A clear password is hashed with
    /// `salt` (the user's ID: unique per user, and the same export after
    /// export).
    pub(crate) fn to_hash(&self, salt: &str) -> String {
        match self {
            Password::Hashed(h) => h.clone(),
            Password::Clear(p) => {
                let salt = salt.as_bytes();
                let hash = derive(p, salt, ROUNDS);
                format!(
                    "{HASH_SCHEME}${ROUNDS}${}${}",
                    STANDARD_NO_PAD.encode(salt),
                    STANDARD_NO_PAD.encode(hash)
                )
            }
        }
    }
}

/// Whether `hash` is a well-formed hash the emulator can check.
pub(crate) fn is_valid_hash(hash: &str) -> bool {
    parse_hash(hash).is_some()
}

fn parse_hash(hash: &str) -> Option<(u32, Vec<u8>, Vec<u8>)> {
    let mut parts = hash.split('$');
    if parts.next()? != HASH_SCHEME {
        return None;
    }
    let rounds: u32 = parts.next()?.parse().ok()?;
    let salt = STANDARD_NO_PAD.decode(parts.next()?).ok()?;
    let hash = STANDARD_NO_PAD.decode(parts.next()?).ok()?;
    let ok = parts.next().is_none()
        && (1..=MAX_ROUNDS).contains(&rounds)
        && !salt.is_empty()
        && hash.len() == 32;
    ok.then_some((rounds, salt, hash))
}

fn derive(password: &str, salt: &[u8], rounds: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt, rounds, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_matches_its_password_only() {
        let hash = Password::Clear("correct horse".into()).to_hash("user-id");
        assert_eq!(
            Password::Clear("correct horse".into()).to_hash("user-id"),
            hash
        );
        assert_ne!(
            Password::Clear("correct horse".into()).to_hash("other-id"),
            hash
        );
        assert!(hash.starts_with("pbkdf2-sha256$1000$"));
        assert!(!hash.contains("correct horse"));
        assert!(is_valid_hash(&hash));
        let hashed = Password::Hashed(hash);
        assert!(hashed.matches("correct horse"));
        assert!(!hashed.matches("correct horsE"));
        assert!(!Password::Hashed("pbkdf2-sha256$0$AA$AA".into()).matches(""));
        assert!(!is_valid_hash("sha1$1$AA$AA"));
    }
}
