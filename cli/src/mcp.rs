//! `saasus-auth mcp`: the Auth API as Model Context Protocol tools for AI
//! agents, over stdio, with rmcp (the official Rust SDK of MCP).
//!
//! Everything comes from the operation table ([`Operation`]) and the spec:
//! one tool per operation, named after its operationId in snake case
//! (`get_saas_user`), described by its summary, description, method and
//! path, with an object input schema (one property per parameter, `body`
//! for the request body, every `$ref` resolved). Calls go through
//! [`saasus_auth::AuthClient::invoke`], which checks arguments and bodies
//! against the operation's types before anything is sent. There is no code
//! per operation.
//!
//! Safe by default: only reads (GETs that spend no single-use code) are
//! tools unless `--allow-writes`; `--allow OP,...` names exactly the tools,
//! whatever their method (`--read-only` with a write among them refuses to
//! start); a call to any other operation is refused before anything is
//! sent. Answers that
//! hold secrets are redacted unless `--reveal-secrets` ([`secret_outputs`]
//! decides what). Stdout is the protocol; the few log lines go to stderr and
//! name operations and statuses, never a value.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use clap::{Arg, ArgAction, ArgMatches, Command};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use saasus_auth::{AuthClient, Location, Operation};
use serde_json::{json, Map, Value};

use crate::context::Ctx;
use crate::failure::{api_error_json, Failure};
use crate::names::global;
use crate::schemas;

/// An operationId, its description, and its parameters' names and JSON
/// Schemas (as JSON text).
type OperationDocs = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

include!(concat!(env!("OUT_DIR"), "/operation_docs.rs"));

/// `--allow-writes`.
const ALLOW_WRITES: &str = "mcp:allow-writes";
/// `--reveal-secrets`.
const REVEAL_SECRETS: &str = "mcp:reveal-secrets";

/// The name of the tool's argument that carries the request body.
const BODY: &str = "body";

/// What replaces a secret in an answer.
const REDACTED: &str = "<redacted>";

/// The `mcp` subcommand.
pub fn command() -> Command {
    Command::new("mcp")
        .about("Serve the Auth API to AI agents as MCP tools over stdio (read-only unless --allow-writes; secrets redacted)")
        .long_about(
            "Serve the Auth API to AI agents as Model Context Protocol tools over stdio: one tool per \
             operation, named after its operationId in snake case (get_saas_users). Only the reads (GET) \
             are tools unless --allow-writes; --allow OP,... lists exactly those operations (operationIds, \
             kebab or tool names) and wins over both. A call to any other operation is refused before \
             anything is sent. Answers that hold secrets (tokens, passwords, codes) are redacted unless \
             --reveal-secrets. Stdout is the protocol; logs go to stderr and never hold a value.",
        )
        .arg(
            Arg::new(ALLOW_WRITES)
                .long("allow-writes")
                .action(ArgAction::SetTrue)
                .help("List every operation as a tool, writes included (default: reads only)"),
        )
        .arg(
            Arg::new(REVEAL_SECRETS)
                .long("reveal-secrets")
                .action(ArgAction::SetTrue)
                .help("Hand secrets in answers (tokens, passwords, codes) to the agent as they are (default: redacted)"),
        )
}

/// Whether `op` only reads: a GET that spends nothing (not single-use:
/// GetAuthCredentials is a GET, but redeems its code once).
pub fn is_read(op: &Operation) -> bool {
    op.http_method == "GET" && !op.single_use
}

/// Which operations are tools: `--allow` exactly, whatever their method;
/// else every operation under `--allow-writes`; else the reads
/// ([`is_read`]: GETs that are not single-use).
pub fn exposed(
    allow: Option<&[&'static Operation]>,
    allow_writes: bool,
) -> Vec<&'static Operation> {
    match allow {
        Some(allow) => Operation::all()
            .iter()
            .filter(|op| allow.iter().any(|a| a.id == op.id))
            .collect(),
        None => Operation::all()
            .iter()
            .filter(|op| allow_writes || is_read(op))
            .collect(),
    }
}

