//! `users import` and `users export`.
//!
//! Import, per row: a user whose email address is already taken is skipped
//! (the existing users are listed once, with SearchSaasUsers, before
//! anything is created; a create the API refuses is looked up by email and
//! counted as skipped if the user is there). Retries only where they are
//! safe: reads are retried by the SDK (idempotent); a create (POST) is
//! never blindly sent again: after an ambiguous failure (timeout,
//! transport, 5xx) the user is looked up by email first, and the create is
//! sent again only if the user is not there (the API refuses a second user
//! with the same email, so the worst case is a duplicate answer, which
//! counts as skipped). Attributes are set with UpdateSaasUserAttributes, a
//! merge of the same values, so sending it twice is harmless: it is
//! retried on transient failures. A user that exists but lacks a row's
//! attributes (a run interrupted between the create and the attributes)
//! gets them on the next run (`updated`): re-running the same file after
//! an interruption creates no duplicates and loses no row.
//!
//! Each row's outcome goes to the result file (JSON Lines: `row`, `email`,
//! `status` created|skipped|updated|failed, `id`, `reason`) as it
//! completes; passwords never appear in it, nor in messages.

use std::collections::HashMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::ArgMatches;
use indicatif::{ProgressBar, ProgressStyle};
use saasus_auth::{AuthClient, Operation};
use serde_json::{json, Map, Value};

use crate::context::Ctx;
use crate::failure::{api_error_json, Failure};
use crate::output::{self, Format};

fn op(id: &str) -> Result<&'static Operation, Failure> {
    Operation::find(id).ok_or_else(|| {
        Failure::Local(format!(
            "the spec has no operation {id}; cannot do bulk work"
        ))
    })
}

/// One row of the import file, checked.
#[derive(Debug, Clone)]
pub struct Row {
    /// Line (JSON Lines) or record line (CSV), from 1.
    pub line: u64,
    pub email: String,
    pub password: Option<String>,
    pub sign_in_id: Option<String>,
    pub attributes: Option<Map<String, Value>>,
}

/// A row, or why it cannot be imported.
#[derive(Debug)]
pub enum Parsed {
    Ok(Row),
    Bad {
        line: u64,
        email: Option<String>,
        reason: String,
    },
}

const FIELDS: &[&str] = &["email", "password", "sign_in_id", "attributes"];

