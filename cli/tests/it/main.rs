//! The CLI's integration tests, as one test binary: one link instead of
//! one per file (`cargo test -p saasus-auth-cli --test it`; a module with
//! `cargo test -p saasus-auth-cli --test it calls::`). Each module is the
//! file of the same name beside this one.

mod common;

mod ahead;
mod calls;
mod import;
mod secret_params;
mod table;
mod table_text;
mod usage_messages;
