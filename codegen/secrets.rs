//! What is secret: declared once in the spec, resolved here for every
//! consumer (the operation table, the facades' docs, redacting `Debug`).
//!
//! The spec declares it with two extensions of ours (`spec-diff` ignores
//! `x-` extensions):
//!
//! - `x-saasus-sensitive: true` on a schema property, a parameter, or a
//!   whole schema (every property below it is then secret);
//!   `x-saasus-sensitive: false` clears a name that only looks secret;
//! - `x-saasus-single-use: true` on an operation whose request carries a
//!   single-use code: it is not retried by default.
//!
//! Sensitivity is resolved on the raw spec (JSON) through `$ref`s (with or
//! without sibling keys), `allOf`/`oneOf`/`anyOf`, arrays and open maps
//! (`additionalProperties`). Where the spec says nothing, the name
//! heuristic ([`looks_secret`]) is a safety net; [`undeclared`] lists the
//! names it would have to guess for, so that a test can require every one
//! of them to be declared.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The extension that marks (or clears) a secret.
pub const SENSITIVE: &str = "x-saasus-sensitive";
/// The extension that marks an operation carrying a single-use code.
pub const SINGLE_USE: &str = "x-saasus-single-use";

/// Words that make a name look secret, wherever they stand in it
/// (`access_token`, `client_secret`, `password`, `verification_code`).
pub const SENSITIVE_WORDS: &[&str] = &[
    "password",
    "passwords",
    "token",
    "tokens",
    "secret",
    "secrets",
    "code",
    "codes",
    "key",
    "keys",
    "verifier",
    "credential",
    "credentials",
    "session",
];

/// What is secret in one operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpSecrets {
    /// Wire names of the parameters that hold secrets.
    pub params: BTreeSet<String>,
    /// Names of the request body's fields, at any depth, that hold secrets.
    pub body_fields: BTreeSet<String>,
    /// Names of the success answer's fields, at any depth, that hold secrets.
    pub outputs: BTreeSet<String>,
    /// Whether the request carries a single-use code.
    pub single_use: bool,
}

/// The sensitivity of every operation (by operationId) and of every
/// component schema's properties (by schema name).
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    pub operations: BTreeMap<String, OpSecrets>,
    /// Component schema name -> the names of its own properties (through
    /// `allOf` and `$ref`) that hold secrets, for schemas with any.
    pub schemas: BTreeMap<String, BTreeSet<String>>,
}

impl Secrets {
    /// Resolves the sensitivity of the spec `root` (the whole document).
    pub fn resolve(root: &Value) -> Self {
        let spec = Spec { root };
        let mut out = Secrets::default();
        if let Some(paths) = root.get("paths").and_then(Value::as_object) {
            for item in paths.values() {
                let item = spec.deref(item);
                let shared = item.get("parameters").and_then(Value::as_array);
                for method in [
                    "get", "put", "post", "delete", "options", "head", "patch", "trace",
                ] {
                    let Some(op) = item.get(method) else { continue };
                    let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                        continue;
                    };
                    out.operations
                        .insert(id.to_string(), spec.operation(op, shared));
                }
            }
        }
        if let Some(schemas) = root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            for (name, schema) in schemas {
                let own = spec.own_fields(schema);
                if !own.is_empty() {
                    out.schemas.insert(name.clone(), own);
                }
            }
        }
        out
    }
}

/// The name heuristic, the safety net under the spec's declarations: a
/// sensitive word in the name (numbers and booleans excepted), or `format:
/// password`. `schema` is the resolved schema, if known.
pub fn looks_secret(name: &str, schema: Option<&Value>) -> bool {
    if let Some(s) = schema {
        if s.get("format").and_then(Value::as_str) == Some("password") {
            return true;
        }
        if matches!(
            s.get("type").and_then(Value::as_str),
            Some("integer" | "number" | "boolean")
        ) {
            return false;
        }
    }
    super::names::words(name)
        .iter()
        .any(|w| SENSITIVE_WORDS.contains(&w.as_str()))
}

