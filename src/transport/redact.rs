//! The values of one request that must not come back in any text: the
//! values of its sensitive inputs (from the operation table) and of its
//! query string, in every form a server may echo them in (as sent,
//! JSON-escaped, percent-encoded, HTML-escaped).

use std::borrow::Cow;

use bytes::Bytes;
use serde_json::Value;

use crate::operation::{Location, Operation};

/// What replaces a redacted value in text: it cannot be mistaken for a
/// value the caller sent.
pub(crate) const REDACTED: &str = "(value hidden)";

/// What replaces a query value in a URL (which has no spaces).
const REDACTED_IN_URL: &str = "(hidden)";

/// For a request of no known operation, query values shorter than this are
/// not redacted: a short value (`limit=10`) would blot out text at random.
const MIN_QUERY_VALUE: usize = 4;

/// The secrets of one request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Secrets {
    /// Every form of every value, longest first. A sensitive value shorter
    /// than four characters is only looked for as a whole JSON string or
    /// query value (`"ab"`, `=ab`), lest it blot out text at random.
    forms: Vec<(String, String)>,
}

/// What a request's secrets are read from, kept until they are needed, so
/// that a call that succeeds computes nothing: the URL when it has a query
/// or a path segment holding a sensitive input, the body when the operation
/// has sensitive inputs.
#[derive(Debug, Clone, Default)]
pub(crate) struct SecretSource {
    operation: Option<&'static Operation>,
    url: Option<reqwest::Url>,
    body: Option<Bytes>,
}

impl SecretSource {
    /// The source of `request`'s secrets, an instance of `operation`.
    pub(crate) fn of(operation: Option<&'static Operation>, request: &reqwest::Request) -> Self {
        let sensitive = operation.is_some_and(|o| !o.sensitive_inputs.is_empty());
        // The URL holds secrets only in its query or in a path segment
        // whose template names a sensitive input.
        let url_secrets = request.url().query().is_some()
            || operation.is_some_and(|o| {
                o.inputs
                    .iter()
                    .any(|i| i.location == Location::Path && o.sensitive_inputs.contains(&i.name))
            });
        Self {
            operation,
            url: url_secrets.then(|| request.url().clone()),
            body: sensitive
                .then(|| request.body().and_then(|b| b.as_bytes()))
                .flatten()
                .map(Bytes::copy_from_slice),
        }
    }

    /// Whether the request had nothing to read secrets from.
    pub(crate) fn is_empty(&self) -> bool {
        self.url.is_none() && self.body.is_none()
    }

    /// The secrets.
    pub(crate) fn secrets(&self) -> Secrets {
        if self.url.is_none() && self.body.is_none() {
            return Secrets::default();
        }
        Secrets::collect(self.operation, self.url.as_ref(), self.body.as_deref())
    }
}

impl Secrets {
    /// The secrets of a request of `operation` to `url` with `body`.
    fn collect(
        operation: Option<&Operation>,
        url: Option<&reqwest::Url>,
        body: Option<&[u8]>,
    ) -> Self {
        let mut secrets = Secrets::default();
        let sensitive = operation.map(|o| o.sensitive_inputs).unwrap_or_default();
        if let Some(url) = url.filter(|u| u.query().is_some()) {
            for (name, value) in url.query_pairs() {
                let flagged = sensitive.contains(&name.as_ref());
                // The table says which inputs of a known operation are
                // secret; the others (`limit=100000`) may come back in a
                // message as sent. Without an operation, every value that
                // is long enough is treated as one.
                if flagged || (operation.is_none() && value.len() >= MIN_QUERY_VALUE) {
                    secrets.add(&value, flagged);
                }
            }
        }
        if let Some(op) = operation.filter(|o| !o.sensitive_inputs.is_empty()) {
            if let Some(url) = url {
                secrets.add_path(op, url.path());
            }
            if let Some(body) = body
                && let Ok(json) = serde_json::from_slice::<Value>(body)
            {
                secrets.add_json(op.sensitive_inputs, &json, false);
            }
        }
        secrets
            .forms
            .sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
        secrets
    }

