//! Helpers the crate's unit tests share.

use reqwest::header::{HeaderMap, HeaderName};

/// A header map of `pairs`, in order, repeated names appended.
pub(crate) fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
            value.parse().expect("a header value"),
        );
    }
    map
}
