//! SAASUSSIGV1 verification of incoming requests.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use axum::http::header::{AUTHORIZATION, HOST};
use axum::http::request::Parts;

use super::routes::Fault;
use super::SIGNATURE_WINDOW_MINUTES;
use crate::config::Configuration;
use crate::signing::{format_timestamp, Clock, Signer, SCHEME};

/// Checks the `Authorization` header of a request against the emulator's
/// credentials. Its `Debug` shows the SaaS ID only.
pub(crate) struct Verifier {
    saas_id: String,
    api_key: String,
    signer: Signer,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("saas_id", &self.saas_id)
            .finish_non_exhaustive()
    }
}

/// The three fields of a SAASUSSIGV1 `Authorization` header.
#[derive(Debug, Default, PartialEq, Eq)]
struct Credentials<'a> {
    sig: &'a str,
    saas_id: &'a str,
    api_key: &'a str,
}

/// Parses `SAASUSSIGV1 Sig={sig}, SaaSID={saas_id}, APIKey={api_key}`
/// (fields in any order, each exactly once).
fn parse(header: &str) -> Option<Credentials<'_>> {
    let rest = header.strip_prefix(SCHEME)?;
    if !rest.starts_with(' ') {
        return None;
    }
    let (mut sig, mut saas_id, mut api_key) = (None, None, None);
    for field in rest.split(',') {
        let (name, value) = field.trim().split_once('=')?;
        let slot = match name {
            "Sig" => &mut sig,
            "SaaSID" => &mut saas_id,
            "APIKey" => &mut api_key,
            _ => return None,
        };
        if slot.replace(value).is_some() {
            return None;
        }
    }
    Some(Credentials {
        sig: sig?,
        saas_id: saas_id?,
        api_key: api_key?,
    })
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Verifier {
    pub(crate) fn new(config: &Configuration) -> Self {
        Self {
            saas_id: config.saas_id.clone(),
            api_key: config.api_key.clone(),
            signer: Signer::new(&config.saas_id, &config.api_key, &config.secret_key),
            clock: config.clock.clone(),
        }
    }

    /// Accepts the request when its signature is that of the Host header,
    /// the request target as received (still percent-encoded) and the body,
    /// at the clock's current minute or one within
    /// [`SIGNATURE_WINDOW_MINUTES`] of it.
    pub(crate) fn verify(&self, parts: &Parts, body: &[u8]) -> Result<(), Fault> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| Fault::unauthorized("the Authorization header is missing"))?;
        let credentials = header.to_str().ok().and_then(parse).ok_or_else(|| {
            Fault::unauthorized("the Authorization header is not a SAASUSSIGV1 signature")
        })?;
        if credentials.saas_id != self.saas_id || credentials.api_key != self.api_key {
            return Err(Fault::unauthorized("unknown SaaS ID or API key"));
        }
        let host = parts
            .headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .ok_or_else(|| Fault::unauthorized("the Host header is missing"))?;
        let path_and_query = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let target = format!("{host}{path_and_query}");
        let received = credentials.sig.to_ascii_lowercase();
        let now = self.clock.now();
        let mut moments = vec![now];
        for m in 1..=SIGNATURE_WINDOW_MINUTES {
            let shift = Duration::from_secs(60 * u64::from(m));
            moments.extend(now.checked_sub(shift));
            moments.extend(now.checked_add(shift));
        }
        for at in moments {
            let expected =
                self.signer
                    .signature(&format_timestamp(at), parts.method.as_str(), &target, body);
            if constant_time_eq(expected.as_bytes(), received.as_bytes()) {
                return Ok(());
            }
        }
        Err(Fault::unauthorized("the signature does not match"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_header() {
        let c = parse("SAASUSSIGV1 Sig=ab12, SaaSID=s, APIKey=k").unwrap();
        assert_eq!((c.sig, c.saas_id, c.api_key), ("ab12", "s", "k"));
        assert!(parse("SAASUSSIGV1 Sig=ab12, SaaSID=s").is_none());
        assert!(parse("SAASUSSIGV1 Sig=a, Sig=b, SaaSID=s, APIKey=k").is_none());
        assert!(parse("SAASUSSIGV1Sig=a, SaaSID=s, APIKey=k").is_none());
        assert!(parse("Bearer x").is_none());
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
