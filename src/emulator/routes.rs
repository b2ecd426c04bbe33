//! The HTTP layer: one handler for every request. It reads the body,
//! checks the signature, routes on the percent-decoded path segments,
//! decodes the JSON body into the generated request type, runs the
//! operation on the store and encodes the generated response type; every
//! failure becomes a SaaSus error body with the status the operation
//! documents.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::state::Search;
use super::Shared;
use crate::config::AUTH_API_PATH;
use crate::types;

/// The largest request body read; a larger one is answered with 413.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Declares [`Op`] and, for the tests, the list of all its variants.
macro_rules! operations {
    ($($name:ident),* $(,)?) => {
        /// The operations, one per operationId of the `saasUser` tag.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Op {
            $($name),*
        }

        impl Op {
            /// Every operation.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Op] = &[$(Op::$name),*];
        }
    };
}

operations! {
    ConfirmEmailUpdate,
    ConfirmExternalUserLink,
    ConfirmSignUpWithAwsMarketplace,
    CreateSaasUser,
    CreateSecretCode,
    DeleteSaasUser,
    GetSaasUser,
    GetSaasUsers,
    GetUserMfaPreference,
    LinkAwsMarketplace,
    RequestEmailUpdate,
    RequestExternalUserLink,
    ResendSignUpConfirmationEmail,
    SignUp,
    SignUpWithAwsMarketplace,
    UnlinkProvider,
    UpdateSaasUserAttributes,
    UpdateSaasUserEmail,
    UpdateSaasUserPassword,
    UpdateSoftwareToken,
    UpdateUserMfaPreference,
    GetSaasUsersCount,
    SaveSaasUsersCount,
    SearchSaasUsers,
    ResetSaasUserPassword,
    UpdateSaasUserSignInId,
    SignIn,
    ConfirmDevice,
    UpdateDeviceStatus,
    RespondToSignInChallenge,
}

impl Op {
    /// The operationId, the success status and the error statuses the spec
    /// documents.
    pub(crate) fn spec(self) -> (&'static str, u16, &'static [u16]) {
        use Op::*;
        match self {
            ConfirmEmailUpdate => ("ConfirmEmailUpdate", 200, &[500]),
            ConfirmExternalUserLink => ("ConfirmExternalUserLink", 200, &[400, 500]),
            ConfirmSignUpWithAwsMarketplace => ("ConfirmSignUpWithAwsMarketplace", 201, &[500]),
            CreateSaasUser => ("CreateSaasUser", 201, &[400, 500]),
            CreateSecretCode => ("CreateSecretCode", 201, &[500]),
            DeleteSaasUser => ("DeleteSaasUser", 200, &[404, 500]),
            GetSaasUser => ("GetSaasUser", 200, &[404, 500]),
            GetSaasUsers => ("GetSaasUsers", 200, &[500]),
            GetUserMfaPreference => ("GetUserMfaPreference", 200, &[500]),
            LinkAwsMarketplace => ("LinkAwsMarketplace", 200, &[500]),
            RequestEmailUpdate => ("RequestEmailUpdate", 200, &[500]),
            RequestExternalUserLink => ("RequestExternalUserLink", 200, &[400, 500]),
            ResendSignUpConfirmationEmail => ("ResendSignUpConfirmationEmail", 200, &[500]),
            SignUp => ("SignUp", 201, &[500]),
            SignUpWithAwsMarketplace => ("SignUpWithAwsMarketplace", 201, &[500]),
            UnlinkProvider => ("UnlinkProvider", 200, &[500]),
            UpdateSaasUserAttributes => ("UpdateSaasUserAttributes", 200, &[500]),
            UpdateSaasUserEmail => ("UpdateSaasUserEmail", 200, &[500]),
            UpdateSaasUserPassword => ("UpdateSaasUserPassword", 200, &[500]),
            UpdateSoftwareToken => ("UpdateSoftwareToken", 200, &[500]),
            UpdateUserMfaPreference => ("UpdateUserMfaPreference", 200, &[500]),
            GetSaasUsersCount => ("GetSaasUsersCount", 200, &[500]),
            SaveSaasUsersCount => ("SaveSaasUsersCount", 200, &[400, 500]),
            SearchSaasUsers => ("SearchSaasUsers", 200, &[400, 500]),
            ResetSaasUserPassword => ("ResetSaasUserPassword", 200, &[404, 500]),
            UpdateSaasUserSignInId => ("UpdateSaasUserSignInId", 200, &[500]),
            SignIn => ("SignIn", 200, &[401, 500]),
            ConfirmDevice => ("ConfirmDevice", 200, &[400, 401, 500]),
            UpdateDeviceStatus => ("UpdateDeviceStatus", 200, &[400, 401, 500]),
            RespondToSignInChallenge => ("RespondToSignInChallenge", 200, &[401, 500]),
        }
    }

