#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
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
#[cfg(test)]
mod test_support;
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
