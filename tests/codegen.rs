//! The generation step of build.rs: a broken spec stops it with one message
//! that names the spec and the problem.

#[path = "../codegen/mod.rs"]
#[allow(dead_code)]
mod codegen;

use std::path::Path;

const GOOD: &str = r#"
openapi: 3.0.0
info: { title: T, version: 1.0.0 }
paths:
  /users/{user_id}:
    get:
      operationId: GetUser
      parameters:
        - { in: path, name: user_id, required: true, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/User' }
components:
  schemas:
    User:
      type: object
      properties: { id: { type: string } }
      required: [id]
"#;

fn generate(yaml: &str) -> Result<String, String> {
    codegen::generate(Path::new("openapi/test.yaml"), yaml).map_err(|e| e.to_string())
}

#[test]
fn a_valid_spec_generates_a_client() {
    let code = generate(GOOD).expect("generates");
    assert!(code.contains("pub async fn get_user"), "method generated");
    assert!(code.contains("pub struct User"), "type generated");
    assert!(
        code.contains("schemars::JsonSchema"),
        "extra derives applied"
    );
}

#[test]
fn a_yaml_syntax_error_names_the_file_line_and_column() {
    let broken = GOOD.replace("operationId: GetUser", "operationId: [GetUser");
    let err = generate(&broken).unwrap_err();
    assert!(err.contains("openapi/test.yaml"), "{err}");
    assert!(err.contains("invalid YAML"), "{err}");
    assert!(err.contains("line "), "{err}");
    assert!(err.contains("column "), "{err}");
}

#[test]
fn a_document_that_is_not_openapi_is_refused() {
    let err = generate("title: not a spec\n").unwrap_err();
    assert!(
        err.contains("openapi/test.yaml") && err.contains("`openapi` field is missing"),
        "{err}"
    );
    // Valid YAML, but a response without its required description.
    let broken = GOOD.replace("description: ok", "summary: ok");
    let err = generate(&broken).unwrap_err();
    assert!(err.contains("not a valid OpenAPI 3.0 document"), "{err}");
}

#[test]
fn a_missing_or_duplicate_operation_id_is_named() {
    let err = generate(&GOOD.replace("      operationId: GetUser\n", "")).unwrap_err();
    assert!(
        err.contains("GET /users/{user_id} has no operationId"),
        "{err}"
    );
    let twice = GOOD.replace(
        "    get:\n      operationId: GetUser",
        "    delete:\n      operationId: GetUser\n      responses: { '200': { description: ok } }\n    get:\n      operationId: GetUser",
    );
    let err = generate(&twice).unwrap_err();
    assert!(err.contains("operationId `GetUser` is used twice"), "{err}");
}

#[test]
fn a_generator_failure_or_panic_becomes_a_message() {
    // A dangling $ref: progenitor cannot resolve it.
    let dangling = GOOD.replace("#/components/schemas/User'", "#/components/schemas/Nobody'");
    let err = generate(&dangling).unwrap_err();
    assert!(err.contains("openapi/test.yaml"), "{err}");
    assert!(err.contains("progenitor"), "{err}");
    // Two success responses with different bodies make progenitor assert;
    // the panic must come back as an error.
    let two_bodies = GOOD.replace(
        "      responses:\n        '200':",
        "      responses:\n        '201':\n          description: created\n          content:\n            application/json:\n              schema: { type: string }\n        '200':",
    );
    let err = generate(&two_bodies).unwrap_err();
    assert!(err.contains("the generator (progenitor) failed"), "{err}");
}
