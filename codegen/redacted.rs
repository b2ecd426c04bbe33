//! Redacting `Debug` for the generated types that hold secrets, as the AWS
//! SDK for Rust does for members its model marks sensitive: the field
//! prints `*** Sensitive Data Redacted ***`; `Serialize`, `Deserialize`,
//! the other derives and field access are unchanged.
//!
//! Through progenitor's supported settings only: a first generation gives
//! each such type as typify writes it; our copy of it (its derives without
//! `Debug`, a `Debug` impl written here) goes into a module beside the
//! client, and the second generation replaces the type by that copy
//! (`with_replacement`), so that typify neither writes nor references its
//! own. The `types` module re-exports the copies under their names.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, TypeImpl};
use quote::{format_ident, quote, ToTokens};

use super::names::pascal;
use super::secrets::Secrets;

/// Where the copies live, from the crate root (`src/raw.rs` includes the
/// client as `raw`).
pub const MODULE: &str = "redacted";

/// What a first generation gives for the types with secrets.
pub struct Copies {
    /// Type name -> the copy (struct and its `Debug`) and the impls to
    /// declare to typify.
    types: BTreeMap<String, (TokenStream, Vec<TypeImpl>)>,
    /// Every item of the first generation's `types`: what typify wrote only
    /// for the replaced types (inline types of their fields, their impls)
    /// comes with the copies.
    first: Vec<syn::Item>,
}

impl Copies {
    /// Finds, in the `types` module of a first generation, every struct
    /// whose schema declares secret properties, and writes its copy.
    pub fn find(file: &syn::File, secrets: &Secrets) -> Self {
        let mut types = BTreeMap::new();
        let Some(items) = types_module(file) else {
            return Self {
                types,
                first: Vec::new(),
            };
        };
        for (schema, fields) in &secrets.schemas {
            let Some(item) = items.iter().find_map(|i| match i {
                syn::Item::Struct(s) if s.ident == pascal(schema) => Some(s),
                _ => None,
            }) else {
                continue;
            };
            let syn::Fields::Named(named) = &item.fields else {
                continue;
            };
            let sensitive: BTreeSet<String> = named
                .named
                .iter()
                .filter_map(|f| {
                    let ident = f.ident.as_ref()?.to_string();
                    let wire = serde_rename(&f.attrs).unwrap_or_else(|| ident.clone());
                    fields.contains(&wire).then_some(ident)
                })
                .collect();
            if sensitive.is_empty() {
                continue;
            }
            let impls = impls_of(item, items);
            types.insert(item.ident.to_string(), (copy(item, &sensitive), impls));
        }
        Self {
            types,
            first: items.clone(),
        }
    }

    /// `settings` replacing each copied type by its copy.
    pub fn apply(&self, settings: &mut GenerationSettings) {
        for (name, (_, impls)) in &self.types {
            settings.with_replacement(
                name,
                format!("crate::raw::{MODULE}::{name}"),
                impls.iter().cloned(),
            );
        }
    }

    /// Adds the copies to the second generation: a module beside the
    /// client, re-exported by `types`. `replaced`: the other types the
    /// second generation replaced on purpose (the tolerant enums), whose
    /// first-generation items are not the copies' to bring.
    pub fn add_to(&self, file: &mut syn::File, replaced: &BTreeSet<String>) -> Result<(), String> {
        if self.types.is_empty() {
            return Ok(());
        }
        let module = format_ident!("{MODULE}");
        // What typify wrote in the first generation and not in the second:
        // the replaced types (copied above), and what it wrote only for
        // them (the inline types of their fields, their impls). Impls are
        // compared as token trees, with the path of our copies (which the
        // second generation names them by) taken out.
        let key = |item: &syn::Item| -> Option<String> {
            match item {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                syn::Item::Enum(e) => Some(e.ident.to_string()),
                syn::Item::Type(t) => Some(t.ident.to_string()),
                syn::Item::Impl(_) => Some(without_copies_path(item.to_token_stream()).to_string()),
                _ => None,
            }
        };
        let second: BTreeSet<String> = types_module(file)
            .map(|items| items.iter().filter_map(key).collect())
            .unwrap_or_default();
        let elsewhere = |item: &syn::Item| match item {
            syn::Item::Enum(e) => replaced.contains(&e.ident.to_string()),
            syn::Item::Impl(imp) => match &*imp.self_ty {
                syn::Type::Path(p) => p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| replaced.contains(&s.ident.to_string())),
                _ => false,
            },
            _ => false,
        };
        let extra = self.first.iter().filter(|item| {
            !elsewhere(item)
                && key(item).is_some_and(|k| !second.contains(&k) && !self.types.contains_key(&k))
        });
        let copies = self.types.values().map(|(c, _)| c);
        let item: syn::Item = syn::parse2(quote! {
            /// The generated types that hold secrets, with a `Debug` that
            /// redacts them; re-exported by `types`.
            pub mod #module {
                #[allow(unused_imports)]
                use super::types::*;

                /// What `Debug` prints for a secret.
                struct Sensitive;

                impl ::std::fmt::Debug for Sensitive {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("*** Sensitive Data Redacted ***")
                    }
                }

                #(#copies)*

                #(#extra)*
            }
        })
        .map_err(|e| format!("the redacting copies do not parse: {e}"))?;
        add_beside_types(file, item, &module)
    }
}

