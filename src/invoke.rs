//! What the generated `invoke` of both layers shares: decoding arguments
//! and bodies from JSON with errors that name the input (never its value),
//! and encoding answers as JSON.

use progenitor_client::ResponseValue;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::operation::{Location, Operation};
use crate::raw::types;
use crate::response::ApiResponse;

/// An argument or body that does not fit the operation.
#[derive(Debug)]
pub(crate) struct InvokeError {
    operation: &'static str,
    message: String,
}

impl From<InvokeError> for Error {
    fn from(e: InvokeError) -> Self {
        Error::InvalidRequest {
            operation: e.operation,
            message: e.message,
        }
    }
}

/// The error of `raw::Client::invoke` before it is handed back as the
/// generated client's own.
#[allow(clippy::large_enum_variant)]
pub(crate) enum RawInvokeError {
    Invalid(InvokeError),
    Raw(progenitor_client::Error<types::Error>),
}

impl From<InvokeError> for RawInvokeError {
    fn from(e: InvokeError) -> Self {
        RawInvokeError::Invalid(e)
    }
}

impl From<progenitor_client::Error<types::Error>> for RawInvokeError {
    fn from(e: progenitor_client::Error<types::Error>) -> Self {
        RawInvokeError::Raw(e)
    }
}

impl RawInvokeError {
    pub(crate) fn into_raw(self) -> progenitor_client::Error<types::Error> {
        match self {
            RawInvokeError::Invalid(e) => {
                progenitor_client::Error::InvalidRequest(format!("{}: {}", e.operation, e.message))
            }
            RawInvokeError::Raw(e) => e,
        }
    }
}

fn invalid(operation: &Operation, message: String) -> InvokeError {
    InvokeError {
        operation: Operation::find(operation.id).map_or("unknown operation", |op| op.id),
        message,
    }
}

/// The table's own entry for `operation`.
pub(crate) fn canonical(operation: &Operation) -> Result<&'static Operation, InvokeError> {
    Operation::find(operation.id)
        .ok_or_else(|| invalid(operation, "not an operation of this client's spec".into()))
}

/// The error for an operation the dispatcher has no arm for.
pub(crate) fn unknown<E: From<InvokeError>>(operation: &Operation) -> E {
    invalid(operation, "not an operation of this client's spec".into()).into()
}

/// Refuses arguments the operation does not take.
pub(crate) fn known(
    operation: &Operation,
    args: &Map<String, Value>,
    names: &[&str],
) -> Result<(), InvokeError> {
    match args.keys().find(|k| !names.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(invalid(
            operation,
            if names.is_empty() {
                format!("unknown parameter `{k}`: the operation takes none")
            } else {
                format!(
                    "unknown parameter `{k}`; the parameters are {}",
                    names.join(", ")
                )
            },
        )),
    }
}

/// An optional argument: absent or `null` is `None`.
pub(crate) fn optional<T: DeserializeOwned>(
    operation: &Operation,
    args: &Map<String, Value>,
    name: &str,
) -> Result<Option<T>, InvokeError> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::deserialize(v).map(Some).map_err(|e| {
            invalid(
                operation,
                format!("parameter `{name}`: {}", describe(&e.to_string())),
            )
        }),
    }
}

/// A required argument.
pub(crate) fn required<T: DeserializeOwned>(
    operation: &Operation,
    args: &Map<String, Value>,
    name: &str,
) -> Result<T, InvokeError> {
    optional(operation, args, name)?
        .ok_or_else(|| invalid(operation, format!("parameter `{name}` is required")))
}

