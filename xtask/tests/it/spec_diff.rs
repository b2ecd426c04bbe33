//! `cargo xtask spec-diff` end to end: the binary against copies of
//! `openapi/auth.yaml` changed in memory and written to a temporary directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::{Mapping, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace root")
        .to_path_buf()
}

fn vendored() -> PathBuf {
    root().join("openapi").join("auth.yaml")
}

/// The vendored spec, parsed.
fn spec() -> Value {
    let text = std::fs::read_to_string(vendored()).expect("openapi/auth.yaml is readable");
    serde_yaml::from_str(&text).expect("openapi/auth.yaml parses")
}

/// A directory of its own under the system temporary directory, removed
/// when dropped.
struct Temp(PathBuf);

impl Temp {
    fn new(test: &str) -> Temp {
        let dir =
            std::env::temp_dir().join(format!("xtask-spec-diff-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("can create a temporary directory");
        Temp(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("can write into the temporary directory");
        path
    }

    fn write_spec(&self, name: &str, spec: &Value) -> PathBuf {
        self.write(name, &serde_yaml::to_string(spec).expect("serializes"))
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The difference lines (`+`, `-`, `~`) of the text output.
    fn differences(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.starts_with("+ ") || l.starts_with("- ") || l.starts_with("~ "))
            .collect()
    }

    fn summary(&self) -> &str {
        self.stdout.lines().last().unwrap_or_default()
    }
}

/// Runs `xtask spec-diff ARGS` from `cwd` (not the workspace root, so the
/// default old spec must be found from the binary, not the directory).
fn spec_diff(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-diff")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the xtask binary runs");
    Run {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// Runs spec-diff of the vendored spec against `spec`.
fn against(temp: &Temp, spec: &Value) -> Run {
    let new = temp.write_spec("new.yaml", spec);
    spec_diff(&temp.0, &[new.to_str().unwrap()])
}

fn map<'a>(v: &'a mut Value, path: &[&str]) -> &'a mut Mapping {
    let mut v = v;
    for key in path {
        v = v
            .get_mut(*key)
            .unwrap_or_else(|| panic!("the spec has no {key} in {path:?}"));
    }
    v.as_mapping_mut().expect("a mapping")
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("test YAML parses")
}

/// POST /tenants/{tenant_id}/archive added, GET /roles removed,
/// TenantProps.name made an integer.
fn three_changes() -> Value {
    let mut spec = spec();
    map(&mut spec, &["paths"]).insert(
        "/tenants/{tenant_id}/archive".into(),
        yaml(
            "post:
               tags: [tenant]
               operationId: ArchiveTenant
               parameters:
               - $ref: '#/components/parameters/TenantId'
               responses:
                 '200': {description: Archived.}",
        ),
    );
    assert!(map(&mut spec, &["paths", "/roles"]).remove("get").is_some());
    map(
        &mut spec,
        &["components", "schemas", "TenantProps", "properties", "name"],
    )
    .insert("type".into(), "integer".into());
    spec
}

#[test]
fn the_vendored_spec_against_itself_has_no_differences() {
    let temp = Temp::new("identical");
    let run = spec_diff(&temp.0, &[vendored().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.differences().is_empty(), "{}", run.stdout);
    assert_eq!(run.summary(), "0 differences, 0 breaking");
    assert!(run.stdout.starts_with("spec-diff: openapi/auth.yaml -> "));

    // Re-serialized (other quoting, other layout): still the same contract.
    let run = against(&temp, &spec());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.summary(), "0 differences, 0 breaking");
}

#[test]
fn an_added_a_removed_operation_and_a_changed_type_are_all_named() {
    let temp = Temp::new("three");
    let run = against(&temp, &three_changes());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.differences(),
        [
            "+ operation POST /tenants/{tenant_id}/archive (ArchiveTenant, tag tenant)",
            "- operation GET /roles (GetRoles, tag role)  (breaking)",
            "~ schema TenantProps.name: type string -> integer  (breaking)",
        ],
        "{}",
        run.stdout
    );
    assert_eq!(run.summary(), "3 differences, 2 breaking");
    for group in ["Added:", "Removed:", "Changed:"] {
        assert!(run.stdout.lines().any(|l| l == group), "{}", run.stdout);
    }
    assert_eq!(run.stderr, "");
}

#[test]
fn json_output_carries_the_same_differences() {
    let temp = Temp::new("json");
    let new = temp.write_spec("new.yaml", &three_changes());
    let old = vendored();
    let run = spec_diff(
        &temp.0,
        &[
            new.to_str().unwrap(),
            "--format",
            "json",
            "--old",
            old.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(json["summary"]["differences"], 3);
    assert_eq!(json["summary"]["breaking"], 2);
    let diffs = json["differences"].as_array().expect("an array");
    let facts: Vec<(&str, &str, bool)> = diffs
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap(),
                d["subject"].as_str().unwrap(),
                d["breaking"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            (
                "operation_added",
                "operation POST /tenants/{tenant_id}/archive",
                false
            ),
            ("operation_removed", "operation GET /roles", true),
            ("type_changed", "schema TenantProps.name", true),
        ]
    );
    assert_eq!(diffs[2]["detail"], "type string -> integer");
    assert_eq!(diffs[1]["change"], "removed");
}

/// Rewrites every description, summary and title string and every example,
/// and adds an `x-` extension to every operation and component schema.
fn reword(v: &mut Value) {
    match v {
        Value::Mapping(m) => {
            for (key, value) in m.iter_mut() {
                match (key.as_str(), &value) {
                    (Some("description" | "summary" | "title"), Value::String(s)) => {
                        *value = Value::String(format!("Reworded: {s}"));
                    }
                    (Some("example"), _) => *value = Value::String("another example".into()),
                    _ => reword(value),
                }
            }
        }
        Value::Sequence(s) => s.iter_mut().for_each(reword),
        _ => {}
    }
}

#[test]
fn prose_only_changes_are_no_differences() {
    let temp = Temp::new("prose");
    let mut spec = spec();
    reword(&mut spec);
    for item in map(&mut spec, &["paths"]).values_mut() {
        for op in item.as_mapping_mut().unwrap().values_mut() {
            op.as_mapping_mut()
                .unwrap()
                .insert("x-internal-note".into(), "ignored".into());
        }
    }
    for schema in map(&mut spec, &["components", "schemas"]).values_mut() {
        schema
            .as_mapping_mut()
            .unwrap()
            .insert("x-go-name".into(), "Ignored".into());
    }
    let reworded = serde_yaml::to_string(&spec).unwrap();
    assert!(reworded.contains("Reworded: Get User Info From ID Token"));
    let run = against(&temp, &spec);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.differences().is_empty(), "{}", run.stdout);
    assert_eq!(run.summary(), "0 differences, 0 breaking");
}

fn enum_of<'a>(spec: &'a mut Value, path: &[&str]) -> &'a mut Vec<Value> {
    map(spec, path)
        .get_mut("enum")
        .and_then(Value::as_sequence_mut)
        .expect("an enum")
}

