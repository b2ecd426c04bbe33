//! Emits, from the [`Model`], one facade per tag with one method per
//! operation, and their accessors on `AuthClient`. The output is included
//! by `src/api.rs`; the hand-written half (the `facade!` macro, the path
//! check, the conversion of results) is `src/facade.rs`.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::model::{Location, Model, Op, Param};
use super::names::ident;

/// Rust source for `src/api.rs` to include.
pub fn generate(model: &Model) -> Result<String, String> {
    let facades = model
        .tags
        .iter()
        .map(|tag| -> Result<TokenStream, String> {
            let facade = ident(&tag.facade);
            let accessor = ident(&tag.accessor);
            let ops: Vec<&Op> = model.ops.iter().filter(|o| o.tag == tag.name).collect();
            let struct_doc = format!(
                "The `{name}` operations of the Auth API ({count} operations), from \
             [`AuthClient::{accessor}`](crate::AuthClient::{accessor}). Generated from the \
             spec: one method per operation, named after its operationId in snake case.",
                name = tag.name,
                count = ops.len(),
                accessor = tag.accessor
            );
            let accessor_doc = format!(
                "The `{}` operations: [`{}`]. Cheap: shares this client's connection pool, \
             configuration and options.",
                tag.name, tag.facade
            );
            let accessor_example = format!(
            "```\n# fn run(client: saasus_auth::AuthClient) {{\nlet api = client.{}();\n# }}\n```",
            tag.accessor
        );
            let methods = ops
                .iter()
                .map(|op| method(model, op, &tag.accessor))
                .collect::<Result<Vec<_>, String>>()?;
            Ok(quote! {
                crate::facade::facade! {
                    #[doc = #struct_doc]
                    #facade
                }

                impl #facade {
                    #(#methods)*
                }

                impl crate::AuthClient {
                    #[doc = #accessor_doc]
                    #[doc = ""]
                    #[doc = #accessor_example]
                    pub fn #accessor(&self) -> #facade {
                        #facade::from_raw(self.raw_handle().clone())
                    }
                }
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let file = quote! {
        #(#facades)*
    };
    unparse(file, "facades")
}

/// Formats generated items; `what` names them in the error.
pub(super) fn unparse(tokens: TokenStream, what: &str) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generated {what} do not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// `types :: Uuid` -> `types::Uuid`, for prose.
pub(super) fn type_text(ty: &impl ToTokens) -> String {
    let mut s = ty.to_token_stream().to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" >", ">"),
        ("& ", "&"),
        (" ,", ","),
    ] {
        s = s.replace(from, to);
    }
    s
}

pub(super) fn location(l: Location) -> TokenStream {
    match l {
        Location::Path => quote!(crate::operation::Location::Path),
        Location::Query => quote!(crate::operation::Location::Query),
        Location::Header => quote!(crate::operation::Location::Header),
    }
}

