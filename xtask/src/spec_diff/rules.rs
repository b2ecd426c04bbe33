//! What kinds of difference `spec-diff` reports, which of them break
//! existing callers on the wire ([`is_breaking`]), and what each does to
//! the crate's public Rust API and the version bump that needs
//! ([`rust_effect`]). These two functions are the only places that decide.

/// One kind of difference between two specs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    // Operations (keyed by METHOD + path).
    OperationAdded,
    OperationRemoved,
    /// Same operationId, different method or path.
    OperationMoved,
    OperationIdChanged,
    OperationDeprecated,
    /// The first tag changed: it picks the facade (`TenantApi`, ...) the
    /// operation's method is generated on.
    FacadeTagChanged,
    /// Any other tag.
    TagAdded,
    TagRemoved,

    // Parameters (keyed by location + name, `$ref`s to components/parameters resolved).
    ParameterAdded {
        required: bool,
    },
    ParameterRemoved,
    ParameterMadeRequired,
    ParameterMadeOptional,
    /// style, explode, allowReserved, allowEmptyValue or content changed.
    ParameterSerializationChanged,
    /// The parameters kept by both specs are declared in another order:
    /// the generated methods take them positionally.
    ParameterOrderChanged,

    // Request bodies and responses.
    RequestBodyAdded {
        required: bool,
    },
    RequestBodyRemoved,
    RequestBodyMadeRequired,
    RequestBodyMadeOptional,
    MediaTypeAdded,
    MediaTypeRemoved,
    /// A status code; `success` is a 2xx status.
    ResponseAdded {
        success: bool,
    },
    ResponseRemoved {
        success: bool,
    },

    // Schemas: component schemas, and inline schemas of parameters, bodies
    // and responses. Fields are properties (inline `allOf` members merged).
    SchemaAdded,
    SchemaRemoved,
    FieldAdded {
        required: bool,
    },
    FieldRemoved,
    FieldMadeRequired,
    FieldMadeOptional,
    /// `type`, or a `$ref` replaced by an inline schema or the reverse.
    TypeChanged,
    FormatChanged,
    /// A `$ref` that names another schema.
    RefChanged,
    /// `items` appeared or disappeared (a changed item type is a
    /// [`Kind::TypeChanged`] / [`Kind::RefChanged`] at `[]`).
    ItemsChanged,
    NullableAdded,
    NullableRemoved,
    EnumValueAdded,
    EnumValueRemoved,
    AdditionalPropertiesChanged,
    /// An `allOf` / `oneOf` / `anyOf` / `not` member added or removed.
    CompositionChanged,
    /// minimum, maximum, pattern, minLength, maxLength, multipleOf, ...
    ConstraintChanged,
    /// default, readOnly, writeOnly, deprecated.
    AnnotationChanged,
    /// Any other keyword that is not prose (discriminator, ...).
    OtherKeywordChanged,
}

impl Kind {
    /// The kind's name in `--format json`, in snake_case.
    pub fn name(self) -> &'static str {
        use Kind::*;
        match self {
            OperationAdded => "operation_added",
            OperationRemoved => "operation_removed",
            OperationMoved => "operation_moved",
            OperationIdChanged => "operation_id_changed",
            OperationDeprecated => "operation_deprecated",
            FacadeTagChanged => "facade_tag_changed",
            TagAdded => "tag_added",
            TagRemoved => "tag_removed",
            ParameterAdded { .. } => "parameter_added",
            ParameterRemoved => "parameter_removed",
            ParameterMadeRequired => "parameter_made_required",
            ParameterMadeOptional => "parameter_made_optional",
            ParameterSerializationChanged => "parameter_serialization_changed",
            ParameterOrderChanged => "parameter_order_changed",
            RequestBodyAdded { .. } => "request_body_added",
            RequestBodyRemoved => "request_body_removed",
            RequestBodyMadeRequired => "request_body_made_required",
            RequestBodyMadeOptional => "request_body_made_optional",
            MediaTypeAdded => "media_type_added",
            MediaTypeRemoved => "media_type_removed",
            ResponseAdded { .. } => "response_added",
            ResponseRemoved { .. } => "response_removed",
            SchemaAdded => "schema_added",
            SchemaRemoved => "schema_removed",
            FieldAdded { .. } => "field_added",
            FieldRemoved => "field_removed",
            FieldMadeRequired => "field_made_required",
            FieldMadeOptional => "field_made_optional",
            TypeChanged => "type_changed",
            FormatChanged => "format_changed",
            RefChanged => "ref_changed",
            ItemsChanged => "items_changed",
            NullableAdded => "nullable_added",
            NullableRemoved => "nullable_removed",
            EnumValueAdded => "enum_value_added",
            EnumValueRemoved => "enum_value_removed",
            AdditionalPropertiesChanged => "additional_properties_changed",
            CompositionChanged => "composition_changed",
            ConstraintChanged => "constraint_changed",
            AnnotationChanged => "annotation_changed",
            OtherKeywordChanged => "other_keyword_changed",
        }
    }
}