    fn success(self) -> StatusCode {
        StatusCode::from_u16(self.spec().1).unwrap_or(StatusCode::OK)
    }
}

/// What went wrong, before it is given the status its operation documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The request itself is malformed (body, encoding): always 400.
    BadRequest,
    /// The body is too large: always 413.
    TooLarge,
    /// The SAASUSSIGV1 signature is missing or wrong: always 401.
    Unauthorized,
    /// No such path: always 404.
    NoRoute,
    /// The path exists with other methods: always 405.
    BadMethod,
    /// The user (or another resource) does not exist: 404, else 400, else
    /// 500, whichever the operation documents first.
    NotFound,
    /// The parameters cannot be applied (duplicate email, short password,
    /// limit out of range): 400 if documented, else 500.
    Invalid,
    /// A token, code, password or session was not accepted: 401, else 400,
    /// else 500.
    Rejected,
    /// The emulator itself failed: 500.
    Internal,
}

/// An error answer: a SaaSus error body whose status depends on the
/// operation (see [`Kind`]).
#[derive(Debug, Clone)]
pub(crate) struct Fault {
    kind: Kind,
    error_type: &'static str,
    message: String,
}

impl Fault {
    fn new(kind: Kind, error_type: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind,
            error_type,
            message: message.into(),
        }
    }
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(Kind::BadRequest, "invalid_request", message)
    }
    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(Kind::Unauthorized, "unauthorized", message)
    }
    pub(crate) fn not_found(error_type: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, error_type, message)
    }
    pub(crate) fn invalid(error_type: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, error_type, message)
    }
    pub(crate) fn rejected(error_type: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Rejected, error_type, message)
    }
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(Kind::Internal, "internal_server_error", message)
    }
    /// The same fault, counted as a rejected credential.
    pub(crate) fn into_rejected(self) -> Self {
        Self {
            kind: Kind::Rejected,
            ..self
        }
    }

    /// The status for this fault in `op` (`None`: before routing).
    fn status(&self, op: Option<Op>) -> StatusCode {
        let preferred: &[u16] = match self.kind {
            Kind::BadRequest => return StatusCode::BAD_REQUEST,
            Kind::TooLarge => return StatusCode::PAYLOAD_TOO_LARGE,
            Kind::Unauthorized => return StatusCode::UNAUTHORIZED,
            Kind::NoRoute => return StatusCode::NOT_FOUND,
            Kind::BadMethod => return StatusCode::METHOD_NOT_ALLOWED,
            Kind::Internal => return StatusCode::INTERNAL_SERVER_ERROR,
            Kind::NotFound => &[404, 400],
            Kind::Invalid => &[400],
            Kind::Rejected => &[401, 400],
        };
        let documented = op.map(|op| op.spec().2).unwrap_or_default();
        preferred
            .iter()
            .find(|s| documented.contains(s))
            .and_then(|s| StatusCode::from_u16(*s).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn into_response(self, op: Option<Op>) -> Response {
        let status = self.status(op);
        let body = types::Error {
            data: Default::default(),
            message: self.message,
            type_: self.error_type.to_string(),
        };
        json_response(status, &body)
    }
}

/// A success answer: no body, or a JSON body.
enum Reply {
    Empty,
    Json(Vec<u8>),
}

impl Reply {
    fn json<T: Serialize>(value: &T) -> Result<Self, Fault> {
        serde_json::to_vec(value)
            .map(Reply::Json)
            .map_err(|e| Fault::internal(format!("the response does not serialize: {e}")))
    }
}

fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            Bytes::from(body),
        )
            .into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"type":"internal_server_error","message":"the response does not serialize"}"#,
        )
            .into_response(),
    }
}

