//! One request through the transport, from either layer: its headers and
//! timeout, its plan of attempts, a tracing span, the attempts (`send`) and
//! the answer settled for its decoder (`body`).

use std::time::Instant;

use tracing::Instrument;

use super::body::{self, Decoder};
use super::redact::SecretSource;
use super::send::{self, Again, Plan};
use crate::operation;
use crate::raw;

/// Sends `request`, the operation at `index` in the table, with `raw`'s
/// settings and options; further attempts come from `again`. `secrets` are
/// those of `request` ([`SecretSource::of`]).
pub(super) async fn run(
    raw: &raw::Client,
    index: Option<usize>,
    mut request: reqwest::Request,
    again: Again<'_>,
    decoder: Decoder,
    secrets: &SecretSource,
) -> reqwest::Result<reqwest::Response> {
    let transport = &raw.inner;
    let operation = index.map(|i| &operation::OPERATIONS[i]);
    send::apply_headers_and_timeout(transport, &mut request);
    let plan = Plan::new(transport, operation, &request);
    let span = tracing::debug_span!(
        "saasus_request",
        operation = operation.map_or("unknown", |o| o.id),
        method = %request.method(),
        path = operation.map_or("unknown", |o| o.path),
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
    );
    let fields = span.clone();
    let limit = transport.max_response_bytes();
    async move {
        let started = Instant::now();
        let (outcome, attempts) = send::attempts(
            &raw.client,
            &transport.settings.signer,
            request,
            &plan,
            again,
        )
        .await;
        fields.record("attempts", attempts);
        body::check_response(outcome, index, limit, secrets, decoder, &fields, started).await
    }
    .instrument(span)
    .await
}
