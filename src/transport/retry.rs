//! The retry policy, in one place: which statuses are transient, which
//! outcome of an attempt is worth another one and how long to wait first
//! (exponential backoff with jitter, from `backon`), for the attempt loop
//! (`send`); and, on the same rule, [`Error::is_retryable`] for callers.

use std::time::Duration;

use backon::BackoffBuilder;
use reqwest::StatusCode;

use crate::error::{ApiError, Error};

const BACKOFF_MIN: Duration = Duration::from_millis(100);
const BACKOFF_MAX: Duration = Duration::from_secs(5);
/// A `Retry-After` longer than this is not waited for: the response goes back
/// to the caller.
pub(crate) const RETRY_AFTER_CAP: Duration = Duration::from_secs(30);

/// Whether a status is transient, worth another attempt later: 429, 502,
/// 503, 504.
pub(crate) fn is_transient_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

impl Error {
    /// Whether the request may succeed if sent again later: timeouts,
    /// transport failures and the statuses 429, 502, 503 and 504, unless
    /// SaaSus' error body says the request itself was at fault
    /// ([`ApiError::is_client_fault`]) or the URL's scheme does not match
    /// the server ([`Error::scheme_mismatch`]).
    pub fn is_retryable(&self) -> bool {
        if self.api_error().is_some_and(ApiError::is_client_fault)
            || self.scheme_mismatch().is_some()
        {
            return false;
        }
        matches!(self, Error::Timeout { .. } | Error::Transport { .. })
            || self.status().is_some_and(is_transient_status)
    }
}

/// How long to wait before another attempt, or `None` when the outcome is
/// final: a success, a status that is not transient, a timeout (retrying
/// it would stretch the caller's bound), a scheme that does not match the
/// server (the next attempt meets the same server), or any error other
/// than a failed connection or send.
pub(crate) fn retry_after(
    outcome: &reqwest::Result<reqwest::Response>,
    attempt: u32,
) -> Option<Duration> {
    match outcome {
        Ok(response) if is_transient_status(response.status()) => retry_delay(response, attempt),
        Ok(_) => None,
        Err(e) if crate::error::scheme_mismatch(e).is_some() => None,
        Err(e) if !e.is_timeout() && (e.is_connect() || e.is_request()) => Some(backoff(attempt)),
        Err(_) => None,
    }
}

/// How long to wait after `response`, or `None` when its `Retry-After` asks
/// for more than we are willing to wait.
fn retry_delay(response: &reqwest::Response, attempt: u32) -> Option<Duration> {
    match response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        Some(secs) if Duration::from_secs(secs) > RETRY_AFTER_CAP => None,
        Some(secs) => Some(Duration::from_secs(secs)),
        None => Some(backoff(attempt)),
    }
}

/// The wait before attempt `attempt + 1`: exponential from 100 ms, capped at
/// 5 s, with jitter.
pub(crate) fn backoff(attempt: u32) -> Duration {
    backon::ExponentialBuilder::default()
        .with_min_delay(BACKOFF_MIN)
        .with_max_delay(BACKOFF_MAX)
        .with_factor(2.0)
        .with_jitter()
        .without_max_times()
        .build()
        .nth(attempt.saturating_sub(1).min(32) as usize)
        .unwrap_or(BACKOFF_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_bounded() {
        // With jitter a wait lies between the step and twice the step.
        for attempt in 1..40u32 {
            let step = BACKOFF_MIN
                .saturating_mul(1 << (attempt - 1).min(16))
                .min(BACKOFF_MAX);
            let d = backoff(attempt);
            assert!(d >= step && d <= step * 2, "attempt {attempt}: {d:?}");
        }
    }
}
