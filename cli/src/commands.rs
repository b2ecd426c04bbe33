//! The clap command tree, built at run time from the operation table: one
//! subcommand per tag, one per operation under it, one flag per input.

use std::time::Duration;

use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
use saasus_auth::{Input, Location, Operation, Tag};

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

/// The commands that are not operations; no tag may be spelled like them.
#[cfg(test)]
pub const BUILTINS: &[&str] = &["operations", "schema", "users", "completions", "mcp"];

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

/// Parses `30`, `30s`, `500ms`, `2m`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| "expected a duration such as 30s, 500ms or 2m".to_string())?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        _ => return Err("the unit must be ms, s or m (30s, 500ms, 2m)".into()),
    };
    if !(seconds.is_finite() && seconds > 0.0 && seconds < 86_400.0) {
        return Err("the duration must be more than 0 and less than a day".into());
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn global_args() -> Vec<Arg> {
    use global::*;
    let flag = |id: &'static str, long: &'static str, help: &'static str| {
        Arg::new(id)
            .long(long)
            .help(help)
            .action(ArgAction::SetTrue)
            .global(true)
            .help_heading("Global options")
    };
    let value = |id: &'static str, long: &'static str, name: &'static str, help: &'static str| {
        Arg::new(id)
            .long(long)
            .value_name(name)
            .help(help)
            .action(ArgAction::Set)
            .global(true)
            .help_heading("Global options")
    };
    vec![
        flag(
            EMULATOR,
            "emulator",
            "Run against an in-process emulator: no credentials needed, state lasts for this one command",
        ),
        value(
            API_URL_BASE,
            "api-url-base",
            "URL",
            "API root (default: SAASUS_API_URL_BASE, else https://api.saasus.io)",
        ),
        value(TRACE_ID, "trace-id", "ID", "X-SaaSus-Trace-Id for the call(s)"),
        value(
            TIMEOUT,
            "timeout",
            "DURATION",
            "Whole-request timeout per call: 30s, 500ms, 2m",
        )
        .value_parser(parse_duration),
        value(
            OUTPUT,
            "output",
            "FORMAT",
            "Output format (default: JSON, pretty on a terminal; a table for `operations`)",
        )
        .value_parser(["json", "yaml", "table"]),
        flag(
            READ_ONLY,
            "read-only",
            "Refuse, before sending, every operation that is not a read (GET)",
        ),
        value(
            ALLOW,
            "allow",
            "OPS",
            "Allow only these operations (comma-separated operationIds, kebab or snake names)",
        )
        .action(ArgAction::Append)
        .value_delimiter(','),
        flag(
            DRY_RUN,
            "dry-run",
            "Print the signed request (secrets redacted) instead of sending it",
        ),
    ]
}

fn location_name(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Body => "body",
        _ => "other",
    }
}

/// The command of one operation.
pub fn operation_command(op: &'static Operation) -> Command {
    let mut cmd = Command::new(kebab(op.id))
        .about(op.summary)
        .after_help(format!(
            "Request: {} {}\nOperation: {} ({}; success {})",
            op.http_method,
            op.path,
            op.id,
            if op.idempotent {
                "idempotent, retried on transient failures"
            } else {
                "not idempotent, never retried"
            },
            op.success_status,
        ));
    for input in op.inputs {
        let mut notes = Vec::new();
        if input.required {
            notes.push("required");
        }
        if input.sensitive {
            notes.push(if input.location == Location::Body {
                "holds secrets (redacted by --dry-run)"
            } else {
                "secret (redacted by --dry-run)"
            });
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("; {}", notes.join(", "))
        };
        let arg = if input.location == Location::Body {
            Arg::new(BODY)
                .long("body")
                .value_name("JSON|@FILE|-")
                .help(format!(
                    "Request body, type {0}: JSON text, @FILE, or - for stdin; a field {0} \
                     does not have is refused (`saasus-auth schema {0}` lists them){notes}",
                    input.schema
                ))
        } else if input.sensitive {
            // Kept off the command line, where `ps` and shell history see it.
            Arg::new(param_id(input))
                .long(kebab(input.name))
                .value_name(format!(
                    "{}|@FILE|-",
                    kebab(input.name).replace('-', "_").to_uppercase()
                ))
                .help(format!(
                    "{}, {} parameter `{}`: the value, @FILE (its contents, trailing newline trimmed) \
                     or - (stdin), which keep it out of `ps` and shell history{notes}",
                    input.schema,
                    location_name(input.location),
                    input.name
                ))
        } else {
            Arg::new(param_id(input))
                .long(kebab(input.name))
                // `--limit -1` is a value to check, not an unknown flag.
                .allow_negative_numbers(matches!(input.schema, "integer" | "number"))
                .value_name(kebab(input.name).replace('-', "_").to_uppercase())
                .help(format!(
                    "{}, {} parameter `{}`{notes}",
                    input.schema,
                    location_name(input.location),
                    input.name
                ))
        };
        cmd = cmd.arg(arg.required(input.required).action(ArgAction::Set));
    }
    cmd
}

