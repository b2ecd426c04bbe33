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
    // The same structural check the build script makes, so a spec that
    // passes here also gets past the generator's parser.
    if let Err(e) = serde_yaml::from_str::<openapiv3::OpenAPI>(text) {
        return Err(format!(
            "not a valid OpenAPI 3.0 document{}: {}",
            at(e.location()),
            message(&e)
        ));
    }
    Ok(value)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_errors_have_line_and_column() {
        let err = parse("openapi: 3.0.0\npaths:\n  /x: [\n").unwrap_err();
        assert!(err.starts_with("invalid YAML at line "), "{err}");
        assert!(err.contains(", column "), "{err}");
    }

    #[test]
    fn non_openapi_documents_are_refused() {
        assert!(parse("- a\n- b\n").unwrap_err().contains("not a mapping"));
        assert!(parse("hello: world\n").unwrap_err().contains("`openapi`"));
        assert!(
            parse("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
                .unwrap_err()
                .contains("3.0")
        );
        let err = parse("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: 7\n").unwrap_err();
        assert!(err.starts_with("not a valid OpenAPI 3.0 document"), "{err}");
    }

    #[test]
    fn a_minimal_document_loads() {
        parse("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
    }
}