#[test]
fn enum_values_added_and_removed() {
    let temp = Temp::new("enums");

    // A schema enum gains a value: the generated enums keep values they
    // do not list, and get a variant of a #[non_exhaustive] enum.
    let mut spec = spec();
    enum_of(&mut spec, &["components", "schemas", "AttributeType"]).push("datetime".into());
    let run = against(&temp, &spec);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.differences(),
        ["+ schema AttributeType: enum value \"datetime\""]
    );
    assert!(
        run.stdout
            .contains("    Rust API: a new variant of a #[non_exhaustive] enum (minor)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\nRust API: minor bump (1 minor)\n"),
        "{}",
        run.stdout
    );

    // A value callers send (InvoiceLanguage is in a request body) goes away.
    let mut spec = self::spec();
    enum_of(&mut spec, &["components", "schemas", "InvoiceLanguage"]).retain(|v| v != "en-US");
    let run = against(&temp, &spec);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.differences(),
        ["- schema InvoiceLanguage: enum value \"en-US\"  (breaking)"]
    );
    assert_eq!(run.summary(), "1 difference, 1 breaking");

    // A query parameter accepts one more value: nobody breaks.
    let mut spec = self::spec();
    enum_of(
        &mut spec,
        &["components", "parameters", "AuthFlow", "schema"],
    )
    .push("passwordAuth".into());
    let run = against(&temp, &spec);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.differences(),
        ["+ query parameter auth-flow of GET /credentials: enum value \"passwordAuth\""]
    );
}

fn add_parameter(spec: &mut Value, path: &str, method: &str, parameter: &str) {
    let op = map(spec, &["paths", path, method]);
    let list = op
        .entry("parameters".into())
        .or_insert_with(|| Value::Sequence(Vec::new()));
    list.as_sequence_mut().unwrap().push(yaml(parameter));
}

#[test]
fn a_new_required_query_parameter_breaks_and_an_optional_one_does_not() {
    let temp = Temp::new("params");
    let mut spec = spec();
    add_parameter(
        &mut spec,
        "/users",
        "get",
        "{in: query, name: status, required: true, schema: {type: string}}",
    );
    let run = against(&temp, &spec);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.differences(),
        ["+ query parameter status of GET /users (string, required)  (breaking)"]
    );

    let mut spec = self::spec();
    add_parameter(
        &mut spec,
        "/users",
        "get",
        "{in: query, name: status, schema: {type: string}}",
    );
    let run = against(&temp, &spec);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.differences(),
        ["+ query parameter status of GET /users (string, optional)"]
    );
}

#[test]
fn an_operation_that_moved_is_one_change() {
    let temp = Temp::new("moved");
    let mut spec = spec();
    let paths = map(&mut spec, &["paths"]);
    let item = paths.remove("/user-attributes").expect("the path exists");
    paths.insert("/attributes/users".into(), item);
    let run = against(&temp, &spec);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.differences(),
        [
            "~ operation GetUserAttributes: GET /user-attributes -> GET /attributes/users  (breaking)",
            "~ operation CreateUserAttribute: POST /user-attributes -> POST /attributes/users  (breaking)",
        ]
    );
}