/// Where a schema sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// Not a schema difference (operations, parameters as a whole, statuses).
    Operation,
    /// The schema of a parameter: request input, and progenitor's
    /// parameter enums are only ever built by callers.
    Parameter,
    /// Inline in a request body.
    RequestBody,
    /// Inline in a response.
    Response,
    /// Under components/schemas; [`Usage`] says where it is reachable from.
    Component,
}

/// Which direction a schema travels in, found by following `$ref`s from the
/// operations of both specs. A component schema reachable from no operation
/// counts as both (the conservative answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Reachable from a parameter or a request body: callers send it.
    pub request: bool,
    /// Reachable from a response: callers decode it.
    pub response: bool,
}

impl Usage {
    pub const BOTH: Usage = Usage {
        request: true,
        response: true,
    };
    pub const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    pub const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };
}

/// Whether a difference of `kind`, in a schema at `site` used in direction
/// `usage`, breaks existing callers of the crate. The rules, in one table:
///
/// | difference                                | breaking when                                   |
/// |-------------------------------------------|-------------------------------------------------|
/// | operation added                           | never                                           |
/// | operation removed, moved, operationId changed | always                                      |
/// | operation deprecated / undeprecated       | never                                           |
/// | first tag of an operation changed         | always (the facade method moves to another facade) |
/// | another tag added or removed              | never (only the first tag picks a facade)       |
/// | parameter added                           | when it is required                             |
/// | parameter removed                         | always                                          |
/// | parameter made required / optional        | required: always; optional: never               |
/// | parameter serialization changed           | always                                          |
/// | kept parameters declared in another order | always (generated methods take them positionally) |
/// | request body added                        | when it is required                             |
/// | request body removed / made required      | always                                          |
/// | request body made optional                | never                                           |
/// | media type added                          | never                                           |
/// | media type removed                        | always                                          |
/// | response status added / removed           | when it is a 2xx (the success status changed); a new or dropped error status is not |
/// | schema added                              | never                                           |
/// | schema removed                            | always                                          |
/// | field added                               | when required and the schema is sent (request)  |
/// | field removed                             | always (lost data, or a Rust field that is gone)|
/// | field made required                       | when the schema is sent (request)               |
/// | field made optional                       | when the schema is decoded (response)           |
/// | type, format, `$ref` target, items changed| always                                          |
/// | nullable added                            | when decoded (a client may now see null)        |
/// | nullable removed                          | when sent (a client may be sending null)        |
/// | enum value added                          | never: the generated enums keep a value they do not list (`Unknown`) |
/// | enum value removed                        | when sent (request input)                       |
/// | additionalProperties changed              | always                                          |
/// | allOf/oneOf/anyOf/not member changed      | always                                          |
/// | constraint changed                        | always (the generated types validate; the direction is not analysed) |
/// | default/readOnly/writeOnly/deprecated     | never                                           |
/// | any other non-prose keyword changed       | always (unknown, so conservative)               |
///
/// Prose (description, summary, title, example(s), externalDocs, xml,
/// `x-` extensions) is never compared.
pub fn is_breaking(kind: Kind, _site: Site, usage: Usage) -> bool {
    use Kind::*;
    match kind {
        OperationAdded => false,
        OperationRemoved | OperationMoved | OperationIdChanged => true,
        OperationDeprecated => false,
        FacadeTagChanged => true,
        TagAdded | TagRemoved => false,

        ParameterAdded { required } => required,
        ParameterRemoved => true,
        ParameterMadeRequired => true,
        ParameterMadeOptional => false,
        ParameterSerializationChanged => true,
        ParameterOrderChanged => true,

        RequestBodyAdded { required } => required,
        RequestBodyRemoved | RequestBodyMadeRequired => true,
        RequestBodyMadeOptional => false,
        MediaTypeAdded => false,
        MediaTypeRemoved => true,
        ResponseAdded { success } | ResponseRemoved { success } => success,

        SchemaAdded => false,
        SchemaRemoved => true,
        FieldAdded { required } => required && usage.request,
        FieldRemoved => true,
        FieldMadeRequired => usage.request,
        FieldMadeOptional => usage.response,
        TypeChanged | FormatChanged | RefChanged | ItemsChanged => true,
        NullableAdded => usage.response,
        NullableRemoved => usage.request,
        EnumValueAdded => false,
        EnumValueRemoved => usage.request,
        AdditionalPropertiesChanged => true,
        CompositionChanged => true,
        ConstraintChanged => true,
        AnnotationChanged => false,
        OtherKeywordChanged => true,
    }
}