/// The router: every request goes to [`handle`].
pub(crate) fn router(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(shared)
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // The path only: query values can carry personal data.
    let path = request.uri().path().to_string();
    let (op, response) = process(&shared, request).await;
    tracing::debug!(
        %method,
        path,
        operation = op.map(|op| op.spec().0),
        status = response.status().as_u16(),
        elapsed = ?started.elapsed(),
        "saasus emulator request"
    );
    response
}

/// Runs one request; returns the operation (once routed) and the answer.
async fn process(shared: &Shared, request: Request) -> (Option<Op>, Response) {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            let fault = Fault::new(
                Kind::TooLarge,
                "request_too_large",
                format!("the request body is unreadable or larger than {MAX_BODY_BYTES} bytes"),
            );
            return (None, fault.into_response(None));
        }
    };
    if let Err(fault) = shared.verifier.verify(&parts, &body) {
        return (None, fault.into_response(None));
    }
    let route = match route(&parts.method, parts.uri.path()) {
        Ok(route) => route,
        Err(fault) => return (None, fault.into_response(None)),
    };
    let op = route.op;
    let response = match dispatch(shared, &route, parts.uri.query(), &body) {
        Ok(Reply::Empty) => op.success().into_response(),
        Ok(Reply::Json(body)) => (
            op.success(),
            [(header::CONTENT_TYPE, "application/json")],
            Bytes::from(body),
        )
            .into_response(),
        Err(fault) => fault.into_response(Some(op)),
    };
    (Some(op), response)
}

/// A routed request: the operation and its decoded path parameters.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Route {
    pub(crate) op: Op,
    pub(crate) user_id: String,
    pub(crate) provider_name: String,
}

