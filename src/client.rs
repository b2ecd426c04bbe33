//! [`AuthClient`], the crate's entry point, and what every facade shares.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use progenitor_client::ResponseValue;

use crate::config::Configuration;
use crate::error::Error;
use crate::operation::Operation;
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
    core: Core,
}

impl fmt::Debug for AuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthClient")
            .field("configuration", &self.core.shared.configuration)
            .field("base_path", &self.core.base_path())
            .field("options", &self.core.options)
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
        Ok(Self {
            core: Core {
                shared: Arc::new(Shared { raw, configuration }),
                options: None,
            },
        })
    }

    /// The configuration in use.
    pub fn configuration(&self) -> &Configuration {
        &self.core.shared.configuration
    }

    /// The base path requests go to, e.g. `https://api.saasus.io/v1/auth`.
    pub fn base_path(&self) -> &str {
        self.core.base_path()
    }

    /// The generated low-level client: one method per operation, answering
    /// progenitor's types. It signs, times out, retries and redacts like the
    /// facades; [`AuthClient::call`] turns its result into the crate's.
    pub fn raw(&self) -> &raw::Client {
        self.core.raw()
    }

    /// The HTTP client in use.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.core.raw().client
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
            core: self.core.with_options(options),
        }
    }

    /// The options applied to every call, if any.
    pub fn options(&self) -> Option<&RequestOptions> {
        self.core.options.as_deref()
    }

    /// Runs a call of the low-level client with this client's options in
    /// force and answers the crate's types: what the facades do, for code
    /// that holds a [`raw::Client`] future. The operation is identified by
    /// the generated client itself, as for every call.
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
        transport::run_once(self.core.options.as_ref(), request).await
    }

    pub(crate) fn core(&self) -> &Core {
        &self.core
    }
}

/// What a facade holds: the shared client and its per-call options.
#[derive(Clone)]
pub(crate) struct Core {
    shared: Arc<Shared>,
    options: Option<Arc<RequestOptions>>,
}

struct Shared {
    raw: raw::Client,
    configuration: Configuration,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("configuration", &self.shared.configuration)
            .field("base_path", &self.base_path())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Core {
    pub(crate) fn raw(&self) -> &raw::Client {
        &self.shared.raw
    }

    pub(crate) fn configuration(&self) -> &Configuration {
        &self.shared.configuration
    }

    pub(crate) fn base_path(&self) -> &str {
        self.shared.raw.baseurl.as_str()
    }

    pub(crate) fn options(&self) -> Option<&RequestOptions> {
        self.options.as_deref()
    }

    pub(crate) fn with_options(&self, options: RequestOptions) -> Self {
        Self {
            shared: self.shared.clone(),
            options: Some(Arc::new(options)),
        }
    }

    /// What every facade method does first: refuse path parameters that
    /// would change the path and options that cannot be honoured, then
    /// start the call (`send!` runs it).
    pub(crate) fn start(
        &self,
        operation: &'static Operation,
        path_params: &[&str],
    ) -> Result<transport::Call, Error> {
        for value in path_params {
            if value.is_empty() || *value == "." || *value == ".." {
                return Err(Error::InvalidRequest {
                    operation: operation.id,
                    message: "a path parameter must not be empty, \".\" or \"..\"".to_string(),
                });
            }
        }
        transport::start(operation, self.options.as_ref())
    }
}

/// The body of every facade method: starts the call (`Core::start`), then
/// runs the generated call with it lent (`$attempt`, built anew for each
/// attempt, so that another attempt is sent anew and signed anew) until it
/// settles, waiting between attempts as the hooks say, and answers the
/// crate's result.
macro_rules! send {
    ($core:expr, $operation:expr, $path_params:expr, |$call:ident| $attempt:expr) => {{
        let mut call = match $core.start($operation, $path_params) {
            Ok(call) => call,
            Err(e) => return Err(e),
        };
        loop {
            let result = {
                let $call = &mut call;
                $attempt.await
            };
            match call.settle(result) {
                crate::transport::Next::Done(result) => break result,
                crate::transport::Next::Again(delay) => ::tokio::time::sleep(delay).await,
            }
        }
    }};
}
pub(crate) use send;

/// Declares a facade type and the methods every facade has; the generated
/// code adds one method per operation of its tag.
macro_rules! facade {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Cheap to clone (clones share one connection pool), `Send` and
        /// `Sync`. Every method answers `Result<ApiResponse<T>, Error>`.
        #[derive(Clone)]
        pub struct $name {
            core: crate::client::Core,
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("core", &self.core)
                    .finish()
            }
        }

        impl $name {
            fn from_core(core: crate::client::Core) -> Self {
                Self { core }
            }

            /// The same facade with `options` applied to every call made
            /// through the returned value (timeouts, trace id, headers,
            /// retries): the counterpart of the official SDKs' per-call
            /// `options` argument.
            pub fn with_options(&self, options: crate::RequestOptions) -> Self {
                Self { core: self.core.with_options(options) }
            }

            /// The options applied to every call, if any.
            pub fn options(&self) -> Option<&crate::RequestOptions> {
                self.core.options()
            }

            /// The configuration in use.
            pub fn configuration(&self) -> &crate::Configuration {
                self.core.configuration()
            }

            /// The base path requests go to, e.g. `https://api.saasus.io/v1/auth`.
            pub fn base_path(&self) -> &str {
                self.core.base_path()
            }

            /// The HTTP client in use.
            pub fn client(&self) -> &reqwest::Client {
                &self.core.raw().client
            }

            /// The generated low-level client underneath.
            pub fn raw(&self) -> &crate::raw::Client {
                self.core.raw()
            }
        }
    };
}
pub(crate) use facade;

impl crate::SaasUserApi {
    /// Builds the API with the official SDKs' defaults, like their
    /// `new SaasUserApi(configuration?, basePath?, axios?)`:
    ///
    /// - `configuration`: default [`Configuration::from_env`];
    /// - `base_path`: default the configuration's
    ///   [`auth_base_path`](Configuration::auth_base_path), that is
    ///   [`BASE_PATH`](crate::BASE_PATH) unless `SAASUS_API_URL_BASE` (or
    ///   [`Configuration::with_api_url_base`]) says otherwise;
    /// - `client`: default one rustls `reqwest::Client` shared by every API
    ///   built without a client of its own.
    ///
    /// [`AuthClient::saas_user_api`] gives the same facade from a client
    /// that serves every other group too.
    ///
    /// ```
    /// use saasus_auth::{Configuration, SaasUserApi};
    ///
    /// let config = Configuration::new("saas-id", "api-key", "secret-key");
    /// let api = SaasUserApi::new(Some(config), Some("http://127.0.0.1:8080/v1/auth"), None)?;
    /// assert_eq!(api.base_path(), "http://127.0.0.1:8080/v1/auth");
    /// # Ok::<(), saasus_auth::Error>(())
    /// ```
    pub fn new(
        configuration: Option<Configuration>,
        base_path: Option<&str>,
        client: Option<reqwest::Client>,
    ) -> Result<Self, Error> {
        Ok(AuthClient::with_base_path(configuration, base_path, client)?.saas_user_api())
    }

    /// [`SaasUserApi::new`](crate::SaasUserApi::new) with every default:
    /// credentials from the environment.
    ///
    /// ```no_run
    /// let api = saasus_auth::SaasUserApi::from_env()?;
    /// # Ok::<(), saasus_auth::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::new(None, None, None)
    }
}