fn row_from_object(line: u64, obj: &Map<String, Value>) -> Parsed {
    let email = obj.get("email").and_then(Value::as_str).map(str::to_string);
    let bad = |reason: String| Parsed::Bad {
        line,
        email: email.clone(),
        reason,
    };
    if let Some(k) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return bad(format!(
            "unknown field `{k}` (the fields are {})",
            FIELDS.join(", ")
        ));
    }
    let string = |name: &str| -> Result<Option<String>, String> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{name}` must be a string")),
        }
    };
    let (email_value, password, sign_in_id) =
        match (string("email"), string("password"), string("sign_in_id")) {
            (Ok(e), Ok(p), Ok(s)) => (e, p, s),
            (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return bad(r),
        };
    let Some(email_value) = email_value else {
        return bad("`email` is required (users are matched by email)".into());
    };
    let attributes = match obj.get("attributes") {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) if m.is_empty() => None,
        Some(Value::Object(m)) => Some(m.clone()),
        Some(_) => return bad("`attributes` must be a JSON object".into()),
    };
    Parsed::Ok(Row {
        line,
        email: email_value,
        password,
        sign_in_id,
        attributes,
    })
}

/// JSON Lines: one object per line; blank lines are ignored.
pub fn parse_jsonl(text: &str) -> Vec<Parsed> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        rows.push(match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => row_from_object(n, &obj),
            Ok(_) => Parsed::Bad {
                line: n,
                email: None,
                reason: "the line is not a JSON object".into(),
            },
            // serde_json's message gives a position, never the text.
            Err(e) => Parsed::Bad {
                line: n,
                email: None,
                reason: format!("the line is not JSON: {e}"),
            },
        });
    }
    rows
}

/// CSV with a header row naming some of email, password, sign_in_id,
/// attributes (a JSON object).
pub fn parse_csv(text: &str) -> Result<Vec<Parsed>, Failure> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::Headers)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Failure::Usage(format!("the CSV header cannot be read: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    if let Some(h) = headers.iter().find(|h| !FIELDS.contains(&h.as_str())) {
        return Err(Failure::Usage(format!(
            "unknown CSV column `{h}` (the columns are {})",
            FIELDS.join(", ")
        )));
    }
    if !headers.iter().any(|h| h == "email") {
        return Err(Failure::Usage("the CSV has no `email` column".into()));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                rows.push(Parsed::Bad {
                    line,
                    email: None,
                    reason: format!("the CSV record cannot be read: {}", csv_reason(&e)),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut obj = Map::new();
        let mut attributes_error = None;
        for (h, cell) in headers.iter().zip(record.iter()) {
            if cell.is_empty() {
                continue;
            }
            if h == "attributes" {
                match serde_json::from_str::<Value>(cell) {
                    Ok(v) => {
                        obj.insert(h.clone(), v);
                    }
                    Err(e) => attributes_error = Some(format!("`attributes` is not JSON: {e}")),
                }
            } else {
                obj.insert(h.clone(), Value::String(cell.to_string()));
            }
        }
        rows.push(match attributes_error {
            Some(reason) => Parsed::Bad {
                line,
                email: obj.get("email").and_then(Value::as_str).map(str::to_string),
                reason,
            },
            None => row_from_object(line, &obj),
        });
    }
    Ok(rows)
}

/// A CSV error without the record's text.
fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not UTF-8".into(),
        _ => "malformed".into(),
    }
}

/// What happened to one row.
#[derive(Debug)]
struct Outcome {
    line: u64,
    email: Option<String>,
    status: &'static str,
    id: Option<String>,
    reason: Option<String>,
}

impl Outcome {
    fn json(&self) -> Value {
        let mut v = json!({"row": self.line, "email": self.email, "status": self.status});
        if let Some(id) = &self.id {
            v["id"] = json!(id);
        }
        if let Some(r) = &self.reason {
            v["reason"] = json!(r);
        }
        v
    }
}

/// Why an SDK call failed, for the result file: the SaaSus error body if
/// there is one, else the SDK's message (which never holds secrets).
fn reason(e: &saasus_auth::Error) -> String {
    match api_error_json(e) {
        Some(v) => format!(
            "{} {}: {}",
            v["status"],
            v["type"].as_str().unwrap_or_default(),
            v["message"].as_str().unwrap_or_default()
        ),
        None => e.to_string(),
    }
}

/// A user as the list gives it: id and attributes.
#[derive(Debug, Clone)]
struct Existing {
    id: String,
    attributes: Map<String, Value>,
}

/// Every SaaS user, page by page (SearchSaasUsers, 100 a page).
async fn all_users(client: &AuthClient, search: &'static Operation) -> Result<Vec<Value>, Failure> {
    let mut users = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut args = Map::new();
        args.insert("limit".into(), json!(100));
        if let Some(c) = &cursor {
            args.insert("cursor".into(), json!(c));
        }
        let page = client.invoke(search, &args, None).await?.data;
        if let Some(list) = page.get("users").and_then(Value::as_array) {
            users.extend(list.iter().cloned());
        }
        match page.get("cursor").and_then(Value::as_str) {
            Some(c) if !c.is_empty() && cursor.as_deref() != Some(c) => {
                cursor = Some(c.to_string())
            }
            _ => break,
        }
    }
    Ok(users)
}

async fn find_by_email(
    client: &AuthClient,
    search: &'static Operation,
    email: &str,
) -> Result<Option<Existing>, saasus_auth::Error> {
    let mut args = Map::new();
    args.insert("email".into(), json!(email));
    let page = client.invoke(search, &args, None).await?.data;
    Ok(page
        .get("users")
        .and_then(Value::as_array)
        .and_then(|users| {
            users.iter().find(|u| {
                u.get("email")
                    .and_then(Value::as_str)
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
        })
        .and_then(existing))
}

fn existing(user: &Value) -> Option<Existing> {
    Some(Existing {
        id: user.get("id")?.as_str()?.to_string(),
        attributes: user
            .get("attributes")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    })
}

/// The operations bulk import uses.
struct Ops {
    search: &'static Operation,
    create: &'static Operation,
    attributes: &'static Operation,
}

struct Worker {
    client: AuthClient,
    /// For the attribute merge: retried on transient failures (safe).
    attributes_client: AuthClient,
    ops: Ops,
    existing: HashMap<String, Existing>,
}

impl Worker {
    async fn set_attributes(
        &self,
        id: &str,
        attributes: &Map<String, Value>,
    ) -> Result<(), saasus_auth::Error> {
        let mut args = Map::new();
        args.insert("user_id".into(), json!(id));
        let body = json!({ "attributes": attributes });
        self.attributes_client
            .invoke(self.ops.attributes, &args, Some(&body))
            .await
            .map(|_| ())
    }

    async fn import(&self, row: Row) -> Outcome {
        let mut outcome = Outcome {
            line: row.line,
            email: Some(row.email.clone()),
            status: "failed",
            id: None,
            reason: None,
        };
        if let Some(user) = self.existing.get(&row.email.to_lowercase()) {
            outcome.id = Some(user.id.clone());
            return self.complete_existing(outcome, user, &row).await;
        }
        let mut body = Map::new();
        body.insert("email".into(), json!(row.email));
        if let Some(p) = &row.password {
            body.insert("password".into(), json!(p));
        }
        if let Some(s) = &row.sign_in_id {
            body.insert("sign_in_id".into(), json!(s));
        }
        let body = Value::Object(body);
        let mut attempt = 0;
        let id = loop {
            attempt += 1;
            match self
                .client
                .invoke(self.ops.create, &Map::new(), Some(&body))
                .await
            {
                Ok(r) => match r.data.get("id").and_then(Value::as_str) {
                    Some(id) => break id.to_string(),
                    None => {
                        outcome.reason = Some("the create answer has no id".into());
                        return outcome;
                    }
                },
                Err(e @ saasus_auth::Error::InvalidRequest { .. }) => {
                    outcome.reason = Some(reason(&e));
                    return outcome;
                }
                Err(e) if e.status().is_some_and(|s| s.is_client_error()) => {
                    // Refused: a duplicate (created meanwhile, or by an
                    // earlier run) counts as skipped; anything else fails.
                    if let Ok(Some(user)) =
                        find_by_email(&self.client, self.ops.search, &row.email).await
                    {
                        outcome.id = Some(user.id.clone());
                        return self.complete_existing(outcome, &user, &row).await;
                    }
                    outcome.reason = Some(reason(&e));
                    return outcome;
                }
                Err(e) => {
                    // Ambiguous: the user may or may not have been created.
                    match find_by_email(&self.client, self.ops.search, &row.email).await {
                        Ok(Some(user)) => break user.id,
                        Ok(None) if attempt < 3 => {
                            tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                            continue;
                        }
                        _ => {
                            outcome.reason = Some(format!(
                                "{} (after {attempt} attempt(s); not known to be created: run the import again)",
                                reason(&e)
                            ));
                            return outcome;
                        }
                    }
                }
            }
        };
        outcome.id = Some(id.clone());
        if let Some(attributes) = &row.attributes
            && let Err(e) = self.set_attributes(&id, attributes).await
        {
            outcome.reason = Some(format!(
                "created, but its attributes were not set: {} (run the import again to set them)",
                reason(&e)
            ));
            return outcome;
        }
        outcome.status = "created";
        outcome
    }

    /// A user that already exists: skipped, or `updated` if it lacks some
    /// of the row's attributes.
    async fn complete_existing(&self, mut outcome: Outcome, user: &Existing, row: &Row) -> Outcome {
        let missing = row
            .attributes
            .as_ref()
            .is_some_and(|want| want.iter().any(|(k, v)| user.attributes.get(k) != Some(v)));
        if !missing {
            outcome.status = "skipped";
            outcome.reason = Some("a user with this email already exists".into());
            return outcome;
        }
        match self
            .set_attributes(&user.id, row.attributes.as_ref().unwrap_or(&Map::new()))
            .await
        {
            Ok(()) => {
                outcome.status = "updated";
                outcome.reason = Some("the user existed; its attributes were set".into());
            }
            Err(e) => {
                outcome.reason = Some(format!(
                    "the user exists, but its attributes were not set: {}",
                    reason(&e)
                ));
            }
        }
        outcome
    }
}

fn progress(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows ({per_sec}, eta {eta}) {msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// `users import FILE`.
pub async fn import(ctx: &Ctx, m: &ArgMatches, format: Option<Format>) -> Result<(), Failure> {
    let ops = Ops {
        search: op("SearchSaasUsers")?,
        create: op("CreateSaasUser")?,
        attributes: op("UpdateSaasUserAttributes")?,
    };
    // Guards first: nothing is sent if any of them is refused.
    for o in [ops.search, ops.create] {
        ctx.permit(o)?;
    }
    let path = m
        .get_one::<String>("file")
        .ok_or_else(|| Failure::Usage("FILE is required".into()))?;
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Usage(format!("{path}: {e}")))?;
    let csv = match m.get_one::<String>("format").map(String::as_str) {
        Some("csv") => true,
        Some(_) => false,
        None => {
            let lower = path.to_lowercase();
            if lower.ends_with(".csv") {
                true
            } else if lower.ends_with(".jsonl")
                || lower.ends_with(".ndjson")
                || lower.ends_with(".json")
            {
                false
            } else {
                !text.trim_start().starts_with('{')
            }
        }
    };
    let rows = if csv {
        parse_csv(&text)?
    } else {
        parse_jsonl(&text)
    };
    if rows
        .iter()
        .any(|r| matches!(r, Parsed::Ok(row) if row.attributes.is_some()))
    {
        ctx.permit(ops.attributes)?;
    }
    let concurrency = usize::from(*m.get_one::<u16>("concurrency").unwrap_or(&16));
    let results_path = m
        .get_one::<String>("results")
        .cloned()
        .unwrap_or_else(|| format!("{path}.results.jsonl"));

    if ctx.dry_run {
        let bad: Vec<Value> = rows
            .iter()
            .filter_map(|r| match r {
                Parsed::Bad {
                    line,
                    email,
                    reason,
                } => {
                    Some(json!({"row": line, "email": email, "status": "failed", "reason": reason}))
                }
                Parsed::Ok(_) => None,
            })
            .collect();
        let summary = json!({
            "dry_run": true,
            "rows": rows.len(),
            "valid": rows.len() - bad.len(),
            "invalid": bad,
            "note": "nothing was sent; existing users are only known when the import runs",
        });
        return output::print(&summary, format);
    }

    let started = Instant::now();
    let mut known = HashMap::new();
    for user in all_users(&ctx.client, ops.search).await? {
        if let (Some(email), Some(e)) = (user.get("email").and_then(Value::as_str), existing(&user))
            && !email.is_empty()
        {
            known.insert(email.to_lowercase(), e);
        }
    }
    let worker = Arc::new(Worker {
        client: ctx.client.clone(),
        attributes_client: ctx.client.with_options(ctx.options.clone().retry(true)),
        ops,
        existing: known,
    });

    let file = std::fs::File::create(&results_path)
        .map_err(|e| Failure::Local(format!("{results_path}: {e}")))?;
    let mut results = BufWriter::new(file);
    let bar = progress(rows.len() as u64);
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    let mut record = |o: Outcome, results: &mut BufWriter<std::fs::File>| -> Result<(), Failure> {
        *counts.entry(o.status).or_default() += 1;
        writeln!(results, "{}", o.json())
            .and_then(|()| results.flush())
            .map_err(|e| Failure::Local(format!("{results_path}: {e}")))?;
        bar.inc(1);
        Ok(())
    };

    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let semaphore = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    let total = rows.len();
    for parsed in rows {
        let row = match parsed {
            Parsed::Bad {
                line,
                email,
                reason,
            } => {
                record(
                    Outcome {
                        line,
                        email,
                        status: "failed",
                        id: None,
                        reason: Some(reason),
                    },
                    &mut results,
                )?;
                continue;
            }
            Parsed::Ok(row) => row,
        };
        let permit = semaphore
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| Failure::Local(e.to_string()))?;
        let (worker, in_flight, peak) = (worker.clone(), in_flight.clone(), peak.clone());
        tasks.spawn(async move {
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let outcome = worker.import(row).await;
            in_flight.fetch_sub(1, Ordering::SeqCst);
            drop(permit);
            outcome
        });
        while let Some(done) = tasks.try_join_next() {
            record(
                done.map_err(|e| Failure::Local(format!("a row task failed: {e}")))?,
                &mut results,
            )?;
        }
    }
    while let Some(done) = tasks.join_next().await {
        record(
            done.map_err(|e| Failure::Local(format!("a row task failed: {e}")))?,
            &mut results,
        )?;
    }
    bar.finish_and_clear();

    let count = |s: &str| counts.get(s).copied().unwrap_or(0);
    let summary = json!({
        "rows": total,
        "created": count("created"),
        "skipped": count("skipped"),
        "updated": count("updated"),
        "failed": count("failed"),
        "results": results_path,
        "concurrency": concurrency,
        "max_in_flight": peak.load(Ordering::SeqCst),
        "elapsed_ms": started.elapsed().as_millis() as u64,
    });
    output::print(&summary, format)?;
    eprintln!(
        "{} rows: {} created, {} skipped, {} updated, {} failed (results in {})",
        total,
        count("created"),
        count("skipped"),
        count("updated"),
        count("failed"),
        summary["results"].as_str().unwrap_or_default()
    );
    if count("failed") > 0 {
        return Err(Failure::Rows(format!(
            "{} of {total} rows failed; their reasons are in {}",
            count("failed"),
            summary["results"].as_str().unwrap_or_default()
        )));
    }
    Ok(())
}

/// `users export`: every SaaS user, one JSON object a line.
pub async fn export(ctx: &Ctx, m: &ArgMatches) -> Result<(), Failure> {
    let search = op("SearchSaasUsers")?;
    ctx.permit(search)?;
    if ctx.dry_run {
        return Err(Failure::Usage(
            "--dry-run is not supported by `users export` (it only reads; run it without)".into(),
        ));
    }
    let users = all_users(&ctx.client, search).await?;
    let mut text = String::new();
    for u in &users {
        text.push_str(&u.to_string());
        text.push('\n');
    }
    match m.get_one::<String>("file") {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| Failure::Local(format!("{path}: {e}")))?;
            eprintln!("{} users written to {path}", users.len());
            Ok(())
        }
        None => output::write_stdout(&text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_rows() {
        let rows = parse_jsonl(
            "{\"email\":\"a@x.io\",\"password\":\"P@ssw0rd!\",\"attributes\":{\"k\":1}}\n\n\
             not json\n{\"password\":\"Secret-123\"}\n{\"email\":\"b@x.io\",\"emial\":1}\n[1]\n",
        );
        assert_eq!(rows.len(), 5);
        assert!(matches!(&rows[0], Parsed::Ok(r) if r.line == 1 && r.attributes.is_some()));
        for (i, line) in [(1, 3), (2, 4), (3, 5), (4, 6)] {
            assert!(
                matches!(&rows[i], Parsed::Bad { line: l, .. } if *l == line),
                "{i}"
            );
        }
        // A bad row's reason never holds the password.
        match &rows[2] {
            Parsed::Bad { reason, .. } => {
                assert!(reason.contains("`email` is required"), "{reason}");
                assert!(!reason.contains("Secret-123"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn csv_rows() {
        let rows = parse_csv(
            "email,password,attributes\na@x.io,P@ssw0rd!,\"{\"\"k\"\":1}\"\n,x,\nc@x.io,,not-json\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert!(matches!(&rows[0], Parsed::Ok(r) if r.email == "a@x.io" && r.line == 2));
        assert!(matches!(&rows[1], Parsed::Bad { line: 3, .. }));
        assert!(matches!(&rows[2], Parsed::Bad { line: 4, .. }));
        assert!(parse_csv("mail,password\n").is_err());
    }
}
