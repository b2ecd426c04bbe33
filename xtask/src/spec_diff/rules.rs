//! What kinds of difference `spec-diff` reports, and which of them break
//! existing callers. [`is_breaking`] is the only place that decides.

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
/// | enum value added                          | except on a parameter: the generated Rust enums are closed, so a client decoding a new value fails |
/// | enum value removed                        | when sent (request input)                       |
/// | additionalProperties changed              | always                                          |
/// | allOf/oneOf/anyOf/not member changed      | always                                          |
/// | constraint changed                        | always (the generated types validate; the direction is not analysed) |
/// | default/readOnly/writeOnly/deprecated     | never                                           |
/// | any other non-prose keyword changed       | always (unknown, so conservative)               |
///
/// Prose (description, summary, title, example(s), externalDocs, xml,
/// `x-` extensions) is never compared.
pub fn is_breaking(kind: Kind, site: Site, usage: Usage) -> bool {
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
        EnumValueAdded => site != Site::Parameter,
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
