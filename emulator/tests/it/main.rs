//! The emulator's integration tests, as one test binary: one link instead
//! of one per file (`cargo test -p saasus-auth-emulator --test it`; a
//! module with `cargo test -p saasus-auth-emulator --test it flows::`).
//! Each module is the file of the same name beside this one.

mod common;

mod contract;
mod flows;
mod guard;
mod load;
mod official_sdk;
mod outbox;
mod page;
mod saas_user;
mod server;
mod snapshot;
mod strict;
