//! Reading a spec file: YAML (or JSON) that is an OpenAPI 3.0 document.

use std::path::Path;

use serde_yaml::Value;

/// Reads and checks `path`; the error is one line naming the file.
pub fn load(path: &Path) -> Result<Value, String> {
    let name = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: cannot read the file: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    parse(&text).map_err(|e| format!("{name}: {e}"))
}

/// Parses the text of a spec. Errors do not name the file.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut value: Value = serde_yaml::from_str(text)
        .map_err(|e| format!("invalid YAML{}: {}", at(e.location()), message(&e)))?;
    value
        .apply_merge()
        .map_err(|e| format!("invalid YAML merge key (<<): {}", one_line(&e)))?;

    let Some(doc) = value.as_mapping() else {
        return Err("not an OpenAPI document: the top level is not a mapping".to_string());
    };
    let version = match doc.get("openapi") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err("not an OpenAPI document: `openapi` is not a version string".to_string())
        }
        None => {
            return Err(
                "not an OpenAPI document: the top-level `openapi` field is missing".to_string(),
            )
        }
    };
    if !version.starts_with("3.0") {
        return Err(format!(
            "not an OpenAPI 3.0 document (openapi: {version}); the crate's generator reads 3.0 only"
        ));
    }
    // The same structural check the build script makes, so that the
    // structure of a spec that passes here also gets past the generator's
    // parser. Prose is not compared, so a spec without it (a contract
    // rebuilt from the generated SDKs has no response descriptions, which
    // OpenAPI 3.0 requires) is still compared: the check runs again with
    // the missing descriptions filled in, and only its remaining errors
    // count. The build itself still needs the descriptions (see
    // `missing_response_descriptions`).
    if let Err(e) = serde_yaml::from_str::<openapiv3::OpenAPI>(text) {
        let mut filled = value.clone();
        fill_response_descriptions(&mut filled);
        if serde_yaml::from_value::<openapiv3::OpenAPI>(filled).is_err() {
            return Err(format!(
                "not a valid OpenAPI 3.0 document{}: {}",
                at(e.location()),
                message(&e)
            ));
        }
    }
    Ok(value)
}

/// The response objects (`METHOD PATH STATUS`, or `components.responses.NAME`)
/// that have no `description`: OpenAPI 3.0 requires one, and so does the
/// crate's build, but the wire contract does not depend on it.
pub fn missing_response_descriptions(spec: &Value) -> Vec<String> {
    let mut missing = Vec::new();
    for_each_response(spec, &mut |name, response| {
        if response.get("description").is_none() {
            missing.push(name);
        }
    });
    missing
}

/// Gives every response object without a `description` an empty one.
fn fill_response_descriptions(spec: &mut Value) {
    let mut names = Vec::new();
    for_each_response(spec, &mut |name, _| names.push(name));
    let key = Value::String("description".to_string());
    let fill = |response: &mut Value| {
        if let Value::Mapping(m) = response
            && !m.contains_key(&key)
            && !m.contains_key("$ref")
        {
            m.insert(key.clone(), Value::String(String::new()));
        }
    };
    if let Some(Value::Mapping(paths)) = spec.get_mut("paths") {
        for (_, item) in paths.iter_mut() {
            let Value::Mapping(item) = item else { continue };
            for (_, op) in item.iter_mut() {
                if let Some(Value::Mapping(responses)) = op.get_mut("responses") {
                    responses.iter_mut().for_each(|(_, r)| fill(r));
                }
            }
        }
    }
    if let Some(Value::Mapping(responses)) = spec
        .get_mut("components")
        .and_then(|c| c.get_mut("responses"))
    {
        responses.iter_mut().for_each(|(_, r)| fill(r));
    }
}

/// Calls `f` with a name and the value of every response object that is not
/// a `$ref`.
fn for_each_response(spec: &Value, f: &mut dyn FnMut(String, &Value)) {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    };
    let is_object = |r: &Value| r.as_mapping().is_some_and(|m| !m.contains_key("$ref"));
    if let Some(Value::Mapping(paths)) = spec.get("paths") {
        for (path, item) in paths {
            let Value::Mapping(item) = item else { continue };
            for (method, op) in item {
                let Some(Value::Mapping(responses)) = op.get("responses") else {
                    continue;
                };
                for (status, response) in responses.iter().filter(|(_, r)| is_object(r)) {
                    let name = format!(
                        "{} {} {}",
                        text(method).to_uppercase(),
                        text(path),
                        text(status)
                    );
                    f(name, response);
                }
            }
        }
    }
    if let Some(Value::Mapping(responses)) = spec.get("components").and_then(|c| c.get("responses"))
    {
        for (name, response) in responses.iter().filter(|(_, r)| is_object(r)) {
            f(format!("components.responses.{}", text(name)), response);
        }
    }
}

fn at(location: Option<serde_yaml::Location>) -> String {
    location
        .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
        .unwrap_or_default()
}

/// The error on one line, without serde_yaml's own "at line L column C"
/// (the location is given once, by [`at`]).
fn message(e: &serde_yaml::Error) -> String {
    let text = one_line(e);
    match e.location() {
        Some(l) => text.replacen(
            &format!(" at line {} column {}", l.line(), l.column()),
            "",
            1,
        ),
        None => text,
    }
}

fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
