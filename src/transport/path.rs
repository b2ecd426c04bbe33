//! The request's path against its operation's template: every request,
//! from either layer, of an operation with path parameters must match the
//! template segment for segment (its literal segments equal, each
//! parameter one segment of its own), or it is refused before anything is
//! sent. A path parameter of `..` would otherwise turn
//! `DELETE /tenants/{tenant_id}/users/{user_id}` into another operation's
//! `DELETE /users/{user_id}` once the URL is normalised. A template
//! without parameters takes nothing from the caller, so its path is not
//! read.

use crate::operation::Operation;

/// Why `url` is not a path of `operation` below `base_url` (the client's
/// base URL), if it is not. Names the template, never the values.
pub(super) fn mismatch(
    base_url: &str,
    operation: &Operation,
    url: &reqwest::Url,
) -> Option<String> {
    let refused = || {
        Some(format!(
            "the request's path does not match {} segment for segment: a path parameter is \
             empty, `.` or `..`",
            operation.path
        ))
    };
    // A template without parameters takes nothing from the caller: the
    // generated client puts it after the base URL as written.
    if !operation.path.contains('{') {
        return None;
    }
    let Some(rest) = path_below(base_url, url) else {
        return refused();
    };
    let mut sent = rest.split('/');
    let mut template = operation.path.split('/');
    loop {
        match (sent.next(), template.next()) {
            (None, None) => return None,
            (Some(segment), Some(expected)) => {
                let fits = if expected.starts_with('{') && expected.ends_with('}') {
                    parameter_fits(segment)
                } else {
                    segment == expected
                };
                if !fits {
                    return refused();
                }
            }
            _ => return refused(),
        }
    }
}

/// The part of `url`'s path below the path of `base_url`, if `url` is
/// below it. Read off the URL's text when it starts with the base URL as
/// given (the usual case: every request is checked, and parsing a URL costs
/// more than the rest of the check); else from the parsed base URL.
fn path_below<'a>(base_url: &str, url: &'a reqwest::Url) -> Option<&'a str> {
    let base_url = base_url.trim_end_matches('/');
    if let Some(rest) = url.as_str().strip_prefix(base_url) {
        let end = rest.find(['?', '#']).unwrap_or(rest.len());
        return Some(&rest[..end]);
    }
    let base = reqwest::Url::parse(base_url).ok()?;
    url.path().strip_prefix(base.path().trim_end_matches('/'))
}

/// Whether `segment` (as sent, percent-encoded) can stand for one path
/// parameter: not empty, not a dot segment in any encoding. (A `/` in a
/// value travels encoded, `%2F`, inside its one segment.)
fn parameter_fits(segment: &str) -> bool {
    if !segment.contains('%') {
        return !segment.is_empty() && segment != "." && segment != "..";
    }
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    !decoded.is_empty() && decoded != "." && decoded != ".."
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::OPERATIONS;

    fn op(id: &str) -> &'static Operation {
        OPERATIONS.iter().find(|o| o.id == id).unwrap()
    }

    fn check(id: &str, url: &str) -> bool {
        let url = reqwest::Url::parse(url).unwrap();
        mismatch("https://api.saasus.io/v1/auth", op(id), &url).is_none()
    }

    #[test]
    fn the_path_below_the_base_is_the_parsed_urls() {
        for (base, url) in [
            (
                "https://api.saasus.io/v1/auth",
                "https://api.saasus.io/v1/auth/users/u?x=1#f",
            ),
            (
                "https://api.saasus.io/v1/auth/",
                "https://api.saasus.io/v1/auth/users",
            ),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/users"),
            (
                "http://127.0.0.1:80/v1/auth",
                "http://127.0.0.1/v1/auth/users",
            ),
            ("HTTP://LOCALHOST/v1/auth", "http://localhost/v1/auth/users"),
            (
                "http://localhost/a/./b/../v1/auth",
                "http://localhost/a/v1/auth/users",
            ),
            (
                "http://localhost/caf\u{e9}/v1",
                "http://localhost/caf%C3%A9/v1/users",
            ),
            ("http://localhost/v1/au", "http://localhost/v1/auth/users"),
        ] {
            let url = reqwest::Url::parse(url).unwrap();
            let parsed = reqwest::Url::parse(base).unwrap();
            let expected = url.path().strip_prefix(parsed.path().trim_end_matches('/'));
            assert_eq!(path_below(base, &url), expected, "{base} {url}");
        }
    }

    #[test]
    fn only_paths_of_the_operation_go_out() {
        let base = "https://api.saasus.io/v1/auth";
        assert!(check(
            "DeleteTenantUser",
            &format!("{base}/tenants/t-1/users/u.1")
        ));
        assert!(check(
            "DeleteTenantUser",
            &format!("{base}/tenants/a%2F..%2Fb/users/u")
        ));
        assert!(check("GetUserInfo", &format!("{base}/userinfo?token=x")));
        for bad in [
            "/tenants/../users/victim",
            "/tenants/./users/victim",
            "/tenants//users/victim",
            "/tenants/%2e%2e/users/victim",
            "/tenants/%2E/users/victim",
            "/tenants/t/users/victim/extra",
            "/tenants/t/users",
            "/users/victim",
        ] {
            assert!(!check("DeleteTenantUser", &format!("{base}{bad}")), "{bad}");
        }
        // Another base path.
        let url = reqwest::Url::parse("http://127.0.0.1:8080/v1/auth/users/u").unwrap();
        assert!(mismatch("http://127.0.0.1:8080/other", op("GetSaasUser"), &url).is_some());
    }
}