/// Every property and parameter of the spec whose name looks secret but
/// that declares nothing (`x-saasus-sensitive` on itself or on the schema
/// it refers to), as `where: name`. A new spec in which this is not empty
/// relies on the heuristic: declare each one, `true` or `false`.
pub fn undeclared(root: &Value) -> Vec<String> {
    let spec = Spec { root };
    let mut out = Vec::new();
    spec.undeclared_in(root, "#", &mut out);
    out
}

struct Spec<'a> {
    root: &'a Value,
}

/// How deep `$ref` chains and nesting are followed.
const MAX_DEPTH: usize = 32;

impl<'a> Spec<'a> {
    /// Follows `$ref`s to the node they name (at most [`MAX_DEPTH`]).
    fn deref(&self, mut node: &'a Value) -> &'a Value {
        for _ in 0..MAX_DEPTH {
            match self.target(node) {
                Some(next) => node = next,
                None => break,
            }
        }
        node
    }

    /// The node a `$ref` names, one step.
    fn target(&self, node: &Value) -> Option<&'a Value> {
        let reference = node.get("$ref")?.as_str()?;
        let pointer = reference.strip_prefix('#')?;
        self.root.pointer(pointer)
    }

    /// The declaration on `node` or, through its `$ref` chain, on the nodes
    /// it names: the first one found.
    fn mark(&self, mut node: &'a Value) -> Option<bool> {
        for _ in 0..MAX_DEPTH {
            if let Some(m) = node.get(SENSITIVE).and_then(Value::as_bool) {
                return Some(m);
            }
            node = self.target(node)?;
        }
        None
    }

    /// Whether a property or parameter called `name` with schema `node`
    /// holds a secret: its declaration, else the heuristic.
    fn sensitive(&self, name: &str, node: &'a Value) -> bool {
        self.mark(node)
            .unwrap_or_else(|| looks_secret(name, Some(self.deref(node))))
    }

