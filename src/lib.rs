//! Placeholder
#![forbid(unsafe_code)]

pub mod config;
pub mod error;
pub mod saas_user_api;
pub mod signing;
pub mod transport;

pub use config::{Configuration, SecretKey};
pub use error::{ApiError, Error};
pub use raw::types;
pub use saas_user_api::{ApiResponse, SaasUserApi, BASE_PATH};
pub use transport::RequestOptions;

/// The generated low-level client.
#[allow(missing_docs, clippy::all)]
pub mod raw {
    include!(concat!(env!("OUT_DIR"), "/saasus_auth_client.rs"));
}
