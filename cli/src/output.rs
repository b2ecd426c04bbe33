//! Printing answers: JSON (pretty on a terminal, compact otherwise), YAML,
//! or a table for lists.

use std::io::{IsTerminal, Write};

use serde_json::Value;

use crate::failure::Failure;

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON: pretty on a terminal, one line otherwise.
    Json,
    /// YAML.
    Yaml,
    /// An aligned text table of the list in the answer.
    Table,
}

impl Format {
    /// From the `--output` value.
    pub fn parse(name: Option<&String>) -> Option<Format> {
        match name.map(String::as_str) {
            Some("json") => Some(Format::Json),
            Some("yaml") => Some(Format::Yaml),
            Some("table") => Some(Format::Table),
            _ => None,
        }
    }
}

/// `value` rendered in `format`, with a final newline; empty for `null`
/// (an answer without a body).
pub fn render(value: &Value, format: Format, pretty: bool) -> Result<String, Failure> {
    if value.is_null() {
        return Ok(String::new());
    }
    let mut text = match format {
        Format::Json if pretty => serde_json::to_string_pretty(value)
            .map_err(|e| Failure::Local(format!("cannot encode the answer: {e}")))?,
        Format::Json => serde_json::to_string(value)
            .map_err(|e| Failure::Local(format!("cannot encode the answer: {e}")))?,
        Format::Yaml => serde_yaml::to_string(value)
            .map_err(|e| Failure::Local(format!("cannot encode the answer: {e}")))?,
        Format::Table => table(value),
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Writes `value` to stdout in `format` (default JSON). A closed pipe
/// (`| head`) is not an error. A table of an empty list writes nothing to
/// stdout, so that scripts see no rows, and says `(no users)` (the list's
/// name) on stderr, so that a person sees why the screen stays empty.
pub fn print(value: &Value, format: Option<Format>) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let format = format.unwrap_or(Format::Json);
    if format == Format::Table {
        if let Some(name) = empty_list(value) {
            eprintln!("(no {name})");
        }
    }
    let text = render(value, format, stdout.is_terminal())?;
    write_stdout(&text)
}

/// The name of the list a table would show, when that list is empty:
/// its field (`users`), or `rows` for a bare array.
pub fn empty_list(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) if items.is_empty() => Some("rows".into()),
        Value::Object(map) => {
            let rows = rows_of(value)?;
            if !rows.is_empty() {
                return None;
            }
            map.iter()
                .find(|(_, v)| v.as_array().is_some_and(|a| std::ptr::eq(a, rows)))
                .map(|(k, _)| k.replace('_', " "))
        }
        _ => None,
    }
}

/// Writes text to stdout; a closed pipe is not an error.
pub fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Local(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
}

/// The rows of a list answer: the value itself if it is an array, else the
/// first field holding an array (`{"users": [...]}`).
fn rows_of(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(map) => map
            .values()
            .find(|v| matches!(v, Value::Array(a) if a.iter().all(Value::is_object)))
            .or_else(|| map.values().find(|v| v.is_array()))
            .and_then(Value::as_array),
        _ => None,
    }
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether `c` reorders text on screen: the Unicode bidi embeddings,
/// overrides, isolates and marks (U+202E turns `gnp.exe` into `exe.png`).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// `text` as a table shows it: line breaks and tabs as spaces, other
/// control characters (escape sequences among them) and bidi controls as
/// Rust escapes (`\u{202e}`), so that text from the server can neither
/// move the cursor nor reorder what the terminal shows.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// The columns `text` takes on a terminal (CJK characters two each).
fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Aligned columns, two spaces apart, by display width; every cell made
/// [`printable`].
pub fn align(header: &[String], rows: &[Vec<String>]) -> String {
    let header: Vec<String> = header.iter().map(|h| printable(h)).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| printable(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(c));
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(w - width(c) + 2));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(&header);
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    out
}

/// An aligned table: one row per element of the list, one column per key
/// (in order of first appearance); an object without a list as KEY/VALUE.
pub fn table(value: &Value) -> String {
    if let Some(rows) = rows_of(value) {
        if rows.is_empty() {
            return String::new();
        }
        if rows.iter().all(Value::is_object) {
            let mut columns: Vec<String> = Vec::new();
            for row in rows {
                for k in row.as_object().into_iter().flat_map(|m| m.keys()) {
                    if !columns.contains(k) {
                        columns.push(k.clone());
                    }
                }
            }
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    columns
                        .iter()
                        .map(|c| r.get(c).map(cell).unwrap_or_default())
                        .collect()
                })
                .collect();
            return align(&columns, &cells);
        }
        let cells: Vec<Vec<String>> = rows.iter().map(|r| vec![cell(r)]).collect();
        return align(&["value".to_string()], &cells);
    }
    match value {
        Value::Object(map) => {
            let cells: Vec<Vec<String>> =
                map.iter().map(|(k, v)| vec![k.clone(), cell(v)]).collect();
            align(&["key".to_string(), "value".to_string()], &cells)
        }
        other => cell(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tables_of_lists() {
        let v =
            json!({"users": [{"id": "1", "email": "a@x"}, {"id": "22", "attributes": {"k": 1}}]});
        assert_eq!(
            table(&v),
            "email  id  attributes\na@x    1\n       22  {\"k\":1}\n"
        );
        assert_eq!(table(&json!({"a": 1})), "key  value\na    1\n");
        assert_eq!(table(&json!({"users": []})), "");
        assert_eq!(
            empty_list(&json!({"users": [], "cursor": null})).as_deref(),
            Some("users")
        );
        assert_eq!(
            empty_list(&json!({"tenant_users": []})).as_deref(),
            Some("tenant users")
        );
        assert_eq!(empty_list(&json!([])).as_deref(), Some("rows"));
        assert_eq!(empty_list(&json!({"users": [{"id": "1"}]})), None);
        assert_eq!(empty_list(&json!({"a": 1})), None);
    }

    #[test]
    fn cells_are_printable_and_aligned_by_display_width() {
        assert_eq!(
            printable("a\u{202E}b\u{1b}[0m\tc"),
            "a\\u{202e}b\\u{1b}[0m c"
        );
        assert_eq!(printable("用户 é"), "用户 é");
        let t = table(&json!([{"a": "用户", "b": 1}, {"a": "xy", "b": 2}]));
        assert_eq!(t, "a     b\n用户  1\nxy    2\n");
    }

    #[test]
    fn json_pretty_or_compact_and_nothing_for_null() {
        let v = json!({"a": [1]});
        assert_eq!(render(&v, Format::Json, false).unwrap(), "{\"a\":[1]}\n");
        assert!(render(&v, Format::Json, true)
            .unwrap()
            .contains("\n  \"a\""));
        assert_eq!(render(&Value::Null, Format::Json, false).unwrap(), "");
        assert_eq!(render(&v, Format::Yaml, false).unwrap(), "a:\n- 1\n");
    }
}
