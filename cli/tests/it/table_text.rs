//! `--output table` with text from the server: columns line up by display
//! width (CJK characters take two columns), and bidi overrides and other
//! control characters are shown escaped, never printed raw.

use crate::common;

use common::*;
use saasus_auth_emulator::Emulator;
use serde_json::json;

/// The display columns of `text` on a terminal, counted here without the
/// CLI's crate: CJK ideographs, kana and fullwidth forms are two columns,
/// everything this test prints besides them one.
fn columns(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFF60 => 2,
            _ => 1,
        })
        .sum()
}

#[test]
fn wide_characters_keep_the_columns_aligned() {
    let emu = Emulator::start().unwrap();
    for email in ["用户@例子.广告", "bob@example.com"] {
        let body = json!({"email": email, "password": "Passw0rd!-x"}).to_string();
        ok_json(
            cli(&emu),
            &["saas-user", "create-saas-user", "--body", &body],
        );
    }
    let o = run(
        cli(&emu),
        &["--output", "table", "saas-user", "get-saas-users"],
    );
    let table = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    // The `id` column, which follows the emails, starts at the same
    // display column on every line.
    let users = ok_json(cli(&emu), &["saas-user", "get-saas-users"]);
    let mut marks = vec!["id  ".to_string()];
    for user in users["users"].as_array().unwrap() {
        marks.push(user["id"].as_str().unwrap().to_string());
    }
    let starts: Vec<usize> = marks
        .iter()
        .map(|mark| {
            let line = lines
                .iter()
                .find(|l| l.contains(mark.as_str()))
                .unwrap_or_else(|| panic!("{mark} in\n{table}"));
            columns(&line[..line.find(mark.as_str()).unwrap()])
        })
        .collect();
    assert!(
        starts.iter().all(|s| *s == starts[0]),
        "{starts:?}\n{table}"
    );
    assert!(table.contains("用户@例子.广告"), "{table}");
}

#[test]
fn bidi_overrides_and_control_characters_are_escaped() {
    let emu = Emulator::start().unwrap();
    let name = "Acme\u{202E}gnp.exe\u{1b}[31m\u{7}";
    let body = json!({"name": name, "attributes": {}, "back_office_staff_email": "b@example.com"})
        .to_string();
    ok_json(cli(&emu), &["tenant", "create-tenant", "--body", &body]);
    let o = run(cli(&emu), &["--output", "table", "tenant", "get-tenants"]);
    let table = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !table
            .chars()
            .any(|c| c == '\u{202E}' || c == '\u{1b}' || c == '\u{7}'),
        "{table:?}"
    );
    assert!(
        table.contains(r"Acme\u{202e}gnp.exe\u{1b}[31m\u{7}"),
        "{table}"
    );
}
