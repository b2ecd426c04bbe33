//! The operation table: every operation of the Auth API as data, generated
//! from `openapi/auth.yaml` at build time.
//!
//! The transport takes each request's behaviour from it (what to redact,
//! whether a retry is safe, how errors and tracing spans name the
//! operation), keyed by the operation the generated client reports to its
//! hooks, never by a string a caller typed. Tools built on the crate use it
//! too: a CLI or an admin UI lists operations and their inputs from it and
//! calls them with [`AuthClient::invoke`](crate::AuthClient::invoke); an
//! audit log names calls by [`Operation::id`] and knows which inputs never
//! to record from [`Operation::sensitive_inputs`].
//!
//! ```
//! use saasus_auth::Operation;
//!
//! let op = Operation::find("UpdateSaasUserPassword").expect("in the spec");
//! assert_eq!((op.http_method, op.path), ("PATCH", "/users/{user_id}/password"));
//! assert_eq!(op.tag, "saasUser");
//! assert!(!op.idempotent);
//! assert!(op.sensitive_inputs.contains(&"password"));
//!
//! let sign_in = Operation::find("RespondToSignInChallenge").expect("in the spec");
//! assert!(sign_in.sensitive_inputs.contains(&"challenge_responses"));
//! assert!(sign_in.sensitive_outputs.contains(&"session"));
//! assert!(Operation::find("GetAuthCredentials").is_some_and(|op| op.single_use));
//!
//! let reads = Operation::all().iter().filter(|op| op.http_method == "GET").count();
//! assert!(reads > 30);
//! ```
//!
//! # Calling any operation from JSON
//!
//! [`AuthClient::invoke`](crate::AuthClient::invoke) calls an operation
//! with its parameters as JSON keyed by their wire names, and answers
//! JSON. A missing, unknown or mistyped argument, or a body that does not
//! fit the operation's schema, is an
//! [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming the
//! parameter or field (never its value), before anything is sent.
//!
//! ```no_run
//! use saasus_auth::{AuthClient, Operation};
//!
//! # async fn run(client: AuthClient) -> Result<(), Box<dyn std::error::Error>> {
//! let op = Operation::find("GetTenant").ok_or("not in the spec")?;
//! let args = serde_json::json!({ "tenant_id": "f94bfffc-8be2-11ec-b41a-0242ac120004" });
//! let args = args.as_object().ok_or("not an object")?;
//! let tenant: serde_json::Value = client.invoke(op, args, None).await?.data;
//! # let _ = tenant;
//! # Ok(()) }
//! ```
//!
//! # What is secret
//!
//! What is secret is declared once, in the spec `openapi/auth.yaml`, with
//! two extensions:
//!
//! - `x-saasus-sensitive: true` on a property, a parameter or a whole
//!   schema (every property below it), `x-saasus-sensitive: false` on a name
//!   that only looks secret (`postal_code`, the `resend_code` message
//!   template, reCAPTCHA's public `site_key`, ...);
//! - `x-saasus-single-use: true` on an operation whose request carries a
//!   code valid once (`GetAuthCredentials`, `ExchangeAuthCredentials`,
//!   `UpdateSoftwareToken`).
//!
//! The build resolves them through `$ref`s, `allOf`, `oneOf`, `anyOf`,
//! arrays and open maps into this table ([`Operation::sensitive_inputs`],
//! [`Operation::sensitive_outputs`], [`Operation::single_use`],
//! [`Operation::retried_by_default`]); a name that looks secret and
//! declares nothing is redacted anyway, with a build warning. Declared
//! today: passwords, ID, access and refresh tokens, temporary and
//! verification codes, `secret_code`, the challenge flow's `session` and
//! its parameter maps, registration tokens, client and identity-provider
//! secrets, API keys, device verifiers, PKCE's `code_verifier` and
//! `code_challenge`, and the bearer capabilities of presigned and
//! invitation URLs. Every path reads them from here:
//!
//! - **errors** of both layers: no query value, no sensitive input even
//!   when the server echoes the request, no value quoted by serde;
//! - **`Debug`** of the generated types that hold secrets prints
//!   `*** Sensitive Data Redacted ***` for those fields (serialization and
//!   field access are unchanged);
//! - **retries**: a single-use code is sent once unless
//!   [`RequestOptions::retry`](crate::RequestOptions::retry) opts in;
//! - **redirects** are never followed (a 307 would re-send a password to
//!   another host);
//! - the CLI's `--dry-run`, the MCP server's answers and the emulator's
//!   output redact the same fields.

