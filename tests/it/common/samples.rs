//! Realistic JSON for any schema of the spec, and sample requests for any
//! operation, built by walking `openapi/auth.yaml` here (independently of
//! the crate's generator), so that tests driven by the operation table
//! cover new operations without new code.
#![allow(dead_code)]

use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::{json, Map, Value};

/// What a path segment keeps as is: the unreserved characters of RFC 3986.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub const SPEC: &str = include_str!("../../../openapi/auth.yaml");

/// The vendored spec. A schema with both `type: object` and `oneOf` loses
/// its `oneOf` in `openapiv3`'s model, so `type` is dropped from those first.
pub fn spec() -> OpenAPI {
    let mut doc: serde_yaml::Value = serde_yaml::from_str(SPEC).expect("the vendored spec parses");
    fn untype(v: &mut serde_yaml::Value) {
        match v {
            serde_yaml::Value::Mapping(m) => {
                if m.contains_key("oneOf") || m.contains_key("anyOf") {
                    m.remove("type");
                }
                for (_, v) in m.iter_mut() {
                    untype(v);
                }
            }
            serde_yaml::Value::Sequence(items) => items.iter_mut().for_each(untype),
            _ => {}
        }
    }
    untype(&mut doc);
    serde_yaml::from_value(doc).expect("the vendored spec is OpenAPI")
}

/// What one call of an operation sends and gets back in the tests.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Arguments for `invoke`, keyed by wire name.
    pub args: Map<String, Value>,
    /// The request body, if the operation takes one.
    pub body: Option<Value>,
    /// The path below the API root, percent-encoded: `/v1/auth/users/u-1`.
    pub path: String,
    /// The query pairs the request must carry, sorted.
    pub query: Vec<(String, String)>,
    /// The success status and body to answer with.
    pub status: u16,
    pub response: Option<Value>,
}

/// The sample call of operation `id`, with `value(name, schema sample)`
/// choosing each parameter's value (return `None` to keep the sample).
pub fn sample(api: &OpenAPI, id: &str, value: &dyn Fn(&str, &Value) -> Option<Value>) -> Sample {
    for (path, item) in api.paths.iter() {
        let item = item.as_item().expect("inline path item");
        for (_, op) in item.iter() {
            if op.operation_id.as_deref() != Some(id) {
                continue;
            }
            let mut args = Map::new();
            let mut filled = path.clone();
            let mut query = Vec::new();
            for p in item.parameters.iter().chain(&op.parameters) {
                let p = resolve_param(api, p);
                let (data, in_path) = match p {
                    Parameter::Path { parameter_data, .. } => (parameter_data, true),
                    Parameter::Query { parameter_data, .. } => (parameter_data, false),
                    _ => panic!("{id}: only path and query parameters are sampled"),
                };
                let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                    panic!("{id}: parameter without a schema");
                };
                let generic = sample_schema(api, schema, &data.name, 0);
                let v = value(&data.name, &generic).unwrap_or(generic);
                let text = match &v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if in_path {
                    filled = filled.replace(
                        &format!("{{{}}}", data.name),
                        &percent_encoding::utf8_percent_encode(&text, SEGMENT).to_string(),
                    );
                } else {
                    query.push((data.name.clone(), text));
                }
                args.insert(data.name.clone(), v);
            }
            query.sort();
            let body = op.request_body.as_ref().map(|b| {
                let b = b.as_item().expect("inline request body");
                let schema = b.content["application/json"]
                    .schema
                    .as_ref()
                    .expect("body schema");
                sample_schema(api, schema, "body", 0)
            });
            let (status, response) = op
                .responses
                .responses
                .iter()
                .find_map(|(code, r)| match code {
                    StatusCode::Code(c @ 200..=299) => {
                        let r = r.as_item().expect("inline response");
                        let body = r
                            .content
                            .get("application/json")
                            .and_then(|m| m.schema.as_ref())
                            .map(|s| sample_schema(api, s, "response", 0));
                        Some((*c, body))
                    }
                    _ => None,
                })
                .expect("a success response");
            return Sample {
                args,
                body,
                path: format!("/v1/auth{filled}"),
                query,
                status,
                response,
            };
        }
    }
    panic!("no operation {id} in the spec")
}