    fn operation(&self, op: &'a Value, shared: Option<&'a Vec<Value>>) -> OpSecrets {
        let mut out = OpSecrets {
            single_use: op.get(SINGLE_USE).and_then(Value::as_bool) == Some(true),
            ..OpSecrets::default()
        };
        let own = op.get("parameters").and_then(Value::as_array);
        for p in shared.into_iter().chain(own).flatten() {
            let param = self.deref(p);
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                continue;
            };
            let declared = self
                .mark(p)
                .or_else(|| param.get("schema").and_then(|s| self.mark(s)));
            let sensitive = declared
                .unwrap_or_else(|| looks_secret(name, param.get("schema").map(|s| self.deref(s))));
            if sensitive {
                out.params.insert(name.to_string());
            }
        }
        if let Some(schema) = op
            .get("requestBody")
            .map(|b| self.deref(b))
            .and_then(|b| b.pointer("/content/application~1json/schema"))
        {
            self.fields(schema, false, 0, &mut out.body_fields);
        }
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            let success = responses
                .iter()
                .filter(|(code, _)| code.starts_with('2'))
                .min_by_key(|(code, _)| code.as_str());
            if let Some(schema) = success
                .map(|(_, r)| self.deref(r))
                .and_then(|r| r.pointer("/content/application~1json/schema"))
            {
                self.fields(schema, false, 0, &mut out.outputs);
            }
        }
        out
    }

    /// The names of `schema`'s own properties (through `$ref` and `allOf`)
    /// that hold secrets.
    fn own_fields(&self, schema: &'a Value) -> BTreeSet<String> {
        let all = self.mark(schema) == Some(true);
        let mut out = BTreeSet::new();
        self.own(schema, all, 0, &mut out);
        out
    }

    fn own(&self, schema: &'a Value, all: bool, depth: usize, out: &mut BTreeSet<String>) {
        if depth > MAX_DEPTH {
            return;
        }
        let all = all || schema.get(SENSITIVE).and_then(Value::as_bool) == Some(true);
        if let Some(next) = self.target(schema) {
            self.own(next, all, depth + 1, out);
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                if all || self.sensitive(name, prop) {
                    out.insert(name.clone());
                }
            }
        }
        if let Some(list) = schema.get("allOf").and_then(Value::as_array) {
            for item in list {
                self.own(item, all, depth + 1, out);
            }
        }
    }

    /// Collects into `out` the names of the properties, at any depth below
    /// `schema`, that hold secrets; below a schema marked sensitive as a
    /// whole (`all`), every property does.
    fn fields(&self, schema: &'a Value, all: bool, depth: usize, out: &mut BTreeSet<String>) {
        if depth > MAX_DEPTH {
            return;
        }
        let all = all || schema.get(SENSITIVE).and_then(Value::as_bool) == Some(true);
        if let Some(next) = self.target(schema) {
            self.fields(next, all, depth + 1, out);
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                if all || self.sensitive(name, prop) {
                    out.insert(name.clone());
                }
                self.fields(prop, all, depth + 1, out);
            }
        }
        if let Some(extra) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            self.fields(extra, all, depth + 1, out);
        }
        if let Some(items) = schema.get("items") {
            self.fields(items, all, depth + 1, out);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = schema.get(key).and_then(Value::as_array) {
                for item in list {
                    self.fields(item, all, depth + 1, out);
                }
            }
        }
    }

    fn undeclared_in(&self, node: &'a Value, at: &str, out: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if let Some(props) = map.get("properties").and_then(Value::as_object) {
                    for (name, prop) in props {
                        if self.mark(prop).is_none() && looks_secret(name, Some(self.deref(prop))) {
                            out.push(format!("{at}/properties/{name}"));
                        }
                    }
                }
                // An operation's list, or the map of `components`.
                let params: Vec<&Value> = match map.get("parameters") {
                    Some(Value::Array(list)) => list.iter().collect(),
                    Some(Value::Object(named)) => named.values().collect(),
                    _ => Vec::new(),
                };
                {
                    for p in params.into_iter().filter(|p| p.get("$ref").is_none()) {
                        let Some(name) = p.get("name").and_then(Value::as_str) else {
                            continue;
                        };
                        let schema = p.get("schema");
                        let declared = self.mark(p).or_else(|| schema.and_then(|s| self.mark(s)));
                        if declared.is_none() && looks_secret(name, schema.map(|s| self.deref(s))) {
                            out.push(format!("{at}/parameters/{name}"));
                        }
                    }
                }
                for (key, value) in map {
                    if key == "example" || key == "examples" {
                        continue;
                    }
                    self.undeclared_in(value, &format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.undeclared_in(item, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> Value {
        let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        serde_json::to_value(v).unwrap()
    }

    #[test]
    fn declarations_win_over_names_through_refs_maps_and_all_of() {
        let root = spec(
            r#"
paths:
  /x:
    post:
      operationId: X
      x-saasus-single-use: true
      parameters:
        - { in: query, name: code_challenge_method, x-saasus-sensitive: false, schema: { type: string } }
        - { in: query, name: code, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Wrapped' }
      responses:
        '200':
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Out' }
components:
  schemas:
    Inner:
      type: object
      properties: { a: { type: string }, b: { type: string } }
    Wrapped:
      x-saasus-sensitive: true
      $ref: '#/components/schemas/Inner'
    Out:
      allOf:
        - type: object
          properties:
            session: { type: string }
            answers: { type: object, x-saasus-sensitive: true, additionalProperties: { type: string } }
            resend_code: { type: string, x-saasus-sensitive: false }
"#,
        );
        let s = Secrets::resolve(&root);
        let x = &s.operations["X"];
        assert!(x.single_use);
        assert_eq!(x.params, BTreeSet::from(["code".to_string()]));
        assert_eq!(
            x.body_fields,
            BTreeSet::from(["a".to_string(), "b".to_string()])
        );
        assert_eq!(
            x.outputs,
            BTreeSet::from(["answers".to_string(), "session".to_string()])
        );
        assert_eq!(
            s.schemas["Out"],
            BTreeSet::from(["answers".to_string(), "session".to_string()])
        );
        let mut found = undeclared(&root);
        found.sort();
        assert_eq!(
            found,
            [
                "#/components/schemas/Out/allOf/0/properties/session",
                "#/paths//x/post/parameters/code",
            ]
        );
    }
}
