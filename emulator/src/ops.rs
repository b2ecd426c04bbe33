//! The operations the emulator serves: the operation table of `saasus_auth`
//! ([`saasus_auth::Operation`]), generated from the same spec at build time,
//! so nothing here is listed by hand. The emulator answers each failure with
//! the closest status the operation documents (see
//! [`crate::error::Fault`]).

pub use saasus_auth::Operation as Op;