fn resolve_param<'a>(api: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> &'a Parameter {
    match p {
        ReferenceOr::Item(p) => p,
        ReferenceOr::Reference { reference } => api
            .components
            .as_ref()
            .and_then(|c| c.parameters.get(reference.rsplit('/').next()?))
            .and_then(|p| p.as_item())
            .expect("parameter reference resolves"),
    }
}

pub fn resolve<'a>(api: &'a OpenAPI, s: &'a ReferenceOr<Schema>) -> &'a Schema {
    match s {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => resolve(
            api,
            api.components
                .as_ref()
                .and_then(|c| c.schemas.get(reference.rsplit('/').next()?))
                .unwrap_or_else(|| panic!("{reference} resolves")),
        ),
    }
}

pub fn unbox(s: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match s {
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

/// A value of `schema`, every property present.
pub fn sample_schema(
    api: &OpenAPI,
    schema: &ReferenceOr<Schema>,
    hint: &str,
    depth: usize,
) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    let s = resolve(api, schema);
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            if let Some(first) = t.enumeration.iter().flatten().next() {
                return json!(first);
            }
            if let Some(example @ Value::String(_)) = &s.schema_data.example {
                return example.clone();
            }
            match &t.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                    json!("2026-11-29T03:04:00Z")
                }
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => json!("2026-11-29"),
                VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => json!("aGVsbG8="),
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => {
                    json!("f94bfffc-8be2-11ec-b41a-0242ac120004")
                }
                VariantOrUnknownOrEmpty::Unknown(f) if f == "base64" => json!("aGVsbG8="),
                _ => json!(format!("sample-{hint}")),
            }
        }
        SchemaKind::Type(Type::Integer(i)) => json!(i.minimum.unwrap_or(0).max(3)),
        SchemaKind::Type(Type::Number(_)) => json!(1.5),
        SchemaKind::Type(Type::Boolean(_)) => json!(true),
        SchemaKind::Type(Type::Array(a)) => match &a.items {
            Some(items) => json!([sample_schema(api, &unbox(items), hint, depth + 1)]),
            None => json!([]),
        },
        SchemaKind::Type(Type::Object(o)) => {
            let mut map = Map::new();
            for (name, prop) in &o.properties {
                map.insert(
                    name.clone(),
                    sample_schema(api, &unbox(prop), name, depth + 1),
                );
            }
            if let Some(AdditionalProperties::Schema(extra)) = &o.additional_properties
                && o.properties.is_empty()
            {
                map.insert(
                    "extra".into(),
                    sample_schema(api, extra, "extra", depth + 1),
                );
            }
            Value::Object(map)
        }
        SchemaKind::AllOf { all_of } => {
            let mut map = Map::new();
            for part in all_of {
                if let Value::Object(m) = sample_schema(api, part, hint, depth + 1) {
                    map.extend(m);
                }
            }
            Value::Object(map)
        }
        SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => list
            .first()
            .map(|s| sample_schema(api, s, hint, depth + 1))
            .unwrap_or(Value::Null),
        // No `type`: an object if it has properties, anything otherwise.
        SchemaKind::Any(any) => {
            let mut map = Map::new();
            for (name, prop) in &any.properties {
                map.insert(
                    name.clone(),
                    sample_schema(api, &unbox(prop), name, depth + 1),
                );
            }
            for part in &any.all_of {
                if let Value::Object(m) = sample_schema(api, part, hint, depth + 1) {
                    map.extend(m);
                }
            }
            Value::Object(map)
        }
        _ => json!({}),
    }
}
