//! The command surface comes from the operation table: every operation is
//! reachable by kebab-case names and has help; `operations`, `schema` and
//! `completions`.

use crate::common;

use common::*;
use saasus_auth::{Location, Operation};
use serde_json::Value;

fn kebab(name: &str) -> String {
    // An independent spelling of the rule: a boundary before a capital
    // that follows a lower-case letter or digit, or that starts a word
    // after a run of capitals; `_` is `-`.
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if *c == '_' {
            out.push('-');
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let p = chars[i - 1];
            let n = chars.get(i + 1).copied().unwrap_or('A');
            if p.is_ascii_lowercase()
                || p.is_ascii_digit()
                || (p.is_ascii_uppercase() && n.is_ascii_lowercase())
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[test]
fn every_operation_is_reachable_and_has_help() {
    assert!(!Operation::all().is_empty());
    for op in Operation::all() {
        let (tag, name) = (kebab(op.tag), kebab(op.id));
        let o = run(bare(), &[&tag, &name, "--help"]);
        let help = stdout(&o);
        assert_eq!(o.status.code(), Some(0), "{tag} {name}: {}", stderr(&o));
        assert!(
            help.contains(op.summary),
            "{}: summary missing:\n{help}",
            op.id
        );
        assert!(
            help.contains(&format!("{} {}", op.http_method, op.path)),
            "{}: method and path missing:\n{help}",
            op.id
        );
        for input in op.inputs {
            let flag = match input.location {
                Location::Body => "--body".to_string(),
                _ => format!("--{}", kebab(input.name)),
            };
            // The flag's entry: its line, and the help clap may move to
            // the lines below it.
            let lines: Vec<&str> = help.lines().collect();
            let at = lines
                .iter()
                .position(|l| l.trim_start().starts_with(&flag))
                .unwrap_or_else(|| panic!("{}: no {flag} in\n{help}", op.id));
            let mut line = lines[at].to_string();
            for next in &lines[at + 1..] {
                let t = next.trim_start();
                if t.is_empty() || t.starts_with('-') {
                    break;
                }
                line.push(' ');
                line.push_str(t);
            }
            assert!(
                line.contains(input.schema),
                "{}: {flag} lacks its type: {line}",
                op.id
            );
            assert_eq!(
                line.contains("required"),
                input.required,
                "{}: {flag} required-ness: {line}",
                op.id
            );
        }
        // And the operation is reachable: without its required inputs it
        // is a usage error (2) from clap, not an unknown command.
        if op.inputs.iter().any(|i| i.required) {
            let o = run(bare(), &[&tag, &name]);
            assert_eq!(o.status.code(), Some(2), "{}", op.id);
            assert!(stderr(&o).contains("required"), "{}: {}", op.id, stderr(&o));
        }
    }
    let o = run(bare(), &["saas-user", "no-such-operation"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn operations_lists_the_whole_table() {
    let v: Value = ok_json(bare(), &["operations", "--output", "json"]);
    let ops = v.as_array().expect("an array");
    assert_eq!(ops.len(), Operation::all().len());
    for (json, op) in ops.iter().zip(Operation::all()) {
        assert_eq!(json["id"], op.id);
        assert_eq!(json["tag"], op.tag);
        assert_eq!(json["method"], op.http_method);
        assert_eq!(json["path"], op.path);
        assert_eq!(json["idempotent"], op.idempotent);
        assert_eq!(
            json["sensitive_inputs"],
            serde_json::json!(op.sensitive_inputs)
        );
        assert_eq!(
            json["command"],
            format!("{} {}", kebab(op.tag), kebab(op.id))
        );
    }
    // The global flag is accepted before the command too, and the default
    // is a table with one line per operation plus the header.
    let o = run(bare(), &["--output", "json", "operations"]);
    assert_eq!(
        serde_json::from_slice::<Value>(&o.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        Operation::all().len()
    );
    let table = stdout(&run(bare(), &["operations"]));
    assert_eq!(table.lines().count(), Operation::all().len() + 1);
    assert!(table.lines().next().unwrap().starts_with("tag"));
    assert!(table.contains("UpdateSaasUserPassword"));
    // Tags as the commands spell them (`saas-user`), not the spec's
    // camelCase (`saasUser`).
    let row = table
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some("UpdateSaasUserPassword"))
        .expect("the row");
    assert!(row.starts_with("saas-user "), "{row}");
    assert!(!table.contains("saasUser "), "{table}");
}

#[test]
fn a_schema_asked_for_by_an_alias_is_titled_with_that_name() {
    // CreateTenantParam is a $ref to TenantProps in the spec.
    let v = ok_json(bare(), &["schema", "CreateTenantParam"]);
    assert_eq!(v["title"], "CreateTenantParam", "{v}");
    assert!(
        v["$comment"]
            .as_str()
            .is_some_and(|c| c.contains("TenantProps")),
        "{v}"
    );
    assert!(v["properties"]["name"].is_object(), "{v}");
    let v = ok_json(bare(), &["schema", "TenantProps"]);
    assert_eq!(v["title"], "TenantProps");
    assert!(v.get("$comment").is_none(), "{v}");
}

#[test]
fn a_table_of_an_empty_list_says_so_on_stderr_and_leaves_stdout_empty() {
    let o = run(
        bare(),
        &[
            "--emulator",
            "--output",
            "table",
            "saas-user",
            "search-saas-users",
            "--limit",
            "20",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("(no users)"), "{}", stderr(&o));
    // JSON output is unchanged: the empty list on stdout, nothing on stderr.
    let o = run(bare(), &["--emulator", "saas-user", "get-saas-users"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("\"users\":[]"), "{}", stdout(&o));
    assert_eq!(stderr(&o), "");
}

#[test]
fn schema_prints_json_schema() {
    let v = ok_json(bare(), &["schema", "CreateSaasUserParam"]);
    assert_eq!(v["title"], "CreateSaasUserParam");
    assert!(v["properties"]["email"].is_object(), "{v}");
    let v = ok_json(bare(), &["schema", "SaasUser"]);
    let required: Vec<&str> = v["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        required.contains(&"email") && required.contains(&"id"),
        "{v}"
    );
    let list = stdout(&run(bare(), &["schema"]));
    assert_eq!(list.lines().count(), spec_schema_count());
    let o = run(bare(), &["schema", "NoSuchType"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("NoSuchType"));
}

#[test]
fn completions_for_bash_zsh_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let o = run(bare(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = stdout(&o);
        assert!(script.contains("saas-user"), "{shell}");
        assert!(script.contains("create-saas-user"), "{shell}");
    }
    assert_eq!(
        run(bare(), &["completions", "cmd.exe"]).status.code(),
        Some(2)
    );
}

/// The component schemas of the spec the crate was built from: the names
/// indented by four spaces under `components:` / `  schemas:`.
fn spec_schema_count() -> usize {
    let spec = include_str!("../../../openapi/auth.yaml");
    let Some((_, schemas)) = spec.split_once("\n  schemas:\n") else {
        panic!("the spec has components.schemas");
    };
    schemas
        .lines()
        .take_while(|l| l.is_empty() || l.starts_with("    "))
        .filter(|l| l.len() > 5 && !l.starts_with("     ") && l.trim_end().ends_with(':'))
        .count()
}
