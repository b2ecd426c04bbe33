//! How the command line names things: the commands and flags an
//! operation of the table becomes, the ids of the global flags, and the
//! operation a name stands for. It imports nothing from the rest of the
//! tool, so every module can use it.

use saasus_auth::{Input, Operation};

/// `GetSaasUser` -> `get-saas-user`, `saasUser` -> `saas-user`, `user_id`
/// -> `user-id`, `GetUserInfoBySignInId` -> `get-user-info-by-sign-in-id`;
/// a run of capitals is one word (`URLFor` -> `url-for`).
pub fn kebab(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '_' | '-' | ' ' | '.') {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            continue;
        }
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The clap id of an operation's parameter (prefixed so that it never
/// clashes with the global flags' ids).
pub fn param_id(input: &Input) -> String {
    format!("param:{}", input.name)
}

/// The id of `--body`.
pub const BODY: &str = "param:--body";

/// Global flag ids.
pub mod global {
    pub const EMULATOR: &str = "global:emulator";
    pub const API_URL_BASE: &str = "global:api-url-base";
    pub const TRACE_ID: &str = "global:trace-id";
    pub const TIMEOUT: &str = "global:timeout";
    pub const OUTPUT: &str = "global:output";
    pub const READ_ONLY: &str = "global:read-only";
    pub const ALLOW: &str = "global:allow";
    pub const DRY_RUN: &str = "global:dry-run";
}

/// The operation a `<tag> <operation>` pair names.
pub fn find_operation(tag: &str, operation: &str) -> Option<&'static Operation> {
    Operation::all()
        .iter()
        .find(|op| kebab(op.tag) == tag && kebab(op.id) == operation)
}

/// An operation named by operationId (any case), by its kebab-case name or
/// by its snake-case name (an MCP tool's).
pub fn operation_by_name(name: &str) -> Option<&'static Operation> {
    let name = name.trim();
    Operation::all().iter().find(|op| {
        op.id.eq_ignore_ascii_case(name) || kebab(op.id) == name || op.method_name == name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_cases() {
        assert_eq!(kebab("GetSaasUser"), "get-saas-user");
        assert_eq!(kebab("saasUser"), "saas-user");
        assert_eq!(kebab("user_id"), "user-id");
        assert_eq!(kebab("refresh-token"), "refresh-token");
        assert_eq!(
            kebab("GetUserInfoBySignInId"),
            "get-user-info-by-sign-in-id"
        );
        assert_eq!(kebab("GetURLForX"), "get-url-for-x");
    }
}