/// One operation of the Auth API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Operation {
    /// The operationId, exact case: `GetSaasUser`.
    pub id: &'static str,
    /// The method's name on the facade and on [`raw::Client`](crate::raw::Client):
    /// `get_saas_user`.
    pub method_name: &'static str,
    /// The spec's tag, which names the facade: `saasUser` ->
    /// [`SaasUserApi`](crate::SaasUserApi).
    pub tag: &'static str,
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub http_method: &'static str,
    /// The path template below the base path: `/users/{user_id}`.
    pub path: &'static str,
    /// The spec's one-line summary.
    pub summary: &'static str,
    /// Whether the HTTP method is idempotent (GET, PUT, DELETE: RFC 9110).
    /// Retry safety also depends on [`single_use`](Self::single_use): see
    /// [`retried_by_default`](Self::retried_by_default).
    pub idempotent: bool,
    /// The parameters in the facade's order (required first), then the
    /// body, if any.
    pub inputs: &'static [Input],
    /// The names of the inputs that hold secrets: parameters and body
    /// fields at any depth (`password`, `access_token`, `code`,
    /// `challenge_responses`). Declared in the spec (`x-saasus-sensitive`,
    /// resolved through `$ref`, `allOf`, arrays and open maps; names that
    /// look secret are the safety net); their values never appear in
    /// errors, logs or `Debug` output.
    pub sensitive_inputs: &'static [&'static str],
    /// Whether the success answer carries secrets (tokens, passwords,
    /// secret codes, sessions): its body never appears in errors.
    pub sensitive_response: bool,
    /// The names of the success answer's fields, at any depth, that hold
    /// secrets (`id_token`, `password`, `secret_code`, `session`); declared
    /// as [`sensitive_inputs`](Self::sensitive_inputs) are.
    pub sensitive_outputs: &'static [&'static str],
    /// Whether the request carries a single-use code
    /// (`x-saasus-single-use` in the spec): a temporary code valid once, a
    /// one-time password. Sending it again after the server consumed it
    /// turns a transient fault into a failure, so it is not retried by
    /// default.
    pub single_use: bool,
    /// The documented success status.
    pub success_status: u16,
    /// The documented error statuses.
    pub error_statuses: &'static [u16],
}

/// One input of an [`Operation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Input {
    /// The name on the wire (`user_id`, `refresh-token`); for the body, the
    /// facade's argument name (`create_saas_user_param`).
    pub name: &'static str,
    /// Where it goes.
    pub location: Location,
    /// Whether it must be given.
    pub required: bool,
    /// Whether it holds a secret (for a body: whether any of its fields
    /// does).
    pub sensitive: bool,
    /// Its wire type: `string`, `uuid`, `integer`, `enum`, ..., or the body's
    /// schema name.
    pub schema: &'static str,
}

/// Where an [`Input`] goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Location {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
    /// The JSON request body.
    Body,
}

/// A tag of the spec: a group of operations with its facade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Tag {
    /// As the spec spells it: `tenantUser`.
    pub name: &'static str,
    /// The facade type: `TenantUserApi`.
    pub facade: &'static str,
    /// The accessor on [`AuthClient`](crate::AuthClient): `tenant_user_api`.
    pub accessor: &'static str,
}

impl Operation {
    /// Every operation, in the spec's order.
    pub fn all() -> &'static [Operation] {
        &OPERATIONS
    }

    /// The operation with this operationId (exact case).
    pub fn find(id: &str) -> Option<&'static Operation> {
        Self::all().iter().find(|op| op.id == id)
    }

    /// The operation whose facade and low-level method is called `name`
    /// (`get_saas_user`): the name the generated client hands its hooks.
    pub fn by_method_name(name: &str) -> Option<&'static Operation> {
        generated::by_method_name(name)
    }

    /// Every tag, in the order the spec first uses it.
    pub fn tags() -> &'static [Tag] {
        TAGS
    }

    /// The input called `name`, if any.
    pub fn input(&self, name: &str) -> Option<&'static Input> {
        self.inputs.iter().find(|i| i.name == name)
    }

    /// Whether a failed attempt is sent again without the call opting in:
    /// the operation is idempotent and carries no single-use code. A call
    /// can still decide otherwise with
    /// [`RequestOptions::retry`](crate::RequestOptions::retry).
    ///
    /// ```
    /// use saasus_auth::Operation;
    ///
    /// let op = |id| Operation::find(id).expect("in the spec");
    /// assert!(op("GetSaasUser").retried_by_default());
    /// assert!(!op("GetAuthCredentials").retried_by_default()); // a GET with a one-time code
    /// assert!(!op("CreateSaasUser").retried_by_default());     // a POST
    /// ```
    pub fn retried_by_default(&self) -> bool {
        self.idempotent && !self.single_use
    }

    /// The HTTP method as a [`reqwest::Method`].
    pub fn method(&self) -> reqwest::Method {
        reqwest::Method::from_bytes(self.http_method.as_bytes()).unwrap_or(reqwest::Method::GET)
    }
}

impl std::fmt::Display for Operation {
    /// The operationId.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

/// The generated half: `OPERATIONS`, `TAGS`, the lookup by method name and
/// the answer checks, written by `codegen/table.rs` from the spec.
mod generated {
    use super::{Input, Location, Operation, Tag};
    use crate::raw::types;

    include!(concat!(env!("OUT_DIR"), "/saasus_auth_operations.rs"));
}

pub(crate) use generated::{check_answer, OPERATIONS, TAGS};
