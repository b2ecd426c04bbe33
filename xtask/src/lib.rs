//! The commands of `cargo xtask` (see `main.rs`), as a library: the binary
//! calls it, and the tests in `tests/it/` call it directly, so that the
//! code is compiled once, not a second time with `cfg(test)` for unit
//! tests.

pub mod spec_diff;
