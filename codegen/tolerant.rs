//! Tolerant enums: every string enum of the spec, named or inline, as an
//! enum of the values the spec lists plus `Unknown(String)`, which keeps a
//! value a newer API sends (a new invoice language, challenge, status) as
//! it was received. Serializing writes back exactly what was read, so a
//! read-modify-write does not corrupt it; `Display`, `FromStr` (infallible)
//! and the `schemars` schema (the listed values) agree with it. Each enum is
//! `#[non_exhaustive]`: a `match` outside the crate has a wildcard arm,
//! and a regeneration that adds a value breaks no caller.
//!
//! Through progenitor's supported settings only, as for [`super::redacted`]:
//! a first generation gives every string enum as typify writes it (its
//! name, doc, derives and values); the enum written here goes into a module
//! beside the client, and the next generation uses it instead of typify's:
//! `with_replacement` for a named schema, `with_conversion` (keyed by the
//! schema, as typify compares them: metadata aside) for an inline one.
//! The `types` module re-exports the enums under their names.
//!
//! [`crate::enums::strictly`] (in the library) makes them refuse unknown
//! values again, as typify's do, for a caller that must stay strict (the
//! emulator, about the requests it accepts).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, TypeImpl};
use quote::{format_ident, quote};
use schemars::schema::{InstanceType, SchemaObject, StringValidation};

/// Where the enums live, from the crate root (`src/raw.rs` includes the
/// client as `raw`).
pub const MODULE: &str = "tolerant";

/// One string enum of the first generation.
struct Enum {
    ident: syn::Ident,
    /// Its doc attributes, as typify wrote them.
    docs: Vec<syn::Attribute>,
    /// typify's derives that still apply (`Copy` cannot, serde and
    /// schemars are written here).
    derives: Vec<syn::Path>,
    /// Each listed value: the variant and its wire spelling.
    variants: Vec<(syn::Ident, String)>,
    /// How typify is told to use ours instead.
    swap: Swap,
}

enum Swap {
    /// A schema of `components/schemas`, by typify's name for it.
    Named,
    /// Inline schemas: every one of the spec listing exactly these values.
    Inline(Vec<SchemaObject>),
}

/// Every string enum of a first generation, and the settings that replace
/// them.
pub struct Enums {
    enums: Vec<Enum>,
    schemars: bool,
}

