//! `users import` and `users export` against the emulator.

use crate::common;

use std::fmt::Write as _;
use std::path::Path;

use common::*;
use saasus_auth_emulator::Emulator;
use serde_json::{json, Value};

const PASSWORD: &str = "Import-Passw0rd!";

fn jsonl(path: &Path, emails: impl Iterator<Item = String>) {
    let mut text = String::new();
    for e in emails {
        writeln!(text, "{}", json!({"email": e, "password": PASSWORD})).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn results(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.contains(PASSWORD), "a password in the result file");
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn import(emu: &Emulator, file: &Path, results: &Path, expect: i32) -> Value {
    let o = run(
        cli(emu),
        &[
            "users",
            "import",
            file.to_str().unwrap(),
            "--concurrency",
            "16",
            "--results",
            results.to_str().unwrap(),
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(expect),
        "stdout {} stderr {}",
        stdout(&o),
        stderr(&o)
    );
    assert!(!stdout(&o).contains(PASSWORD) && !stderr(&o).contains(PASSWORD));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

#[test]
fn import_1000_then_again_then_with_bad_rows() {
    let emu = Emulator::start().unwrap();
    let dir = scratch("import");
    let first = dir.join("users.jsonl");
    jsonl(&first, (0..1000).map(|i| format!("user{i}@example.com")));

    // 1,000 users, 16 in flight.
    let out = dir.join("first.results.jsonl");
    let summary = import(&emu, &first, &out, 0);
    assert_eq!(summary["rows"], 1000);
    assert_eq!(summary["created"], 1000, "{summary}");
    assert_eq!(summary["failed"], 0);
    let peak = summary["max_in_flight"].as_u64().unwrap();
    assert!(peak > 1 && peak <= 16, "rows in flight: {peak}");
    let rows = results(&out);
    assert_eq!(rows.len(), 1000);
    assert!(rows
        .iter()
        .all(|r| r["status"] == "created" && r["id"].is_string()));
    let mut lines: Vec<u64> = rows.iter().map(|r| r["row"].as_u64().unwrap()).collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        (1..=1000).collect::<Vec<_>>(),
        "every row is reported once"
    );
    assert_eq!(user_count(&emu), 1000);

    // The same file again: nothing new.
    let out = dir.join("second.results.jsonl");
    let summary = import(&emu, &first, &out, 0);
    assert_eq!(summary["created"], 0, "{summary}");
    assert_eq!(summary["skipped"], 1000);
    assert_eq!(results(&out).len(), 1000);
    assert_eq!(user_count(&emu), 1000);

    // 990 new users and 10 bad rows (every hundredth), as CSV this time.
    let third = dir.join("more.csv");
    let mut text = String::from("email,password,attributes\n");
    let mut bad_lines = Vec::new();
    for i in 0..1000 {
        let row = if i % 100 == 50 {
            bad_lines.push(i as u64 + 2); // the header is line 1
            match i / 100 {
                // Refused by the API (400): not an email address, a weak password.
                0 | 5 | 9 => format!("not-an-email-{i},{PASSWORD},"),
                1 | 6 => format!("weak{i}@example.com,short,"),
                // Refused before sending: no email, attributes not JSON or
                // not an object, a record with an extra field.
                2 | 8 => format!(",{PASSWORD},"),
                3 => format!("attr{i}@example.com,{PASSWORD},\"{{not json\""),
                4 => format!("list{i}@example.com,{PASSWORD},\"[1,2]\""),
                _ => format!("extra{i}@example.com,{PASSWORD},,surplus"),
            }
        } else {
            format!("more{i}@example.com,{PASSWORD},")
        };
        writeln!(text, "{row}").unwrap();
    }
    assert_eq!(bad_lines.len(), 10);
    std::fs::write(&third, text).unwrap();
    let out = dir.join("third.results.jsonl");
    let expected_bad = bad_lines.len() as u64;
    let summary = import(&emu, &third, &out, 1);
    assert_eq!(summary["failed"], expected_bad, "{summary}");
    assert_eq!(summary["created"], 1000 - expected_bad);
    let rows = results(&out);
    assert_eq!(rows.len(), 1000);
    let mut failed: Vec<&Value> = rows.iter().filter(|r| r["status"] == "failed").collect();
    failed.sort_by_key(|r| r["row"].as_u64());
    assert_eq!(
        failed
            .iter()
            .map(|r| r["row"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        bad_lines
    );
    for r in &failed {
        let reason = r["reason"].as_str().unwrap_or_default();
        assert!(!reason.is_empty(), "{r}");
    }
    assert_eq!(user_count(&emu), 1000 + 1000 - expected_bad as usize);

    // users export: every user, one JSON object a line.
    let o = run(cli(&emu), &["users", "export"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let exported: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(exported.len(), user_count(&emu));
    assert!(exported.iter().any(|u| u["email"] == "user999@example.com"));
}

#[test]
fn an_interrupted_import_is_completed_by_running_it_again() {
    let emu = Emulator::start().unwrap();
    let dir = scratch("resume");
    let define = |name: &str, kind: &str| {
        let body = json!({"attribute_name": name, "display_name": name, "attribute_type": kind})
            .to_string();
        ok_json(
            cli(&emu),
            &[
                "user-attribute",
                "create-saas-user-attribute",
                "--body",
                &body,
            ],
        );
    };
    define("dept", "string");
    // As if an earlier run was cut off between the create and the
    // attributes of u1.
    let body = json!({"email": "u1@example.com", "password": PASSWORD}).to_string();
    ok_json(
        cli(&emu),
        &["saas-user", "create-saas-user", "--body", &body],
    );

    let file = dir.join("users.jsonl");
    let rows = [
        json!({"email": "u1@example.com", "password": PASSWORD, "attributes": {"dept": "eng"}}),
        json!({"email": "u2@example.com", "password": PASSWORD, "attributes": {"dept": "ops"}}),
        json!({"email": "u3@example.com", "password": PASSWORD}),
        // Its attribute is not defined yet: the user is created, the row fails.
        json!({"email": "u4@example.com", "password": PASSWORD, "attributes": {"level": 3}}),
    ];
    std::fs::write(
        &file,
        rows.iter().map(|r| format!("{r}\n")).collect::<String>(),
    )
    .unwrap();
    let out = dir.join("results.jsonl");
    let summary = import(&emu, &file, &out, 1);
    assert_eq!(
        (
            &summary["created"],
            &summary["updated"],
            &summary["skipped"],
            &summary["failed"]
        ),
        (&json!(2), &json!(1), &json!(0), &json!(1)),
        "{summary}"
    );
    let failed: Vec<Value> = results(&out)
        .into_iter()
        .filter(|r| r["status"] == "failed")
        .collect();
    assert_eq!(failed[0]["row"], 4);
    assert!(
        failed[0]["reason"]
            .as_str()
            .unwrap()
            .contains("attributes were not set"),
        "{}",
        failed[0]
    );

    let attrs = |email: &str| {
        let found = ok_json(
            cli(&emu),
            &["saas-user", "search-saas-users", "--email", email],
        );
        found["users"][0]["attributes"].clone()
    };
    assert_eq!(attrs("u1@example.com"), json!({"dept": "eng"}));
    assert_eq!(attrs("u2@example.com"), json!({"dept": "ops"}));

    // Define the missing attribute and run the same file again: the last
    // row is completed, nothing is created twice.
    define("level", "number");
    let summary = import(&emu, &file, &out, 0);
    assert_eq!(
        (
            &summary["created"],
            &summary["updated"],
            &summary["skipped"],
            &summary["failed"]
        ),
        (&json!(0), &json!(1), &json!(3), &json!(0)),
        "{summary}"
    );
    assert_eq!(attrs("u4@example.com"), json!({"level": 3}));
    assert_eq!(user_count(&emu), 4);
}

#[test]
fn guards_and_dry_run_apply_to_import() {
    let emu = Emulator::start().unwrap();
    let dir = scratch("guards");
    let file = dir.join("users.jsonl");
    jsonl(&file, (0..5).map(|i| format!("g{i}@example.com")));
    let f = file.to_str().unwrap();
    let o = run(cli(&emu), &["--read-only", "users", "import", f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--read-only"));
    let o = run(cli(&emu), &["--dry-run", "users", "import", f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["rows"].as_u64(), v["valid"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(user_count(&emu), 0);
    // The allowlist: import needs SearchSaasUsers and CreateSaasUser (and
    // UpdateSaasUserAttributes only for rows with attributes).
    let o = run(
        cli(&emu),
        &["--allow", "SearchSaasUsers", "users", "import", f],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("CreateSaasUser"), "{}", stderr(&o));
    assert_eq!(user_count(&emu), 0);
    let o = run(
        cli(&emu),
        &[
            "--allow",
            "SearchSaasUsers,CreateSaasUser",
            "users",
            "import",
            f,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(user_count(&emu), 5);
    // Export is a read: allowed under --read-only.
    let o = run(cli(&emu), &["--read-only", "users", "export"]);
    assert_eq!(o.status.code(), Some(0));
}
