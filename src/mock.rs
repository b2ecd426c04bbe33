//! Typed [httpmock](https://docs.rs/httpmock) helpers for every operation,
//! generated from the spec by progenitor (feature `mock`): make SaaSus
//! answer a 500, a 404 or a given body in your own tests without writing
//! paths and JSON by hand.
//!
//! Use them for error paths and single answers; for flows that need state
//! (create a user, then read it), use the emulator.
//!
//! `MockServerExt` adds one method per operation to
//! [`httpmock::MockServer`], named after the operationId in snake case;
//! its `When` checks the method and the operation's path (and the
//! parameters you add), its `Then` answers with typed bodies, one method per
//! documented status. The paths are the operations' own (`/users/{user_id}`),
//! so the client's base path is the mock server's root.
//!
//! ```no_run
//! use saasus_auth::mock::MockServerExt;
//! use saasus_auth::{types, Configuration};
//!
//! # async fn run() {
//! let server = httpmock::MockServer::start();
//! let mock = server.get_saas_user(|when, then| {
//!     when.user_id("u-1");
//!     then.not_found(&types::Error {
//!         type_: "user_not_found".into(),
//!         message: "no such user".into(),
//!         data: Default::default(),
//!     });
//! });
//! let config = Configuration::new("saas-id", "api-key", "secret");
//! let api = saasus_auth::SaasUserApi::new(Some(config), Some(&server.base_url()), None).unwrap();
//! let err = api.get_saas_user("u-1").await.unwrap_err();
//! assert!(err.is_not_found());
//! mock.assert();
//! # }
//! ```
#![allow(missing_docs, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/saasus_auth_mock.rs"));
