//! What breaks existing callers (`xtask::spec_diff::rules`).

use xtask::spec_diff::rules::*;

#[test]
fn field_rules_depend_on_direction() {
    let c = Site::Component;
    assert!(is_breaking(
        Kind::FieldAdded { required: true },
        c,
        Usage::REQUEST
    ));
    assert!(!is_breaking(
        Kind::FieldAdded { required: true },
        c,
        Usage::RESPONSE
    ));
    assert!(!is_breaking(
        Kind::FieldAdded { required: false },
        c,
        Usage::BOTH
    ));
    assert!(is_breaking(Kind::FieldMadeOptional, c, Usage::RESPONSE));
    assert!(!is_breaking(Kind::FieldMadeOptional, c, Usage::REQUEST));
    assert!(is_breaking(Kind::FieldMadeRequired, c, Usage::REQUEST));
    assert!(!is_breaking(Kind::FieldMadeRequired, c, Usage::RESPONSE));
}

#[test]
fn enum_rules() {
    // Closed Rust enums: a new value breaks decoding of any schema...
    assert!(is_breaking(
        Kind::EnumValueAdded,
        Site::Component,
        Usage::REQUEST
    ));
    assert!(is_breaking(
        Kind::EnumValueAdded,
        Site::Response,
        Usage::RESPONSE
    ));
    // ...but a parameter value is only ever sent.
    assert!(!is_breaking(
        Kind::EnumValueAdded,
        Site::Parameter,
        Usage::REQUEST
    ));
    assert!(is_breaking(
        Kind::EnumValueRemoved,
        Site::Parameter,
        Usage::REQUEST
    ));
    assert!(!is_breaking(
        Kind::EnumValueRemoved,
        Site::Response,
        Usage::RESPONSE
    ));
}

#[test]
fn statuses_and_operations() {
    let o = Site::Operation;
    let u = Usage::BOTH;
    assert!(!is_breaking(Kind::ResponseAdded { success: false }, o, u));
    assert!(is_breaking(Kind::ResponseAdded { success: true }, o, u));
    assert!(is_breaking(Kind::ResponseRemoved { success: true }, o, u));
    assert!(!is_breaking(Kind::OperationAdded, o, u));
    assert!(is_breaking(Kind::OperationRemoved, o, u));
    assert!(is_breaking(Kind::ParameterAdded { required: true }, o, u));
    assert!(!is_breaking(Kind::ParameterAdded { required: false }, o, u));
}