/// The tool name of `op`: its operationId in snake case, which is also its
/// method name on the facades (`get_saas_user`).
pub fn tool_name(op: &Operation) -> &'static str {
    op.method_name
}

/// THE one place that decides what of `op`'s answer is secret, from the
/// operation table, which reads the spec's `x-saasus-sensitive`
/// declarations: `None` when its answers hold no secrets
/// ([`Operation::sensitive_response`] is false), else which fields of the
/// answer, at any depth, hold them ([`Operation::sensitive_outputs`], and
/// the operation's sensitive inputs should an answer echo them). A field
/// declared secret is secret as a whole: a map or list under its name
/// (`challenge_parameters`) is redacted entirely, not searched.
pub fn secret_outputs(op: &'static Operation) -> Option<impl Fn(&str) -> bool> {
    op.sensitive_response.then_some(move |field: &str| {
        op.sensitive_outputs.contains(&field) || op.sensitive_inputs.contains(&field)
    })
}

/// Replaces, at any depth, the values (whatever their type, `null` aside)
/// of the fields `secret` names; answers whether anything was replaced.
fn redact(value: &mut Value, secret: &dyn Fn(&str) -> bool) -> bool {
    let mut any = false;
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if !v.is_null() && secret(k) {
                    *v = Value::String(REDACTED.into());
                    any = true;
                } else {
                    any |= redact(v, secret);
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                any |= redact(v, secret);
            }
        }
        _ => {}
    }
    any
}

/// The JSON Schema of the body type `name`, every `$ref` replaced by its
/// definition (a cycle leaves an empty schema, which accepts anything), so
/// that a client that knows nothing of our types can use it.
fn body_schema(name: &str) -> Value {
    let Some(root) = schemas::schema_of(name) else {
        return json!({"type": "object"});
    };
    let Ok(mut root) = serde_json::to_value(root) else {
        return json!({"type": "object"});
    };
    let definitions = match root.as_object_mut() {
        Some(map) => {
            map.remove("$schema");
            map.remove("definitions")
                .and_then(|d| match d {
                    Value::Object(d) => Some(d),
                    _ => None,
                })
                .unwrap_or_default()
        }
        None => Map::new(),
    };
    inline(&root, &definitions, &mut Vec::new())
}

fn inline(value: &Value, definitions: &Map<String, Value>, stack: &mut Vec<String>) -> Value {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let name = r.rsplit('/').next().unwrap_or_default().to_string();
                let Some(target) = definitions.get(&name).filter(|_| !stack.contains(&name)) else {
                    return json!({});
                };
                stack.push(name);
                let mut resolved = inline(target, definitions, stack);
                stack.pop();
                // Keywords beside the `$ref` (a description) are kept.
                if let Value::Object(out) = &mut resolved {
                    for (k, v) in map.iter().filter(|(k, _)| k.as_str() != "$ref") {
                        out.insert(k.clone(), inline(v, definitions, stack));
                    }
                }
                return resolved;
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), inline(v, definitions, stack)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| inline(v, definitions, stack))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The spec's description of `op` and its parameters' JSON Schemas.
fn docs(op: &Operation) -> (&'static str, &'static [(&'static str, &'static str)]) {
    OPERATION_DOCS
        .iter()
        .find(|(id, _, _)| *id == op.id)
        .map_or(("", &[]), |(_, d, p)| (*d, *p))
}

/// The JSON Schema of one parameter: the spec's, else one from the table's
/// wire type.
fn parameter_schema(op: &Operation, name: &str, wire: &str) -> Value {
    let from_spec = docs(op)
        .1
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, s)| serde_json::from_str::<Value>(s).ok());
    from_spec.unwrap_or_else(|| match wire {
        "integer" | "number" | "boolean" | "array" => json!({ "type": wire }),
        "uuid" => json!({"type": "string", "format": "uuid"}),
        _ => json!({"type": "string"}),
    })
}

