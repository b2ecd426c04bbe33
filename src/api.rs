//! The facades generated from the spec: one per tag
//! ([`SaasUserApi`](crate::SaasUserApi), [`TenantApi`](crate::TenantApi), ...)
//! with one method per operation, and their accessors on
//! [`AuthClient`](crate::AuthClient). Written by `codegen/facades.rs` into
//! `OUT_DIR`; the hand-written half is `src/facade.rs`.

// Facade methods take an operation's parameters as the spec declares them.
#![allow(clippy::too_many_arguments)]

use crate::raw::types;

include!(concat!(env!("OUT_DIR"), "/saasus_auth_facades.rs"));
