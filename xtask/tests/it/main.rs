//! xtask's tests, as one test binary (`cargo test -p xtask`): `spec_diff`
//! runs the binary end to end; the other modules test the library's parts
//! (the command line, loading, the breaking rules, the diff engine).

mod args;
mod diff;
mod load;
mod rules;
mod spec_diff;