impl Enums {
    /// Finds the string enums in the `types` module of a first generation,
    /// and where each comes from in `spec` (the spec as JSON). `schemars`:
    /// implement `schemars::JsonSchema` (feature `schemars`).
    pub fn find(
        file: &syn::File,
        spec: &serde_json::Value,
        schemars: bool,
    ) -> Result<Self, String> {
        // The enums of `components/schemas`, by typify's names for them.
        let named: BTreeSet<String> = spec
            .pointer("/components/schemas")
            .and_then(|s| s.as_object())
            .map(|s| {
                s.iter()
                    .filter(|(_, schema)| schema.get("enum").is_some())
                    .map(|(k, _)| super::names::pascal(k))
                    .collect()
            })
            .unwrap_or_default();
        let mut inline = Vec::new();
        string_enums(spec, &mut inline);
        let mut enums = Vec::new();
        for item in types_module(file).into_iter().flatten() {
            let syn::Item::Enum(e) = item else { continue };
            let Some(variants) = unit_variants(e) else {
                continue;
            };
            let values: Vec<&str> = variants.iter().map(|(_, v)| v.as_str()).collect();
            let swap = if named.contains(&e.ident.to_string()) {
                Swap::Named
            } else {
                let mut schemas: Vec<SchemaObject> = Vec::new();
                for (listed, schema) in &inline {
                    if listed.iter().map(String::as_str).eq(values.iter().copied())
                        && !schemas.contains(schema)
                    {
                        schemas.push(schema.clone());
                    }
                }
                if schemas.is_empty() {
                    return Err(format!(
                        "the generated enum `{}` matches no inline string enum of the spec that \
                         can be replaced (a nullable one cannot: typify strips the null before \
                         it looks for a replacement; declare it under components/schemas)",
                        e.ident
                    ));
                }
                Swap::Inline(schemas)
            };
            let docs = e
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("doc"))
                .cloned()
                .collect();
            let derives = derives(&e.attrs)
                .into_iter()
                .filter(|p| {
                    let last = p.segments.last().map(|s| s.ident.to_string());
                    !matches!(
                        last.as_deref(),
                        Some("Copy" | "Serialize" | "Deserialize" | "JsonSchema")
                    )
                })
                .collect();
            enums.push(Enum {
                ident: e.ident.clone(),
                docs,
                derives,
                variants,
                swap,
            });
        }
        Ok(Self { enums, schemars })
    }

    /// The names of the enums.
    pub fn names(&self) -> BTreeSet<String> {
        self.enums.iter().map(|e| e.ident.to_string()).collect()
    }

    /// `settings` using each enum written here instead of typify's.
    pub fn apply(&self, settings: &mut GenerationSettings) {
        let impls = [TypeImpl::Display, TypeImpl::FromStr];
        for e in &self.enums {
            let path = format!("crate::raw::{MODULE}::{}", e.ident);
            match &e.swap {
                Swap::Named => {
                    settings.with_replacement(e.ident.to_string(), &path, impls.iter().cloned());
                }
                Swap::Inline(schemas) => {
                    for schema in schemas {
                        settings.with_conversion(schema.clone(), &path, impls.iter().cloned());
                    }
                }
            }
        }
    }

    /// Adds the enums to a generation made with [`Self::apply`]: a module
    /// beside the client, re-exported by `types`. Fails if typify still
    /// wrote one of them itself (a schema the settings did not reach).
    pub fn add_to(&self, file: &mut syn::File) -> Result<(), String> {
        if self.enums.is_empty() {
            return Ok(());
        }
        let names = self.names();
        let left: Vec<String> = types_module(file)
            .into_iter()
            .flatten()
            .filter_map(|i| match i {
                syn::Item::Enum(e) if names.contains(&e.ident.to_string()) => {
                    Some(e.ident.to_string())
                }
                _ => None,
            })
            .collect();
        if !left.is_empty() {
            return Err(format!(
                "typify still writes the strict enums {} (their schemas were not replaced)",
                left.join(", ")
            ));
        }
        let module = format_ident!("{MODULE}");
        let enums = self.enums.iter().map(|e| self.tolerant(e));
        let item: syn::Item = syn::parse2(quote! {
            /// The spec's string enums, each with an `Unknown` variant that
            /// keeps a value the spec does not list; re-exported by `types`.
            pub mod #module {
                /// Whether a value the spec does not list is refused
                /// (inside `crate::enums::strictly`).
                fn refuse_unknown() -> bool {
                    crate::enums::is_strict()
                }

                #(#enums)*
            }
        })
        .map_err(|e| format!("the tolerant enums do not parse: {e}"))?;
        super::redacted::add_beside_types(file, item, &module)
    }

    /// The enum and its impls.
    fn tolerant(&self, e: &Enum) -> TokenStream {
        let ident = &e.ident;
        let name = ident.to_string();
        let docs = &e.docs;
        let derives = &e.derives;
        let idents: Vec<&syn::Ident> = e.variants.iter().map(|(i, _)| i).collect();
        let values: Vec<&str> = e.variants.iter().map(|(_, v)| v.as_str()).collect();
        let variant_docs = values.iter().map(|v| format!("`{v}`"));
        let schemars = self.schemars.then(|| {
            quote! {
                impl ::schemars::JsonSchema for #ident {
                    fn schema_name() -> ::std::string::String {
                        #name.to_string()
                    }

                    fn json_schema(
                        _: &mut ::schemars::r#gen::SchemaGenerator,
                    ) -> ::schemars::schema::Schema {
                        ::schemars::schema::SchemaObject {
                            instance_type: ::std::option::Option::Some(
                                ::schemars::schema::InstanceType::String.into(),
                            ),
                            enum_values: ::std::option::Option::Some(
                                Self::VALUES
                                    .iter()
                                    .map(|v| ::serde_json::Value::from(*v))
                                    .collect(),
                            ),
                            ..::std::default::Default::default()
                        }
                        .into()
                    }
                }
            }
        });
        quote! {
            #(#docs)*
            ///
            /// A value the spec does not list (one a newer API sends) is
            /// kept in `Unknown`, and serialized back as it was received.
            #[derive(#(#derives),*)]
            #[non_exhaustive]
            pub enum #ident {
                #(
                    #[doc = #variant_docs]
                    #idents,
                )*
                /// A value the spec does not list, as received.
                Unknown(::std::string::String),
            }

            impl #ident {
                /// The values the spec lists, in its order.
                pub const VALUES: &'static [&'static str] = &[#(#values),*];

                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#idents => #values,)*
                        Self::Unknown(value) => value,
                    }
                }

                /// Whether the spec lists this value (it is not `Unknown`).
                pub fn is_known(&self) -> bool {
                    !matches!(self, Self::Unknown(_))
                }

                fn known(value: &str) -> ::std::option::Option<Self> {
                    match value {
                        #(#values => ::std::option::Option::Some(Self::#idents),)*
                        _ => ::std::option::Option::None,
                    }
                }
            }

            impl ::std::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::std::str::FromStr for #ident {
                type Err = ::std::convert::Infallible;

                /// Never fails: a value the spec does not list is `Unknown`.
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    ::std::result::Result::Ok(Self::from(value))
                }
            }

            impl ::std::convert::From<&str> for #ident {
                fn from(value: &str) -> Self {
                    Self::known(value).unwrap_or_else(|| Self::Unknown(value.to_string()))
                }
            }

            impl ::std::convert::From<::std::string::String> for #ident {
                fn from(value: ::std::string::String) -> Self {
                    Self::known(&value).unwrap_or(Self::Unknown(value))
                }
            }

            impl ::serde::Serialize for #ident {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    struct Visitor;

                    impl Visitor {
                        fn unknown<E: ::serde::de::Error>(
                            value: ::std::string::String,
                        ) -> ::std::result::Result<#ident, E> {
                            if refuse_unknown() {
                                ::std::result::Result::Err(E::unknown_variant(
                                    &value,
                                    #ident::VALUES,
                                ))
                            } else {
                                ::std::result::Result::Ok(#ident::Unknown(value))
                            }
                        }
                    }

                    impl<'de> ::serde::de::Visitor<'de> for Visitor {
                        type Value = #ident;

                        fn expecting(
                            &self,
                            f: &mut ::std::fmt::Formatter<'_>,
                        ) -> ::std::fmt::Result {
                            f.write_str("a string")
                        }

                        fn visit_str<E: ::serde::de::Error>(
                            self,
                            value: &str,
                        ) -> ::std::result::Result<#ident, E> {
                            match #ident::known(value) {
                                ::std::option::Option::Some(known) => {
                                    ::std::result::Result::Ok(known)
                                }
                                ::std::option::Option::None => Self::unknown(value.to_string()),
                            }
                        }

                        fn visit_string<E: ::serde::de::Error>(
                            self,
                            value: ::std::string::String,
                        ) -> ::std::result::Result<#ident, E> {
                            match #ident::known(&value) {
                                ::std::option::Option::Some(known) => {
                                    ::std::result::Result::Ok(known)
                                }
                                ::std::option::Option::None => Self::unknown(value),
                            }
                        }
                    }

                    deserializer.deserialize_str(Visitor)
                }
            }

            #schemars
        }
    }
}

