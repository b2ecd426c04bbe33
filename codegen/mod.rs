//! Turns the vendored OpenAPI spec into code: the low-level client
//! (progenitor, from its supported settings only: nothing here edits the
//! text of its output; the string enums tolerate values the spec does not
//! list ([`tolerant`]), the types holding secrets redact them in `Debug`
//! ([`redacted`])), and from the same spec and that client's signatures
//! the operation table ([`table`]), the per-tag facades ([`facades`]) and
//! the dynamic `invoke` ([`invoke`]), each a file of its own.
//!
//! Shared by `build.rs` (which writes the results into `OUT_DIR`) and by
//! the crate's tests (which check that a broken spec fails with a clear
//! message, and that a new operation gets its facade method).
//! Nothing here panics: every failure, including a panic inside the
//! generator, comes back as a [`GenerateError`] that names the spec.

pub mod facades;
pub mod invoke;
pub mod model;
pub mod redacted;
pub mod secrets;
pub mod table;
pub mod tolerant;

use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TypeImpl};
use quote::quote;
use schemars::schema::{InstanceType, ObjectValidation, Schema, SchemaObject};

/// Why the client could not be generated from a spec.
#[derive(Debug)]
pub struct GenerateError {
    /// The spec file, as given to [`generate`].
    pub spec: String,
    /// What went wrong, in one paragraph.
    pub problem: String,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot generate the SaaSus Auth client from {}: {}",
            self.spec, self.problem
        )
    }
}

impl std::error::Error for GenerateError {}

/// What the generated code includes beyond the client itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Derive `schemars::JsonSchema` on every generated type (feature
    /// `schemars`).
    pub schemars: bool,
}

/// The settings the crate generates its client with.
pub fn settings(options: Options) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_inner_type(quote!(crate::transport::Transport))
        .with_hooks(HooksMode::Expected)
        .with_derive("PartialEq")
        // Every open object (`type: object, additionalProperties: true`,
        // whatever its description) is a compact `crate::Attributes`
        // rather than a `serde_json::Map`, a B-tree node per user.
        .with_conversion(
            open_object(),
            "crate::Attributes",
            [TypeImpl::Default].into_iter(),
        );
    if options.schemars {
        settings.with_derive("schemars::JsonSchema");
    }
    settings
}

/// The schema of an object whose properties are free-form:
/// `{type: object, additionalProperties: true}`.
fn open_object() -> SchemaObject {
    SchemaObject {
        instance_type: Some(InstanceType::Object.into()),
        object: Some(Box::new(ObjectValidation {
            additional_properties: Some(Box::new(Schema::Bool(true))),
            ..ObjectValidation::default()
        })),
        ..SchemaObject::default()
    }
}

/// The generated sources, one per file of `OUT_DIR`.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The low-level client and its types (`src/raw.rs` includes it).
    pub client: String,
    /// The operation table (`src/operation.rs` includes it).
    pub operations: String,
    /// The facades and their accessors (`src/api.rs` includes it).
    pub facades: String,
    /// The arms of both layers' `invoke` (`src/invoke.rs` includes it).
    pub invoke: String,
}

impl Generated {
    /// Everything generated on top of the low-level client, in one text:
    /// the table, the facades and `invoke` (for the codegen tests; the
    /// build script writes the three files).
    #[allow(dead_code)]
    pub fn api(&self) -> String {
        format!("{}\n{}\n{}", self.operations, self.facades, self.invoke)
    }
}