fn method(model: &Model, op: &Op, accessor: &str) -> Result<TokenStream, String> {
    let index = model
        .ops
        .iter()
        .position(|o| o.id == op.id)
        .unwrap_or_default();
    let name = ident(&op.method_name);
    let params = op.params.iter().map(|p| {
        let (i, ty) = (&p.ident, &p.ty);
        quote!(#i: #ty)
    });
    let body_param = op.body.iter().map(|b| {
        let (i, ty) = (&b.ident, &b.ty);
        quote!(#i: &#ty)
    });
    let output = &op.output;
    let unit = matches!(output, syn::Type::Tuple(t) if t.elems.is_empty());
    let decode = if unit {
        quote!(crate::transport::facade_call::no_body)
    } else {
        quote!(crate::transport::facade_call::json::<#output>)
    };
    let args = raw_args(op);
    let doc = method_doc(op, accessor);
    Ok(quote! {
        #[doc = #doc]
        pub async fn #name(&self, #(#params,)* #(#body_param)*) -> Result<crate::ApiResponse<#output>, crate::Error> {
            let call = crate::transport::facade_call::client_for(&self.raw, &crate::operation::OPERATIONS[#index]);
            let result = call.#name(#(#args),*).await;
            crate::transport::finish_facade(call, result, #decode)
        }
    })
}

/// The arguments of the low-level call, in the order of the generated
/// method's signature (progenitor's order, not the facade's).
pub(super) fn raw_args(op: &Op) -> Vec<TokenStream> {
    let mut params: Vec<&Param> = op.params.iter().collect();
    params.sort_by_key(|p| p.raw_index);
    let mut args: Vec<TokenStream> = params.iter().map(|p| p.ident.to_token_stream()).collect();
    if let Some(b) = &op.body {
        args.push(b.ident.to_token_stream());
    }
    args
}

fn is_str(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Reference(r) if matches!(&*r.elem, syn::Type::Path(p) if p.path.is_ident("str")))
}

fn method_doc(op: &Op, accessor: &str) -> String {
    let mut d = String::new();
    let summary = if op.summary.is_empty() {
        &op.id
    } else {
        &op.summary
    };
    d.push_str(summary);
    d.push_str("\n\n");
    if !op.description.is_empty() {
        d.push_str(&op.description);
        d.push_str("\n\n");
    }
    d.push_str(&format!(
        "`{} {}` (operation `{}`, success status {}). {}\n\n",
        op.http_method,
        op.path,
        op.id,
        op.success_status,
        if op.single_use {
            "Carries a single-use code: sent once unless the call opts in with `RequestOptions::retry(true)`."
        } else if op.idempotent {
            "Idempotent: retried on connection failures, 429, 502, 503 and 504."
        } else {
            "Not idempotent: sent once unless the call opts in with `RequestOptions::retry(true)`."
        }
    ));
    if !op.params.is_empty() || op.body.is_some() {
        d.push_str("# Arguments\n\n");
        for p in &op.params {
            let loc = match p.location {
                Location::Path => "path",
                Location::Query => "query",
                Location::Header => "header",
            };
            let mut line = format!(
                "- `{}`: {} parameter `{}` ({}{}{})",
                p.ident,
                loc,
                p.name,
                p.schema,
                if p.required {
                    ", required"
                } else {
                    ", optional"
                },
                if p.sensitive {
                    ", sensitive: never printed"
                } else {
                    ""
                }
            );
            if !p.description.is_empty() {
                line.push_str(". ");
                line.push_str(&p.description);
            }
            d.push_str(&line);
            d.push('\n');
        }
        if let Some(b) = &op.body {
            d.push_str(&format!("- `{}`: the JSON request body", b.ident));
            if !b.sensitive_fields.is_empty() {
                d.push_str(&format!(
                    " (its fields {} are sensitive: never printed)",
                    b.sensitive_fields
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            d.push_str(".\n");
        }
        d.push('\n');
    }
    d.push_str("# Errors\n\n");
    for (code, text) in &op.error_statuses {
        if text.is_empty() {
            d.push_str(&format!(
                "- [`Error::Api`](crate::Error::Api) with status {code}.\n"
            ));
        } else {
            d.push_str(&format!(
                "- [`Error::Api`](crate::Error::Api) with status {code}: {text}\n"
            ));
        }
    }
    d.push_str(
        "- [`Error::Api`](crate::Error::Api) for any other status SaaSus answers with its error body \
         (a 401 for a bad signature, say); [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus), \
         [`Error::Decode`](crate::Error::Decode), [`Error::Timeout`](crate::Error::Timeout), \
         [`Error::Transport`](crate::Error::Transport) and \
         [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) as for every call",
    );
    if op
        .params
        .iter()
        .any(|p| p.location == Location::Path && is_str(&p.ty))
    {
        d.push_str(
            "; [`Error::InvalidRequest`](crate::Error::InvalidRequest) when a path parameter is \
             empty, `.` or `..`",
        );
    }
    d.push_str(".\n\n# Example\n\n");
    d.push_str(&example(op, accessor));
    d
}

/// A `no_run` example that compiles: string arguments are literals,
/// optional ones `None`, the others come in as the example's arguments.
fn example(op: &Op, accessor: &str) -> String {
    let mut inputs = vec!["client: saasus_auth::AuthClient".to_string()];
    let mut args = Vec::new();
    for p in &op.params {
        let ty = type_text(&p.ty);
        if !p.required {
            args.push("None".to_string());
        } else if ty == "&str" {
            args.push(format!("{:?}", sample(&p.name)));
        } else if let Some(owned) = ty.strip_prefix('&') {
            inputs.push(format!("{}: saasus_auth::{owned}", p.ident));
            args.push(format!("&{}", p.ident));
        } else {
            inputs.push(format!("{}: {}", p.ident, qualify(&ty)));
            args.push(p.ident.to_string());
        }
    }
    if let Some(b) = &op.body {
        inputs.push(format!("{}: saasus_auth::{}", b.ident, type_text(&b.ty)));
        args.push(format!("&{}", b.ident));
    }
    format!(
        "```no_run\n# async fn example({}) -> Result<(), saasus_auth::Error> {{\n\
         let response = client.{accessor}().{}({}).await?;\n\
         println!(\"{{}} {{:?}}\", response.status, response.data);\n\
         # Ok(()) }}\n```\n",
        inputs.join(", "),
        op.method_name,
        args.join(", ")
    )
}

/// `types::X` -> `saasus_auth::types::X`, other paths as they are.
fn qualify(ty: &str) -> String {
    ty.replace("types::", "saasus_auth::types::")
}

fn sample(name: &str) -> &'static str {
    match name {
        n if n.ends_with("_id") || n == "id" => "f94bfffc-8be2-11ec-b41a-0242ac120004",
        "role_name" => "admin",
        "provider_name" => "Google",
        "attribute_name" => "department",
        "email" => "user@example.com",
        _ => "value",
    }
}