/// The request body, decoded into the operation's type; an error names the
/// field at fault by its path (`tenant.name`). A field that no field of the
/// type takes (a misspelt optional field) is refused by its path too, rather
/// than dropped: the type, generated from the spec, is the list of known
/// fields. Free-form maps (`attributes`) take any name.
pub(crate) fn body<T: DeserializeOwned>(
    operation: &Operation,
    body: Option<&Value>,
) -> Result<T, InvokeError> {
    let body = body.ok_or_else(|| invalid(operation, "the request body is required".into()))?;
    // Every request body of the spec is an object; `[1]` would otherwise
    // be reported as a mistyped field `[0]`.
    if !body.is_object() {
        return Err(invalid(
            operation,
            "the request body must be a JSON object".into(),
        ));
    }
    let mut unknown: Vec<String> = Vec::new();
    let mut record = |path: serde_ignored::Path<'_>| unknown.push(field_path(&path));
    let decoded =
        serde_path_to_error::deserialize(serde_ignored::Deserializer::new(body, &mut record));
    let value = decoded.map_err(|e| {
        let path = e.path().to_string();
        let what = describe(&e.into_inner().to_string());
        invalid(
            operation,
            if path == "." {
                format!("the request body does not fit: {what}")
            } else {
                format!("the request body's field `{path}` does not fit: {what}")
            },
        )
    })?;
    if unknown.is_empty() {
        return Ok(value);
    }
    let body_type = operation
        .inputs
        .iter()
        .find(|i| i.location == Location::Body)
        .map_or("the operation's body", |i| i.schema);
    // Decoded into the spec's type and encoded again, an unknown field
    // would never reach the server: refused rather than dropped unseen.
    let (fields, are) = match unknown.len() {
        1 => ("field", "is"),
        _ => ("fields", "are"),
    };
    Err(invalid(
        operation,
        format!(
            "the request body's {fields} {} {are} unknown: {body_type} has no such {fields}",
            unknown
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

/// A path of `serde_ignored` as `serde_path_to_error` spells one:
/// `address.zipcode`, `users[2].emali` (an `Option` or a newtype adds
/// nothing).
fn field_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", field_path(parent)),
        Path::Map { parent, key } => match field_path(parent) {
            p if p.is_empty() => key.clone(),
            p => format!("{p}.{key}"),
        },
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => field_path(parent),
    }
}

/// Refuses a body for an operation that takes none.
pub(crate) fn no_body(operation: &Operation, body: Option<&Value>) -> Result<(), InvokeError> {
    match body {
        None | Some(Value::Null) => Ok(()),
        Some(_) => Err(invalid(
            operation,
            "the operation takes no request body".into(),
        )),
    }
}

/// A facade answer as JSON.
pub(crate) fn json<T: Serialize>(
    operation: &Operation,
    response: ApiResponse<T>,
) -> Result<ApiResponse<Value>, Error> {
    let data = serde_json::to_value(&response.data).map_err(|e| Error::InvalidRequest {
        operation: operation.id,
        message: format!("the answer does not encode as JSON: {e}"),
    })?;
    Ok(response.map(|_| data))
}

/// A low-level answer as JSON.
#[allow(clippy::result_large_err)] // the generated client's own error type
pub(crate) fn raw_json<T: Serialize>(
    response: ResponseValue<T>,
) -> Result<ResponseValue<Value>, RawInvokeError> {
    let (status, headers) = (response.status(), response.headers().clone());
    let data = serde_json::to_value(response.into_inner()).map_err(|e| {
        RawInvokeError::Raw(progenitor_client::Error::Custom(format!(
            "the answer does not encode as JSON: {e}"
        )))
    })?;
    Ok(ResponseValue::new(data, status, headers))
}

/// serde's message without the offending value: `invalid type: string
/// "hunter2", expected u64` becomes `invalid type, expected u64`, so that a
/// password given where a number belongs is not repeated.
fn describe(message: &str) -> String {
    // serde quotes the value it refused (`invalid type: string "..."`,
    // `unknown variant `...``): keep the kind and what was expected only.
    for kind in ["invalid type", "invalid value", "unknown variant"] {
        if message.starts_with(kind) {
            if let Some(i) = message.find(", expected ") {
                return format!("{kind}{}", &message[i..]);
            }
            return kind.to_string();
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn values_are_left_out_of_messages() {
        assert_eq!(
            describe("invalid type: string \"hunter2\", expected u64"),
            "invalid type, expected u64"
        );
        assert_eq!(
            describe("unknown variant `hunter2`, expected `S256`"),
            "unknown variant, expected `S256`"
        );
        assert_eq!(describe("missing field `email`"), "missing field `email`");
    }
}

/// The generated half: `AuthClient::invoke` and `raw::Client::invoke`, one
/// arm per operation, written by `codegen/invoke.rs` from the spec.
mod generated {
    use crate::raw::types;

    include!(concat!(env!("OUT_DIR"), "/saasus_auth_invoke.rs"));
}
