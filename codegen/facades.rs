//! Emits, from the [`Model`], what sits on top of the low-level client: the
//! operation table, one facade per tag with one method per operation, the
//! accessors on `AuthClient`, and the dynamic `invoke` of both layers.
//!
//! The output is included into `src/api.rs`; the hand-written pieces it
//! uses (`Core`, `facade!`, `Operation`, the `invoke` helpers) live in
//! `src/`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use super::model::{Location, Model, Op, Param};

/// Rust source for `src/api.rs` to include.
pub fn generate(model: &Model) -> Result<String, String> {
    let table = table(model);
    let facades = model.tags.iter().map(|tag| {
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
        let methods = ops.iter().map(|op| method(model, op, &tag.accessor));
        quote! {
            crate::client::facade! {
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
                    #facade::from_core(self.core().clone())
                }
            }
        }
    });
    let invoke = invoke(model);
    let file = quote! {
        #table
        #(#facades)*
        #invoke
    };
    let file: syn::File =
        syn::parse2(file).map_err(|e| format!("the generated facades do not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `types :: Uuid` -> `types::Uuid`, for prose.
fn type_text(ty: &impl ToTokens) -> String {
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

fn location(l: Location) -> TokenStream {
    match l {
        Location::Path => quote!(crate::operation::Location::Path),
        Location::Query => quote!(crate::operation::Location::Query),
        Location::Header => quote!(crate::operation::Location::Header),
    }
}

/// `OPERATIONS`, `TAGS` and the lookup by progenitor's method name.
fn table(model: &Model) -> TokenStream {
    let rows = model.ops.iter().map(|op| {
        let Op {
            id,
            method,
            tag,
            http,
            path,
            summary,
            success,
            idempotent,
            sensitive_response,
            single_use,
            ..
        } = op;
        let outputs = &op.sensitive_outputs;
        let inputs = op.params.iter().map(|p| {
            let Param {
                name,
                required,
                sensitive,
                schema,
                ..
            } = p;
            let loc = location(p.location);
            quote! {
                crate::operation::Input {
                    name: #name,
                    location: #loc,
                    required: #required,
                    sensitive: #sensitive,
                    schema: #schema,
                }
            }
        });
        let body = op.body.iter().map(|b| {
            let schema = &b.schema;
            let name = b.ident.to_string();
            let sensitive = !b.sensitive_fields.is_empty();
            quote! {
                crate::operation::Input {
                    name: #name,
                    location: crate::operation::Location::Body,
                    required: true,
                    sensitive: #sensitive,
                    schema: #schema,
                }
            }
        });
        let sensitive = op.sensitive_inputs();
        let errors = op.errors.iter().map(|(c, _)| c);
        quote! {
            crate::operation::Operation {
                id: #id,
                method_name: #method,
                tag: #tag,
                http_method: #http,
                path: #path,
                summary: #summary,
                idempotent: #idempotent,
                inputs: &[#(#inputs,)* #(#body,)*],
                sensitive_inputs: &[#(#sensitive),*],
                sensitive_response: #sensitive_response,
                sensitive_outputs: &[#(#outputs),*],
                single_use: #single_use,
                success_status: #success,
                error_statuses: &[#(#errors),*],
            }
        }
    });
    let mut by_name: Vec<(&str, usize)> = model
        .ops
        .iter()
        .enumerate()
        .map(|(i, op)| (op.method.as_str(), i))
        .collect();
    by_name.sort();
    let names = by_name.iter().map(|(n, _)| n);
    let indices = by_name.iter().map(|(_, i)| i);
    let tags = model.tags.iter().map(|t| {
        let (name, facade, accessor) = (&t.name, &t.facade, &t.accessor);
        quote! {
            crate::operation::Tag { name: #name, facade: #facade, accessor: #accessor }
        }
    });
    let count = model.ops.len();
    quote! {
        /// Every operation of the spec, in spec order.
        pub(crate) static OPERATIONS: [crate::operation::Operation; #count] = [#(#rows),*];

        /// Every tag of the spec, in order of first use.
        pub(crate) static TAGS: &[crate::operation::Tag] = &[#(#tags),*];

        /// Method names and their index in [`OPERATIONS`], sorted by name.
        static BY_METHOD_NAME: [(&str, usize); #count] = [#((#names, #indices)),*];

        /// The index in [`OPERATIONS`] of the operation progenitor calls
        /// `name` (the `operation_id` its hooks receive).
        pub(crate) fn index_by_method_name(name: &str) -> Option<usize> {
            BY_METHOD_NAME
                .binary_search_by(|(n, _)| (*n).cmp(name))
                .ok()
                .map(|i| BY_METHOD_NAME[i].1)
        }
    }
}

fn method(model: &Model, op: &Op, accessor: &str) -> TokenStream {
    let index = model
        .ops
        .iter()
        .position(|o| o.id == op.id)
        .unwrap_or_default();
    let name = ident(&op.method);
    let params = op.params.iter().map(|p| {
        let (i, ty) = (&p.ident, &p.ty);
        quote!(#i: #ty)
    });
    let body_param = op.body.iter().map(|b| {
        let (i, ty) = (&b.ident, &b.ty);
        quote!(#i: &#ty)
    });
    // Each attempt builds the call anew: arguments passed by value are
    // copied for it.
    let raw_args: Vec<TokenStream> = raw_args(op)
        .into_iter()
        .map(|a| {
            let by_value = op
                .params
                .iter()
                .any(|p| p.ident == a.to_string() && is_by_value(&p.ty));
            if by_value {
                quote!(#a.clone())
            } else {
                a
            }
        })
        .collect();
    let path_checks = op
        .params
        .iter()
        .filter(|p| p.location == Location::Path && is_str(&p.ty))
        .map(|p| &p.ident);
    let output = &op.output;
    let raw_in = ident(&format!("{}_in", op.method));
    let doc = method_doc(op, accessor);
    quote! {
        #[doc = #doc]
        pub async fn #name(&self, #(#params,)* #(#body_param)*) -> Result<crate::ApiResponse<#output>, crate::Error> {
            let operation = &OPERATIONS[#index];
            let raw = self.core.raw();
            // Built once per attempt: another attempt is sent anew.
            crate::client::send!(self.core, operation, &[#(#path_checks),*], |call| raw.#raw_in(#(#raw_args,)* call))
        }
    }
}

/// The arguments of the low-level call, in the order of the generated
/// method's signature (progenitor's order, not the facade's).
fn raw_args(op: &Op) -> Vec<TokenStream> {
    let mut params: Vec<&Param> = op.params.iter().collect();
    params.sort_by_key(|p| p.raw_index);
    let mut args: Vec<TokenStream> = params.iter().map(|p| p.ident.to_token_stream()).collect();
    if let Some(b) = &op.body {
        args.push(b.ident.to_token_stream());
    }
    args
}

/// Whether an argument is passed by value (not a reference nor an
/// `Option` of one), so that each attempt needs its own copy.
fn is_by_value(ty: &syn::Type) -> bool {
    let text = type_text(ty);
    !(text.starts_with('&') || text.starts_with("Option<&"))
}

fn is_str(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Reference(r) if r.elem.to_token_stream().to_string() == "str")
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
        op.http,
        op.path,
        op.id,
        op.success,
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
    for (code, text) in &op.errors {
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
        op.method,
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

/// `AuthClient::invoke` and `raw::Client::invoke`: one arm per operation,
/// arguments decoded from JSON by their names on the wire.
fn invoke(model: &Model) -> TokenStream {
    let arms = |facade: bool| {
        model
            .ops
            .iter()
            .map(move |op| {
                let id = &op.id;
                let method = ident(&op.method);
                let known = op.params.iter().map(|p| &p.name);
                let mut lets = Vec::new();
                let mut call_args = Vec::new();
                for p in &op.params {
                    let (owned, pass) = owned(&p.ty, &p.ident);
                    let (i, name) = (&p.ident, &p.name);
                    if p.required {
                        lets.push(quote! {
                            let #i: #owned = crate::invoke::required(operation, args, #name)?;
                        });
                    } else {
                        lets.push(quote! {
                            let #i: #owned = crate::invoke::optional(operation, args, #name)?;
                        });
                    }
                    call_args.push(pass);
                }
                let mut body_let = quote!();
                let mut body_arg = None;
                if let Some(b) = &op.body {
                    let (i, ty) = (&b.ident, &b.ty);
                    body_let = quote! {
                        let #i: #ty = crate::invoke::body(operation, body)?;
                    };
                    body_arg = Some(quote!(&#i));
                } else {
                    body_let = quote! { #body_let crate::invoke::no_body(operation, body)?; };
                }
                let call = if facade {
                    let accessor = ident(
                        &model
                            .tags
                            .iter()
                            .find(|t| t.name == op.tag)
                            .map(|t| t.accessor.clone())
                            .unwrap_or_default(),
                    );
                    // Facade order: required first, body last.
                    quote! {
                        crate::invoke::json(operation, self.#accessor().#method(#(#call_args,)* #body_arg).await?)
                    }
                } else {
                    let raw_order = raw_args(op);
                    let by_ident: Vec<(String, TokenStream)> = op
                        .params
                        .iter()
                        .zip(&call_args)
                        .map(|(p, a)| (p.ident.to_string(), a.clone()))
                        .collect();
                    let args = raw_order.iter().map(|a| {
                        let name = a.to_string();
                        by_ident
                            .iter()
                            .find(|(n, _)| *n == name)
                            .map(|(_, a)| a.clone())
                            .unwrap_or_else(|| quote!(&#a))
                    });
                    quote! {
                        crate::invoke::raw_json(self.#method(#(#args),*).await?)
                    }
                };
                quote! {
                    #id => {
                        crate::invoke::known(operation, args, &[#(#known),*])?;
                        #(#lets)*
                        #body_let
                        #call
                    }
                }
            })
            .collect::<Vec<_>>()
    };
    let facade_arms = arms(true);
    let raw_arms = arms(false);
    quote! {
        impl crate::AuthClient {
            /// Calls any operation by its table entry, with its parameters as
            /// JSON values keyed by their names on the wire (`user_id`,
            /// `refresh-token`) and the body as JSON; answers the response
            /// body as JSON. What tools built on the operation table (a CLI,
            /// an admin UI) use; code that knows its operation is better
            /// served by the typed facades.
            ///
            /// A missing required parameter, an unknown one, a value of the
            /// wrong type or a body that does not match the operation's
            /// schema is an [`Error::InvalidRequest`](crate::Error::InvalidRequest)
            /// that names the parameter or field (never its value), before
            /// anything is sent.
            ///
            /// ```no_run
            /// # async fn run(client: saasus_auth::AuthClient) -> Result<(), saasus_auth::Error> {
            /// use saasus_auth::Operation;
            ///
            /// let op = Operation::find("GetSaasUser").expect("in the table");
            /// let args = serde_json::json!({ "user_id": "f94bfffc-8be2-11ec-b41a-0242ac120004" });
            /// let user = client.invoke(op, args.as_object().unwrap(), None).await?.data;
            /// println!("{}", user["email"]);
            /// # Ok(()) }
            /// ```
            pub async fn invoke(
                &self,
                operation: &crate::Operation,
                args: &serde_json::Map<String, serde_json::Value>,
                body: Option<&serde_json::Value>,
            ) -> Result<crate::ApiResponse<serde_json::Value>, crate::Error> {
                let operation = crate::invoke::canonical(operation)?;
                match operation.id {
                    #(#facade_arms)*
                    _ => Err(crate::invoke::unknown(operation)),
                }
            }
        }

        impl crate::raw::Client {
            /// Calls any operation through the low-level client, as
            /// [`AuthClient::invoke`](crate::AuthClient::invoke) does through
            /// the facades: same arguments, the generated client's result.
            /// Signing, timeouts, retries and redaction apply as to every
            /// low-level call.
            ///
            /// ```no_run
            /// # async fn run(client: saasus_auth::AuthClient) {
            /// use saasus_auth::Operation;
            ///
            /// let op = Operation::find("GetRoles").expect("in the table");
            /// let roles = client.raw().invoke(op, &Default::default(), None).await;
            /// # }
            /// ```
            pub async fn invoke(
                &self,
                operation: &crate::Operation,
                args: &serde_json::Map<String, serde_json::Value>,
                body: Option<&serde_json::Value>,
            ) -> Result<
                crate::raw::ResponseValue<serde_json::Value>,
                crate::raw::Error<crate::raw::types::Error>,
            > {
                let run = async {
                    let operation = crate::invoke::canonical(operation)?;
                    match operation.id {
                        #(#raw_arms)*
                        _ => Err(crate::invoke::unknown(operation)),
                    }
                };
                run.await.map_err(crate::invoke::RawInvokeError::into_raw)
            }
        }
    }
}

/// The owned type an argument is decoded into, and how it is passed on.
fn owned(ty: &syn::Type, ident: &Ident) -> (TokenStream, TokenStream) {
    let text = type_text(ty);
    if text == "&str" {
        return (quote!(String), quote!(&#ident));
    }
    if text == "Option<&str>" {
        return (quote!(Option<String>), quote!(#ident.as_deref()));
    }
    match ty {
        syn::Type::Reference(r) => {
            let elem = &r.elem;
            (quote!(#elem), quote!(&#ident))
        }
        syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option") => {
            let inner = p.path.segments.last().and_then(|s| match &s.arguments {
                syn::PathArguments::AngleBracketed(a) => a.args.first().cloned(),
                _ => None,
            });
            match inner {
                Some(syn::GenericArgument::Type(syn::Type::Reference(r))) => {
                    let elem = &r.elem;
                    (quote!(Option<#elem>), quote!(#ident.as_ref()))
                }
                _ => (quote!(#ty), quote!(#ident)),
            }
        }
        _ => (quote!(#ty), quote!(#ident)),
    }
}