/// The direction of a schema at `site` that is not a component schema.
pub fn usage_of_site(site: Site) -> Usage {
    match site {
        Site::Parameter | Site::RequestBody => Usage::REQUEST,
        Site::Response => Usage::RESPONSE,
        Site::Operation | Site::Component => Usage::BOTH,
    }
}

/// The version bump a change of the crate's public Rust API needs (semver;
/// for a `0.y.z` crate, Cargo reads a `major` bump as the next `0.y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// The Rust API is unchanged (only what goes on the wire may be).
    Patch,
    /// Additions only: code that compiled still compiles.
    Minor,
    /// Something callers name changes or goes away: code may stop
    /// compiling.
    Major,
}

impl Bump {
    /// `patch`, `minor` or `major`.
    pub fn name(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// What a difference of `kind` does to the crate's public Rust API (the
/// facades, `raw::Client`, `types`, the operation table), generated with
/// progenitor's positional interface, typify's types and the crate's
/// tolerant, `#[non_exhaustive]` enums; and the bump it needs:
///
/// | difference                                  | Rust API                                                     | bump  |
/// |---------------------------------------------|--------------------------------------------------------------|-------|
/// | operation added                             | a new method on a facade and on `raw::Client`, a new `Operation` | minor |
/// | operation removed, operationId changed      | a method removed or renamed                                  | major |
/// | operation moved (method or path)            | none: same method, another request                           | patch |
/// | first tag changed                           | the method moves to another facade                           | major |
/// | deprecated, another tag                     | none                                                         | patch |
/// | parameter added (required or not)           | a new positional argument                                    | major |
/// | parameter removed, reordered                | an argument removed or moved                                 | major |
/// | parameter made required / optional          | the argument's type changes (`T` / `Option<T>`)              | major |
/// | parameter serialization                     | none                                                         | patch |
/// | request body added / removed                | the `body` argument appears / goes                           | major |
/// | request body made required / optional       | the `body` argument's type may change                        | major |
/// | media type added / removed                  | none / the operation may lose its JSON body                  | patch / major |
/// | success status added / removed              | the method's return type may change                          | major |
/// | error status added / removed                | none                                                         | patch |
/// | schema added                                | a new type in `types`                                        | minor |
/// | schema removed                              | a type removed from `types`                                  | major |
/// | optional field added                        | a new `Option` field                                         | minor |
/// | required field added                        | a new field every struct literal must set                    | major |
/// | field removed                               | a field removed                                              | major |
/// | field made required / optional              | the field's type changes (`T` / `Option<T>`)                 | major |
/// | type, format, `$ref`, items changed         | the type changes                                             | major |
/// | nullable added / removed                    | the type changes (`Option`)                                  | major |
/// | enum value added                            | a new variant of a `#[non_exhaustive]` enum                  | minor |
/// | enum value removed                          | a variant removed                                            | major |
/// | additionalProperties, composition changed   | the type changes (struct, map, enum)                         | major |
/// | constraint changed                          | the type may change (typify validates in newtypes)           | major |
/// | default, readOnly, writeOnly, deprecated    | none (at most a `Default` impl)                              | patch |
/// | any other non-prose keyword                 | unknown, so conservative                                     | major |
///
/// An optional field added is minor by this project's rule, although a
/// struct literal of that type (rather than `..Default::default()` or
/// deserialization) stops compiling: cargo-semver-checks, run in the
/// spec-update workflow, reports those cases (see the README).
pub fn rust_effect(kind: Kind) -> (Bump, &'static str) {
    use Bump::*;
    use Kind::*;
    match kind {
        OperationAdded => (
            Minor,
            "a new method on a facade and on raw::Client, and a new Operation",
        ),
        OperationRemoved => (Major, "the facade and raw::Client methods are removed"),
        OperationIdChanged => (Major, "the facade and raw::Client methods are renamed"),
        OperationMoved => (Patch, "no change: the same methods send another request"),
        FacadeTagChanged => (Major, "the facade method moves to another facade"),
        OperationDeprecated | TagAdded | TagRemoved => (Patch, "no change"),
        ParameterAdded { .. } => (Major, "a new positional argument of the methods"),
        ParameterRemoved => (Major, "an argument of the methods is removed"),
        ParameterOrderChanged => (Major, "the methods' arguments change places"),
        ParameterMadeRequired => (Major, "the argument's type changes from Option<T> to T"),
        ParameterMadeOptional => (Major, "the argument's type changes from T to Option<T>"),
        ParameterSerializationChanged => (Patch, "no change: the same argument, sent otherwise"),
        RequestBodyAdded { .. } => (Major, "a new body argument of the methods"),
        RequestBodyRemoved => (Major, "the body argument of the methods is removed"),
        RequestBodyMadeRequired | RequestBodyMadeOptional => {
            (Major, "the body argument's type may change")
        }
        MediaTypeAdded => (Patch, "no change: the client sends and reads JSON"),
        MediaTypeRemoved => (Major, "the operation may lose its typed JSON body"),
        ResponseAdded { success: true } | ResponseRemoved { success: true } => {
            (Major, "the methods' return type may change")
        }
        ResponseAdded { success: false } | ResponseRemoved { success: false } => {
            (Patch, "no change: error statuses are not part of the types")
        }
        SchemaAdded => (Minor, "a new type in types"),
        SchemaRemoved => (Major, "a type is removed from types"),
        FieldAdded { required: false } => (Minor, "a new Option field"),
        FieldAdded { required: true } => (Major, "a new field that every struct literal must set"),
        FieldRemoved => (Major, "a field is removed"),
        FieldMadeRequired => (Major, "the field's type changes from Option<T> to T"),
        FieldMadeOptional => (Major, "the field's type changes from T to Option<T>"),
        TypeChanged | FormatChanged | RefChanged | ItemsChanged => (Major, "the type changes"),
        NullableAdded | NullableRemoved => (Major, "the type changes (Option)"),
        EnumValueAdded => (Minor, "a new variant of a #[non_exhaustive] enum"),
        EnumValueRemoved => (Major, "a variant of the enum is removed"),
        AdditionalPropertiesChanged | CompositionChanged => (Major, "the type changes"),
        ConstraintChanged => (Major, "the type may change (typify validates in newtypes)"),
        AnnotationChanged => (Patch, "no change (at most a Default impl)"),
        OtherKeywordChanged => (Major, "unknown, so counted as a change of the type"),
    }
}
