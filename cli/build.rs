//! The `schema` command's name -> JSON Schema lookup, generated from the
//! component schemas of the same spec the `saasus-auth` crate is built from
//! (`../openapi/auth.yaml`): one `schemars::schema_for!` per type, so the
//! list never drifts from the crate and nobody keeps it by hand.
//!
//! Also, for `saasus-auth mcp` (feature "mcp"), what the operation table
//! does not hold: each operation's description and each parameter's JSON
//! Schema (`$ref`s resolved, with its description), as data read from the
//! same spec, nothing per operation written by hand.

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

    let (docs, bounds) = operation_docs(&spec);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out_dir.join("operation_docs.rs"), docs).unwrap();
    std::fs::write(out_dir.join("integer_bounds.rs"), bounds).unwrap();
}

/// `#/components/<kind>/<name>` in the spec.
fn component<'a>(spec: &'a serde_yaml::Value, reference: &str) -> Option<&'a serde_yaml::Value> {
    let mut parts = reference.strip_prefix("#/")?.split('/');
    let mut node = spec;
    for part in parts.by_ref() {
        node = node.get(part)?;
    }
    Some(node)
}

/// `value` with every `$ref` replaced by what it names (a cycle is left as
/// an empty schema, which accepts anything).
fn resolve(spec: &serde_yaml::Value, value: &serde_yaml::Value, depth: usize) -> serde_yaml::Value {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                return match component(spec, r) {
                    Some(target) if depth < 16 => resolve(spec, target, depth + 1),
                    _ => Value::Mapping(Default::default()),
                };
            }
            let mut out = serde_yaml::Mapping::new();
            for (k, v) in map {
                // Examples are not part of what a value must be.
                if k.as_str() == Some("example") {
                    continue;
                }
                out.insert(k.clone(), resolve(spec, v, depth));
            }
            Value::Mapping(out)
        }
        Value::Sequence(items) => {
            Value::Sequence(items.iter().map(|v| resolve(spec, v, depth)).collect())
        }
        other => other.clone(),
    }
}

/// `OPERATION_DOCS`: per operationId, its description and its parameters'
/// JSON Schemas (as JSON text); and `INTEGER_BOUNDS`: the `minimum` and
/// `maximum` of every integer parameter that has either.
fn operation_docs(spec: &serde_yaml::Value) -> (String, String) {
    let mut bounds = String::from(
        "/// Per integer parameter with a `minimum` or a `maximum` in the spec:\n\
         /// operationId, parameter name, minimum, maximum.\n\
         pub const INTEGER_BOUNDS: &[(&str, &str, Option<i64>, Option<i64>)] = &[\n",
    );
    let mut out = String::from(
        "/// Per operationId: the spec's description of the operation, and the JSON\n\
         /// Schema of each parameter (`$ref`s resolved, the parameter's description\n\
         /// added) as JSON text.\n\
         pub const OPERATION_DOCS: &[OperationDocs] = &[\n",
    );
    let paths = spec
        .get("paths")
        .and_then(|p| p.as_mapping())
        .expect("paths in the spec");
    for item in paths.values() {
        let Some(item) = item.as_mapping() else {
            continue;
        };
        for (method, op) in item {
            if !matches!(
                method.as_str(),
                Some("get" | "post" | "put" | "patch" | "delete")
            ) {
                continue;
            }
            let Some(id) = op.get("operationId").and_then(|v| v.as_str()) else {
                continue;
            };
            let description = op
                .get("description")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            writeln!(out, "    ({id:?}, {description:?}, &[").unwrap();
            let params = op
                .get("parameters")
                .and_then(|p| p.as_sequence())
                .cloned()
                .unwrap_or_default();
            for param in &params {
                let param = resolve(spec, param, 0);
                let Some(name) = param.get("name").and_then(|v| v.as_str()) else {
                    continue;
                };
                let mut schema = param
                    .get("schema")
                    .cloned()
                    .unwrap_or(serde_yaml::Value::Mapping(Default::default()));
                if let (Some(d), Some(map)) = (param.get("description"), schema.as_mapping_mut()) {
                    map.insert("description".into(), d.clone());
                }
                let bound = |key: &str| schema.get(key).and_then(|v| v.as_i64());
                let (min, max) = (bound("minimum"), bound("maximum"));
                if schema.get("type").and_then(|t| t.as_str()) == Some("integer")
                    && (min.is_some() || max.is_some())
                {
                    writeln!(bounds, "    ({id:?}, {name:?}, {min:?}, {max:?}),").unwrap();
                }
                let json = serde_json::to_string(&schema).expect("a parameter schema as JSON");
                writeln!(out, "        ({name:?}, {json:?}),").unwrap();
            }
            out.push_str("    ]),\n");
        }
    }
    out.push_str("];\n");
    bounds.push_str("];\n");
    (out, bounds)
}
