//! The HTTP client: rustls with the `ring` provider and the platform's
//! certificate verifier, configured here rather than through a process-wide
//! default provider, so that nothing global changes when a client is built.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::config::{Configuration, DEFAULT_CONNECT_TIMEOUT};
use crate::error::Error;

/// A `reqwest::ClientBuilder` with the crate's TLS set up: rustls, the
/// `ring` provider, the platform's certificate verifier, and no redirect
/// followed (a 3xx answer is [`Error::Redirect`]). Start from it to
/// hand [`AuthClient::new`](crate::AuthClient::new) a client of your own
/// (proxies, pool settings): the crate's `reqwest` has no process-wide TLS
/// provider, so a plain `reqwest::Client::builder()` from
/// `saasus_auth::reqwest` cannot make HTTPS connections unless your program
/// installs one.
///
/// ```
/// use std::time::Duration;
/// use saasus_auth::{AuthClient, Configuration};
///
/// let http = saasus_auth::transport::http_client_builder()?
///     .pool_idle_timeout(Duration::from_secs(30))
///     .build()?;
/// let client = AuthClient::new(Some(Configuration::new("id", "key", "secret")), Some(http))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let problem = |e: rustls::Error| Error::InvalidConfiguration {
        problems: vec![format!("cannot set up TLS: {e}")],
    };
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(problem)?;
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(problem)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    // The SaaSus API never redirects; following one would send the request
    // (a 307 or 308: its body, with any password or token in it) to
    // wherever the `Location` points. A 3xx becomes `Error::Redirect`.
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none()))
}

/// The HTTP client shared by every SaaSus client built without one of its
/// own, so that connections are pooled across them.
pub(crate) fn default_client(config: &Configuration) -> Result<reqwest::Client, Error> {
    static SHARED: OnceLock<reqwest::Client> = OnceLock::new();
    if config.connect_timeout != DEFAULT_CONNECT_TIMEOUT {
        return build(config.connect_timeout);
    }
    if let Some(client) = SHARED.get() {
        return Ok(client.clone());
    }
    let client = build(DEFAULT_CONNECT_TIMEOUT)?;
    Ok(SHARED.get_or_init(|| client).clone())
}

fn build(connect_timeout: Duration) -> Result<reqwest::Client, Error> {
    http_client_builder()?
        .connect_timeout(connect_timeout)
        .build()
        .map_err(|e| Error::InvalidConfiguration {
            problems: vec![format!("cannot build the HTTP client: {e}")],
        })
}
