//! The low-level client generated from `openapi/auth.yaml` at build time:
//! one method per operation of the Auth API, and the request and response
//! [`types`].
//!
//! [`AuthClient::raw`](crate::AuthClient::raw) hands one out;
//! [`AuthClient::call`](crate::AuthClient::call) turns its results into the
//! crate's. Documentation of its items comes from the spec.
//!
//! ```no_run
//! # async fn run(client: saasus_auth::AuthClient) -> Result<(), saasus_auth::Error> {
//! let raw = client.raw();
//! let roles = raw.get_roles().await; // progenitor's Result<ResponseValue<_>, _>
//! let roles = client.call(raw.get_roles()).await?.data; // the crate's ApiResponse and Error
//! # let _ = roles;
//! # Ok(()) }
//! ```
//!
//! [`Client`] is what progenitor generates from the spec: one method per
//! operation, positional arguments in progenitor's order. Every request
//! with path parameters, from either layer, must match its operation's
//! path template segment for segment: a path parameter of `..`, `.` or nothing (which would turn
//! `DELETE /tenants/../users/{id}` into another operation's
//! `DELETE /users/{id}`) is [`Error::InvalidRequest`](crate::Error::InvalidRequest),
//! and nothing is sent. It signs, times out, retries and redacts exactly
//! like the facades (the transport is shared), with the options of the client it came from
//! ([`Client::with_options`] gives one with others). `call` names the
//! operation in its errors when an answer came back, and says `unknown
//! operation` for a failure on the way, which only the facades and
//! `invoke` can name. The [`types`] derive `Serialize`, `Deserialize`,
//! `Debug` (redacting, for the types that hold secrets), `Clone` and
//! `PartialEq`, and with the `schemars` feature `schemars::JsonSchema`.
#![allow(missing_docs, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/saasus_auth_client.rs"));
