//! The generated client's hooks (progenitor's `ClientHooks`), the only way
//! in: `pre` refuses options that cannot be honoured, `exec` sends the
//! request (`send`) and settles its answer (`body`) under a tracing span,
//! `post` hands a refused answer back as the generated client's error.
//! Everything is decided by the operation the generated client names,
//! looked up in the operation table.

use std::time::Instant;

use progenitor_client::{ClientHooks, OperationInfo};
use tracing::Instrument;

use super::body::{self, Reason, Refusal};
use super::redact::SecretSource;
use super::send::{self, Plan};
use crate::operation;
use crate::raw;

impl ClientHooks<super::Transport> for raw::Client {
    async fn pre<E>(
        &self,
        _request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        match self.inner.options().and_then(|o| o.problem()) {
            Some(problem) => Err(progenitor_client::Error::InvalidRequest(
                problem.to_string(),
            )),
            None => Ok(()),
        }
    }

    async fn exec(
        &self,
        mut request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let transport = &self.inner;
        let index = operation::index_by_method_name(info.operation_id);
        let operation = index.map(|i| &operation::OPERATIONS[i]);
        let plan = Plan::prepare(transport, operation, &mut request);
        let secrets = SecretSource::of(operation, &request);
        let span = tracing::debug_span!(
            "saasus_request",
            operation = operation.map_or("unknown", |o| o.id),
            method = %request.method(),
            path = operation.map_or("unknown", |o| o.path),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let fields = span.clone();
        let signer = &transport.settings.signer;
        let limit = transport.max_response_bytes();
        async move {
            let started = Instant::now();
            let (outcome, attempts) = send::attempts(&self.client, signer, request, &plan).await;
            fields.record("attempts", attempts);
            body::settle(outcome, index, limit, secrets, &fields, started).await
        }
        .instrument(span)
        .await
    }

    async fn post<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        use progenitor_client::Error as E;
        let Ok(response) = result else {
            return Ok(());
        };
        match response.extensions().get::<Refusal>() {
            None => Ok(()),
            Some(Refusal {
                reason: Reason::Undecodable { shown, message },
                ..
            }) => Err(E::InvalidResponsePayload(
                shown.clone(),
                <serde_json::Error as serde::de::Error>::custom(message),
            )),
            Some(refusal) => Err(E::UnexpectedResponse(body::copy_refused(response, refusal))),
        }
    }
}
