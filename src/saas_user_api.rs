//! `SaasUserApi`: the Rust counterpart of the official SDKs' SaasUserApi.

use std::fmt;
use std::sync::Arc;

use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::config::{Configuration, DEFAULT_API_URL_BASE};
use crate::error::Error;
use crate::raw::{self, types};
use crate::transport::{self, RequestOptions};

/// The default base path of the Auth API: `https://api.saasus.io/v1/auth`.
pub const BASE_PATH: &str = "https://api.saasus.io/v1/auth";

// Keep the two constants in step.
const _: () =
    assert!(BASE_PATH.len() == DEFAULT_API_URL_BASE.len() + crate::config::AUTH_API_PATH.len());

/// A successful response: its status, its headers and the decoded data;
/// the counterpart of the official SDKs' `AxiosResponse<T>`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body (`()` for operations that answer without one).
    pub data: T,
}

impl<T> ApiResponse<T> {
    /// The decoded body, dropping status and headers.
    pub fn into_data(self) -> T {
        self.data
    }
}

impl<T> From<ResponseValue<T>> for ApiResponse<T> {
    fn from(value: ResponseValue<T>) -> Self {
        let status = value.status();
        let headers = value.headers().clone();
        Self {
            status,
            headers,
            data: value.into_inner(),
        }
    }
}

/// The SaaS user operations of the SaaSus Auth API: the 21 of the official
/// SDKs' `SaasUserApi` under their snake_case names and with their parameter
/// order, plus the 9 the API gained since.
///
/// Cheap to clone (clones share one connection pool), `Send` and `Sync`.
///
/// ```no_run
/// use saasus_auth::SaasUserApi;
///
/// # async fn run() -> Result<(), saasus_auth::Error> {
/// // Credentials from SAASUS_SAAS_ID, SAASUS_API_KEY and SAASUS_SECRET_KEY.
/// let api = SaasUserApi::new(None, None, None)?;
/// for user in api.get_saas_users().await?.data.users {
///     println!("{} {}", user.id, user.email);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SaasUserApi {
    raw: raw::Client,
    configuration: Arc<Configuration>,
    base_path: Arc<str>,
    options: Option<Arc<RequestOptions>>,
}

impl fmt::Debug for SaasUserApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SaasUserApi")
            .field("configuration", &self.configuration)
            .field("base_path", &self.base_path)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl SaasUserApi {
    /// Builds the API with the official SDKs' defaults:
    ///
    /// - `configuration`: default [`Configuration::from_env`];
    /// - `base_path`: default the configuration's
    ///   [`auth_base_path`](Configuration::auth_base_path), that is
    ///   [`BASE_PATH`] unless `SAASUS_API_URL_BASE` (or
    ///   [`Configuration::with_api_url_base`]) says otherwise;
    /// - `client`: default one rustls `reqwest::Client` shared by every API
    ///   built without a client of its own. Hand in your own for proxies,
    ///   extra root certificates or pool settings.
    ///
    /// Fails with [`Error::InvalidConfiguration`] when credentials are
    /// missing or a setting is invalid; it never panics.
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
        let configuration = match configuration {
            Some(c) => c,
            None => Configuration::from_env()?,
        };
        let raw = raw::Client::from_configuration(&configuration, base_path, client)?;
        let base_path: Arc<str> = raw.baseurl.as_str().into();
        Ok(Self {
            raw,
            configuration: Arc::new(configuration),
            base_path,
            options: None,
        })
    }

    /// [`SaasUserApi::new`] with every default: credentials from the
    /// environment.
    pub fn from_env() -> Result<Self, Error> {
        Self::new(None, None, None)
    }

    /// The configuration in use.
    pub fn configuration(&self) -> &Configuration {
        &self.configuration
    }

    /// The base path requests go to, e.g. `https://api.saasus.io/v1/auth`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The HTTP client in use.
    pub fn client(&self) -> &reqwest::Client {
        &self.raw.client
    }

    /// The generated low-level client underneath, for the rest of the Auth
    /// API (tenants, roles, environments and more). It signs the same way.
    pub fn raw(&self) -> &raw::Client {
        &self.raw
    }

    /// The same API with `options` applied to every call made through the
    /// returned value; the counterpart of the official SDKs' per-call
    /// `options` argument.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use saasus_auth::{RequestOptions, SaasUserApi};
    ///
    /// # async fn run(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let options = RequestOptions::new()
    ///     .timeout(Duration::from_secs(3))
    ///     .trace_id("4bf92f3577b34da6a3ce929d0e0e4736");
    /// let users = api.with_options(options).get_saas_users().await?;
    /// # Ok(()) }
    /// ```
    pub fn with_options(&self, options: RequestOptions) -> Self {
        Self {
            options: Some(Arc::new(options)),
            ..self.clone()
        }
    }

    /// The options applied to every call, if any.
    pub fn options(&self) -> Option<&RequestOptions> {
        self.options.as_deref()
    }

    /// What every method shares: check the path parameters, run the
    /// generated call with the options in force, and map its result.
    async fn send<T, F>(
        &self,
        operation: &'static str,
        path_params: &[&str],
        call: F,
    ) -> Result<ApiResponse<T>, Error>
    where
        F: std::future::Future<
            Output = Result<ResponseValue<T>, progenitor_client::Error<types::Error>>,
        >,
    {
        for value in path_params {
            if value.is_empty() || *value == "." || *value == ".." {
                return Err(Error::InvalidRequest {
                    operation,
                    message: format!(
                        "the path parameter {value:?} must not be empty, \".\" or \"..\""
                    ),
                });
            }
        }
        transport::call(operation, self.options.as_deref().cloned(), call).await
    }
}

