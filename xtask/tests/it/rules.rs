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
    // The generated enums keep a value they do not list: a new value
    // breaks no decoding, anywhere.
    assert!(!is_breaking(
        Kind::EnumValueAdded,
        Site::Component,
        Usage::BOTH
    ));
    assert!(!is_breaking(
        Kind::EnumValueAdded,
        Site::Response,
        Usage::RESPONSE
    ));
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

#[test]
fn rust_api_bumps() {
    // Additions: minor.
    for kind in [
        Kind::OperationAdded,
        Kind::SchemaAdded,
        Kind::FieldAdded { required: false },
        Kind::EnumValueAdded,
    ] {
        assert_eq!(rust_effect(kind).0, Bump::Minor, "{kind:?}");
    }
    // Something callers name changes or goes away: major.
    for kind in [
        Kind::OperationRemoved,
        Kind::OperationIdChanged,
        Kind::SchemaRemoved,
        Kind::FieldRemoved,
        Kind::FieldMadeRequired,
        Kind::FieldAdded { required: true },
        Kind::TypeChanged,
        Kind::RefChanged,
        Kind::EnumValueRemoved,
        Kind::FacadeTagChanged,
        // Positional arguments: even an optional parameter is one more.
        Kind::ParameterAdded { required: false },
    ] {
        assert_eq!(rust_effect(kind).0, Bump::Major, "{kind:?}");
    }
    // Only the wire changes.
    for kind in [
        Kind::OperationMoved,
        Kind::ParameterSerializationChanged,
        Kind::ResponseAdded { success: false },
        Kind::TagAdded,
    ] {
        assert_eq!(rust_effect(kind).0, Bump::Patch, "{kind:?}");
    }
    assert!(Bump::Major > Bump::Minor && Bump::Minor > Bump::Patch);
}
