//! The low-level client generated from `openapi/auth.yaml` at build time:
//! one method per operation of the Auth API, and the request and response
//! [`types`].
//!
//! [`AuthClient::raw`](crate::AuthClient::raw) hands one out;
//! [`AuthClient::call`](crate::AuthClient::call) turns its results into the
//! crate's. Documentation of its items comes from the spec.
#![allow(missing_docs, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/saasus_auth_client.rs"));
