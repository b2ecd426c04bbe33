//! # saasus-auth
//!
//! A Rust SDK for the [SaaSus Platform](https://saasus.io) Auth API: users,
//! tenants, roles, environments, invitations and sign-in settings of a SaaS
//! built on SaaSus.
//!
//! Two layers:
//!
//! - [`SaasUserApi`], a small hand-written facade over the 30 SaaS user
//!   operations, the counterpart of `SaasUserApi` in the official SDKs
//!   (same operations, snake_case names, same parameter order, same
//!   defaults);
//! - [`raw`], the client that `build.rs` generates with progenitor from the
//!   vendored spec `openapi/auth.yaml`: all 99 operations of the Auth API,
//!   with their request and response [`types`].
//!
//! Both sign every request with SAASUSSIGV1 ([`signing`]), send the
//! configured `Referer`, `X-SaaSus-Referer` and `X-SaaSus-Trace-Id`
//! headers, apply timeouts and safe retries, bound the size of responses,
//! and report failures as one [`Error`] type.
//!
//! ```no_run
//! use saasus_auth::{types, SaasUserApi};
//!
//! # async fn run() -> Result<(), saasus_auth::Error> {
//! // SAASUS_SAAS_ID, SAASUS_API_KEY and SAASUS_SECRET_KEY from the environment.
//! let api = SaasUserApi::new(None, None, None)?;
//! let created = api
//!     .create_saas_user(&types::CreateSaasUserParam {
//!         email: Some("user@example.com".into()),
//!         password: Some("P@ssw0rd!".into()),
//!         sign_in_id: None,
//!     })
//!     .await?;
//! let user = api.get_saas_user(&created.data.id).await?.data;
//! println!("{} <{}>", user.id, user.email);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod config;
pub mod error;
pub mod saas_user_api;
pub mod signing;
pub mod transport;

pub use config::{Configuration, SecretKey};
pub use error::{ApiError, Error};
pub use raw::types;
pub use saas_user_api::{ApiResponse, SaasUserApi, BASE_PATH};
pub use transport::{call, RequestOptions};

/// The low-level client generated from `openapi/auth.yaml` at build time:
/// one method per operation of the Auth API, and the request and response
/// [`types`].
///
/// Build one with [`raw::Client::from_configuration`] and send calls
/// through [`call`] to get the crate's [`Error`]. Documentation of its
/// items comes from the spec.
#[allow(missing_docs, clippy::all)]
pub mod raw {
    include!(concat!(env!("OUT_DIR"), "/saasus_auth_client.rs"));
}

// The clients are shared across tasks and threads.
const _: () = {
    const fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync_clone::<SaasUserApi>();
    assert_send_sync_clone::<raw::Client>();
    assert_send_sync_clone::<Configuration>();
    assert_send_sync_clone::<signing::Signer>();
};

const fn assert_error_traits<T: std::error::Error + Send + Sync + 'static>() {}
const _: () = assert_error_traits::<Error>();
