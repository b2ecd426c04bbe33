//! # saasus-auth
//!
//! A Rust SDK for the [SaaSus Platform](https://saasus.io) Auth API: users,
//! tenants, roles, environments, invitations and sign-in settings of a SaaS
//! built on SaaSus.
//!
//! - [`AuthClient`]: the whole API, one accessor per group of operations
//!   ([`saas_user_api`](AuthClient::saas_user_api),
//!   [`tenant_api`](AuthClient::tenant_api), [`role_api`](AuthClient::role_api),
//!   ...), each a typed facade with one method per operation. The facades,
//!   their methods and docs are generated from the vendored spec
//!   `openapi/auth.yaml` at build time, so every operation of the spec has
//!   its method;
//! - [`SaasUserApi`] keeps the official SDKs' constructor, names, parameter
//!   order and defaults;
//! - [`Operation`]: the operation table (id, tag, method, path, idempotency,
//!   sensitive inputs) that the transport runs on and that tools build on,
//!   with [`AuthClient::invoke`] to call any operation from JSON;
//! - [`raw`]: the low-level client progenitor generates, with the request
//!   and response [`types`].
//!
//! Every request, from any layer, is signed with SAASUSSIGV1 ([`signing`]),
//! carries the configured `Referer`, `X-SaaSus-Referer` and
//! `X-SaaSus-Trace-Id` headers, gets timeouts, safe retries and a bounded
//! response size, and fails with one [`Error`] type that never prints a
//! secret.
//!
//! ```no_run
//! use saasus_auth::{types, AuthClient};
//!
//! # async fn run() -> Result<(), saasus_auth::Error> {
//! // SAASUS_SAAS_ID, SAASUS_API_KEY and SAASUS_SECRET_KEY from the environment.
//! let client = AuthClient::from_env()?;
//! let users = client.saas_user_api();
//! let created = users
//!     .create_saas_user(&types::CreateSaasUserParam {
//!         email: Some("user@example.com".into()),
//!         password: Some("P@ssw0rd!".into()),
//!         sign_in_id: None,
//!     })
//!     .await?;
//! let user = users.get_saas_user(&created.data.id).await?.data;
//! println!("{} <{}>", user.id, user.email);
//! let tenants = client.tenant_api().get_tenants().await?.data.tenants;
//! println!("{} tenants", tenants.len());
//! # Ok(()) }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod api;
pub mod attributes;
mod client;
pub mod config;
pub mod enums;
pub mod error;
mod facade;
mod invoke;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod middleware;
#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;
pub mod operation;
pub mod raw;
mod response;
pub mod session;
pub mod signing;
pub mod transport;

pub use api::{
    AuthInfoApi, BasicInfoApi, CredentialApi, EnvApi, InvitationApi, RoleApi, SaasUserApi,
    SingleTenantApi, TenantApi, TenantAttributeApi, TenantUserApi, UserAttributeApi, UserInfoApi,
};
pub use attributes::Attributes;
pub use client::AuthClient;
pub use config::{Configuration, SecretKey, BASE_PATH};
pub use error::{ApiError, Error, SchemeMismatch};
pub use operation::{Input, Location, Operation, Tag};
pub use raw::types;
pub use response::ApiResponse;
pub use transport::RequestOptions;

/// The `http` crate whose [`HeaderMap`](http::HeaderMap) the
/// [`session`] helpers read incoming requests from.
pub use http;

/// The `reqwest` this crate is built with, so that a `reqwest::Client`
/// handed to [`AuthClient::new`] is of the same version.
pub use reqwest;

// The clients are shared across tasks and threads.
const _: () = {
    const fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync_clone::<AuthClient>();
    assert_send_sync_clone::<SaasUserApi>();
    assert_send_sync_clone::<TenantApi>();
    assert_send_sync_clone::<raw::Client>();
    assert_send_sync_clone::<Configuration>();
    assert_send_sync_clone::<signing::Signer>();
};

const _: () = {
    const fn assert_error_traits<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error_traits::<Error>();
};