/// Every string enum of the spec (a schema with `type: string` and
/// `enum`, at any depth): its values and its schema as progenitor hands it
/// to typify.
fn string_enums(value: &serde_json::Value, out: &mut Vec<(Vec<String>, SchemaObject)>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("enum").is_some_and(|e| e.is_array())
                && let Ok(schema) = serde_json::from_value::<openapiv3::Schema>(value.clone())
                && let Some(found) = as_typify_sees_it(&schema)
            {
                out.push(found);
            }
            for child in map.values() {
                string_enums(child, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                string_enums(item, out);
            }
        }
        _ => {}
    }
}

/// A string enum schema as progenitor converts it for typify (its
/// `to_schema`), without the metadata typify ignores when it compares.
fn as_typify_sees_it(schema: &openapiv3::Schema) -> Option<(Vec<String>, SchemaObject)> {
    let openapiv3::SchemaKind::Type(openapiv3::Type::String(t)) = &schema.schema_kind else {
        return None;
    };
    // typify takes `null` out of a nullable enum and converts the rest
    // without looking for a replacement: none would apply.
    if t.enumeration.is_empty() || schema.schema_data.nullable {
        return None;
    }
    let values: Vec<String> = t.enumeration.iter().flatten().cloned().collect();
    let format = match &t.format {
        openapiv3::VariantOrUnknownOrEmpty::Item(f) => Some(
            match f {
                openapiv3::StringFormat::Date => "date",
                openapiv3::StringFormat::DateTime => "date-time",
                openapiv3::StringFormat::Password => "password",
                openapiv3::StringFormat::Byte => "byte",
                openapiv3::StringFormat::Binary => "binary",
            }
            .to_string(),
        ),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    };
    let string = StringValidation {
        max_length: t.max_length.map(|v| v as u32),
        min_length: t.min_length.map(|v| v as u32),
        pattern: t.pattern.clone(),
    };
    let object = SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        format,
        enum_values: Some(
            t.enumeration
                .iter()
                .map(|v| match v {
                    Some(s) => serde_json::Value::String(s.clone()),
                    None => serde_json::Value::Null,
                })
                .collect(),
        ),
        string: (string != StringValidation::default()).then(|| Box::new(string)),
        extensions: schema
            .schema_data
            .extensions
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        ..SchemaObject::default()
    };
    Some((values, object))
}

fn types_module(file: &syn::File) -> Option<&Vec<syn::Item>> {
    file.items.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })
}

/// The variants and wire values of an enum whose variants are all units
/// (a string enum), else `None`.
fn unit_variants(e: &syn::ItemEnum) -> Option<Vec<(syn::Ident, String)>> {
    if e.variants.is_empty() {
        return None;
    }
    e.variants
        .iter()
        .map(|v| {
            matches!(v.fields, syn::Fields::Unit).then(|| {
                let wire =
                    super::redacted::serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string());
                (v.ident.clone(), wire)
            })
        })
        .collect()
}

fn derives(attrs: &[syn::Attribute]) -> Vec<syn::Path> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            out.push(meta.path.clone());
            Ok(())
        });
    }
    out
}