    /// Whether there is nothing to redact.
    pub(crate) fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    fn add(&mut self, value: &str, sensitive: bool) {
        if value.is_empty() {
            return;
        }
        let mut add = |form: String, replacement: String| {
            if !form.is_empty() && !self.forms.iter().any(|(f, _)| *f == form) {
                self.forms.push((form, replacement));
            }
        };
        if value.chars().count() < MIN_QUERY_VALUE {
            if sensitive {
                for form in forms(value) {
                    add(format!("\"{form}\""), format!("\"{REDACTED}\""));
                    add(format!("={form}"), format!("={REDACTED}"));
                }
            }
            return;
        }
        for form in forms(value) {
            add(form, REDACTED.to_string());
        }
    }

    /// Path segments whose template names a sensitive input.
    fn add_path(&mut self, op: &Operation, path: &str) {
        let template: Vec<&str> = op.path.trim_matches('/').split('/').collect();
        let actual: Vec<&str> = path.trim_matches('/').split('/').collect();
        let Some(offset) = actual.len().checked_sub(template.len()) else {
            return;
        };
        for (t, a) in template.iter().zip(&actual[offset..]) {
            if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}'))
                && op.sensitive_inputs.contains(&name)
            {
                let decoded = percent_encoding::percent_decode_str(a).decode_utf8_lossy();
                self.add(&decoded, true);
            }
        }
    }

    /// String values under sensitive keys, at any depth.
    fn add_json(&mut self, names: &[&str], value: &Value, inside: bool) {
        match value {
            Value::String(s) if inside => self.add(s, true),
            Value::Array(items) => {
                for item in items {
                    self.add_json(names, item, inside);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    self.add_json(names, v, inside || names.contains(&k.as_str()));
                }
            }
            _ => {}
        }
    }

    /// `text` with every secret replaced by [`REDACTED`].
    pub(crate) fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for (form, replacement) in &self.forms {
            if out.contains(form.as_str()) {
                out = Cow::Owned(out.replace(form.as_str(), replacement));
            }
        }
        out
    }

    /// `bytes` redacted as text (lossily decoded when not UTF-8).
    pub(crate) fn redact_bytes(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        if self.is_empty() {
            return None;
        }
        let text = String::from_utf8_lossy(bytes);
        match self.redact(&text) {
            Cow::Borrowed(_) => None,
            Cow::Owned(redacted) => Some(redacted.into_bytes()),
        }
    }
}

/// The forms a server may echo `value` in.
fn forms(value: &str) -> Vec<String> {
    let mut out = vec![value.to_string()];
    // Inside a JSON string, as serde and most servers escape it.
    if let Ok(json) = serde_json::to_string(value) {
        out.push(json[1..json.len() - 1].to_string());
    }
    // JSON with every non-ASCII character escaped (`ensure_ascii`).
    let ascii: String = value
        .encode_utf16()
        .map(|u| match u {
            0x22 => "\\\"".to_string(),
            0x5c => "\\\\".to_string(),
            0x20..=0x7e => char::from(u as u8).to_string(),
            _ => format!("\\u{u:04x}"),
        })
        .collect();
    out.push(ascii);
    // In a URL: path segment and form encodings.
    out.push(
        percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    );
    out.push(percent_encoding::utf8_percent_encode(value, URL_COMPONENT).to_string());
    out.push(form_encode(value));
    // In HTML.
    out.push(
        value
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;"),
    );
    out.retain(|f| !f.is_empty());
    out
}

/// What `encodeURIComponent` leaves alone: ASCII alphanumerics and
/// `-_.!~*'()`.
const URL_COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// `application/x-www-form-urlencoded`, as URL query strings are built.
fn form_encode(value: &str) -> String {
    const FORM: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'*')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b' ');
    percent_encoding::utf8_percent_encode(value, FORM)
        .to_string()
        .replace(' ', "+")
}

