//! The hand-written half of the facades (generated, `src/api.rs`): the
//! `facade!` declaration every facade shares and the official SDKs'
//! constructors of `SaasUserApi`. Each facade method calls the generated
//! client's method of the same name, on a client made for that one call
//! (`transport::facade_call`), and decodes the answer the transport leaves
//! there (`transport::finish_facade`).

use crate::client::AuthClient;
use crate::config::Configuration;
use crate::error::Error;

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
            raw: ::std::sync::Arc<crate::raw::Client>,
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("configuration", self.configuration())
                    .field("base_path", &self.base_path())
                    .field("options", &self.options())
                    .finish_non_exhaustive()
            }
        }

        impl $name {
            fn from_raw(raw: ::std::sync::Arc<crate::raw::Client>) -> Self {
                Self { raw }
            }

            /// The same facade with `options` applied to every call made
            /// through the returned value (timeouts, trace id, headers,
            /// retries): the counterpart of the official SDKs' per-call
            /// `options` argument.
            pub fn with_options(&self, options: crate::RequestOptions) -> Self {
                Self { raw: ::std::sync::Arc::new(self.raw.with_options(options)) }
            }

            /// The options applied to every call, if any.
            pub fn options(&self) -> Option<&crate::RequestOptions> {
                self.raw.options()
            }

            /// The configuration in use.
            pub fn configuration(&self) -> &crate::Configuration {
                self.raw.configuration()
            }

            /// The base path requests go to, e.g. `https://api.saasus.io/v1/auth`.
            pub fn base_path(&self) -> &str {
                &self.raw.baseurl
            }

            /// The HTTP client in use.
            pub fn client(&self) -> &reqwest::Client {
                &self.raw.client
            }

            /// The generated low-level client underneath, with this facade's
            /// options.
            pub fn raw(&self) -> &crate::raw::Client {
                &self.raw
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
