//! Reading a spec (`xtask::spec_diff::load`): YAML and OpenAPI errors,
//! responses without descriptions.

use xtask::spec_diff::load::*;

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
fn responses_without_descriptions_are_compared_and_reported() {
    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {}\n        '404': {description: gone}\n";
    let spec = parse(text).unwrap();
    assert_eq!(missing_response_descriptions(&spec), ["GET /x 200"]);
    // Other structural errors are still refused.
    let broken = text.replace("responses:", "responses: 7\n      other:");
    assert!(parse(&broken).is_err());
}

#[test]
fn a_minimal_document_loads() {
    parse("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
}
