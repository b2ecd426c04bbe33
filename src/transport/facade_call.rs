//! A facade's call. The facade calls the generated client's method of its
//! operation (the one request builder) on a client made for that one call
//! ([`client_for`]), which tells the hooks the operation and gives the
//! [orchestrator](super::orchestrator) a place to leave the settled
//! answer. The facade then decodes that answer itself
//! ([`finish_facade`](super::orchestrator::finish_facade)): the body as the
//! orchestrator read it, the headers moved rather than copied, the
//! failures already the crate's [`Error`]. The generated client's own
//! decoding is not reached: its `post` hook ends the call once the answer
//! is left here.

use std::sync::OnceLock;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::redact::SecretSource;
use super::Transport;
use crate::error::Error;
use crate::operation::Operation;
use crate::raw;

/// What a facade's call carries through the hooks.
pub(crate) struct FacadeCall {
    /// The operation the facade calls.
    pub(super) operation: &'static Operation,
    /// The answer, once the orchestrator has settled it.
    settled: OnceLock<Settled>,
}

/// How a facade's call ended, for the facade.
pub(super) enum Settled {
    /// A documented success within the size limit, its body read whole,
    /// and what the request's secrets are read from, should the body not
    /// decode.
    Answer {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        secrets: SecretSource,
    },
    /// Anything else that came back: the crate's error for it.
    Refused(Error),
}

impl FacadeCall {
    /// Leaves the settled answer for the facade.
    pub(super) fn leave(&self, settled: Settled) {
        // A call is settled once: its one `exec`.
        let _ = self.settled.set(settled);
    }

    /// Whether an answer was left.
    pub(super) fn is_settled(&self) -> bool {
        self.settled.get().is_some()
    }

    /// The answer left, if any.
    pub(super) fn into_settled(self) -> Option<Settled> {
        self.settled.into_inner()
    }
}

impl std::fmt::Debug for FacadeCall {
    /// The operation only: the answer may hold secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FacadeCall")
            .field("operation", &self.operation.id)
            .finish_non_exhaustive()
    }
}

/// A client for one call of `operation`, with `raw`'s connection pool,
/// settings and options.
pub(crate) fn client_for(raw: &raw::Client, operation: &'static Operation) -> raw::Client {
    raw::Client {
        baseurl: raw.baseurl.clone(),
        client: raw.client.clone(),
        inner: Transport {
            settings: raw.inner.settings.clone(),
            options: raw.inner.options.clone(),
            call: Some(FacadeCall {
                operation,
                settled: OnceLock::new(),
            }),
        },
    }
}

/// Decodes an answer's JSON body.
pub(crate) fn json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// An answer without a body (its bytes, if any, are ignored, as the
/// generated client does).
pub(crate) fn no_body(_: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}