/// The one line of stderr, checked to be one line.
fn one_line(run: &Run) -> &str {
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    lines[0]
}

#[test]
fn invalid_yaml_is_an_error_with_line_and_column() {
    let temp = Temp::new("invalid");
    let bad = temp.write(
        "broken.yaml",
        "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /x: [unclosed\n",
    );
    let run = spec_diff(&temp.0, &[bad.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    let line = one_line(&run);
    assert!(line.starts_with("error: "), "{line}");
    assert!(line.contains(&*bad.display().to_string()), "{line}");
    assert!(line.contains("invalid YAML at line 7, column 1"), "{line}");

    // The same for the old spec.
    let good = vendored();
    let run = spec_diff(
        &temp.0,
        &[good.to_str().unwrap(), "--old", bad.to_str().unwrap()],
    );
    assert_eq!(run.code, 2);
    assert!(one_line(&run).contains("broken.yaml: invalid YAML at line 7"));
}

#[test]
fn valid_yaml_that_is_not_openapi_is_an_error() {
    let temp = Temp::new("not-openapi");
    let path = temp.write("plain.yaml", "name: not a spec\n");
    let run = spec_diff(&temp.0, &[path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    let line = one_line(&run);
    assert!(line.starts_with("error: "), "{line}");
    assert!(
        line.contains("plain.yaml: not an OpenAPI document"),
        "{line}"
    );

    // Structurally wrong where the generator would choke: a line number.
    let path = temp.write(
        "wrong.yaml",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: 7\n",
    );
    let run = spec_diff(&temp.0, &[path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    let line = one_line(&run);
    assert!(
        line.contains("not a valid OpenAPI 3.0 document at line "),
        "{line}"
    );
}

#[test]
fn a_missing_file_is_an_error() {
    let temp = Temp::new("missing");
    let missing = temp.0.join("no-such-spec.yaml");
    let run = spec_diff(&temp.0, &[missing.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    let line = one_line(&run);
    assert!(line.starts_with("error: "), "{line}");
    assert!(
        line.contains("no-such-spec.yaml: cannot read the file"),
        "{line}"
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let temp = Temp::new("usage");
    for args in [
        &[][..],
        &["a.yaml", "b.yaml"][..],
        &["a.yaml", "--format", "xml"][..],
        &["a.yaml", "--old"][..],
        &["--frobnicate", "a.yaml"][..],
    ] {
        let run = spec_diff(&temp.0, args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}");
    }
    let run = spec_diff(&temp.0, &["--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("usage: cargo xtask spec-diff"));

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("no-such-command")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// The shape of the 1.13.6 -> 1.13.14 update, on the vendored spec: two
/// operations and their body schemas added, and CreateAuthCredentialsParam,
/// an alias of Credentials before, an object with required fields of its
/// own.
#[test]
fn old_and_new_given_in_order_name_the_rust_api_effect_and_the_bump() {
    let temp = Temp::new("rust-api");
    let mut old = spec();
    assert!(map(&mut old, &["paths"])
        .remove("/credentials/exchange")
        .is_some());
    let schemas = map(&mut old, &["components", "schemas"]);
    assert!(schemas.remove("ExchangeAuthCredentialsParam").is_some());
    schemas.insert(
        "CreateAuthCredentialsParam".into(),
        yaml("$ref: '#/components/schemas/Credentials'"),
    );
    let old = temp.write_spec("old.yaml", &old);
    let new = vendored();
    let run = spec_diff(&temp.0, &[old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let effect_of = |difference: &str| -> &str {
        let at = lines
            .iter()
            .position(|l| l.starts_with(difference))
            .unwrap_or_else(|| panic!("no {difference} in\n{}", run.stdout));
        lines.get(at + 1).copied().unwrap_or_default()
    };
    assert_eq!(
        effect_of("+ operation POST /credentials/exchange"),
        "    Rust API: a new method on a facade and on raw::Client, and a new Operation (minor)"
    );
    assert_eq!(
        effect_of("+ schema ExchangeAuthCredentialsParam"),
        "    Rust API: a new type in types (minor)"
    );
    assert_eq!(
        effect_of("~ schema CreateAuthCredentialsParam: Credentials -> object  (breaking)"),
        "    Rust API: the type changes (major)"
    );
    assert!(
        lines.contains(&"Rust API: major bump (1 major, 2 minor)"),
        "{}",
        run.stdout
    );

    let json = spec_diff(
        &temp.0,
        &[
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("stdout is JSON");
    assert_eq!(json["summary"]["bump"], "major");
    let bumps: Vec<&str> = json["differences"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| d["bump"].as_str().unwrap())
        .collect();
    assert_eq!(bumps, ["minor", "minor", "major"]);
}