/// Adds `module` (the generated module `item`) to the client's file, and
/// its items to `types` (re-exported, documented inline), where the types
/// it replaces would have been.
pub fn add_beside_types(
    file: &mut syn::File,
    item: syn::Item,
    module: &syn::Ident,
) -> Result<(), String> {
    file.items.push(item);
    let reexport: syn::Item = syn::parse_quote!(
        #[doc(inline)]
        pub use super::#module::*;
    );
    match file.items.iter_mut().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut(),
        _ => None,
    }) {
        Some((_, items)) => {
            items.push(reexport);
            Ok(())
        }
        None => Err("the generated client has no `types` module".to_string()),
    }
}

/// `tokens` with every `crate::raw::redacted::` (the path the replacement
/// setting gives our copies) removed, at any depth: the token trees, not
/// their text, so that no spelling of the generator's output matters.
fn without_copies_path(tokens: TokenStream) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    let path = ["crate", "raw", MODULE];
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    // `ident :: ident :: ident ::`: an ident, then the two `:` puncts.
    let is_path_at = |i: usize| {
        path.iter().enumerate().all(|(k, name)| {
            let at = i + 3 * k;
            matches!(trees.get(at), Some(TokenTree::Ident(id)) if id == name)
                && matches!(trees.get(at + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                && matches!(trees.get(at + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':')
        })
    };
    while i < trees.len() {
        if is_path_at(i) {
            i += 3 * path.len();
            continue;
        }
        out.push(match &trees[i] {
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), without_copies_path(g.stream()));
                inner.set_span(g.span());
                TokenTree::Group(inner)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

fn types_module(file: &syn::File) -> Option<&Vec<syn::Item>> {
    file.items.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })
}

/// The wire name a `#[serde(rename = "...")]` gives a field or a variant.
pub fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut out = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                out = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    out
}

/// What typify must know the copy implements.
fn impls_of(item: &syn::ItemStruct, items: &[syn::Item]) -> Vec<TypeImpl> {
    let derives = derives(&item.attrs);
    let has_default = derives.iter().any(|d| d.ends_with("Default"))
        || items.iter().any(|i| match i {
            syn::Item::Impl(imp) => {
                self_is(imp, &item.ident)
                    && imp
                        .trait_
                        .as_ref()
                        .and_then(|(_, p, _)| p.segments.last())
                        .is_some_and(|s| s.ident == "Default")
            }
            _ => false,
        });
    if has_default {
        vec![TypeImpl::Default]
    } else {
        Vec::new()
    }
}

fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            let names: Vec<String> = meta
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            out.push(names.join("::"));
            Ok(())
        });
    }
    out
}

fn self_is(imp: &syn::ItemImpl, ident: &syn::Ident) -> bool {
    matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident(ident))
}

/// The struct with its derives but `Debug`, and a `Debug` that redacts the
/// `sensitive` fields.
fn copy(item: &syn::ItemStruct, sensitive: &BTreeSet<String>) -> TokenStream {
    let mut item = item.clone();
    for attr in item
        .attrs
        .iter_mut()
        .filter(|a| a.path().is_ident("derive"))
    {
        let mut kept: Vec<syn::Path> = Vec::new();
        let _ = attr.parse_nested_meta(|meta| {
            if !meta.path.is_ident("Debug") {
                kept.push(meta.path.clone());
            }
            Ok(())
        });
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
    let ident = &item.ident;
    let name = ident.to_string();
    let fields = match &item.fields {
        syn::Fields::Named(named) => named
            .named
            .iter()
            .filter_map(|f| f.ident.as_ref())
            .collect(),
        _ => Vec::new(),
    };
    let shown = fields.iter().map(|f| {
        let label = f.to_string().trim_start_matches("r#").to_string();
        if sensitive.contains(&f.to_string()) {
            quote!(.field(#label, &Sensitive))
        } else {
            quote!(.field(#label, &self.#f))
        }
    });
    quote! {
        #item

        impl ::std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name) #(#shown)* .finish()
            }
        }
    }
}