/// The input schema of `op`'s tool: an object with one property per
/// parameter (wire names, their JSON Schemas, required) and `body`.
pub fn input_schema(op: &Operation) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for input in op.inputs {
        let (name, schema) = if input.location == Location::Body {
            let mut schema = body_schema(input.schema);
            if let Value::Object(map) = &mut schema {
                map.entry("description").or_insert_with(|| {
                    Value::String(format!("The request body ({}).", input.schema))
                });
            }
            (BODY, schema)
        } else {
            (input.name, parameter_schema(op, input.name, input.schema))
        };
        properties.insert(name.to_string(), schema);
        if input.required {
            required.push(Value::String(name.to_string()));
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    schema.insert("additionalProperties".into(), Value::Bool(false));
    schema
}

/// The description of `op`'s tool: summary, description, method and path,
/// and what the server hides.
pub fn description(op: &'static Operation, reveal_secrets: bool) -> String {
    let mut text = op.summary.trim().to_string();
    let (long, _) = docs(op);
    if !long.is_empty() && long != text {
        text.push_str("\n\n");
        text.push_str(long);
    }
    text.push_str(&format!("\n\n{} {}", op.http_method, op.path));
    if op.http_method != "GET" {
        text.push_str(" (changes data)");
    }
    if secret_outputs(op).is_some() {
        text.push_str(if reveal_secrets {
            "\n\nThe answer holds secrets (tokens, passwords or codes), handed over as they are (--reveal-secrets)."
        } else {
            "\n\nSecrets in the answer (tokens, passwords, codes) are redacted; the server hands them over only when started with --reveal-secrets."
        });
    }
    text
}

/// The tool of `op`.
pub fn tool(op: &'static Operation, reveal_secrets: bool) -> Tool {
    let read = is_read(op);
    Tool::new(
        tool_name(op),
        description(op, reveal_secrets),
        Arc::new(input_schema(op)),
    )
    .with_title(op.summary.trim().to_string())
    .with_annotations(
        ToolAnnotations::new()
            .read_only(read)
            .destructive(op.http_method == "DELETE")
            .idempotent(op.idempotent)
            .open_world(false),
    )
}

/// The MCP server: the tools, and the client they call.
pub struct Server {
    client: AuthClient,
    tools: Vec<Tool>,
    by_name: HashMap<&'static str, &'static Operation>,
    reveal_secrets: bool,
    /// The command's context, kept so that an `--emulator` runs as long as
    /// the server.
    _context: Option<Ctx>,
}

impl Server {
    /// The server for the operations `ops`, calling them with `client`.
    pub fn new(client: AuthClient, ops: &[&'static Operation], reveal_secrets: bool) -> Self {
        Self {
            client,
            tools: ops.iter().map(|op| tool(op, reveal_secrets)).collect(),
            by_name: ops.iter().map(|op| (tool_name(op), *op)).collect(),
            reveal_secrets,
            _context: None,
        }
    }

    /// Keeps `ctx` (and its `--emulator`) alive as long as the server.
    pub fn keeping(mut self, ctx: Ctx) -> Self {
        self._context = Some(ctx);
        self
    }

    /// The tools, in the spec's order.
    #[cfg(test)]
    pub fn tools(&self) -> &[Tool] {
        &self.tools
    }

    /// Calls the tool `name`: a refused or unknown tool, arguments that do
    /// not fit and API errors are tool errors (`isError`); nothing is sent
    /// for the first three.
    pub async fn call(&self, name: &str, arguments: Option<Map<String, Value>>) -> CallToolResult {
        let Some(op) = self.by_name.get(name).copied() else {
            let known = Operation::all().iter().find(|op| op.method_name == name);
            let message = match known {
                Some(op) => format!(
                    "{} ({} {}) is not enabled on this server: it lists {}; nothing was sent",
                    op.id,
                    op.http_method,
                    op.path,
                    if op.http_method == "GET" {
                        "only the operations of its --allow list"
                    } else {
                        "no writes unless started with --allow-writes or --allow"
                    }
                ),
                None => "no such tool (tools/list names them); nothing was sent".to_string(),
            };
            log(&format!(
                "{}: refused",
                known.map_or("unknown tool", |op| op.id)
            ));
            return CallToolResult::structured_error(json!({
                "error": "refused",
                "operation": known.map(|op| op.id),
                "message": message,
            }));
        };
        let mut args = arguments.unwrap_or_default();
        let has_body = op.inputs.iter().any(|i| i.location == Location::Body);
        let body = if has_body { args.remove(BODY) } else { None };
        match self.client.invoke(op, &args, body.as_ref()).await {
            Ok(answer) => {
                log(&format!("{}: {}", op.id, answer.status.as_u16()));
                let mut data = answer.data;
                if !self.reveal_secrets
                    && let Some(secret) = secret_outputs(op)
                {
                    redact(&mut data, &secret);
                }
                match data {
                    Value::Object(_) => CallToolResult::structured(data),
                    Value::Null => CallToolResult::success(vec![ContentBlock::text(format!(
                        "{} succeeded ({}), no content",
                        op.id,
                        answer.status.as_u16()
                    ))]),
                    other => CallToolResult::success(vec![ContentBlock::text(other.to_string())]),
                }
            }
            Err(e) => {
                let value = match api_error_json(&e) {
                    Some(v) => v,
                    None => json!({
                        "error": if matches!(e, saasus_auth::Error::InvalidRequest { .. }) {
                            "invalid_arguments"
                        } else {
                            "failed"
                        },
                        "status": e.status().map(|s| s.as_u16()),
                        "operation": op.id,
                        // The SDK's messages name inputs, never their values.
                        "message": e.to_string(),
                    }),
                };
                log(&format!(
                    "{}: {}",
                    op.id,
                    e.status().map_or("not sent or no answer".to_string(), |s| s
                        .as_u16()
                        .to_string())
                ));
                CallToolResult::structured_error(value)
            }
        }
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("saasus-auth", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "The SaaSus Auth API: one tool per operation (users, tenants, roles, environments, \
                 invitations, sign-in settings). Tools that change data are listed only when the \
                 server was started to allow them; secrets in answers are redacted unless it was \
                 started with --reveal-secrets.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        Ok(self.call(&request.name, request.arguments).await.into())
    }
}

/// One line on stderr (stdout is the protocol).
fn log(line: &str) {
    eprintln!("saasus-auth mcp: {line}");
}

/// Why the flags `m` holds cannot start a server, if they cannot: checked
/// before any credential is read.
fn start_refusal(m: &ArgMatches) -> Option<Failure> {
    if m.get_flag(global::DRY_RUN) {
        return Some(Failure::Usage(
            "mcp: --dry-run describes one request; it does not apply to a server".into(),
        ));
    }
    if !m.get_flag(global::READ_ONLY) {
        return None;
    }
    if m.get_flag(ALLOW_WRITES) {
        return Some(Failure::Usage(
            "mcp: --allow-writes and --read-only exclude each other".into(),
        ));
    }
    let writes: Vec<&str> = m
        .get_many::<String>(global::ALLOW)
        .into_iter()
        .flatten()
        .filter_map(|name| crate::names::operation_by_name(name))
        .filter(|op| !is_read(op))
        .map(|op| op.id)
        .collect();
    (!writes.is_empty()).then(|| {
        Failure::Usage(format!(
            "mcp: --read-only and --allow {} exclude each other: {} not a read (a write, or a \
             GET that spends a single-use code)",
            writes.join(","),
            if writes.len() == 1 {
                "it is"
            } else {
                "they are"
            }
        ))
    })
}

/// `saasus-auth mcp`: serves until the client closes stdin.
pub fn run(m: &ArgMatches) -> Result<(), Failure> {
    if let Some(refusal) = start_refusal(m) {
        return Err(refusal);
    }
    let allow_writes = m.get_flag(ALLOW_WRITES);
    let reveal_secrets = m.get_flag(REVEAL_SECRETS);
    let ctx = Ctx::new(m)?;
    let ops = exposed(ctx.allowlist(), allow_writes);
    let mode = if ctx.allowlist().is_some() {
        "the --allow list"
    } else if allow_writes {
        "reads and writes"
    } else {
        "reads only"
    };
    let mut per_method = BTreeMap::new();
    for op in &ops {
        *per_method.entry(op.http_method).or_insert(0) += 1;
    }
    log(&format!(
        "{} tools ({mode}; {}), secrets in answers {}; MCP on stdin/stdout",
        ops.len(),
        per_method
            .iter()
            .map(|(m, n)| format!("{n} {m}"))
            .collect::<Vec<_>>()
            .join(", "),
        if reveal_secrets {
            "revealed"
        } else {
            "redacted"
        }
    ));
    let server = Server::new(ctx.client.clone(), &ops, reveal_secrets).keeping(ctx);
    crate::runtime()?.block_on(async move {
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Failure::Local(format!("mcp: the client did not initialize: {e}")))?;
        running
            .waiting()
            .await
            .map_err(|e| Failure::Local(format!("mcp: the server stopped: {e}")))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(v: Value) -> Option<Map<String, Value>> {
        v.as_object().cloned()
    }

    #[test]
    fn reads_only_by_default_writes_on_request_allow_wins() {
        let reads = Operation::all()
            .iter()
            .filter(|op| op.http_method == "GET" && !op.single_use)
            .count();
        assert!(reads > 0);
        assert_eq!(exposed(None, false).len(), reads);
        assert!(exposed(None, false)
            .iter()
            .all(|op| op.http_method == "GET"));
        assert_eq!(exposed(None, true).len(), Operation::all().len());
        let create = Operation::find("CreateSaasUser").expect("in the spec");
        let list = Operation::find("GetSaasUsers").expect("in the spec");
        for writes in [false, true] {
            let ops = exposed(Some(&[create, list]), writes);
            let names: Vec<_> = ops.iter().map(|op| tool_name(op)).collect();
            assert_eq!(names, ["get_saas_users", "create_saas_user"]);
        }
    }

    #[test]
    fn every_tool_has_an_object_schema_a_description_and_a_distinct_name() {
        let mut names = std::collections::HashSet::new();
        for op in Operation::all() {
            let t = tool(op, false);
            assert!(names.insert(t.name.to_string()), "{}", op.id);
            let d = t.description.as_deref().unwrap_or_default();
            assert!(
                d.contains(op.path) && d.contains(op.http_method),
                "{}",
                op.id
            );
            let schema = Value::Object((*t.input_schema).clone());
            assert_eq!(schema["type"], "object", "{}", op.id);
            let text = schema.to_string();
            assert!(!text.contains("$ref"), "{}: {text}", op.id);
            for input in op.inputs {
                let key = if input.location == Location::Body {
                    BODY
                } else {
                    // No parameter shadows the body's name.
                    assert_ne!(input.name, BODY, "{}", op.id);
                    input.name
                };
                assert!(schema["properties"].get(key).is_some(), "{}.{key}", op.id);
            }
        }
        let get = tool(Operation::find("GetSaasUser").expect("in the spec"), false);
        assert_eq!(get.input_schema["required"], json!(["user_id"]));
    }

    #[test]
    fn body_schemas_are_inline_and_typed() {
        let op = Operation::find("CreateSaasUser").expect("in the spec");
        let schema = Value::Object(input_schema(op));
        let body = &schema["properties"]["body"];
        assert_eq!(body["type"], "object", "{body}");
        assert!(body["properties"].get("email").is_some(), "{body}");
        assert_eq!(schema["required"], json!(["body"]));
    }

    #[test]
    fn secret_answers_are_redacted_by_the_table() {
        let created = Operation::find("CreateSaasUser").expect("in the spec");
        assert!(created.sensitive_response);
        assert!(created.sensitive_outputs.contains(&"password"));
        let secret = secret_outputs(created).expect("its answer may hold a password");
        let mut v = json!({
            "id": "u1", "email": "a@b.c", "password": "hunter2",
            "password_policy": {"minimum_length": 8},
            "nested": [{"password": "p", "scopes": ["a"]}],
        });
        assert!(redact(&mut v, &secret));
        assert_eq!(v["password"], REDACTED);
        assert_eq!(v["nested"][0]["password"], REDACTED);
        assert_eq!(v["nested"][0]["scopes"], json!(["a"]));
        assert_eq!(v["password_policy"]["minimum_length"], 8);
        assert_eq!(v["email"], "a@b.c");
        // What the table does not declare is not a secret of this answer.
        let mut other = json!({"access_token": "t"});
        assert!(!redact(&mut other, &secret));
        // An operation whose answers hold no secret is left alone.
        let list = Operation::find("GetSaasUsers").expect("in the spec");
        assert!(secret_outputs(list).is_none());
        assert!(description(created, false).contains("--reveal-secrets"));
        assert!(!description(list, false).contains("--reveal-secrets"));
    }

    /// A single-use operation (GetAuthCredentials spends its code) is a GET
    /// but no read: not a tool by default, not annotated read-only.
    #[test]
    fn single_use_operations_are_not_read_only_tools_by_default() {
        let spends = Operation::find("GetAuthCredentials").expect("in the spec");
        assert!(spends.single_use && spends.http_method == "GET");
        assert!(!exposed(None, false).iter().any(|op| op.id == spends.id));
        assert!(exposed(None, false).iter().all(|op| !op.single_use));
        assert!(exposed(None, true).iter().any(|op| op.id == spends.id));
        let annotations = tool(spends, false).annotations.expect("annotated");
        assert_eq!(annotations.read_only_hint, Some(false));
        let list = Operation::find("GetSaasUsers").expect("in the spec");
        let annotations = tool(list, false).annotations.expect("annotated");
        assert_eq!(annotations.read_only_hint, Some(true));
    }

    /// `--read-only` with a write (or a single-use operation) in `--allow`
    /// refuses to start (exit 2), naming the operations, before reading
    /// any credential.
    #[test]
    fn read_only_with_a_write_in_allow_refuses_to_start() {
        for (allow, refused) in [
            ("CreateSaasUser", Some("CreateSaasUser")),
            ("get_saas_users,delete-saas-user", Some("DeleteSaasUser")),
            ("GetAuthCredentials", Some("GetAuthCredentials")),
            ("GetSaasUsers", None),
        ] {
            let matches = crate::commands::build()
                .subcommand(super::command())
                .try_get_matches_from(["saasus-auth", "mcp", "--read-only", "--allow", allow])
                .expect("valid arguments");
            let m = matches.subcommand_matches("mcp").expect("mcp");
            match (start_refusal(m), refused) {
                (Some(Failure::Usage(message)), Some(name)) => {
                    assert!(
                        message.contains(name) && message.contains("--read-only"),
                        "{message}"
                    );
                }
                (None, None) => {}
                (other, _) => panic!("{allow}: {other:?}"),
            }
        }
    }

    /// A map declared secret as a whole (SignIn's and
    /// RespondToSignInChallenge's `challenge_parameters`) is redacted whole,
    /// not searched for keys of its own.
    #[test]
    fn a_map_declared_secret_as_a_whole_is_redacted_whole() {
        for id in ["SignIn", "RespondToSignInChallenge"] {
            let op = Operation::find(id).expect("in the spec");
            let secret = secret_outputs(op).expect("its answer holds secrets");
            let mut v = json!({
                "challenge_name": "SMS_MFA",
                "challenge_parameters": {"CODE_DELIVERY_DESTINATION": "+81-hunter2", "USER_ID_FOR_SRP": "hunter3"},
                "session": "hunter4",
            });
            assert!(redact(&mut v, &secret));
            assert_eq!(
                v,
                json!({"challenge_name": "SMS_MFA", "challenge_parameters": REDACTED, "session": REDACTED}),
                "{id}"
            );
        }
    }

    /// Answers `body` (JSON, status 200) to one request on a local port.
    async fn one_answer(body: Value) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            // The head, then as many body bytes as it announces.
            while let Ok(n) = stream.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&request).to_lowercase();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            let body = body.to_string();
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        });
        url
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sign_in_through_mcp_hands_over_no_challenge_parameter() {
        let url = one_answer(json!({
            "challenge_name": "SMS_MFA",
            "challenge_parameters": {"CODE_DELIVERY_DESTINATION": "+81-hunter2"},
            "session": "hunter4",
        }))
        .await;
        let config = saasus_auth::Configuration::new("saas", "api-key", "secret-key")
            .with_api_url_base(url)
            .with_max_attempts(1);
        let client = AuthClient::new(Some(config), None).expect("a client");
        let server = Server::new(client, &exposed(None, true), false);
        let result = server
            .call(
                "sign_in",
                object(json!({"body": {"sign_in_flow": "USER_SRP_AUTH", "sign_in_parameters": {"USERNAME": "a@b.c"}}})),
            )
            .await;
        let text = serde_json::to_string(&result).unwrap_or_default();
        assert_ne!(result.is_error, Some(true), "{text}");
        assert!(!text.contains("hunter"), "{text}");
        assert!(text.contains("challenge_parameters"), "{text}");
    }

    /// A local port that tells whether anyone connected to it.
    fn tripwire() -> (std::net::TcpListener, String) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        (listener, url)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn refused_and_bad_calls_send_nothing_and_never_echo_values() {
        let (listener, url) = tripwire();
        let config = saasus_auth::Configuration::new("saas", "api-key", "secret-key")
            .with_api_url_base(url)
            .with_max_attempts(1);
        let client = AuthClient::new(Some(config), None).expect("a client");

        let reads = Server::new(client.clone(), &exposed(None, false), false);
        assert!(reads.tools().iter().all(|t| t.name != "create_saas_user"));
        let refused = reads
            .call(
                "create_saas_user",
                object(json!({"body": {"email": "a@b.c"}})),
            )
            .await;
        assert_eq!(refused.is_error, Some(true));
        let text = serde_json::to_string(&refused).unwrap_or_default();
        assert!(text.contains("nothing was sent"), "{text}");
        let unknown = reads.call("drop_everything", None).await;
        assert_eq!(unknown.is_error, Some(true));

        let all = Server::new(client, &exposed(None, true), false);
        let bad = all
            .call(
                "create_saas_user",
                object(json!({"body": {"email": 12345, "password": "hunter2-secret"}})),
            )
            .await;
        assert_eq!(bad.is_error, Some(true));
        let text = serde_json::to_string(&bad).unwrap_or_default();
        assert!(
            text.contains("email") && text.contains("invalid_arguments"),
            "{text}"
        );
        assert!(
            !text.contains("12345") && !text.contains("hunter2"),
            "{text}"
        );
        let missing = all.call("get_saas_user", None).await;
        let text = serde_json::to_string(&missing).unwrap_or_default();
        assert!(text.contains("user_id"), "{text}");

        assert!(
            matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
            "a refused or invalid call reached the API root"
        );
    }
}
