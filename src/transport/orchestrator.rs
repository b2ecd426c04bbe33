//! The life of a request, in the order it happens, whichever layer sends
//! it.
//!
//! Every call is a method of the generated client ([`raw::Client`]):
//! progenitor's code builds the request (the one request builder) and
//! hands it to its hooks (`ClientHooks`), which are this file. A facade
//! method calls the method of the same name on a client made for that one
//! call ([`facade_call`](super::facade_call)), which names the operation and takes the answer
//! back; a call of the generated client is looked up in the
//! [operation table](crate::operation) by the name progenitor gives.
//!
//! 1. **check** (`pre`): options that cannot be honoured, and a path that
//!    does not match the operation's template segment for segment
//!    ([`path`]), are refused before anything is sent.
//! 2. **invoke** (`exec`): the configured headers and timeout, the plan of
//!    attempts ([`Plan`]), a tracing span around the rest.
//! 3. **attempt**: per attempt a SAASUSSIGV1 signature and the sending;
//!    another attempt, made from what was kept of the request
//!    ([`Resend`]), while attempts are left and the retry policy
//!    ([`retry_after`]) says the outcome is worth one. The crate's one
//!    retry loop.
//! 4. **settle**: the answer to the last attempt becomes an [`Outcome`]
//!    ([`answer`] reads and redacts bodies): what its decoder may decode,
//!    or a refusal with its reason, or a failure.
//! 5. **hand back** (`exec`, `post`): a facade's call gets the answer read
//!    whole, or the crate's error, and the generated client's call ends
//!    there; the generated client gets the answer to decode itself, or its
//!    own error for a refusal.
//! 6. **finish**: the facade decodes its answer; [`AuthClient::call`](crate::AuthClient::call)
//!    turns the generated client's result into the crate's. Either way an
//!    [`ApiResponse`] or the crate's [`Error`], named after the operation.

use std::time::Instant;

use progenitor_client::{ClientHooks, OperationInfo};
use tracing::Instrument;

use super::answer::{self, Decoder};
use super::facade_call::{FacadeCall, Settled};
use super::outcome::{self, Outcome, RawResult, Refusal};
use super::path;
use super::plan::{self, Plan, Resend};
use super::redact::{self, SecretSource};
use super::retry::retry_after;
use super::Transport;
use crate::error::Error;
use crate::operation::Operation;
use crate::raw;
use crate::response::ApiResponse;

impl ClientHooks<Transport> for raw::Client {
    /// Phase 1, **check**.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let problem = match (
            self.inner.options().and_then(|o| o.problem()),
            operation_of(self, info),
        ) {
            (Some(problem), _) => Some(problem.to_string()),
            (None, Some(operation)) => path::mismatch(&self.baseurl, operation, request.url()),
            (None, None) => Some(format!(
                "{} is not in the operation table",
                info.operation_id
            )),
        };
        match problem {
            Some(problem) => Err(progenitor_client::Error::InvalidRequest(problem)),
            None => Ok(()),
        }
    }

    /// Phases 2 to 4, then 5 for the outcome (`hand_to_facade`,
    /// `hand_to_generated`).
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let operation = operation_of(self, info);
        let secrets = SecretSource::of(operation, &request);
        let decoder = match self.inner.call {
            Some(_) => Decoder::Facade,
            None => Decoder::Generated,
        };
        let outcome = invoke(self, operation, request, &secrets, decoder).await;
        match &self.inner.call {
            Some(call) => {
                hand_to_facade(call, outcome, secrets, self.inner.max_response_bytes()).await
            }
            None => hand_to_generated(outcome),
        }
    }

    /// Phase 5, **hand back**, for the generated client: a refusal becomes
    /// its error. A facade's call ends here, its answer left for the
    /// facade.
    async fn post<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        if self.inner.call.as_ref().is_some_and(|c| c.is_settled()) {
            return Err(progenitor_client::Error::InvalidRequest(String::new()));
        }
        match result {
            Ok(response) => match Refusal::attached(response) {
                Some(refusal) => Err(refusal.to_generated_error(response)),
                None => Ok(()),
            },
            Err(_) => Ok(()),
        }
    }
}

/// The operation `client` is calling: a facade's, or the one the generated
/// client names.
fn operation_of(client: &raw::Client, info: &OperationInfo) -> Option<&'static Operation> {
    match &client.inner.call {
        Some(call) => Some(call.operation),
        None => Operation::by_method_name(info.operation_id),
    }
}

