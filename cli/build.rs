//! The `schema` command's name -> JSON Schema lookup, generated from the
//! component schemas of the same spec the `saasus-auth` crate is built from
//! (`../openapi/auth.yaml`): one `schemars::schema_for!` per type, so the
//! list never drifts from the crate and nobody keeps it by hand.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    // Read when the script runs, not baked in when it is compiled: a build
    // script compiled in another checkout (a copied target/) would
    // otherwise read that checkout's spec.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let spec_path = PathBuf::from(manifest_dir).join("../openapi/auth.yaml");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    let text = std::fs::read_to_string(&spec_path).expect("read ../openapi/auth.yaml");
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("parse ../openapi/auth.yaml");
    let schemas = spec
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(|s| s.as_mapping())
        .expect("components.schemas in the spec");
    let mut names: Vec<&str> = schemas.keys().filter_map(|k| k.as_str()).collect();
    names.sort_unstable();

    let mut out = String::new();
    out.push_str(
        "/// Every schema name of the spec, sorted.\npub const TYPE_NAMES: &[&str] = &[\n",
    );
    for name in &names {
        writeln!(out, "    {name:?},").unwrap();
    }
    out.push_str("];\n\n");
    out.push_str(
        "/// The JSON Schema (schemars) of the type `name` (exact spelling).\n\
         pub fn schema_of(name: &str) -> Option<schemars::schema::RootSchema> {\n    match name {\n",
    );
    for name in &names {
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "schema name {name:?} is not a Rust identifier"
        );
        writeln!(
            out,
            "        {name:?} => Some(schemars::schema_for!(saasus_auth::types::{name})),"
        )
        .unwrap();
    }
    out.push_str("        _ => None,\n    }\n}\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("schemas.rs");
    std::fs::write(dest, out).unwrap();
}