/// Finds the operation for `method` and the still percent-encoded `path`.
/// Segments are split on `/` first and decoded after, so an encoded `/`
/// stays inside its parameter.
pub(crate) fn route(method: &Method, path: &str) -> Result<Route, Fault> {
    use Op::*;
    let no_route = || {
        Fault::new(
            Kind::NoRoute,
            "not_found",
            format!("no operation at {path:?}"),
        )
    };
    let rest = path
        .strip_prefix(AUTH_API_PATH)
        .and_then(|r| r.strip_prefix('/'))
        .ok_or_else(no_route)?;
    if rest.split('/').any(str::is_empty) {
        return Err(no_route());
    }
    let segments = rest
        .split('/')
        .map(|s| {
            percent_decode(s, false).ok_or_else(|| {
                Fault::bad_request(format!(
                    "the path segment {s:?} is not valid percent-encoded UTF-8"
                ))
            })
        })
        .collect::<Result<Vec<String>, Fault>>()?;
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    let (methods, user_id, provider_name): (&[(&str, Op)], &str, &str) = match s.as_slice() {
        ["users"] => (&[("GET", GetSaasUsers), ("POST", CreateSaasUser)], "", ""),
        ["users", "count"] => (
            &[("GET", GetSaasUsersCount), ("POST", SaveSaasUsersCount)],
            "",
            "",
        ),
        ["users", "search"] => (&[("GET", SearchSaasUsers)], "", ""),
        ["users", id] => (&[("GET", GetSaasUser), ("DELETE", DeleteSaasUser)], id, ""),
        ["users", id, "password"] => (&[("PATCH", UpdateSaasUserPassword)], id, ""),
        ["users", id, "password", "reset"] => (&[("POST", ResetSaasUserPassword)], id, ""),
        ["users", id, "email"] => (&[("PATCH", UpdateSaasUserEmail)], id, ""),
        ["users", id, "email", "request"] => (&[("POST", RequestEmailUpdate)], id, ""),
        ["users", id, "email", "confirm"] => (&[("POST", ConfirmEmailUpdate)], id, ""),
        ["users", id, "sign-in-id"] => (&[("PATCH", UpdateSaasUserSignInId)], id, ""),
        ["users", id, "attributes"] => (&[("PATCH", UpdateSaasUserAttributes)], id, ""),
        ["users", id, "mfa", "software-token"] => (&[("PUT", UpdateSoftwareToken)], id, ""),
        ["users", id, "mfa", "software-token", "secret-code"] => {
            (&[("POST", CreateSecretCode)], id, "")
        }
        ["users", id, "mfa", "preference"] => (
            &[
                ("GET", GetUserMfaPreference),
                ("PATCH", UpdateUserMfaPreference),
            ],
            id,
            "",
        ),
        ["users", id, "providers", provider] => (&[("DELETE", UnlinkProvider)], id, provider),
        ["external-users", "request"] => (&[("POST", RequestExternalUserLink)], "", ""),
        ["external-users", "confirm"] => (&[("POST", ConfirmExternalUserLink)], "", ""),
        ["sign-in"] => (&[("POST", SignIn)], "", ""),
        ["sign-in", "challenge"] => (&[("POST", RespondToSignInChallenge)], "", ""),
        ["device", "confirm"] => (&[("POST", ConfirmDevice)], "", ""),
        ["device", "status"] => (&[("POST", UpdateDeviceStatus)], "", ""),
        ["sign-up"] => (&[("POST", SignUp)], "", ""),
        ["sign-up", "resend"] => (&[("POST", ResendSignUpConfirmationEmail)], "", ""),
        ["aws-marketplace", "sign-up"] => (&[("POST", SignUpWithAwsMarketplace)], "", ""),
        ["aws-marketplace", "sign-up-confirm"] => {
            (&[("POST", ConfirmSignUpWithAwsMarketplace)], "", "")
        }
        ["aws-marketplace", "link"] => (&[("PATCH", LinkAwsMarketplace)], "", ""),
        _ => return Err(no_route()),
    };
    let op = methods
        .iter()
        .find(|(m, _)| *m == method.as_str())
        .map(|(_, op)| *op)
        .ok_or_else(|| {
            let allowed: Vec<&str> = methods.iter().map(|(m, _)| *m).collect();
            Fault::new(
                Kind::BadMethod,
                "method_not_allowed",
                format!("{method} is not allowed here; use {}", allowed.join(" or ")),
            )
        })?;
    Ok(Route {
        op,
        user_id: user_id.to_string(),
        provider_name: provider_name.to_string(),
    })
}

/// Decodes a JSON body into the operation's request type: 400 when it is
/// missing or does not fit.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Fault> {
    if body.is_empty() {
        return Err(Fault::bad_request("the request body is required"));
    }
    serde_json::from_slice(body)
        .map_err(|e| Fault::bad_request(format!("the request body is not valid: {e}")))
}

/// Reads the SearchSaasUsers query string.
fn search_query(query: Option<&str>) -> Result<Search, Fault> {
    let mut search = Search::default();
    for pair in query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| {
            percent_decode(s, true).ok_or_else(|| {
                Fault::invalid(
                    "invalid_parameter",
                    "the query string is not valid percent-encoded UTF-8",
                )
            })
        };
        let value = Some(decode(v)?);
        match decode(k)?.as_str() {
            "id" => search.id = value,
            "email" => search.email = value,
            "sign_in_id" => search.sign_in_id = value,
            "limit" => search.limit = value,
            "cursor" => search.cursor = value,
            _ => {}
        }
    }
    Ok(search)
}

