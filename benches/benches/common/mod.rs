//! Shared bench helpers: fixtures, a minimal loopback server and the clients
//! compared in `benches/requests.rs`.

pub mod clients;
pub mod fixtures;
pub mod server;
