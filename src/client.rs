//! [`AuthClient`], the crate's entry point: a configured low-level client
//! and the accessors of the facades (generated, `src/api.rs`).

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use progenitor_client::ResponseValue;

use crate::config::Configuration;
use crate::error::Error;
use crate::raw::{self, types};
use crate::response::ApiResponse;
use crate::transport::{self, RequestOptions};

/// The whole SaaSus Auth API: one accessor per group of operations (the
/// spec's tags), each a typed facade generated from the spec.
///
/// Build one per process and clone it freely: clones share one connection
/// pool and configuration. `Send + Sync`.
///
/// ```no_run
/// use saasus_auth::AuthClient;
///
/// # async fn run() -> Result<(), saasus_auth::Error> {
/// // SAASUS_SAAS_ID, SAASUS_API_KEY, SAASUS_SECRET_KEY (and optionally
/// // SAASUS_API_URL_BASE) from the environment.
/// let client = AuthClient::from_env()?;
/// for tenant in client.tenant_api().get_tenants().await?.data.tenants {
///     println!("{} {}", tenant.id, tenant.name);
/// }
/// let roles = client.role_api().get_roles().await?.data.roles;
/// println!("{} roles", roles.len());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AuthClient {
    /// Shared by the facades this client hands out: cloning either is
    /// cheap. Its options are this client's.
    raw: Arc<raw::Client>,
}

impl fmt::Debug for AuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthClient")
            .field("configuration", self.configuration())
            .field("base_path", &self.base_path())
            .field("options", &self.options())
            .finish_non_exhaustive()
    }
}

impl AuthClient {
    /// A client for the Auth API.
    ///
    /// - `configuration`: default [`Configuration::from_env`];
    /// - `http_client`: default one rustls `reqwest::Client` shared by every
    ///   client built without one of its own. Hand in your own for proxies,
    ///   extra root certificates or pool settings.
    ///
    /// Requests go to the configuration's
    /// [`auth_base_path`](Configuration::auth_base_path). Fails with
    /// [`Error::InvalidConfiguration`] when the configuration is incomplete
    /// or invalid; never panics.
    ///
    /// ```
    /// use saasus_auth::{AuthClient, Configuration};
    ///
    /// let config = Configuration::new("saas-id", "api-key", "secret-key")
    ///     .with_api_url_base("http://127.0.0.1:8080");
    /// let client = AuthClient::new(Some(config), None)?;
    /// assert_eq!(client.base_path(), "http://127.0.0.1:8080/v1/auth");
    /// # Ok::<(), saasus_auth::Error>(())
    /// ```
    pub fn new(
        configuration: Option<Configuration>,
        http_client: Option<reqwest::Client>,
    ) -> Result<Self, Error> {
        Self::with_base_path(configuration, None, http_client)
    }

    /// [`AuthClient::new`] with every default: credentials from the
    /// environment, the shared HTTP client.
    ///
    /// ```no_run
    /// let client = saasus_auth::AuthClient::from_env()?;
    /// # Ok::<(), saasus_auth::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::new(None, None)
    }

    pub(crate) fn with_base_path(
        configuration: Option<Configuration>,
        base_path: Option<&str>,
        http_client: Option<reqwest::Client>,
    ) -> Result<Self, Error> {
        let configuration = match configuration {
            Some(c) => c,
            None => Configuration::from_env()?,
        };
        let raw = raw::Client::from_configuration(&configuration, base_path, http_client)?;
        Ok(Self { raw: Arc::new(raw) })
    }

    /// The configuration in use.
    pub fn configuration(&self) -> &Configuration {
        self.raw.configuration()
    }

    /// The base path requests go to, e.g. `https://api.saasus.io/v1/auth`.
    pub fn base_path(&self) -> &str {
        &self.raw.baseurl
    }

    /// The generated low-level client: one method per operation, answering
    /// progenitor's types, with this client's options. It signs, times out,
    /// retries and redacts like the facades; [`AuthClient::call`] turns its
    /// result into the crate's.
    pub fn raw(&self) -> &raw::Client {
        &self.raw
    }

    /// The HTTP client in use.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.raw.client
    }

    /// The same client with `options` applied to every call made through it
    /// and the facades it hands out.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use saasus_auth::{AuthClient, RequestOptions};
    ///
    /// # async fn run(client: AuthClient) -> Result<(), saasus_auth::Error> {
    /// let traced = client.with_options(
    ///     RequestOptions::new().trace_id("4bf92f3577b34da6").timeout(Duration::from_secs(3)),
    /// );
    /// let users = traced.saas_user_api().get_saas_users().await?;
    /// # Ok(()) }
    /// ```
    pub fn with_options(&self, options: RequestOptions) -> Self {
        Self {
            raw: Arc::new(self.raw.with_options(options)),
        }
    }

    /// The options applied to every call, if any.
    pub fn options(&self) -> Option<&RequestOptions> {
        self.raw.options()
    }

    /// Turns the result of a call of the low-level client into the crate's
    /// types, as the facades do, for code that holds a [`raw::Client`]
    /// future. The call runs with the options of the client that made it
    /// (this one's [`raw`](AuthClient::raw) has this one's). Errors name the
    /// operation when the answer came back; a failure on the way (a
    /// timeout, a connection or decoding failure) is named only by the
    /// facades and [`invoke`](AuthClient::invoke), which know their
    /// operation.
    ///
    /// ```no_run
    /// # async fn run(client: saasus_auth::AuthClient) -> Result<(), saasus_auth::Error> {
    /// let roles = client.call(client.raw().get_roles()).await?.data.roles;
    /// # Ok(()) }
    /// ```
    pub async fn call<T, F>(&self, request: F) -> Result<ApiResponse<T>, Error>
    where
        F: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<types::Error>>>,
    {
        transport::finish(None, &self.raw, request.await)
    }

    /// The low-level client the facades share.
    pub(crate) fn raw_handle(&self) -> &Arc<raw::Client> {
        &self.raw
    }
}