/// Declares the facade's methods: each names its operationId, its Rust
/// signature, the parameters that go into the path, and the generated call.
macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $op:literal => fn $name:ident($($arg:ident: $ty:ty),*) [$($path:ident),*] -> $ret:ty { $raw:ident($($call:ident),*) }
    )*) => {
        impl SaasUserApi {
            $(
                $(#[$doc])*
                pub async fn $name(&self, $($arg: $ty),*) -> Result<ApiResponse<$ret>, Error> {
                    // Boxed: keeps the facade's future small (the generated
                    // one is large), which is cheaper to move through the layers.
                    self.send($op, &[$($path),*], Box::pin(self.raw.$raw($($call),*))).await
                }
            )*
        }

        /// Every operation of the facade: (operationId, method name).
        pub const OPERATIONS: &[(&str, &str)] = &[$(($op, stringify!($name))),*];
    };
}

operations! {
    /// Confirm User Email Update
    ///
    /// Verify the code to confirm the user's email address update. Requires the user's access
    /// token. This is the second step after RequestEmailUpdate; on success the user's email
    /// address is switched to the requested one.
    ///
    /// `POST /users/{user_id}/email/confirm` (operation `ConfirmEmailUpdate`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the code or access token was not accepted.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::ConfirmEmailUpdateParam {
    ///     access_token: "access-token".to_string(),
    ///     code: "123456".to_string(),
    /// };
    /// api.confirm_email_update("f94bfffc-8be2-11ec-b41a-0242ac120004", &param).await?;
    /// # Ok(()) }
    /// ```
    "ConfirmEmailUpdate" => fn confirm_email_update(user_id: &str, confirm_email_update_param: &types::ConfirmEmailUpdateParam) [user_id] -> () { confirm_email_update(user_id, confirm_email_update_param) }

    /// Confirm External User Account Link
    ///
    /// Verify the code for external account user link confirmation. Send the access token of
    /// the external account user together with the code emailed by RequestExternalUserLink; on
    /// success the external account is linked to the existing user with the same email address.
    ///
    /// `POST /external-users/confirm` (operation `ConfirmExternalUserLink`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 400: The request was rejected, for example because the code is wrong or expired or the access token is invalid.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while confirming the link.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::ConfirmExternalUserLinkParam {
    ///     access_token: "access-token".to_string(),
    ///     code: "123456".to_string(),
    /// };
    /// api.confirm_external_user_link(&param).await?;
    /// # Ok(()) }
    /// ```
    "ConfirmExternalUserLink" => fn confirm_external_user_link(confirm_external_user_link_param: &types::ConfirmExternalUserLinkParam) [] -> () { confirm_external_user_link(confirm_external_user_link_param) }

    /// Confirm Sign Up with AWS Marketplace
    ///
    /// Completes an AWS Marketplace sign-up by creating a new tenant tied to the Marketplace
    /// subscription. Requires the signed-in user's access token and the registration token; a
    /// tenant name may also be given. If the Registration Token is not valid, an error is
    /// returned.
    ///
    /// `POST /aws-marketplace/sign-up-confirm` (operation `ConfirmSignUpWithAwsMarketplace`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the registration token is not valid.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::ConfirmSignUpWithAwsMarketplaceParam {
    ///     access_token: "access-token".to_string(),
    ///     registration_token: "registration-token".to_string(),
    ///     tenant_name: Some("Example Inc.".to_string()),
    /// };
    /// let tenant = api.confirm_sign_up_with_aws_marketplace(&param).await?.data;
    /// println!("tenant {}", tenant.name);
    /// # Ok(()) }
    /// ```
    "ConfirmSignUpWithAwsMarketplace" => fn confirm_sign_up_with_aws_marketplace(confirm_sign_up_with_aws_marketplace_param: &types::ConfirmSignUpWithAwsMarketplaceParam) [] -> types::Tenant { confirm_sign_up_with_aws_marketplace(confirm_sign_up_with_aws_marketplace_param) }

    /// Create SaaS User
    ///
    /// Registers a new user in the SaaS user pool, identified by an email address, a sign-in
    /// ID, or both. If no password is supplied, a temporary password is issued and sent to the
    /// registered email address. The created user is returned; the response may additionally
    /// include a password field. Creating a SaaS user does not add it to any tenant; use the
    /// tenant user operations for that.
    ///
    /// `POST /users` (operation `CreateSaasUser`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 400: The request was rejected because the supplied parameters are invalid or cannot be used to create the user.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while creating the user.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::CreateSaasUserParam {
    ///     email: Some("user@example.com".to_string()),
    ///     password: Some("P@ssw0rd!".to_string()),
    ///     sign_in_id: None,
    /// };
    /// let created = api.create_saas_user(&param).await?;
    /// assert_eq!(created.status.as_u16(), 201);
    /// # Ok(()) }
    /// ```
    "CreateSaasUser" => fn create_saas_user(create_saas_user_param: &types::CreateSaasUserParam) [] -> types::CreatedSaasUser { create_saas_user(create_saas_user_param) }

    /// Create Authenticator App Secret Code
    ///
    /// Create a secret code for authentication application registration. Requires the user's
    /// access token. Load the returned secret into an authenticator app, then confirm the
    /// registration with UpdateSoftwareToken.
    ///
    /// `POST /users/{user_id}/mfa/software-token/secret-code` (operation `CreateSecretCode`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the access token was not accepted.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::CreateSecretCodeParam { access_token: "access-token".to_string() };
    /// let secret = api.create_secret_code("f94bfffc-8be2-11ec-b41a-0242ac120004", &param).await?.data;
    /// # Ok(()) }
    /// ```
    "CreateSecretCode" => fn create_secret_code(user_id: &str, create_secret_code_param: &types::CreateSecretCodeParam) [user_id] -> types::SoftwareTokenSecretCode { create_secret_code(user_id, create_secret_code_param) }

    /// Delete User
    ///
    /// Delete all users with matching user ID from the tenant and SaaS. The user is removed
    /// from the SaaS user pool and from every tenant it belonged to, so it can no longer sign
    /// in. This cannot be undone.
    ///
    /// `DELETE /users/{user_id}` (operation `DeleteSaasUser`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 404: No user with the given user ID exists.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while deleting the user.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let deleted = api.delete_saas_user("f94bfffc-8be2-11ec-b41a-0242ac120004").await?.data;
    /// println!("deleted {}", deleted.email);
    /// # Ok(()) }
    /// ```
    "DeleteSaasUser" => fn delete_saas_user(user_id: &str) [user_id] -> types::UserInfo { delete_saas_user(user_id) }

    /// Get User
    ///
    /// Get user information based on user ID. Returns the SaaS-level record of the user,
    /// including email address, sign-in ID, additional attributes and the time of the last
    /// sign-in.
    ///
    /// `GET /users/{user_id}` (operation `GetSaasUser`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 404: No user with the given user ID exists.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while fetching the user.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// match api.get_saas_user("f94bfffc-8be2-11ec-b41a-0242ac120004").await {
    ///     Ok(response) => println!("{}", response.data.email),
    ///     Err(e) if e.is_not_found() => println!("no such user"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    "GetSaasUser" => fn get_saas_user(user_id: &str) [user_id] -> types::SaasUser { get_saas_user(user_id) }

    /// Get Users
    ///
    /// Get all SaaS users. Returns every user registered in the SaaS user pool, regardless of
    /// which tenants they belong to. For large user bases or filtered look-ups, prefer
    /// SearchSaasUsers, which supports pagination.
    ///
    /// `GET /users` (operation `GetSaasUsers`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while listing the users.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let users = api.get_saas_users().await?.data.users;
    /// println!("{} users", users.len());
    /// # Ok(()) }
    /// ```
    "GetSaasUsers" => fn get_saas_users() [] -> types::SaasUsers { get_saas_users() }

    /// Get User's MFA Settings
    ///
    /// Get the user's MFA settings. Reports whether multi-factor authentication is enabled for
    /// the user and, if so, which method is used.
    ///
    /// `GET /users/{user_id}/mfa/preference` (operation `GetUserMfaPreference`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while reading the MFA settings.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let preference = api.get_user_mfa_preference("f94bfffc-8be2-11ec-b41a-0242ac120004").await?.data;
    /// println!("MFA enabled: {}", preference.enabled);
    /// # Ok(()) }
    /// ```
    "GetUserMfaPreference" => fn get_user_mfa_preference(user_id: &str) [user_id] -> types::MfaPreference { get_user_mfa_preference(user_id) }

    /// Link Existing Tenant with AWS Marketplace
    ///
    /// Link an existing tenant with AWS Marketplace. Requires the tenant ID, the user's access
    /// token and the registration token. If the Registration Token is not valid, an error is
    /// returned.
    ///
    /// `PATCH /aws-marketplace/link` (operation `LinkAwsMarketplace`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the registration token is not valid.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::LinkAwsMarketplaceParam {
    ///     access_token: "access-token".to_string(),
    ///     registration_token: "registration-token".to_string(),
    ///     tenant_id: "d1234567-89ab-cdef-0123-456789abcdef".to_string(),
    /// };
    /// api.link_aws_marketplace(&param).await?;
    /// # Ok(()) }
    /// ```
    "LinkAwsMarketplace" => fn link_aws_marketplace(link_aws_marketplace_param: &types::LinkAwsMarketplaceParam) [] -> () { link_aws_marketplace(link_aws_marketplace_param) }

    /// Request User Email Update
    ///
    /// Request to update the user's email address. Sends a verification code to the requested
    /// email address. Requires the user's access token. The verification code is valid for 24
    /// hours; submit it with ConfirmEmailUpdate to complete the change.
    ///
    /// `POST /users/{user_id}/email/request` (operation `RequestEmailUpdate`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the access token was rejected or the code could not be sent.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::RequestEmailUpdateParam {
    ///     access_token: "access-token".to_string(),
    ///     email: "new@example.com".to_string(),
    /// };
    /// api.request_email_update("f94bfffc-8be2-11ec-b41a-0242ac120004", &param).await?;
    /// # Ok(()) }
    /// ```
    "RequestEmailUpdate" => fn request_email_update(user_id: &str, request_email_update_param: &types::RequestEmailUpdateParam) [user_id] -> () { request_email_update(user_id, request_email_update_param) }

    /// Request External User Account Link
    ///
    /// Request to link an external account user. Get the email address of the user to be linked
    /// from the access token and send a verification code to that email address. The
    /// verification code is valid for 24 hours; submit it with ConfirmExternalUserLink.
    ///
    /// `POST /external-users/request` (operation `RequestExternalUserLink`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 400: The request was rejected, for example because the access token is missing or invalid.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while starting the link request.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::RequestExternalUserLinkParam { access_token: "access-token".to_string() };
    /// api.request_external_user_link(&param).await?;
    /// # Ok(()) }
    /// ```
    "RequestExternalUserLink" => fn request_external_user_link(request_external_user_link_param: &types::RequestExternalUserLinkParam) [] -> () { request_external_user_link(request_external_user_link_param) }

    /// Resend Sign Up Confirmation Email
    ///
    /// Resend temporary password for the new registered user. Use this when the email sent at
    /// sign-up was lost or not received.
    ///
    /// `POST /sign-up/resend` (operation `ResendSignUpConfirmationEmail`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while resending the email.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::ResendSignUpConfirmationEmailParam { email: "user@example.com".to_string() };
    /// api.resend_sign_up_confirmation_email(&param).await?;
    /// # Ok(()) }
    /// ```
    "ResendSignUpConfirmationEmail" => fn resend_sign_up_confirmation_email(resend_sign_up_confirmation_email_param: &types::ResendSignUpConfirmationEmailParam) [] -> () { resend_sign_up_confirmation_email(resend_sign_up_confirmation_email_param) }

    /// Sign Up
    ///
    /// Register a new user. A temporary password will be sent to the registered email. Only an
    /// email address is needed in the request.
    ///
    /// `POST /sign-up` (operation `SignUp`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred during sign-up.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::SignUpParam { email: "user@example.com".to_string() };
    /// let user = api.sign_up(&param).await?.data;
    /// # Ok(()) }
    /// ```
    "SignUp" => fn sign_up(sign_up_param: &types::SignUpParam) [] -> types::SaasUser { sign_up(sign_up_param) }

    /// Sign Up with AWS Marketplace
    ///
    /// Register a new user linked to AWS Marketplace. A temporary password will be sent to the
    /// registered email. If the Registration Token is not valid, an error is returned.
    ///
    /// `POST /aws-marketplace/sign-up` (operation `SignUpWithAwsMarketplace`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the registration token is not valid.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::SignUpWithAwsMarketplaceParam {
    ///     email: "user@example.com".to_string(),
    ///     registration_token: "registration-token".to_string(),
    /// };
    /// let user = api.sign_up_with_aws_marketplace(&param).await?.data;
    /// # Ok(()) }
    /// ```
    "SignUpWithAwsMarketplace" => fn sign_up_with_aws_marketplace(sign_up_with_aws_marketplace_param: &types::SignUpWithAwsMarketplaceParam) [] -> types::SaasUser { sign_up_with_aws_marketplace(sign_up_with_aws_marketplace_param) }

    /// Unlink External Identity Provider
    ///
    /// Unlink external identity providers. Removes the link between the user and the external
    /// identity provider named in the path (for example Google), so that provider can no longer
    /// be used to sign in as this user.
    ///
    /// `DELETE /users/{user_id}/providers/{provider_name}` (operation `UnlinkProvider`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while unlinking the identity provider.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// // As in the official SDKs, the provider name comes first.
    /// api.unlink_provider("Google", "f94bfffc-8be2-11ec-b41a-0242ac120004").await?;
    /// # Ok(()) }
    /// ```
    "UnlinkProvider" => fn unlink_provider(provider_name: &str, user_id: &str) [provider_name, user_id] -> () { unlink_provider(user_id, provider_name) }

    /// Update SaaS User Attributes
    ///
    /// Update the additional attributes of the SaaS user. The body carries a map of attribute
    /// names to values; the names should correspond to SaaS user attributes defined for the
    /// SaaS.
    ///
    /// `PATCH /users/{user_id}/attributes` (operation `UpdateSaasUserAttributes`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while updating the attributes.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let mut attributes = serde_json::Map::new();
    /// attributes.insert("department".to_string(), serde_json::json!("development"));
    /// let param = types::UpdateSaasUserAttributesParam { attributes };
    /// api.update_saas_user_attributes("f94bfffc-8be2-11ec-b41a-0242ac120004", &param).await?;
    /// # Ok(()) }
    /// ```
    "UpdateSaasUserAttributes" => fn update_saas_user_attributes(user_id: &str, update_saas_user_attributes_param: &types::UpdateSaasUserAttributesParam) [user_id] -> () { update_saas_user_attributes(user_id, update_saas_user_attributes_param) }

    /// Change Email
    ///
    /// Change user's email. Replaces the user's email address directly from the back end. For a
    /// change started by the user and confirmed with a verification code, use
    /// RequestEmailUpdate and ConfirmEmailUpdate instead.
    ///
    /// `PATCH /users/{user_id}/email` (operation `UpdateSaasUserEmail`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the new address could not be applied.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::UpdateSaasUserEmailParam { email: "new@example.com".to_string() };
    /// api.update_saas_user_email("f94bfffc-8be2-11ec-b41a-0242ac120004", &param).await?;
    /// # Ok(()) }
    /// ```
    "UpdateSaasUserEmail" => fn update_saas_user_email(user_id: &str, update_saas_user_email_param: &types::UpdateSaasUserEmailParam) [user_id] -> () { update_saas_user_email(user_id, update_saas_user_email_param) }

    /// Change Password
    ///
    /// Change user's login password. Sets a new password for the user from the back end without
    /// requiring the current one. Set temporary to true to mark the new password as a temporary
    /// password.
    ///
    /// `PATCH /users/{user_id}/password` (operation `UpdateSaasUserPassword`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the new password could not be applied.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::UpdateSaasUserPasswordParam {
    ///     password: "N3w-P@ssw0rd".to_string(),
    ///     temporary: None,
    /// };
    /// api.update_saas_user_password("f94bfffc-8be2-11ec-b41a-0242ac120004", &param).await?;
    /// # Ok(()) }
    /// ```
    "UpdateSaasUserPassword" => fn update_saas_user_password(user_id: &str, update_saas_user_password_param: &types::UpdateSaasUserPasswordParam) [user_id] -> () { update_saas_user_password(user_id, update_saas_user_password_param) }

    /// Register Authentication Application
    ///
    /// Register an authentication application. Completes authenticator app (TOTP) setup by
    /// submitting the user's access token together with a one-time code produced by the app
    /// from the secret obtained with CreateSecretCode.
    ///
    /// `PUT /users/{user_id}/mfa/software-token` (operation `UpdateSoftwareToken`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the verification code or access token was not accepted.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::UpdateSoftwareTokenParam {
    ///     access_token: "access-token".to_string(),
    ///     verification_code: "123456".to_string(),
    /// };
    /// api.update_software_token("f94bfffc-8be2-11ec-b41a-0242ac120004", &param).await?;
    /// # Ok(()) }
    /// ```
    "UpdateSoftwareToken" => fn update_software_token(user_id: &str, update_software_token_param: &types::UpdateSoftwareTokenParam) [user_id] -> () { update_software_token(user_id, update_software_token_param) }

    /// Update User's MFA Settings
    ///
    /// Update user's MFA settings. Turns multi-factor authentication on or off for the user and
    /// selects the method. An authentication application should be registered before enabling
    /// the software token method.
    ///
    /// `PATCH /users/{user_id}/mfa/preference` (operation `UpdateUserMfaPreference`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while updating the MFA settings.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let body = types::UpdateUserMfaPreferenceParam(types::MfaPreference {
    ///     enabled: true,
    ///     method: Some(types::MfaMethod::SoftwareToken),
    /// });
    /// api.update_user_mfa_preference("f94bfffc-8be2-11ec-b41a-0242ac120004", &body).await?;
    /// # Ok(()) }
    /// ```
    "UpdateUserMfaPreference" => fn update_user_mfa_preference(user_id: &str, body: &types::UpdateUserMfaPreferenceParam) [user_id] -> () { update_user_mfa_preference(user_id, body) }

    /// Get SaaS Users Count
    ///
    /// Returns the recorded number of SaaS users together with the time that figure was last
    /// updated. The value is the one stored by SaveSaasUsersCount, so it is a snapshot rather
    /// than a live count.
    ///
    /// `GET /users/count` (operation `GetSaasUsersCount`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while reading the user count.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let count = api.get_saas_users_count().await?.data;
    /// # Ok(()) }
    /// ```
    "GetSaasUsersCount" => fn get_saas_users_count() [] -> types::SaasUsersCount { get_saas_users_count() }

    /// Save SaaS Users Count
    ///
    /// Stores the number of SaaS users so that it can later be read with GetSaasUsersCount. The
    /// request body is required and the count must be zero or greater. The stored update time
    /// is refreshed on success.
    ///
    /// `POST /users/count` (operation `SaveSaasUsersCount`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 400: The request body is missing or invalid, for example because the count is negative.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while saving the user count.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// api.save_saas_users_count(&types::SaveSaasUsersCountParam { count: 42 }).await?;
    /// # Ok(()) }
    /// ```
    "SaveSaasUsersCount" => fn save_saas_users_count(save_saas_users_count_param: &types::SaveSaasUsersCountParam) [] -> () { save_saas_users_count(save_saas_users_count_param) }

    /// Search SaaS Users
    ///
    /// Looks up SaaS users by user ID, email address or sign-in ID, all of which are optional
    /// query filters. Results are paged; limit sets the page size (1 to 100) and cursor
    /// continues from where the previous page ended. When the response contains a cursor, pass
    /// it back to fetch the next page.
    ///
    /// `GET /users/search` (operation `SearchSaasUsers`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 400: One or more query parameters are invalid, for example a limit outside the range 1 to 100 or a malformed cursor.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while searching for users.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let limit = std::num::NonZeroU64::new(50);
    /// let page = api.search_saas_users(None, Some("user@example.com"), None, limit, None).await?.data;
    /// println!("{} users on this page", page.users.len());
    /// # Ok(()) }
    /// ```
    "SearchSaasUsers" => fn search_saas_users(id: Option<&types::Uuid>, email: Option<&str>, sign_in_id: Option<&str>, limit: Option<std::num::NonZeroU64>, cursor: Option<&str>) [] -> types::SearchSaasUsersResult { search_saas_users(cursor, email, id, limit, sign_in_id) }

    /// Reset User Password
    ///
    /// Resets the password of the given user. No request body is needed; the response can carry
    /// the newly issued password so that it can be handed to the user.
    ///
    /// `POST /users/{user_id}/password/reset` (operation `ResetSaasUserPassword`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 404: No user with the given user ID exists.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while resetting the password.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let result = api.reset_saas_user_password("f94bfffc-8be2-11ec-b41a-0242ac120004").await?.data;
    /// # Ok(()) }
    /// ```
    "ResetSaasUserPassword" => fn reset_saas_user_password(user_id: &str) [user_id] -> types::SaasUserResetPasswordResult { reset_saas_user_password(user_id) }

    /// Change Sign-In ID
    ///
    /// Replaces the sign-in ID that the user enters when signing in. The new value is passed in
    /// the request body and takes effect for subsequent sign-ins.
    ///
    /// `PATCH /users/{user_id}/sign-in-id` (operation `UpdateSaasUserSignInId`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred, for example because the new sign-in ID could not be applied.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call, and [`Error::InvalidRequest`] when a path parameter is empty, `.` or `..`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::UpdateSaasUserSignInIdParam { sign_in_id: "new-sign-in-id".to_string() };
    /// api.update_saas_user_sign_in_id("f94bfffc-8be2-11ec-b41a-0242ac120004", &param).await?;
    /// # Ok(()) }
    /// ```
    "UpdateSaasUserSignInId" => fn update_saas_user_sign_in_id(user_id: &str, update_saas_user_sign_in_id_param: &types::UpdateSaasUserSignInIdParam) [user_id] -> () { update_saas_user_sign_in_id(user_id, update_saas_user_sign_in_id_param) }

    /// Sign In
    ///
    /// Starts a sign-in for a user through the API instead of the hosted sign-in page. The only
    /// supported flow is USER_SRP_AUTH, whose inputs are passed as string key/value pairs in
    /// sign_in_parameters. The response names the next challenge to answer, with its parameters
    /// and a session value to pass to RespondToSignInChallenge.
    ///
    /// `POST /sign-in` (operation `SignIn`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 401: Authentication failed, for example because the user is unknown or the supplied parameters were rejected.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred during sign-in.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::SignInParam {
    ///     sign_in_flow: types::SignInFlow::UserSrpAuth,
    ///     sign_in_parameters: [
    ///         ("USERNAME".to_string(), "user@example.com".to_string()),
    ///         ("SRP_A".to_string(), "a1b2c3".to_string()),
    ///     ]
    ///     .into(),
    /// };
    /// let result = api.sign_in(&param).await?.data;
    /// # Ok(()) }
    /// ```
    "SignIn" => fn sign_in(sign_in_param: &types::SignInParam) [] -> types::SignInResult { sign_in(sign_in_param) }

    /// Confirm Device
    ///
    /// Registers a new device for a signed-in user, using the device key issued in
    /// new_device_metadata when a sign-in challenge completes. Requires the user's access token
    /// and may include a device name and the device's SRP verifier configuration. The response
    /// states whether the user must still decide whether the device is remembered, which is
    /// done with UpdateDeviceStatus.
    ///
    /// `POST /device/confirm` (operation `ConfirmDevice`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 400: The request is invalid, for example because a required field is missing or the device key is unknown.
    /// - [`Error::Api`] with status 401: The access token is missing, invalid or expired.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while confirming the device.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::ConfirmDeviceParam {
    ///     access_token: "access-token".to_string(),
    ///     device_key: "device-key".to_string(),
    ///     device_name: Some("laptop".to_string()),
    ///     device_secret_verifier_config: None,
    /// };
    /// let result = api.confirm_device(&param).await?.data;
    /// # Ok(()) }
    /// ```
    "ConfirmDevice" => fn confirm_device(confirm_device_param: &types::ConfirmDeviceParam) [] -> types::ConfirmDeviceResult { confirm_device(confirm_device_param) }

    /// Update Device Status
    ///
    /// Sets whether a confirmed device is remembered for the user. Requires the user's access
    /// token, the device key and the new remembered status.
    ///
    /// `POST /device/status` (operation `UpdateDeviceStatus`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 400: The request is invalid, for example because a required field is missing or the status value is not allowed.
    /// - [`Error::Api`] with status 401: The access token is missing, invalid or expired.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while updating the device status.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::UpdateDeviceStatusParam {
    ///     access_token: "access-token".to_string(),
    ///     device_key: "device-key".to_string(),
    ///     device_remembered_status: types::DeviceRememberedStatus::Remembered,
    /// };
    /// api.update_device_status(&param).await?;
    /// # Ok(()) }
    /// ```
    "UpdateDeviceStatus" => fn update_device_status(update_device_status_param: &types::UpdateDeviceStatusParam) [] -> () { update_device_status(update_device_status_param) }

    /// Respond to Sign-In Challenge
    ///
    /// Answers a challenge returned by SignIn or by an earlier call to this operation, passing
    /// the challenge name, the responses it requires and the session value. If the sign-in is
    /// complete the result contains the user's credentials, and possibly metadata for a new
    /// device; otherwise it names the next challenge together with a new session.
    ///
    /// `POST /sign-in/challenge` (operation `RespondToSignInChallenge`).
    ///
    /// # Errors
    ///
    /// - [`Error::Api`] with status 401: The challenge response was rejected, for example because of a wrong password or code or an expired session.
    /// - [`Error::Api`] with status 500: An unexpected server-side error occurred while processing the challenge response.
    /// - [`Error::UnexpectedStatus`], [`Error::Decode`], [`Error::Timeout`], [`Error::Transport`]
    ///   and [`Error::ResponseTooLarge`] as for every call.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use saasus_auth::{types, SaasUserApi};
    /// # async fn example(api: SaasUserApi) -> Result<(), saasus_auth::Error> {
    /// let param = types::RespondToSignInChallengeParam {
    ///     challenge_name: types::ChallengeName::SoftwareTokenMfa,
    ///     challenge_responses: [("SOFTWARE_TOKEN_MFA_CODE".to_string(), "123456".to_string())].into(),
    ///     session: Some("session-from-sign-in".to_string()),
    /// };
    /// let result = api.respond_to_sign_in_challenge(&param).await?.data;
    /// # Ok(()) }
    /// ```
    "RespondToSignInChallenge" => fn respond_to_sign_in_challenge(respond_to_sign_in_challenge_param: &types::RespondToSignInChallengeParam) [] -> types::RespondToSignInChallengeResult { respond_to_sign_in_challenge(respond_to_sign_in_challenge_param) }
}