/// Runs the routed operation on the store.
fn dispatch(
    shared: &Shared,
    route: &Route,
    query: Option<&str>,
    body: &[u8],
) -> Result<Reply, Fault> {
    use Op::*;
    let now = shared.now_unix();
    let mut store = shared.store.lock().map_err(|_| {
        Fault::internal("the emulator's state is unavailable (a lock was poisoned)")
    })?;
    let uid = route.user_id.as_str();
    let empty = |r: Result<(), Fault>| r.map(|()| Reply::Empty);
    match route.op {
        GetSaasUsers => Reply::json(&store.get_saas_users()),
        CreateSaasUser => Reply::json(&store.create_saas_user(decode(body)?, now)?),
        GetSaasUsersCount => Reply::json(&store.get_saas_users_count()),
        SaveSaasUsersCount => empty(store.save_saas_users_count(decode(body)?, now)),
        SearchSaasUsers => Reply::json(&store.search_saas_users(search_query(query)?)?),
        GetSaasUser => Reply::json(&store.get_saas_user(uid)?),
        DeleteSaasUser => Reply::json(&store.delete_saas_user(uid, now)?),
        UpdateSaasUserPassword => empty(store.update_saas_user_password(uid, decode(body)?)),
        ResetSaasUserPassword => Reply::json(&store.reset_saas_user_password(uid)?),
        UpdateSaasUserEmail => empty(store.update_saas_user_email(uid, decode(body)?)),
        UpdateSaasUserSignInId => empty(store.update_saas_user_sign_in_id(uid, decode(body)?)),
        RequestEmailUpdate => empty(store.request_email_update(uid, decode(body)?)),
        ConfirmEmailUpdate => empty(store.confirm_email_update(uid, decode(body)?)),
        UpdateSaasUserAttributes => empty(store.update_saas_user_attributes(uid, decode(body)?)),
        UpdateSoftwareToken => empty(store.update_software_token(uid, decode(body)?)),
        CreateSecretCode => Reply::json(&store.create_secret_code(uid, decode(body)?)?),
        GetUserMfaPreference => Reply::json(&store.get_user_mfa_preference(uid)?),
        UpdateUserMfaPreference => empty(store.update_user_mfa_preference(uid, decode(body)?)),
        UnlinkProvider => empty(store.unlink_provider(uid, &route.provider_name)),
        RequestExternalUserLink => empty(store.request_external_user_link(decode(body)?)),
        ConfirmExternalUserLink => empty(store.confirm_external_user_link(decode(body)?)),
        SignUp => Reply::json(&store.sign_up(decode(body)?, now)?),
        ResendSignUpConfirmationEmail => {
            empty(store.resend_sign_up_confirmation_email(decode(body)?))
        }
        SignUpWithAwsMarketplace => {
            Reply::json(&store.sign_up_with_aws_marketplace(decode(body)?, now)?)
        }
        ConfirmSignUpWithAwsMarketplace => {
            Reply::json(&store.confirm_sign_up_with_aws_marketplace(decode(body)?)?)
        }
        LinkAwsMarketplace => empty(store.link_aws_marketplace(decode(body)?)),
        SignIn => Reply::json(&store.sign_in(decode(body)?)?),
        RespondToSignInChallenge => {
            Reply::json(&store.respond_to_sign_in_challenge(decode(body)?, now)?)
        }
        ConfirmDevice => Reply::json(&store.confirm_device(decode(body)?)?),
        UpdateDeviceStatus => empty(store.update_device_status(decode(body)?)),
    }
}

