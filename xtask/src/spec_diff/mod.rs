//! `cargo xtask spec-diff [OLD.yaml] NEW.yaml [--format text|json]` (or
//! `NEW.yaml --old OLD.yaml`): what a new SaaSus Auth spec changes in the
//! wire contract of the vendored one (`openapi/auth.yaml`), whether it
//! breaks existing callers, and what each change does to the crate's
//! public Rust API with the version bump it needs.
//!
//! Exit codes: 0 nothing breaks (including no differences), 1 something
//! breaks existing callers, 2 usage error or a file that cannot be read or
//! is not an OpenAPI 3.0 document.

pub mod diff;
pub mod load;
mod report;
pub mod rules;

use std::io::Write;
use std::path::{Path, PathBuf};

pub const USAGE: &str = "\
usage: cargo xtask spec-diff [OLD.yaml] NEW.yaml [--format text|json]
       cargo xtask spec-diff NEW.yaml [--old OLD.yaml] [--format text|json]

Compares the wire contract (operations, tags, parameters, request bodies,
responses, component schemas) of OLD.yaml, by default the vendored
openapi/auth.yaml, with NEW.yaml, ignoring prose, and marks what breaks
existing callers. Each change also says what it does to the crate's public
Rust API and the version bump (patch, minor, major) that needs.

Exit status: 0 nothing breaks, 1 something breaks, 2 usage or file error.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Args {
    pub new: PathBuf,
    pub old: Option<PathBuf>,
    pub format: Format,
}

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Run(Args),
    Help,
}

pub fn parse_args(args: &[String]) -> Result<Parsed, String> {
    let mut positional: Vec<PathBuf> = Vec::new();
    let mut old = None;
    let mut format = Format::Text;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone().or_else(|| rest.next().cloned()) {
                Some(v) if !v.is_empty() => Ok(v),
                _ => Err(format!("{name} needs a value")),
            }
        };
        match flag {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--old" => old = Some(PathBuf::from(value("--old")?)),
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(format!("unknown format `{other}` (expected text or json)"))
                    }
                }
            }
            _ if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option `{flag}`"))
            }
            _ if positional.len() < 2 => positional.push(PathBuf::from(arg)),
            _ => {
                return Err(format!(
                    "unexpected argument `{arg}`: give NEW.yaml, or OLD.yaml NEW.yaml"
                ))
            }
        }
    }
    let new = match positional.len() {
        0 => return Err("missing NEW.yaml, the spec to compare with".to_string()),
        1 => positional.remove(0),
        _ if old.is_some() => {
            return Err("give OLD.yaml either first or with --old, not both".to_string())
        }
        _ => {
            old = Some(positional.remove(0));
            positional.remove(0)
        }
    };
    Ok(Parsed::Run(Args { new, old, format }))
}

/// The workspace root: xtask's manifest directory is `<root>/xtask`.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Runs the command; returns the exit code.
pub fn run(args: &[String]) -> u8 {
    let args = match parse_args(args) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Help) => {
            print(&format!("{USAGE}\n"));
            return 0;
        }
        Err(message) => {
            let synopsis = USAGE.lines().next().unwrap_or_default();
            eprintln!("error: {message}\n{synopsis}");
            return 2;
        }
    };
    let old_path = args
        .old
        .clone()
        .unwrap_or_else(|| workspace_root().join("openapi").join("auth.yaml"));
    let loaded = load::load(&old_path).and_then(|old| Ok((old, load::load(&args.new)?)));
    let (old, new) = match loaded {
        Ok(specs) => specs,
        Err(message) => {
            eprintln!("error: {message}");
            return 2;
        }
    };
    // Prose is not compared, but the build needs response descriptions:
    // say so on stderr, where it does not disturb the report.
    for (path, spec) in [(&old_path, &old), (&args.new, &new)] {
        let missing = load::missing_response_descriptions(spec);
        if let Some(first) = missing.first() {
            eprintln!(
                "note: {}: {} responses have no description (first: {first}); prose is not \
                 compared, but the crate's build needs it: write it when copying the spec in",
                path.display(),
                missing.len()
            );
        }
    }
    let diffs = diff::diff(&old, &new);
    // The default old spec is named as the maintainers know it.
    let old_name = match &args.old {
        Some(path) => path.display().to_string(),
        None => "openapi/auth.yaml".to_string(),
    };
    let new_name = args.new.display().to_string();
    print(&match args.format {
        Format::Text => report::text(&old_name, &new_name, &diffs),
        Format::Json => report::json(&old_name, &new_name, &diffs),
    });
    if diffs.iter().any(|d| d.breaking) {
        1
    } else {
        0
    }
}

/// Writes to stdout without panicking when it is closed (`| head`).
fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