/// Generates the Rust sources for the spec whose text is `yaml`; `spec`
/// names the file in messages only.
pub fn generate(spec: &Path, yaml: &str, options: Options) -> Result<Generated, GenerateError> {
    let fail = |problem: String| GenerateError {
        spec: spec.display().to_string(),
        problem,
    };

    // Two steps, so a YAML syntax error is told apart from a document that is
    // valid YAML but not a valid OpenAPI 3.0 description.
    let value: serde_yaml::Value = serde_yaml::from_str(yaml)
        .map_err(|e| fail(format!("invalid YAML{}: {e}", at(e.location()))))?;
    if value.get("openapi").is_none() {
        return Err(fail(
            "not an OpenAPI document: the top-level `openapi` field is missing".to_string(),
        ));
    }
    let api: openapiv3::OpenAPI = serde_yaml::from_str(yaml).map_err(|e| {
        fail(format!(
            "not a valid OpenAPI 3.0 document{}: {e}",
            at(e.location())
        ))
    })?;
    check_operations(&api).map_err(fail)?;
    let raw: serde_json::Value = serde_json::to_value(&value)
        .map_err(|e| fail(format!("the spec does not convert to JSON: {e}")))?;
    let secrets = secrets::Secrets::resolve(&raw);

    let run = |settings: &GenerationSettings| -> Result<syn::File, GenerateError> {
        let tokens = catch(|| Generator::new(settings).generate_tokens(&api))
            .map_err(|msg| fail(format!("the generator (progenitor) failed: {msg}")))?
            .map_err(|e| fail(format!("the generator (progenitor) rejected the spec: {e}")))?;
        syn::parse2(tokens).map_err(|e| fail(format!("the generated code does not parse: {e}")))
    };
    let mut settings = settings(options);
    let first = run(&settings)?;
    // Every string enum, as typify writes it, then replaced by one that
    // keeps the values the spec does not list (`tolerant`).
    let enums = tolerant::Enums::find(&first, &raw, options.schemars).map_err(fail)?;
    enums.apply(&mut settings);
    // The types holding secrets, as typify writes them, then replaced by
    // copies whose `Debug` redacts them (`redacted`).
    let copies = redacted::Copies::find(&first, &secrets);
    copies.apply(&mut settings);
    let mut file = run(&settings)?;
    copies.add_to(&mut file, &enums.names()).map_err(fail)?;
    enums.add_to(&mut file).map_err(fail)?;
    let model = model::build(&api, &file, &secrets).map_err(fail)?;
    Ok(Generated {
        client: prettyplease::unparse(&file),
        operations: table::generate(&model).map_err(fail)?,
        facades: facades::generate(&model).map_err(fail)?,
        invoke: invoke::generate(&model).map_err(fail)?,
    })
}

/// Generates the typed httpmock helpers for users' tests (feature `mock`):
/// one `When`/`Then` pair per operation and a `MockServerExt` trait, as
/// progenitor writes them.
pub fn generate_mock(spec: &Path, yaml: &str) -> Result<String, GenerateError> {
    let fail = |problem: String| GenerateError {
        spec: spec.display().to_string(),
        problem,
    };
    let api: openapiv3::OpenAPI = serde_yaml::from_str(yaml).map_err(|e| {
        fail(format!(
            "not a valid OpenAPI 3.0 document{}: {e}",
            at(e.location())
        ))
    })?;
    let tokens =
        catch(|| Generator::new(&settings(Options::default())).httpmock(&api, "crate::raw"))
            .map_err(|msg| fail(format!("the mock generator (progenitor) failed: {msg}")))?
            .map_err(|e| {
                fail(format!(
                    "the mock generator (progenitor) rejected the spec: {e}"
                ))
            })?;
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| fail(format!("the generated mocks do not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}

/// Checks what progenitor needs but reports badly: every operation has a
/// unique operationId.
fn check_operations(api: &openapiv3::OpenAPI) -> Result<(), String> {
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in api.paths.iter() {
        let Some(item) = item.as_item() else {
            return Err(format!(
                "path `{path}` is a $ref; only inline path items are supported"
            ));
        };
        for (method, op) in item.iter() {
            let Some(id) = op.operation_id.as_deref() else {
                return Err(format!(
                    "operation {} {path} has no operationId",
                    method.to_uppercase()
                ));
            };
            if let Some(other) =
                seen.insert(id.to_string(), format!("{} {path}", method.to_uppercase()))
            {
                return Err(format!(
                    "operationId `{id}` is used twice ({other} and {} {path})",
                    method.to_uppercase()
                ));
            }
        }
    }
    Ok(())
}

fn at(location: Option<serde_yaml::Location>) -> String {
    location
        .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
        .unwrap_or_default()
}

/// Runs `f`, turning a panic into its message and keeping the default hook
/// from printing a backtrace in the middle of the build output.
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(previous);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panicked without a message".to_string())
    })
}
