//! What the facades and the operation table are generated from: the spec's
//! operations, joined with the signatures progenitor gave their low-level
//! methods.
//!
//! The spec says what an operation is (id, tag, method, path, parameters in
//! declaration order, documented statuses, which inputs and outputs are sensitive, from [`super::secrets`]); the
//! generated client says what Rust types its arguments and answer have. One
//! [`Op`] per operation carries both.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Schema, SchemaKind,
    StatusCode, Type,
};

use super::secrets::Secrets;

/// Where an input goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

/// A path, query or header parameter of an operation.
#[derive(Clone)]
pub struct Param {
    /// The name on the wire, as the spec spells it (`refresh-token`).
    pub name: String,
    /// The argument name progenitor gave it (`refresh_token`).
    pub ident: syn::Ident,
    pub location: Location,
    pub required: bool,
    pub sensitive: bool,
    /// The argument's Rust type, lifetimes removed (`Option<&str>`).
    pub ty: syn::Type,
    /// A short description of the wire type (`string`, `uuid`, `integer`).
    pub schema: String,
    pub description: String,
    /// Its position among the generated method's arguments.
    pub raw_index: usize,
}

/// The JSON request body of an operation.
#[derive(Clone)]
pub struct Body {
    /// The facade's argument name: the snake case of the schema name.
    pub ident: syn::Ident,
    /// The body's Rust type (`types::CreateTenantParam`), without the `&`.
    pub ty: syn::Type,
    /// The schema name (`CreateTenantParam`), or `object` when inline.
    pub schema: String,
    /// Names of the body's fields, at any depth, that hold secrets.
    pub sensitive_fields: Vec<String>,
}

/// One operation of the spec.
#[derive(Clone)]
pub struct Op {
    /// The operationId, exact case (`GetSaasUser`).
    pub id: String,
    /// progenitor's method name, also the facade's (`get_saas_user`).
    pub method: String,
    pub tag: String,
    /// `GET`, `POST`, ...
    pub http: String,
    /// The path template below the base path (`/users/{user_id}`).
    pub path: String,
    pub summary: String,
    pub description: String,
    /// In facade order: the spec's declaration order, required first.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The `T` of `ResponseValue<T>` (`()` when the answer has no body).
    pub output: syn::Type,
    /// The documented success status.
    pub success: u16,
    /// Documented error statuses with their descriptions.
    pub errors: Vec<(u16, String)>,
    /// Whether the HTTP method is idempotent (RFC 9110 section 9.2.2).
    pub idempotent: bool,
    /// Whether the success answer carries secrets (tokens, passwords, keys).
    pub sensitive_response: bool,
    /// Names of the success answer's fields, at any depth, that hold secrets.
    pub sensitive_outputs: Vec<String>,
    /// Whether the request carries a single-use code (`x-saasus-single-use`).
    pub single_use: bool,
}

impl Op {
    /// Names of every sensitive input: parameters and body fields.
    pub fn sensitive_inputs(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .params
            .iter()
            .filter(|p| p.sensitive)
            .map(|p| p.name.clone())
            .collect();
        if let Some(b) = &self.body {
            names.extend(b.sensitive_fields.iter().cloned());
        }
        names
    }
}

/// A tag of the spec and the facade generated for it.
#[derive(Clone)]
pub struct Tag {
    /// As the spec spells it (`tenantUser`).
    pub name: String,
    /// `TenantUserApi`.
    pub facade: String,
    /// `tenant_user_api`.
    pub accessor: String,
}

/// The operations and tags, in spec order.
#[derive(Clone)]
pub struct Model {
    pub ops: Vec<Op>,
    pub tags: Vec<Tag>,
}

/// `GetSaasUser` -> `get_saas_user`; `refresh-token` -> `refresh_token`.
pub fn snake(name: &str) -> String {
    super::secrets::words(name).join("_")
}