/// Phase 5, **hand back**, for a facade's call: the answer read whole,
/// within the size limit, its headers moved out, or the crate's error for
/// a refusal, left for the facade; a failure on the way goes on as the
/// generated client's error, which the facade turns as `call` would.
async fn hand_to_facade(
    call: &FacadeCall,
    outcome: Outcome,
    secrets: SecretSource,
    limit: usize,
) -> reqwest::Result<reqwest::Response> {
    match outcome {
        Outcome::Decode(mut response) => {
            let status = response.status();
            let settled = match answer::read_all(&mut response, limit).await {
                Ok(Some(body)) => Settled::Answer {
                    status,
                    headers: std::mem::take(response.headers_mut()),
                    body,
                    secrets,
                },
                Ok(None) => Settled::Refused(Error::ResponseTooLarge {
                    operation: call.operation.id,
                    status,
                    limit,
                }),
                Err(e) => return Err(e.without_url()),
            };
            call.leave(settled);
            Ok(response)
        }
        Outcome::Refused(refused) => {
            let (response, refusal) = *refused;
            let error = outcome::refused(&response, Some(call.operation), Some(&refusal));
            call.leave(Settled::Refused(error));
            Ok(response)
        }
        Outcome::Failed(e) => Err(e),
    }
}

/// Phase 5, **hand back**, for the generated client: the answer to decode,
/// or a refused one carrying its [`Refusal`] on to `post` (progenitor's
/// hooks give `post` nothing but the response), or the failure.
fn hand_to_generated(outcome: Outcome) -> reqwest::Result<reqwest::Response> {
    match outcome {
        Outcome::Decode(response) => Ok(response),
        Outcome::Refused(refused) => {
            let (response, refusal) = *refused;
            Ok(refusal.attach(response))
        }
        Outcome::Failed(e) => Err(e),
    }
}

/// Phase 2, **invoke**: sends `request`, an instance of `operation`, with the
/// client's settings and options, and settles the answer.
async fn invoke(
    client: &raw::Client,
    operation: Option<&'static Operation>,
    mut request: reqwest::Request,
    secrets: &SecretSource,
    decoder: Decoder,
) -> Outcome {
    let transport = &client.inner;
    let plan = Plan::new(transport, operation, &request);
    let resend = if plan.max_attempts > 1 {
        Resend::of(&request)
    } else {
        None
    };
    plan::apply_headers_and_timeout(transport, operation, &mut request);
    // Made only when a subscriber wants it: a disabled span still costs
    // its fields (and, with tracing's `log` feature, log records).
    let span = if tracing::enabled!(tracing::Level::DEBUG) {
        tracing::debug_span!(
            "saasus_request",
            operation = operation.map_or("unknown", |o| o.id),
            method = %request.method(),
            path = operation.map_or("unknown", |o| o.path),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        )
    } else {
        tracing::Span::none()
    };
    let fields = span.clone();
    async move {
        let started = (!fields.is_disabled()).then(Instant::now);
        let (last, attempts) = attempt(client, operation, request, &plan, resend.as_ref()).await;
        fields.record("attempts", attempts);
        let outcome = settle(last, operation, transport, secrets, decoder, &fields).await;
        if let Some(started) = started {
            log(&outcome, transport, started);
        }
        outcome
    }
    .instrument(span)
    .await
}

/// Phase 3, **attempt**: sends `request` as `plan` says, signing each attempt,
/// again after a retryable outcome while attempts are left, with a request
/// made from `resend` (none: sent once). Answers the last outcome and its
/// attempt number.
async fn attempt(
    client: &raw::Client,
    operation: Option<&'static Operation>,
    mut request: reqwest::Request,
    plan: &Plan,
    resend: Option<&Resend>,
) -> (reqwest::Result<reqwest::Response>, u32) {
    let transport = &client.inner;
    let mut attempt = 1;
    loop {
        plan::sign(&transport.settings.signer, &mut request);
        if plan.unclonable_body {
            plan::make_body_unclonable(&mut request);
        }
        let outcome = client.client.execute(request).await;
        let again = match resend {
            Some(resend) if attempt < plan.max_attempts => {
                retry_after(&outcome, attempt).map(|delay| (resend, delay))
            }
            _ => None,
        };
        let Some((resend, delay)) = again else {
            return (outcome, attempt);
        };
        tracing::debug!(attempt, ?delay, "retrying");
        drop(outcome);
        // Boxed: only a retry waits, and the timer would take room in
        // every request's future.
        Box::pin(tokio::time::sleep(delay)).await;
        attempt += 1;
        request = resend.request(transport, operation);
    }
}

