//! Emits, from the [`Model`], the operation table: `OPERATIONS`, `TAGS`,
//! the lookup by the method name progenitor hands its hooks, and the check
//! that an answer decodes as its operation's success type. Included by
//! `src/operation.rs`, its hand-written half.

use proc_macro2::TokenStream;
use quote::quote;

use super::facades::{location, unparse};
use super::model::{Model, Op, Param};

/// Rust source for `src/operation.rs` to include.
pub fn generate(model: &Model) -> Result<String, String> {
    let table = table(model);
    let checks = answer_checks(model);
    unparse(quote!(#table #checks), "operation table")
}

/// `OPERATIONS`, `TAGS` and the lookup by progenitor's method name.
fn table(model: &Model) -> TokenStream {
    let rows = model.ops.iter().map(|op| {
        let Op {
            id,
            method_name,
            tag,
            http_method,
            path,
            summary,
            success_status,
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
                Input {
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
                Input {
                    name: #name,
                    location: Location::Body,
                    required: true,
                    sensitive: #sensitive,
                    schema: #schema,
                }
            }
        });
        let sensitive = op.sensitive_inputs();
        let error_statuses = op.error_statuses.iter().map(|(c, _)| c);
        quote! {
            Operation {
                id: #id,
                method_name: #method_name,
                tag: #tag,
                http_method: #http_method,
                path: #path,
                summary: #summary,
                idempotent: #idempotent,
                inputs: &[#(#inputs,)* #(#body,)*],
                sensitive_inputs: &[#(#sensitive),*],
                sensitive_response: #sensitive_response,
                sensitive_outputs: &[#(#outputs),*],
                single_use: #single_use,
                success_status: #success_status,
                error_statuses: &[#(#error_statuses),*],
            }
        }
    });
    let mut by_name: Vec<(&str, usize)> = model
        .ops
        .iter()
        .enumerate()
        .map(|(i, op)| (op.method_name.as_str(), i))
        .collect();
    by_name.sort();
    let names = by_name.iter().map(|(n, _)| n);
    let indices = by_name.iter().map(|(_, i)| i);
    let tags = model.tags.iter().map(|t| {
        let (name, facade, accessor) = (&t.name, &t.facade, &t.accessor);
        quote! {
            Tag { name: #name, facade: #facade, accessor: #accessor }
        }
    });
    let count = model.ops.len();
    quote! {
        /// Every operation of the spec, in spec order.
        pub(crate) static OPERATIONS: [Operation; #count] = [#(#rows),*];

        /// Every tag of the spec, in order of first use.
        pub(crate) static TAGS: &[Tag] = &[#(#tags),*];

        /// Method names and their operations, sorted by name.
        static BY_METHOD_NAME: [(&str, &Operation); #count] = [#((#names, &OPERATIONS[#indices])),*];

        /// The operation progenitor calls `name` (the `operation_id` its
        /// hooks receive).
        pub(crate) fn by_method_name(name: &str) -> Option<&'static Operation> {
            BY_METHOD_NAME
                .binary_search_by(|(n, _)| (*n).cmp(name))
                .ok()
                .map(|i| BY_METHOD_NAME[i].1)
        }
    }
}

/// `check_answer`: for the operations whose answers the transport checks
/// before the generated client decodes them (answers with secrets, answers
/// to requests with secrets), whether a body decodes as the success type.
fn answer_checks(model: &Model) -> TokenStream {
    let arms = model.ops.iter().filter_map(|op| {
        let guarded = op.sensitive_response || !op.sensitive_inputs().is_empty();
        let output = &op.output;
        let unit = matches!(output, syn::Type::Tuple(t) if t.elems.is_empty());
        let id = &op.id;
        (guarded && !unit).then(|| {
            quote! {
                #id => serde_json::from_slice::<#output>(body).map(drop),
            }
        })
    });
    quote! {
        /// Whether `body` decodes as the success answer of `operation`;
        /// `Ok` for the operations whose answers are not checked before
        /// decoding.
        pub(crate) fn check_answer(operation: &Operation, body: &[u8]) -> Result<(), serde_json::Error> {
            match operation.id {
                #(#arms)*
                _ => Ok(()),
            }
        }
    }
}
