//! Generates, from `openapi/auth.yaml` into `OUT_DIR`: the low-level SaaSus
//! Auth client (progenitor), and beside it the operation table, the facades
//! and `invoke`'s arms, each in a file of its own (`codegen/`). Nothing
//! generated is committed.

#[path = "codegen/mod.rs"]
mod codegen;

use std::path::{Path, PathBuf};
use std::time::Instant;

const SPEC: &str = "openapi/auth.yaml";

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed=codegen");
    println!("cargo:rerun-if-changed=build.rs");

    if let Err(message) = run() {
        // One clear message, no panic backtrace; cargo shows our stderr.
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let started = Instant::now();
    let yaml = std::fs::read_to_string(SPEC)
        .map_err(|e| format!("cannot read the OpenAPI spec {SPEC}: {e}"))?;
    // A name that looks secret but that the spec does not declare either
    // way is redacted by the name heuristic only: say so (tests/it/codegen.rs
    // fails on it for the vendored spec).
    if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&yaml)
        && let Ok(root) = serde_json::to_value(value)
    {
        for place in codegen::secrets::undeclared(&root) {
            println!(
                "cargo:warning={SPEC}: {place} looks secret but declares no `x-saasus-sensitive`"
            );
        }
    }
    let options = codegen::Options {
        schemars: std::env::var_os("CARGO_FEATURE_SCHEMARS").is_some(),
    };
    let generated =
        codegen::generate(Path::new(SPEC), &yaml, options).map_err(|e| e.to_string())?;
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo did not set OUT_DIR")?);
    let out = out_dir.join("saasus_auth_client.rs");
    let mut files = vec![
        (out.clone(), generated.client),
        (
            out_dir.join("saasus_auth_operations.rs"),
            generated.operations,
        ),
        (out_dir.join("saasus_auth_facades.rs"), generated.facades),
        (out_dir.join("saasus_auth_invoke.rs"), generated.invoke),
    ];
    // Feature `mock`: typed httpmock helpers for users' tests.
    if std::env::var_os("CARGO_FEATURE_MOCK").is_some() {
        let mock = codegen::generate_mock(Path::new(SPEC), &yaml).map_err(|e| e.to_string())?;
        files.push((out_dir.join("saasus_auth_mock.rs"), mock));
    }
    for (file, code) in &files {
        std::fs::write(file, code).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    // Not a cargo directive: kept in the build script's output file and shown
    // by `cargo build -vv`; BENCHMARKS.md quotes it.
    println!(
        "saasus-auth: generated {} from {SPEC} in {} ms",
        out.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}