/// Phase 4, **settle**: the last attempt's outcome, for its `decoder`.
///
/// - A documented success within the size limit goes to it as it came.
///   For the generated client, when the request or the answer holds
///   secrets, it is read here and checked to decode first, since the
///   generated client would put an answer that does not in its error.
/// - For the generated client, a documented error status with SaaSus'
///   error body goes to it, read and redacted, to decode as the
///   operation's error.
/// - Anything else is refused: too large, an undocumented status (a
///   redirect, an error, an undocumented success), an error status (the
///   facades decode SaaSus' error body from the refusal), a checked answer
///   that does not decode.
async fn settle(
    last: reqwest::Result<reqwest::Response>,
    operation: Option<&'static Operation>,
    transport: &Transport,
    secrets: &SecretSource,
    decoder: Decoder,
    span: &tracing::Span,
) -> Outcome {
    let response = match last {
        Ok(response) => response,
        Err(e) => return Outcome::Failed(e.without_url()),
    };
    let status = response.status();
    span.record("status", status.as_u16());
    let limit = transport.max_response_bytes();
    let documented = operation.is_none_or(|op| op.success_status == status.as_u16());
    let outcome = if !(status.is_success() && documented) {
        Box::pin(answer::capture(
            response,
            operation,
            limit,
            &secrets.secrets(),
            decoder,
        ))
        .await
    } else if decoder == Decoder::Generated
        && (operation.is_some_and(|op| op.sensitive_response) || !secrets.is_empty())
    {
        Box::pin(answer::check(response, operation, limit, secrets)).await
    } else {
        match response.content_length() {
            // Within the limit: hyper never reads past it.
            Some(n) if n <= limit as u64 => Ok(Outcome::Decode(response)),
            _ => Box::pin(answer::read_bounded(response, operation, limit)).await,
        }
    };
    outcome.unwrap_or_else(|e| Outcome::Failed(e.without_url()))
}

/// The request's last line in the log: status or failure, and time taken.
fn log(outcome: &Outcome, transport: &Transport, started: Instant) {
    let elapsed = started.elapsed();
    match outcome {
        Outcome::Decode(r) => tracing::debug!(status = %r.status(), ?elapsed, "response"),
        Outcome::Refused(refused) if refused.1.is_too_large() => {
            let r = &refused.0;
            let limit = transport.max_response_bytes();
            tracing::debug!(status = %r.status(), limit, ?elapsed, "response too large")
        }
        Outcome::Refused(refused) => {
            tracing::debug!(status = %refused.0.status(), ?elapsed, "response")
        }
        Outcome::Failed(e) => tracing::debug!(error = %e, ?elapsed, "request failed"),
    }
}

/// Phase 6, **finish**, for a facade's call through `client` (from
/// [`client_for`](super::facade_call::client_for)), whose generated method answered `result`:
/// the answer left in phase 5 decoded by `decode`; the crate's error left
/// there; or, when nothing was left (the request was refused before it was
/// sent), `result` turned as [`finish`] turns it.
pub(crate) fn finish_facade<T>(
    mut client: raw::Client,
    result: RawResult<T>,
    decode: fn(&[u8]) -> Result<T, serde_json::Error>,
) -> Result<ApiResponse<T>, Error> {
    let Some(call) = client.inner.call.take() else {
        return finish(None, &client, result);
    };
    let operation = call.operation;
    match call.into_settled() {
        None => finish(Some(operation), &client, result),
        Some(Settled::Refused(error)) => Err(error),
        Some(Settled::Answer {
            status,
            headers,
            body,
            secrets,
        }) => match decode(&body) {
            Ok(data) => Ok(ApiResponse::new(status, headers, data)),
            Err(e) => Err(Error::Decode {
                operation: operation.id,
                status: Some(status),
                source: redact::without_quoted_values(&e),
                snippet: answer::body_for_error(operation, &secrets, body),
            }),
        },
    }
}

/// Phase 6, **finish**, for a call of the generated client: the crate's
/// result for `result`, a call of `operation` (when the caller knows it)
/// made by `client`.
pub(crate) fn finish<T>(
    operation: Option<&'static Operation>,
    client: &raw::Client,
    result: RawResult<T>,
) -> Result<ApiResponse<T>, Error> {
    match result {
        Ok(value) => Ok(ApiResponse::from(value)),
        Err(e) => Err(outcome::error(e, operation, &client.inner)),
    }
}
