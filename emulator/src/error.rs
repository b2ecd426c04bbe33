//! Failures and their SaaSus error bodies (`{"type": "...", "message": "..."}`).
//!
//! A [`Fault`] says what went wrong; the status it is answered with depends
//! on the statuses the operation documents (see [`Fault::status`]), so that
//! every answer is one the contract lists.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use saasus_auth::types;

use crate::ops::Op;

/// What went wrong, before it is given the status its operation documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The request itself is malformed (body, path or query): always 400.
    BadRequest,
    /// The body is too large: always 413.
    TooLarge,
    /// The SAASUSSIGV1 signature is missing or wrong: always 401.
    Unauthorized,
    /// A request from outside the machine or from a web page (see
    /// [`guard`](crate::guard)): always 403.
    Forbidden,
    /// No such path: 404.
    NoRoute,
    /// The path exists with other methods: 405.
    BadMethod,
    /// An operation of the contract the emulator does not implement: 501.
    NotImplemented,
    /// An id that does not exist: 404, else 400, else 500, whichever the
    /// operation documents first.
    NotFound,
    /// Parameters that cannot be applied (duplicates, bad values): 400 if
    /// documented, else 500.
    Invalid,
    /// A token, code, password or session not accepted: 401, else 400,
    /// else 500.
    Rejected,
    /// The emulator itself failed: 500.
    Internal,
}

/// An error answer: an error type, a message and a [`Kind`].
#[derive(Debug, Clone)]
pub struct Fault {
    /// What went wrong.
    pub kind: Kind,
    /// The `type` of the SaaSus error body.
    pub error_type: &'static str,
    /// The `message` of the SaaSus error body.
    pub message: String,
}

impl Fault {
    /// A fault of `kind`.
    pub fn new(kind: Kind, error_type: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind,
            error_type,
            message: message.into(),
        }
    }
    /// A malformed request (400).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(Kind::BadRequest, "invalid_request", message)
    }
    /// A missing or wrong signature (401).
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(Kind::Unauthorized, "unauthorized", message)
    }
    /// An unknown id.
    pub fn not_found(error_type: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, error_type, message)
    }
    /// Parameters that cannot be applied.
    pub fn invalid(error_type: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, error_type, message)
    }
    /// A token, code, password or session not accepted.
    pub fn rejected(error_type: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Rejected, error_type, message)
    }
    /// The emulator's own failure.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Kind::Internal, "internal_server_error", message)
    }
    /// The same fault, counted as a rejected credential.
    pub fn into_rejected(self) -> Self {
        Self {
            kind: Kind::Rejected,
            ..self
        }
    }

    /// The status of this fault in `op` (`None`: outside an operation).
    pub fn status(&self, op: Option<&Op>) -> StatusCode {
        let preferred: &[u16] = match self.kind {
            Kind::BadRequest => return StatusCode::BAD_REQUEST,
            Kind::TooLarge => return StatusCode::PAYLOAD_TOO_LARGE,
            Kind::Unauthorized => return StatusCode::UNAUTHORIZED,
            Kind::Forbidden => return StatusCode::FORBIDDEN,
            Kind::NoRoute => return StatusCode::NOT_FOUND,
            Kind::BadMethod => return StatusCode::METHOD_NOT_ALLOWED,
            Kind::NotImplemented => return StatusCode::NOT_IMPLEMENTED,
            Kind::Internal => return StatusCode::INTERNAL_SERVER_ERROR,
            Kind::NotFound => &[404, 400],
            Kind::Invalid => &[400],
            Kind::Rejected => &[401, 400],
        };
        let Some(op) = op else {
            return StatusCode::from_u16(preferred[0]).unwrap_or(StatusCode::BAD_REQUEST);
        };
        preferred
            .iter()
            .find(|s| op.error_statuses.contains(s))
            .and_then(|s| StatusCode::from_u16(*s).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The SaaSus error answer of this fault in `op`.
    pub fn response(self, op: Option<&Op>) -> Response {
        let status = self.status(op);
        let body = types::Error {
            data: Default::default(),
            message: self.message,
            type_: self.error_type.to_string(),
        };
        (status, axum::Json(body)).into_response()
    }
}

impl IntoResponse for Fault {
    /// Outside an operation (extractor rejections, signature, routing).
    fn into_response(self) -> Response {
        self.response(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::Op;

    #[test]
    fn statuses_follow_what_each_operation_documents() {
        let nf = Fault::not_found("x", "x");
        assert_eq!(nf.status(Op::find("GetSaasUser")), 404);
        assert_eq!(nf.status(Op::find("CreateTenantInvitation")), 400);
        assert_eq!(nf.status(Op::find("CreateTenantUser")), 500);
        let rejected = Fault::rejected("x", "x");
        assert_eq!(rejected.status(Op::find("GetUserInfo")), 401);
        assert_eq!(rejected.status(Op::find("ConfirmExternalUserLink")), 400);
        assert_eq!(rejected.status(Op::find("ConfirmEmailUpdate")), 500);
        let invalid = Fault::invalid("x", "x");
        assert_eq!(invalid.status(Op::find("CreateSaasUser")), 400);
        assert_eq!(invalid.status(Op::find("CreateRole")), 500);
        assert_eq!(Fault::bad_request("x").status(Op::find("GetRoles")), 400);
        assert_eq!(Fault::unauthorized("x").status(None), 401);
    }
}
