//! The generated client's hooks (progenitor's `ClientHooks`), the only way
//! in for its requests: `pre` refuses options that cannot be honoured and
//! paths that do not match their operation's template (`path`),
//! `exec` runs the request through the transport (`pipeline`), `post` hands
//! a refused answer back as the generated client's error.
//! Everything is decided by the operation the generated client names,
//! looked up in the operation table.

use progenitor_client::{ClientHooks, OperationInfo};

use super::body::{self, Decoder, Reason, Refusal};
use super::redact::SecretSource;
use super::send::Again;
use super::{path, pipeline};
use crate::operation;
use crate::raw;

impl ClientHooks<super::Transport> for raw::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        if let Some(problem) = self.inner.options().and_then(|o| o.problem()) {
            return Err(progenitor_client::Error::InvalidRequest(
                problem.to_string(),
            ));
        }
        let problem = match operation::index_by_method_name(info.operation_id) {
            Some(index) => {
                path::mismatch(&self.baseurl, &operation::OPERATIONS[index], request.url())
            }
            None => Some(format!(
                "{} is not in the operation table",
                info.operation_id
            )),
        };
        match problem {
            Some(problem) => Err(progenitor_client::Error::InvalidRequest(problem)),
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
                reason:
                    Reason::Undecodable {
                        visible_body,
                        message,
                    },
                ..
            }) => Err(E::InvalidResponsePayload(
                visible_body.clone(),
                <serde_json::Error as serde::de::Error>::custom(message),
            )),
            Some(refusal) => Err(E::UnexpectedResponse(body::copy_refused(response, refusal))),
        }
    }
}
