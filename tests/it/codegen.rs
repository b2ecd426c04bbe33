//! The generation step of build.rs: a broken spec stops it with one message
//! that names the spec and the problem.

#[path = "../../codegen/mod.rs"]
#[allow(dead_code)]
mod generator;

use std::path::Path;

const GOOD: &str = r#"
openapi: 3.0.0
info: { title: T, version: 1.0.0 }
paths:
  /users/{user_id}:
    get:
      tags: [user]
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
    generate_all(yaml).map(|g| g.client)
}

fn generate_all(yaml: &str) -> Result<generator::Generated, String> {
    let options = generator::Options { schemars: true };
    generator::generate(Path::new("openapi/test.yaml"), yaml, options).map_err(|e| e.to_string())
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
        "    get:\n      tags: [user]\n      operationId: GetUser",
        "    delete:\n      operationId: GetUser\n      responses: { '200': { description: ok } }\n    get:\n      tags: [user]\n      operationId: GetUser",
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

/// A spec update that adds an operation: its facade method, its row in the
/// operation table and its `invoke` arm appear with no hand-written change.
#[test]
fn a_new_operation_gets_its_facade_method_and_table_row() {
    let spec = std::fs::read_to_string("openapi/auth.yaml").expect("the vendored spec");
    let before = generate_all(&spec).expect("the vendored spec generates");
    assert!(!before.api().contains("fn archive_tenant"));

    let added = spec.replacen(
        "paths:\n",
        r#"paths:
  /tenants/{tenant_id}/archive:
    post:
      tags: [tenant]
      operationId: ArchiveTenant
      summary: Archive Tenant
      description: Archives a tenant.
      parameters:
        - { in: path, name: tenant_id, required: true, schema: { type: string } }
        - { in: query, name: reason_code, required: false, schema: { type: string } }
      responses:
        '200':
          description: The archived tenant.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Tenant' }
        '404':
          description: No such tenant.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Error' }
"#,
        1,
    );
    let after = generate_all(&added).expect("the extended spec generates");
    let api: syn::File = syn::parse_str(&after.api()).expect("generated code parses");
    let methods = facade_methods(&api, "TenantApi");
    assert!(
        methods.contains(&"archive_tenant".to_string()),
        "{methods:?}"
    );
    assert!(after.api().contains("id: \"ArchiveTenant\""), "table row");
    assert!(after.api().contains("\"ArchiveTenant\" =>"), "invoke arm");
    // Its sensitive query parameter is derived from its name.
    assert!(after.api().contains("sensitive_inputs: &[\"reason_code\"]"));
    assert!(after.api().contains("Archive Tenant"), "docs from the spec");
    assert_eq!(facade_methods(&api, "TenantApi").len(), 14);
}

/// A new tag gets a facade type and an accessor on `AuthClient`.
#[test]
fn a_new_tag_gets_a_facade_and_an_accessor() {
    let spec = GOOD.replace("tags: [user]", "tags: [auditLog]");
    let api = generate_all(&spec).expect("generates").api();
    let file: syn::File = syn::parse_str(&api).expect("parses");
    assert_eq!(
        facade_methods(&file, "AuditLogApi"),
        vec!["get_user".to_string()]
    );
    assert!(
        api.contains("pub fn audit_log_api(&self) -> AuditLogApi"),
        "accessor"
    );
}

#[test]
fn an_operation_without_a_tag_is_named() {
    let err = generate(&GOOD.replace("      tags: [user]\n", "")).unwrap_err();
    assert!(err.contains("GetUser") && err.contains("no tag"), "{err}");
}

/// The `pub async fn`s of `impl <facade>` in generated code.
fn facade_methods(file: &syn::File, facade: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in &file.items {
        if let syn::Item::Impl(imp) = item {
            let syn::Type::Path(p) = &*imp.self_ty else {
                continue;
            };
            if !p.path.is_ident(facade) {
                continue;
            }
            for item in &imp.items {
                if let syn::ImplItem::Fn(f) = item
                    && f.sig.asyncness.is_some()
                {
                    out.push(f.sig.ident.to_string());
                }
            }
        }
    }
    out
}

/// Every property and parameter of the vendored spec whose name looks
/// secret declares whether it is (`x-saasus-sensitive: true` or `false`):
/// a new spec cannot silently rely on the name heuristic, nor lose
/// protection where it guesses wrong.
#[test]
fn every_name_that_looks_secret_is_declared_in_the_spec() {
    let yaml = std::fs::read_to_string("openapi/auth.yaml").unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let root = serde_json::to_value(value).unwrap();
    let undeclared = generator::secrets::undeclared(&root);
    assert!(
        undeclared.is_empty(),
        "declare these with `x-saasus-sensitive: true` (a secret) or `false` (only looks like one): {undeclared:#?}"
    );
}

/// An undeclared secret-looking name is found, so the test above can fail.
#[test]
fn an_undeclared_secret_looking_name_is_reported() {
    let yaml = GOOD.replace(
        "properties: { id: { type: string } }",
        "properties: { id: { type: string }, api_token: { type: string }, postal_code: { type: string, x-saasus-sensitive: false } }",
    );
    let value: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let root = serde_json::to_value(value).unwrap();
    assert_eq!(
        generator::secrets::undeclared(&root),
        ["#/components/schemas/User/properties/api_token"]
    );
}

/// An enum of the module of tolerant enums.
#[derive(Debug)]
struct Tolerant {
    name: String,
    variants: Vec<String>,
    non_exhaustive: bool,
}

/// The string enums typify wrote in the generated `types` module (by
/// name), and the enums of the module of tolerant enums beside it.
fn enums_of(client: &str) -> (Vec<String>, Vec<Tolerant>) {
    let file: syn::File = syn::parse_str(client).expect("the generated client parses");
    let module = |name: &str| -> Vec<syn::ItemEnum> {
        file.items
            .iter()
            .find_map(|i| match i {
                syn::Item::Mod(m) if m.ident == name => m.content.as_ref(),
                _ => None,
            })
            .map(|(_, items)| {
                items
                    .iter()
                    .filter_map(|i| match i {
                        syn::Item::Enum(e) => Some(e.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    // typify's own string enums: every variant a unit.
    let strict = module("types")
        .into_iter()
        .filter(|e| e.variants.iter().all(|v| v.fields.is_empty()))
        .map(|e| e.ident.to_string())
        .collect();
    let tolerant = module("tolerant")
        .into_iter()
        .map(|e| Tolerant {
            name: e.ident.to_string(),
            variants: e.variants.iter().map(|v| v.ident.to_string()).collect(),
            non_exhaustive: e.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")),
        })
        .collect();
    (strict, tolerant)
}

/// Every string enum of the spec, at any depth (named or inline).
fn string_enums(v: &serde_yaml::Value) -> usize {
    match v {
        serde_yaml::Value::Mapping(m) => {
            let here = m.get("enum").is_some_and(|e| e.is_sequence())
                && m.get("type").and_then(|t| t.as_str()) == Some("string");
            usize::from(here) + m.values().map(string_enums).sum::<usize>()
        }
        serde_yaml::Value::Sequence(items) => items.iter().map(string_enums).sum(),
        _ => 0,
    }
}

#[test]
fn every_string_enum_of_the_spec_keeps_unknown_values() {
    let spec = std::fs::read_to_string("openapi/auth.yaml").expect("the vendored spec");
    let generated = generate(&spec).expect("the vendored spec generates");
    let (strict, tolerant) = enums_of(&generated);
    assert!(
        strict.is_empty(),
        "typify's closed enums remain: {strict:?}"
    );
    let doc: serde_yaml::Value = serde_yaml::from_str(&spec).unwrap();
    assert_eq!(tolerant.len(), string_enums(&doc), "{tolerant:?}");
    for e in &tolerant {
        assert_eq!(
            e.variants.last().map(String::as_str),
            Some("Unknown"),
            "{e:?}"
        );
        assert!(e.non_exhaustive, "{e:?}");
    }
}

#[test]
fn a_new_enum_named_or_inline_gets_an_unknown_variant() {
    let spec = GOOD
        .replace(
            "properties: { id: { type: string } }",
            "properties:
        id: { type: string }
        role: { type: string, enum: [admin, member] }
        plan: { $ref: '#/components/schemas/Plan' }",
        )
        .replace(
            "      required: [id]\n",
            "      required: [id]\n    Plan: { type: string, enum: [free, paid] }\n",
        );
    let generated = generate(&spec).expect("generates");
    let (strict, tolerant) = enums_of(&generated);
    assert!(strict.is_empty(), "{strict:?}");
    let names: Vec<&str> = tolerant.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Plan", "UserRole"], "{generated}");
    assert!(generated.contains("pub role: ::std::option::Option<crate::raw::tolerant::UserRole>"));
    assert_eq!(tolerant[1].variants, ["Admin", "Member", "Unknown"]);
}

#[test]
fn a_nullable_inline_enum_is_refused_with_what_to_do() {
    let spec = GOOD.replace(
        "properties: { id: { type: string } }",
        "properties:
        id: { type: string }
        role: { type: string, enum: [admin, member], nullable: true }",
    );
    let err = generate(&spec).unwrap_err();
    assert!(err.contains("openapi/test.yaml"), "{err}");
    assert!(err.contains("UserRole"), "{err}");
    assert!(err.contains("components/schemas"), "{err}");
}
