//! `cargo xtask msrv`: checks that nothing `saasus-auth` builds with, with
//! any of its features, asks for a newer Rust than the crate's own
//! `rust-version`. The machines this project runs on have one toolchain,
//! so the minimum supported version cannot be proven by building with it;
//! this check and clippy's `incompatible_msrv` lint (which flags standard
//! library items newer than `rust-version`) stand in for that.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

const ROOT: &str = "saasus-auth";

/// Runs the check; 0 when every dependency fits, 1 when one does not, 2
/// when `cargo metadata` cannot be read.
pub fn run(args: &[String]) -> u8 {
    if !args.is_empty() {
        eprintln!("error: usage: cargo xtask msrv");
        return 2;
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--locked",
        ])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output();
    let metadata: Value = match output {
        Ok(o) if o.status.success() => match serde_json::from_slice(&o.stdout) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("error: cargo metadata printed something that is not JSON: {e}");
                return 2;
            }
        },
        Ok(o) => {
            eprintln!(
                "error: cargo metadata failed: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            );
            return 2;
        }
        Err(e) => {
            eprintln!("error: cannot run cargo metadata: {e}");
            return 2;
        }
    };
    match check(&metadata) {
        Ok((msrv, checked, too_new)) if too_new.is_empty() => {
            println!("msrv: {checked} crates that {ROOT} builds with need Rust {msrv} or older");
            0
        }
        Ok((msrv, _, too_new)) => {
            for (name, needs) in &too_new {
                println!("{name} needs Rust {needs}, newer than {ROOT}'s rust-version {msrv}");
            }
            1
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

type Outcome = (String, usize, Vec<(String, String)>);

/// The crate's rust-version, how many crates were checked, and those that
/// need a newer Rust.
fn check(metadata: &Value) -> Result<Outcome, String> {
    let packages = metadata["packages"]
        .as_array()
        .ok_or("no packages in the metadata")?;
    let by_id: BTreeMap<&str, &Value> = packages
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let root = packages
        .iter()
        .find(|p| p["name"] == ROOT)
        .ok_or("no saasus-auth package in the workspace")?;
    let msrv = root["rust_version"]
        .as_str()
        .ok_or("saasus-auth declares no rust-version")?
        .to_string();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .ok_or("no dependency graph in the metadata")?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    // Normal and build dependencies, transitively: what a user's build compiles.
    let mut seen = BTreeSet::new();
    let mut todo = vec![root["id"].as_str().ok_or("package without id")?];
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes
            .get(id)
            .and_then(|n| n["deps"].as_array())
            .into_iter()
            .flatten()
        {
            let shipped = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            if shipped {
                if let Some(d) = dep["pkg"].as_str() {
                    todo.push(d);
                }
            }
        }
    }
    let mut too_new = Vec::new();
    for id in &seen {
        let Some(p) = by_id.get(id) else { continue };
        if let Some(needs) = p["rust_version"].as_str() {
            if newer(needs, &msrv) {
                too_new.push((
                    format!(
                        "{} {}",
                        p["name"].as_str().unwrap_or("?"),
                        p["version"].as_str().unwrap_or("?")
                    ),
                    needs.to_string(),
                ));
            }
        }
    }
    Ok((msrv, seen.len(), too_new))
}

/// Whether version `a` (`1.85`, `1.85.1`) is newer than `b`.
fn newer(a: &str, b: &str) -> bool {
    let parse = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    let (mut a, mut b) = (parse(a), parse(b));
    a.resize(3, 0);
    b.resize(3, 0);
    a > b
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_compare_numerically() {
        assert!(newer("1.89", "1.88"));
        assert!(newer("1.100", "1.99.9"));
        assert!(!newer("1.88.0", "1.88"));
        assert!(!newer("1.70", "1.88"));
    }

    #[test]
    fn a_dependency_that_needs_a_newer_rust_is_named_and_dev_ones_are_not() {
        let meta = json!({
            "packages": [
                { "id": "root", "name": "saasus-auth", "version": "0.1.0", "rust_version": "1.88" },
                { "id": "a", "name": "old-enough", "version": "1.0.0", "rust_version": "1.70" },
                { "id": "b", "name": "too-new", "version": "2.0.0", "rust_version": "1.90" },
                { "id": "c", "name": "dev-only", "version": "3.0.0", "rust_version": "1.95" }
            ],
            "resolve": { "nodes": [
                { "id": "root", "deps": [
                    { "pkg": "a", "dep_kinds": [{ "kind": null }] },
                    { "pkg": "c", "dep_kinds": [{ "kind": "dev" }] }
                ]},
                { "id": "a", "deps": [{ "pkg": "b", "dep_kinds": [{ "kind": "build" }] }] },
                { "id": "b", "deps": [] },
                { "id": "c", "deps": [] }
            ]}
        });
        let (msrv, checked, too_new) = check(&meta).unwrap();
        assert_eq!(msrv, "1.88");
        assert_eq!(checked, 3);
        assert_eq!(
            too_new,
            vec![("too-new 2.0.0".to_string(), "1.90".to_string())]
        );
    }
}
