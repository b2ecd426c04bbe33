//! The request's path against its operation's template: every request,
//! from either layer, must match the template segment for segment (its
//! literal segments equal, each parameter one segment of its own), or it
//! is refused before anything is sent. A path parameter of `..` would
//! otherwise turn `DELETE /tenants/{tenant_id}/users/{user_id}` into
//! another operation's `DELETE /users/{user_id}` once the URL is
//! normalised.

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
    let Ok(base) = reqwest::Url::parse(base_url) else {
        return refused();
    };
    let base = base.path().trim_end_matches('/');
    let Some(rest) = url.path().strip_prefix(base) else {
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

/// Whether `segment` (as sent, percent-encoded) can stand for one path
/// parameter: not empty, not a dot segment in any encoding. (A `/` in a
/// value travels encoded, `%2F`, inside its one segment.)
fn parameter_fits(segment: &str) -> bool {
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
