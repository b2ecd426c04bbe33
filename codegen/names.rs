//! How the generators name things: the words of a spec name, and the Rust
//! identifiers made of them. A leaf: it uses nothing else of `codegen`.

use proc_macro2::{Ident, Span};

/// `refresh-token`, `access_token`, `clientSecret` -> their lower-case words.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `GetSaasUser` -> `get_saas_user`; `refresh-token` -> `refresh_token`.
pub fn snake(name: &str) -> String {
    words(name).join("_")
}

/// `tenantUser` -> `TenantUser`: typify's type name for a schema name
/// (`sanitize(name, Pascal)`), for the names this spec uses.
pub fn pascal(name: &str) -> String {
    words(name)
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

/// An identifier for generated code.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