/// Percent-decodes `s` (and `+` as a space when `plus_is_space`); `None`
/// for a broken escape or bytes that are not UTF-8.
pub(crate) fn percent_decode(s: &str, plus_is_space: bool) -> Option<String> {
    fn hex_value(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_value)?;
                let lo = bytes.get(i + 2).copied().and_then(hex_value)?;
                out.push(hi << 4 | lo);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The route table, statuses and operationIds agree with the vendored
    /// spec and with the facade.
    #[test]
    fn the_table_matches_the_spec_and_the_facade() {
        let spec: serde_yaml::Value = serde_yaml::from_str(
            &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/auth.yaml"))
                .unwrap(),
        )
        .unwrap();
        let mut seen = Vec::new();
        for (path, item) in spec["paths"].as_mapping().unwrap() {
            let path = path.as_str().unwrap();
            for (method, op) in item.as_mapping().unwrap() {
                let tags = op["tags"].as_sequence();
                if !tags.is_some_and(|t| t.iter().any(|t| t.as_str() == Some("saasUser"))) {
                    continue;
                }
                let id = op["operationId"].as_str().unwrap();
                let statuses: Vec<u16> = op["responses"]
                    .as_mapping()
                    .unwrap()
                    .keys()
                    .map(|k| k.as_str().unwrap().parse().unwrap())
                    .collect();
                let concrete = path
                    .replace("{user_id}", "u%2F1")
                    .replace("{provider_name}", "p%20%E7%A4%BE");
                let method =
                    Method::from_bytes(method.as_str().unwrap().to_uppercase().as_bytes()).unwrap();
                let route = route(&method, &format!("/v1/auth{concrete}"))
                    .unwrap_or_else(|f| panic!("{id}: {f:?}"));
                let (op_id, success, errors) = route.op.spec();
                assert_eq!(op_id, id);
                assert_eq!(statuses[0], success, "{id}");
                assert_eq!(&statuses[1..], errors, "{id}");
                if path.contains("{user_id}") {
                    assert_eq!(route.user_id, "u/1", "{id}");
                }
                if path.contains("{provider_name}") {
                    assert_eq!(route.provider_name, "p 社", "{id}");
                }
                seen.push(id.to_string());
            }
        }
        assert_eq!(seen.len(), 30);
        for op in Op::ALL {
            assert!(seen.iter().any(|s| s == op.spec().0), "{op:?}");
        }
        for op in crate::Operation::all()
            .iter()
            .filter(|o| o.tag == "saasUser")
        {
            assert!(seen.iter().any(|s| s == op.id), "{}", op.id);
        }
    }

    #[test]
    fn statuses_follow_what_each_operation_documents() {
        let nf = Fault::not_found("user_not_found", "x");
        assert_eq!(nf.status(Some(Op::GetSaasUser)), 404);
        assert_eq!(nf.status(Some(Op::RequestExternalUserLink)), 400);
        assert_eq!(nf.status(Some(Op::UpdateSaasUserAttributes)), 500);
        let rejected = Fault::rejected("invalid_code", "x");
        assert_eq!(rejected.status(Some(Op::RespondToSignInChallenge)), 401);
        assert_eq!(rejected.status(Some(Op::ConfirmExternalUserLink)), 400);
        assert_eq!(rejected.status(Some(Op::ConfirmEmailUpdate)), 500);
        let invalid = Fault::invalid("email_already_exists", "x");
        assert_eq!(invalid.status(Some(Op::CreateSaasUser)), 400);
        assert_eq!(invalid.status(Some(Op::UpdateSaasUserEmail)), 500);
        assert_eq!(Fault::bad_request("x").status(Some(Op::GetSaasUsers)), 400);
        assert_eq!(Fault::unauthorized("x").status(None), 401);
    }

    #[test]
    fn unknown_paths_and_methods() {
        let err = |m: Method, p: &str| route(&m, p).unwrap_err().kind;
        assert_eq!(err(Method::GET, "/v1/auth/nope"), Kind::NoRoute);
        assert_eq!(err(Method::GET, "/v2/auth/users"), Kind::NoRoute);
        assert_eq!(err(Method::GET, "/v1/auth/users/"), Kind::NoRoute);
        assert_eq!(err(Method::PUT, "/v1/auth/users"), Kind::BadMethod);
        assert_eq!(err(Method::GET, "/v1/auth/users/%ZZ"), Kind::BadRequest);
        assert_eq!(err(Method::GET, "/v1/auth/users/%FF"), Kind::BadRequest);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Fb%20c+d", false).unwrap(), "a/b c+d");
        assert_eq!(percent_decode("a+b%2B", true).unwrap(), "a b+");
        assert_eq!(percent_decode("%E6%97%A5", false).unwrap(), "日");
        assert!(percent_decode("%2", false).is_none());
    }

    #[test]
    fn search_query_string() {
        let q = search_query(Some("email=a%40b.c&limit=10&x=1&sign_in_id=a+b")).unwrap();
        assert_eq!(q.email.as_deref(), Some("a@b.c"));
        assert_eq!(q.limit.as_deref(), Some("10"));
        assert_eq!(q.sign_in_id.as_deref(), Some("a b"));
        assert!(q.id.is_none() && q.cursor.is_none());
    }
}
