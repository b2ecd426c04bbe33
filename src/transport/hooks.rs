//! The generated client's hooks (progenitor's `ClientHooks`), the only way
//! in for its requests: `pre` refuses options that cannot be honoured,
//! `exec` runs the request through the transport (`pipeline`), `post` hands
//! a refused answer back as the generated client's error.
//! Everything is decided by the operation the generated client names,
//! looked up in the operation table.

use progenitor_client::{ClientHooks, OperationInfo};

use super::body::{self, Decoder, Reason, Refusal};
use super::pipeline;
use super::redact::SecretSource;
use super::send::Again;
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
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let index = operation::index_by_method_name(info.operation_id);
        let secrets = SecretSource::of(index.map(|i| &operation::OPERATIONS[i]), &request);
        pipeline::run(
            self,
            index,
            request,
            Again::Copy,
            Decoder::Generated,
            &secrets,
        )
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