/// `tenantUser` -> `TenantUser`.
pub fn pascal(name: &str) -> String {
    super::secrets::words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// The signature of one generated low-level method.
struct RawMethod {
    args: Vec<(syn::Ident, syn::Type)>,
    output: syn::Type,
}

/// Builds the model from the spec and the generated client's source.
/// `secrets` says what is secret (resolved from the same spec).
pub fn build(api: &OpenAPI, client: &syn::File, secrets: &Secrets) -> Result<Model, String> {
    let raw = raw_methods(client)?;
    let mut ops = Vec::new();
    let mut tags: Vec<Tag> = Vec::new();
    for (path, item) in api.paths.iter() {
        let item = item.as_item().ok_or_else(|| {
            format!("path `{path}` is a $ref; only inline path items are supported")
        })?;
        for (method, op) in item.iter() {
            let id = op.operation_id.clone().ok_or_else(|| {
                format!(
                    "operation {} {path} has no operationId",
                    method.to_uppercase()
                )
            })?;
            let tag = op.tags.first().cloned().ok_or_else(|| {
                format!("operation {id} has no tag; every operation needs one to get a facade")
            })?;
            if !tags.iter().any(|t| t.name == tag) {
                tags.push(Tag {
                    facade: format!("{}Api", pascal(&tag)),
                    accessor: format!("{}_api", snake(&tag)),
                    name: tag.clone(),
                });
            }
            let method_name = snake(&id);
            let sig = raw.get(&method_name).ok_or_else(|| {
                format!("operation {id}: the generated client has no method `{method_name}`")
            })?;
            let http = method.to_uppercase();
            let declared = secrets.operations.get(&id).cloned().unwrap_or_default();
            let params = params(
                api,
                &id,
                item.parameters.iter().chain(&op.parameters),
                sig,
                &declared.params,
            )?;
            let body = match &op.request_body {
                Some(b) => Some(body(api, &id, b, sig, &declared.body_fields)?),
                None => None,
            };
            let success = success(op);
            let sensitive_outputs: Vec<String> = declared.outputs.iter().cloned().collect();
            let errors = op
                .responses
                .responses
                .iter()
                .filter_map(|(code, r)| match code {
                    StatusCode::Code(c) if *c >= 300 => Some((
                        *c,
                        resolve_response(api, r)
                            .map(|r| one_line(&r.description))
                            .unwrap_or_default(),
                    )),
                    _ => None,
                })
                .collect();
            ops.push(Op {
                idempotent: matches!(http.as_str(), "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE"),
                id,
                method: method_name,
                tag,
                http,
                path: path.clone(),
                summary: op.summary.clone().unwrap_or_default().trim().to_string(),
                description: op
                    .description
                    .clone()
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
                params,
                body,
                output: sig.output.clone(),
                success,
                errors,
                sensitive_response: !sensitive_outputs.is_empty(),
                sensitive_outputs,
                single_use: declared.single_use,
            });
        }
    }
    Ok(Model { ops, tags })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first documented 2xx status.
fn success(op: &openapiv3::Operation) -> u16 {
    op.responses
        .responses
        .keys()
        .find_map(|code| match code {
            StatusCode::Code(c @ 200..=299) => Some(*c),
            _ => None,
        })
        .unwrap_or(200)
}

fn resolve_response<'a>(
    api: &'a OpenAPI,
    r: &'a ReferenceOr<openapiv3::Response>,
) -> Option<&'a openapiv3::Response> {
    match r {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => api
            .components
            .as_ref()?
            .responses
            .get(reference.rsplit('/').next()?)?
            .as_item(),
    }
}

fn resolve_schema<'a>(api: &'a OpenAPI, s: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match s {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => named_schema(api, reference),
    }
}

/// The component schema `#/components/schemas/<name>` refers to.
fn named_schema<'a>(api: &'a OpenAPI, reference: &str) -> Option<&'a Schema> {
    api.components
        .as_ref()?
        .schemas
        .get(reference.rsplit('/').next()?)?
        .as_item()
}