/// `url` with every query value replaced and secrets in its path redacted.
pub(crate) fn redacted_url(url: &reqwest::Url, secrets: &Secrets) -> reqwest::Url {
    let mut u = url.clone();
    if u.query().is_some() {
        let pairs: Vec<String> = url
            .query_pairs()
            .map(|(k, _)| format!("{k}={REDACTED_IN_URL}"))
            .collect();
        u.set_query(Some(&pairs.join("&")));
    }
    if let Cow::Owned(path) = secrets.redact(url.path()) {
        u.set_path(&path);
    }
    u
}

/// `error` without the values serde quotes from the body (`invalid type:
/// string "…"`, ``unknown variant `…` ``): a body echoing a request, or an
/// answer holding a token where another type was expected, would otherwise
/// put them in the message. What was expected and where stay.
pub(crate) fn without_quoted_values(error: &serde_json::Error) -> serde_json::Error {
    let message = error.to_string();
    // serde_json appends the position itself; keep ours once.
    let message = match message.rfind(" at line ") {
        Some(i) if error.line() > 0 => &message[..i],
        _ => message.as_str(),
    };
    let (found, expected) = match message.find(", expected") {
        Some(i) => message.split_at(i),
        None => (message, ""),
    };
    let mut out = String::with_capacity(message.len());
    let mut chars = found.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                // A Rust-escaped string literal: skip to its closing quote.
                let mut escaped = false;
                for c in chars.by_ref() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break,
                        _ => escaped = false,
                    }
                }
                out.push_str("\"…\"");
            }
            '`' if found.starts_with("unknown variant") || found.starts_with("unknown field") => {
                for c in chars.by_ref() {
                    if c == '`' {
                        break;
                    }
                }
                out.push_str("`…`");
            }
            c => out.push(c),
        }
    }
    out.push_str(expected);
    if error.line() > 0 {
        out.push_str(&format!(
            " at line {} column {}",
            error.line(),
            error.column()
        ));
    }
    <serde_json::Error as serde::de::Error>::custom(out)
}

/// What is shown of an answer with secrets: its size.
pub(crate) fn withheld(len: usize) -> String {
    format!("<{len} bytes withheld: the answer carries secrets>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(values: &[&str]) -> Secrets {
        let mut s = Secrets::default();
        for v in values {
            s.add(v, true);
        }
        s.forms.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
        s
    }

    #[test]
    fn every_echoed_form_is_redacted() {
        let s = secrets(&["p@ss wörd\"1"]);
        for echoed in [
            "p@ss wörd\"1",
            r#"p@ss wörd\"1"#,
            r#"p@ss w\u00f6rd\"1"#,
            "p%40ss%20w%C3%B6rd%221",
            "p%40ss+w%C3%B6rd%221",
            "p@ss wörd&quot;1",
        ] {
            let text = format!("<p>you sent {echoed}!</p>");
            let out = s.redact(&text);
            assert!(!out.contains(echoed), "{echoed} survived in {out}");
            assert!(out.contains(REDACTED), "{out}");
        }
    }

    #[test]
    fn short_secrets_are_redacted_as_whole_values_only() {
        let s = secrets(&["ab"]);
        assert_eq!(
            s.redact(r#"{"code":"ab","about":"x"}"#),
            r#"{"code":"(value hidden)","about":"x"}"#
        );
        assert_eq!(s.redact("GET /x?code=ab"), "GET /x?code=(value hidden)");
    }

    #[test]
    fn query_values_and_path_secrets_leave_the_url() {
        let s = secrets(&["tok-123456"]);
        let url = reqwest::Url::parse("https://h/v1/auth/x/tok-123456?token=abc.def&x=1").unwrap();
        let r = redacted_url(&url, &s).to_string();
        assert!(!r.contains("abc.def") && !r.contains("tok-123456"), "{r}");
        assert!(r.contains("token=(hidden)"), "{r}");
    }
}
