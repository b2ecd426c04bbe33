//! `cargo xtask`: maintenance commands for saasus-auth.
//!
//! - `cargo xtask spec-diff NEW.yaml [--old OLD.yaml] [--format text|json]`:
//!   what a new SaaSus Auth spec changes in the wire contract of
//!   `openapi/auth.yaml`, and what of it breaks existing callers.

use std::process::ExitCode;

use xtask::spec_diff;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  spec-diff NEW.yaml [--old OLD.yaml] [--format text|json]
      compare the wire contract of openapi/auth.yaml (or OLD.yaml) with
      NEW.yaml; exit 0 nothing breaks, 1 something breaks, 2 error
  help
      print this message";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("spec-diff") => spec_diff::run(&args[1..]),
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            0
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            2
        }
        None => {
            eprintln!("{USAGE}");
            2
        }
    };
    ExitCode::from(code)
}