/// A short name for a parameter's wire type: its primitive type (`string`,
/// a string format such as `uuid`, `enum`, `integer`, `number`, `boolean`,
/// `array`), through `$ref`s; the schema's name for an object.
fn schema_name(api: &OpenAPI, s: &ReferenceOr<Schema>) -> String {
    let primitive = match resolve_schema(api, s).map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::String(t))) if !t.enumeration.is_empty() => Some("enum".into()),
        Some(SchemaKind::Type(Type::String(t))) => Some(match &t.format {
            openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => f.clone(),
            _ => "string".into(),
        }),
        Some(SchemaKind::Type(Type::Integer(_))) => Some("integer".into()),
        Some(SchemaKind::Type(Type::Number(_))) => Some("number".into()),
        Some(SchemaKind::Type(Type::Boolean(_))) => Some("boolean".into()),
        Some(SchemaKind::Type(Type::Array(_))) => Some("array".into()),
        _ => None,
    };
    match (primitive, s) {
        (Some(p), _) => p,
        (None, ReferenceOr::Reference { reference }) => {
            reference.rsplit('/').next().unwrap_or_default().to_string()
        }
        (None, ReferenceOr::Item(_)) => "object".into(),
    }
}

fn params<'a>(
    api: &OpenAPI,
    id: &str,
    declared: impl Iterator<Item = &'a ReferenceOr<Parameter>>,
    sig: &RawMethod,
    sensitive: &BTreeSet<String>,
) -> Result<Vec<Param>, String> {
    let mut out = Vec::new();
    for p in declared {
        let p = match p {
            ReferenceOr::Item(p) => p,
            ReferenceOr::Reference { reference } => api
                .components
                .as_ref()
                .and_then(|c| {
                    c.parameters
                        .get(reference.rsplit('/').next().unwrap_or_default())
                })
                .and_then(|p| p.as_item())
                .ok_or_else(|| format!("operation {id}: parameter {reference} is missing"))?,
        };
        let (data, location) = match p {
            Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path),
            Parameter::Query { parameter_data, .. } => (parameter_data, Location::Query),
            Parameter::Header { parameter_data, .. } => (parameter_data, Location::Header),
            Parameter::Cookie { parameter_data, .. } => {
                return Err(format!(
                    "operation {id}: cookie parameter `{}` is not supported",
                    parameter_data.name
                ))
            }
        };
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => Some(s),
            ParameterSchemaOrContent::Content(_) => None,
        };
        let key = normalise(&data.name);
        let (raw_index, (ident, ty)) = sig
            .args
            .iter()
            .enumerate()
            .find(|(_, (ident, _))| normalise(&ident.to_string()) == key)
            .ok_or_else(|| {
                format!(
                    "operation {id}: the generated method has no argument for parameter `{}`",
                    data.name
                )
            })?;
        out.push(Param {
            name: data.name.clone(),
            ident: ident.clone(),
            location,
            required: data.required || location == Location::Path,
            sensitive: sensitive.contains(&data.name),
            ty: ty.clone(),
            schema: schema
                .map(|s| schema_name(api, s))
                .unwrap_or_else(|| "string".into()),
            description: one_line(data.description.as_deref().unwrap_or_default()),
            raw_index,
        });
    }
    // Required first, each group in declaration order.
    out.sort_by_key(|p| !p.required);
    Ok(out)
}

fn body(
    api: &OpenAPI,
    id: &str,
    b: &ReferenceOr<RequestBody>,
    sig: &RawMethod,
    sensitive: &BTreeSet<String>,
) -> Result<Body, String> {
    let b = match b {
        ReferenceOr::Item(b) => b,
        ReferenceOr::Reference { reference } => api
            .components
            .as_ref()
            .and_then(|c| {
                c.request_bodies
                    .get(reference.rsplit('/').next().unwrap_or_default())
            })
            .and_then(|b| b.as_item())
            .ok_or_else(|| format!("operation {id}: request body {reference} is missing"))?,
    };
    let schema = b
        .content
        .get("application/json")
        .and_then(|m| m.schema.as_ref())
        .ok_or_else(|| format!("operation {id}: only JSON request bodies are supported"))?;
    let name = match schema {
        ReferenceOr::Reference { reference } => {
            reference.rsplit('/').next().unwrap_or_default().to_string()
        }
        ReferenceOr::Item(_) => "object".to_string(),
    };
    let ty = sig
        .args
        .iter()
        .find(|(ident, _)| ident == "body")
        .map(|(_, ty)| match ty {
            syn::Type::Reference(r) => (*r.elem).clone(),
            other => other.clone(),
        })
        .ok_or_else(|| format!("operation {id}: the generated method takes no `body`"))?;
    let ident_name = if name == "object" {
        "body".to_string()
    } else {
        snake(&name)
    };
    Ok(Body {
        ident: syn::Ident::new(&ident_name, proc_macro2::Span::call_site()),
        ty,
        schema: name,
        sensitive_fields: sensitive.iter().cloned().collect(),
    })
}

fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The `pub async fn`s of the generated `impl Client`, by name.
fn raw_methods(file: &syn::File) -> Result<BTreeMap<String, RawMethod>, String> {
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let is_client = matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        if imp.trait_.is_some() || !is_client {
            continue;
        }
        for item in &imp.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            if f.sig.asyncness.is_none() {
                continue;
            }
            let mut args = Vec::new();
            for input in &f.sig.inputs {
                if let syn::FnArg::Typed(t) = input
                    && let syn::Pat::Ident(p) = &*t.pat
                {
                    args.push((p.ident.clone(), strip_lifetimes(&t.ty)));
                }
            }
            let output = match &f.sig.output {
                syn::ReturnType::Type(_, ty) => response_type(ty)
                    .map(|t| strip_lifetimes(&t))
                    .ok_or_else(|| {
                        format!(
                            "generated method `{}` does not return Result<ResponseValue<T>, _>",
                            f.sig.ident
                        )
                    })?,
                syn::ReturnType::Default => {
                    return Err(format!(
                        "generated method `{}` returns nothing",
                        f.sig.ident
                    ))
                }
            };
            out.insert(f.sig.ident.to_string(), RawMethod { args, output });
        }
    }
    Ok(out)
}

/// `T` out of `Result<ResponseValue<T>, E>`.
fn response_type(ty: &syn::Type) -> Option<syn::Type> {
    let first_arg = |ty: &syn::Type, name: &str| -> Option<syn::Type> {
        let syn::Type::Path(p) = ty else { return None };
        let seg = p.path.segments.last()?;
        if seg.ident != name {
            return None;
        }
        let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
            return None;
        };
        args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t.clone()),
            _ => None,
        })
    };
    first_arg(&first_arg(ty, "Result")?, "ResponseValue")
}

/// The same type with every lifetime removed (`&'a str` -> `&str`).
fn strip_lifetimes(ty: &syn::Type) -> syn::Type {
    let mut ty = ty.clone();
    strip(&mut ty);
    ty
}

fn strip(ty: &mut syn::Type) {
    match ty {
        syn::Type::Reference(r) => {
            r.lifetime = None;
            strip(&mut r.elem);
        }
        syn::Type::Path(p) => {
            // A type replaced by its redacting copy (`redacted`) or its
            // tolerant enum (`tolerant`) is named as users name it:
            // `types::Credentials`.
            let names: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if names.len() == 4
                && names[..2] == ["crate", "raw"]
                && [super::redacted::MODULE, super::tolerant::MODULE].contains(&names[2].as_str())
            {
                let last = p.path.segments[3].clone();
                p.path = syn::parse_quote!(types::#last);
                p.path.leading_colon = None;
            }
            for seg in &mut p.path.segments {
                if let syn::PathArguments::AngleBracketed(args) = &mut seg.arguments {
                    args.args = args
                        .args
                        .iter()
                        .filter(|a| !matches!(a, syn::GenericArgument::Lifetime(_)))
                        .cloned()
                        .map(|mut a| {
                            if let syn::GenericArgument::Type(t) = &mut a {
                                strip(t);
                            }
                            a
                        })
                        .collect();
                }
            }
        }
        syn::Type::Slice(s) => strip(&mut s.elem),
        syn::Type::Array(a) => strip(&mut a.elem),
        syn::Type::Paren(p) => strip(&mut p.elem),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("GetSaasUsersCount"), "get_saas_users_count");
        assert_eq!(snake("refresh-token"), "refresh_token");
        assert_eq!(pascal("tenantUser"), "TenantUser");
        assert_eq!(snake("saasUser"), "saas_user");
    }
}