fn tag_command(tag: &Tag) -> Command {
    let mut cmd = Command::new(kebab(tag.name))
        .about(format!("Operations tagged `{}` ({})", tag.name, tag.facade))
        .subcommand_required(true)
        .arg_required_else_help(true);
    for op in Operation::all().iter().filter(|op| op.tag == tag.name) {
        cmd = cmd.subcommand(operation_command(op));
    }
    cmd
}

/// The whole command tree.
pub fn build() -> Command {
    let mut cmd = Command::new("saasus-auth")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Every operation of the SaaSus Auth API from the shell, generated from the operation table")
        .after_help(
            "Configuration: SAASUS_SAAS_ID, SAASUS_API_KEY, SAASUS_SECRET_KEY (and SAASUS_API_URL_BASE), or --emulator.\n\
             Exit codes: 0 ok; 1 some rows of a bulk command failed, or a local I/O error; 2 usage, invalid input, \
             configuration or a guard refused the call (nothing sent); 3 the request was at fault: the API answered 4xx, \
             or an error whose type blames the request whatever the status (*_not_found, invalid_*, *_already_exists, ...); \
             4 the API answered another 5xx, or a transport error or timeout.\n\
             --output table prints an empty list as nothing on stdout and `(no users)` (the list's name) on stderr.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args());
    for tag in Operation::tags() {
        cmd = cmd.subcommand(tag_command(tag));
    }
    let cmd = cmd.subcommand(
        Command::new("operations").about(
            "List every operation: tag, id, method, path, idempotent, sensitive inputs (--output json for machines)",
        ),
    )
    .subcommand(
        Command::new("schema")
            .about("Print the JSON Schema of a type of the spec (without TYPE: list the types)")
            .arg(Arg::new("type").value_name("TYPE")),
    )
    .subcommand(
        Command::new("users")
            .about("Bulk work on SaaS users")
            .subcommand_required(true)
            .arg_required_else_help(true)
            .subcommand(
                Command::new("import")
                    .about("Create SaaS users from JSON Lines or CSV (email, password, sign_in_id, attributes); existing users are skipped")
                    .arg(Arg::new("file").value_name("FILE").required(true).help("The rows: .jsonl/.ndjson or .csv (else sniffed)"))
                    .arg(
                        Arg::new("concurrency")
                            .long("concurrency")
                            .value_name("N")
                            .default_value("16")
                            .value_parser(value_parser!(u16).range(1..=256))
                            .help("Rows in flight at once"),
                    )
                    .arg(
                        Arg::new("results")
                            .long("results")
                            .value_name("PATH")
                            .help("Per-row result file, JSON Lines (default: FILE.results.jsonl)"),
                    )
                    .arg(
                        Arg::new("format")
                            .long("format")
                            .value_name("FORMAT")
                            .value_parser(["jsonl", "csv"])
                            .help("Input format (default: from the extension, else sniffed)"),
                    ),
            )
            .subcommand(
                Command::new("export")
                    .about("Write every SaaS user as JSON Lines")
                    .arg(Arg::new("file").long("file").value_name("PATH").help("Write here instead of stdout")),
            ),
    )
    .subcommand(
        Command::new("completions")
            .about("Print a shell completion script (bash, zsh, fish, elvish, powershell)")
            .arg(
                Arg::new("shell")
                    .value_name("SHELL")
                    .required(true)
                    .value_parser(value_parser!(clap_complete::Shell)),
            ),
    );
    #[cfg(feature = "mcp")]
    let cmd = cmd.subcommand(crate::mcp::command());
    cmd
}

/// The deepest matches: global flags are read there (clap propagates them
/// down, wherever they were given).
pub fn leaf(matches: &ArgMatches) -> &ArgMatches {
    let mut m = matches;
    while let Some((_, sub)) = m.subcommand() {
        m = sub;
    }
    m
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

    #[test]
    fn every_operation_has_a_distinct_command() {
        let mut seen = std::collections::HashSet::new();
        for op in Operation::all() {
            assert!(seen.insert((kebab(op.tag), kebab(op.id))), "{}", op.id);
            assert_eq!(find_operation(&kebab(op.tag), &kebab(op.id)), Some(op));
        }
        for tag in Operation::tags() {
            assert!(!BUILTINS.contains(&kebab(tag.name).as_str()));
        }
        build().debug_assert();
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("abc").is_err());
        assert!(parse_duration("3h").is_err());
    }
}
