//! The library's integration tests, as one test binary: one link instead of
//! one per file (`cargo test --test it`; a module with `cargo test --test it
//! operations::`). Each module is the file of the same name beside this one.

mod common;

mod ahead;
mod codegen;
mod concurrency;
mod config;
mod credential_check;
mod echoed_values;
mod errors;
mod hostile;
mod middleware;
mod mock;
mod observability;
mod operations;
mod reliability;
mod saas_user_api;
mod session;
mod signing;
mod spec;
mod unknown_fields;
mod wrong_scheme;
