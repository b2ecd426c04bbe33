//! Emits, from the [`Model`], `AuthClient::invoke` and
//! `raw::Client::invoke`: one arm per operation, arguments decoded from
//! JSON by their names on the wire. Included by `src/invoke.rs`, its
//! hand-written half (argument decoding, answers as JSON).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::facades::{raw_args, type_text, unparse};
use super::model::Model;
use super::names::ident;

/// Rust source for `src/invoke.rs` to include.
pub fn generate(model: &Model) -> Result<String, String> {
    unparse(invoke(model), "invoke arms")
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
                let method = ident(&op.method_name);
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
