//! The code generated from the spec on top of the low-level client: the
//! operation table behind [`Operation`](crate::Operation), one facade per tag
//! ([`SaasUserApi`](crate::SaasUserApi), [`TenantApi`](crate::TenantApi), ...)
//! with their accessors on [`AuthClient`](crate::AuthClient), and
//! [`AuthClient::invoke`](crate::AuthClient::invoke). Written by
//! `codegen/facades.rs` into `OUT_DIR`; nothing here is edited by hand.

// Facade methods take an operation's parameters as the spec declares them.
#![allow(clippy::too_many_arguments)]
// Arguments passed by value are copied for each attempt, whatever their type.
#![allow(clippy::clone_on_copy)]

use crate::raw::types;

include!(concat!(env!("OUT_DIR"), "/saasus_auth_api.rs"));
