//! Comparing the wire contract of two OpenAPI 3.0 documents, held as
//! `serde_yaml::Value`s. Nothing here panics on odd input: anything that is
//! not the expected shape is skipped or compared as a plain value.
//!
//! `$ref`s to component schemas are compared by name and never followed
//! (component schemas are compared by name too). `$ref`s to
//! components/parameters, requestBodies and responses are looked up in the
//! same document, since parameters are keyed by their location and name.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

use super::rules::{is_breaking, rust_effect, usage_of_site, Bump, Kind, Site, Usage};

/// Which group a difference is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn sign(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One difference between the old and the new spec.
#[derive(Debug, Clone)]
pub struct Difference {
    pub change: Change,
    pub kind: Kind,
    /// What changed: `operation GET /roles`, `schema Tenant.name`, ...
    pub subject: String,
    /// How: `type string -> integer`, or a description of what was added.
    pub detail: String,
    pub breaking: bool,
    /// What it does to the crate's public Rust API.
    pub rust: &'static str,
    /// The version bump that needs.
    pub bump: Bump,
    /// The printed line, without the sign and the `(breaking)` mark.
    pub text: String,
}

impl Difference {
    /// The line printed for this difference.
    pub fn line(&self) -> String {
        let mark = if self.breaking { "  (breaking)" } else { "" };
        format!("{} {}{mark}", self.change.sign(), self.text)
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords that are prose, never compared (besides `x-` extensions).
const PROSE: [&str; 7] = [
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "externalDocs",
    "xml",
];

/// Schema keywords compared as constraints.
const CONSTRAINTS: [&str; 14] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "const",
];

/// Schema keywords compared as annotations.
const ANNOTATIONS: [&str; 4] = ["default", "readOnly", "writeOnly", "deprecated"];

/// Schema keywords with a comparison of their own.
const STRUCTURAL: [&str; 12] = [
    "$ref",
    "type",
    "format",
    "nullable",
    "enum",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
];

/// Every difference in the wire contract from `old` to `new`, grouped by
/// nothing yet: operations first (in path order), then component schemas.
pub fn diff(old: &Value, new: &Value) -> Vec<Difference> {
    let old_ops = operations(old);
    let new_ops = operations(new);
    let usages = Usages {
        old: usages(old, &old_ops),
        new: usages(new, &new_ops),
    };
    let mut out = Out::default();

    // Operations that moved: gone from one METHOD + path, present at another
    // with the same operationId.
    let removed: Vec<&OpKey> = old_ops
        .keys()
        .filter(|k| !new_ops.contains_key(*k))
        .collect();
    let added: Vec<&OpKey> = new_ops
        .keys()
        .filter(|k| !old_ops.contains_key(*k))
        .collect();
    let mut moved: Vec<(&OpKey, &OpKey)> = Vec::new();
    for old_key in &removed {
        let Some(id) = old_ops[*old_key].id.as_deref() else {
            continue;
        };
        let same: Vec<&&OpKey> = added
            .iter()
            .filter(|k| new_ops[**k].id.as_deref() == Some(id))
            .collect();
        // Only an unambiguous match, and each new operation once.
        if let [new_key] = same[..] {
            if !moved.iter().any(|(_, n)| n == new_key) {
                moved.push((old_key, new_key));
            }
        }
    }
    let moved_old: BTreeSet<&OpKey> = moved.iter().map(|(o, _)| *o).collect();
    let moved_new: BTreeSet<&OpKey> = moved.iter().map(|(_, n)| *n).collect();

    for key in added.iter().filter(|k| !moved_new.contains(**k)) {
        let op = &new_ops[*key];
        out.push(
            Change::Added,
            Kind::OperationAdded,
            (Site::Operation, Usage::BOTH),
            format!("operation {}", op.label()),
            op.about(),
            true,
        );
    }
    for key in removed.iter().filter(|k| !moved_old.contains(**k)) {
        let op = &old_ops[*key];
        out.push(
            Change::Removed,
            Kind::OperationRemoved,
            (Site::Operation, Usage::BOTH),
            format!("operation {}", op.label()),
            op.about(),
            true,
        );
    }
    for (key, op) in &new_ops {
        if let Some(old_op) = old_ops.get(key) {
            diff_operation(&mut out, old_op, op);
        } else if let Some((old_key, _)) = moved.iter().find(|(_, n)| *n == key) {
            let old_op = &old_ops[*old_key];
            out.push(
                Change::Changed,
                Kind::OperationMoved,
                (Site::Operation, Usage::BOTH),
                format!("operation {}", op.id.as_deref().unwrap_or_default()),
                format!("{} -> {}", old_op.label(), op.label()),
                false,
            );
            diff_operation(&mut out, old_op, op);
        }
    }

    // Component schemas.
    let old_schemas = component_schemas(old);
    let new_schemas = component_schemas(new);
    for (name, schema) in &new_schemas {
        if !old_schemas.contains_key(name) {
            out.push(
                Change::Added,
                Kind::SchemaAdded,
                (Site::Component, Usage::BOTH),
                format!("schema {name}"),
                describe(schema),
                true,
            );
        }
    }
    for (name, schema) in &old_schemas {
        if !new_schemas.contains_key(name) {
            out.push(
                Change::Removed,
                Kind::SchemaRemoved,
                (Site::Component, Usage::BOTH),
                format!("schema {name}"),
                describe(schema),
                true,
            );
        }
    }
    for (name, new_schema) in &new_schemas {
        if let Some(old_schema) = old_schemas.get(name) {
            let at = Loc {
                base: format!("schema {name}"),
                component: true,
                site: Site::Component,
                usage: usages.of(name),
            };
            diff_schema(&mut out, &at, "", old_schema, new_schema, 0);
        }
    }
    out.diffs
}

#[derive(Default)]
struct Out {
    diffs: Vec<Difference>,
}

impl Out {
    /// Records a difference; `paren` prints the detail as `subject (detail)`
    /// rather than `subject: detail`.
    fn push(
        &mut self,
        change: Change,
        kind: Kind,
        (site, usage): (Site, Usage),
        subject: String,
        detail: String,
        paren: bool,
    ) {
        let text = match (detail.is_empty(), paren) {
            (true, _) => subject.clone(),
            (false, true) => format!("{subject} ({detail})"),
            (false, false) => format!("{subject}: {detail}"),
        };
        let (bump, rust) = rust_effect(kind);
        self.diffs.push(Difference {
            change,
            kind,
            subject,
            detail,
            breaking: is_breaking(kind, site, usage),
            rust,
            bump,
            text,
        });
    }
}

// ---------------------------------------------------------------------------
// Operations

/// (path, index of the method in [`METHODS`]): sorts by path, then method.
type OpKey = (String, usize);

struct Operation<'a> {
    method: &'static str,
    path: String,
    id: Option<String>,
    tags: Vec<String>,
    deprecated: bool,
    /// By (location, name); `$ref`s resolved.
    params: BTreeMap<(String, String), &'a Value>,
    /// The keys of `params` in declaration order (path-level ones first).
    param_order: Vec<(String, String)>,
    body: Option<&'a Value>,
    /// By status code; `$ref`s resolved.
    responses: BTreeMap<String, &'a Value>,
}

impl Operation<'_> {
    fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    /// `ArchiveTenant, tag tenant`.
    fn about(&self) -> String {
        let id = self.id.as_deref().unwrap_or("no operationId");
        match self.tags.len() {
            0 => id.to_string(),
            1 => format!("{id}, tag {}", self.tags[0]),
            _ => format!("{id}, tags {}", self.tags.join(", ")),
        }
    }
}

fn operations(doc: &Value) -> BTreeMap<OpKey, Operation<'_>> {
    let mut ops = BTreeMap::new();
    let Some(paths) = doc.get("paths") else {
        return ops;
    };
    for (path, item) in entries(paths) {
        let item = resolve(doc, item);
        let shared = parameters(doc, item.get("parameters"));
        for (index, method) in METHODS.iter().enumerate() {
            let Some(op) = item.get(*method).filter(|op| op.is_mapping()) else {
                continue;
            };
            let own = parameters(doc, op.get("parameters"));
            let mut param_order = Vec::new();
            for (key, _) in shared.iter().chain(own.iter()) {
                if !param_order.contains(key) {
                    param_order.push(key.clone());
                }
            }
            let params = shared.iter().cloned().chain(own).collect();
            let tags = op
                .get("tags")
                .and_then(Value::as_sequence)
                .map(|tags| tags.iter().map(render_plain).collect())
                .unwrap_or_default();
            let responses = op
                .get("responses")
                .map(|r| entries(r).map(|(s, v)| (s, resolve(doc, v))).collect())
                .unwrap_or_default();
            ops.insert(
                (path.clone(), index),
                Operation {
                    method,
                    path: path.clone(),
                    id: op.get("operationId").map(render_plain),
                    tags,
                    deprecated: flag(op, "deprecated"),
                    params,
                    param_order,
                    body: op.get("requestBody").map(|b| resolve(doc, b)),
                    responses,
                },
            );
        }
    }
    ops
}

/// The parameters of a list, in declaration order.
fn parameters<'a>(doc: &'a Value, list: Option<&'a Value>) -> Vec<((String, String), &'a Value)> {
    let mut params = Vec::new();
    for p in list.and_then(Value::as_sequence).into_iter().flatten() {
        let resolved = resolve(doc, p);
        let key = match (resolved.get("in"), resolved.get("name")) {
            (Some(location), Some(name)) => (render_plain(location), render_plain(name)),
            // An unresolvable $ref, or no name: keyed by what there is.
            _ => (
                "unknown".to_string(),
                ref_of(p).map(ref_name).unwrap_or_else(|| render(p)),
            ),
        };
        params.push((key, resolved));
    }
    params
}

fn diff_operation(out: &mut Out, o: &Operation, n: &Operation) {
    let label = n.label();
    let op_subject = format!("operation {label}");
    let op_site = (Site::Operation, Usage::BOTH);

    if o.id != n.id {
        out.push(
            Change::Changed,
            Kind::OperationIdChanged,
            op_site,
            op_subject.clone(),
            format!(
                "operationId {} -> {}",
                o.id.as_deref().unwrap_or("none"),
                n.id.as_deref().unwrap_or("none")
            ),
            false,
        );
    }
    // The first tag picks the facade; the others are labels.
    let (o_first, n_first) = (o.tags.first(), n.tags.first());
    if o_first != n_first {
        out.push(
            Change::Changed,
            Kind::FacadeTagChanged,
            op_site,
            op_subject.clone(),
            format!(
                "tag {} -> {}",
                o_first.map_or("none", String::as_str),
                n_first.map_or("none", String::as_str)
            ),
            false,
        );
    }
    let labels = |tags: &[String]| -> Vec<String> {
        tags.iter()
            .filter(|t| Some(*t) != o_first && Some(*t) != n_first)
            .cloned()
            .collect()
    };
    let (o_labels, n_labels) = (labels(&o.tags), labels(&n.tags));
    for tag in n_labels.iter().filter(|t| !o_labels.contains(t)) {
        out.push(
            Change::Added,
            Kind::TagAdded,
            op_site,
            op_subject.clone(),
            format!("tag {tag}"),
            false,
        );
    }
    for tag in o_labels.iter().filter(|t| !n_labels.contains(t)) {
        out.push(
            Change::Removed,
            Kind::TagRemoved,
            op_site,
            op_subject.clone(),
            format!("tag {tag}"),
            false,
        );
    }
    if o.deprecated != n.deprecated {
        out.push(
            Change::Changed,
            Kind::OperationDeprecated,
            op_site,
            op_subject.clone(),
            format!("deprecated {} -> {}", o.deprecated, n.deprecated),
            false,
        );
    }

    // Parameters.
    let keys: BTreeSet<&(String, String)> = o.params.keys().chain(n.params.keys()).collect();
    for key in keys {
        let (location, name) = key;
        let subject = format!("{location} parameter {name} of {label}");
        match (o.params.get(key), n.params.get(key)) {
            (None, Some(p)) => {
                let required = param_required(p);
                out.push(
                    Change::Added,
                    Kind::ParameterAdded { required },
                    op_site,
                    subject,
                    format!("{}, {}", describe_opt(param_schema(p)), optional(required)),
                    true,
                );
            }
            (Some(p), None) => out.push(
                Change::Removed,
                Kind::ParameterRemoved,
                op_site,
                subject,
                format!(
                    "{}, {}",
                    describe_opt(param_schema(p)),
                    optional(param_required(p))
                ),
                true,
            ),
            (Some(op), Some(np)) => diff_parameter(out, &subject, op, np),
            (None, None) => {}
        }
    }

    let kept = |op: &Operation| -> Vec<String> {
        op.param_order
            .iter()
            .filter(|k| o.params.contains_key(*k) && n.params.contains_key(*k))
            .map(|(_, name)| name.clone())
            .collect()
    };
    let (o_order, n_order) = (kept(o), kept(n));
    if o_order != n_order {
        out.push(
            Change::Changed,
            Kind::ParameterOrderChanged,
            op_site,
            op_subject.clone(),
            format!(
                "parameter order {} -> {}",
                o_order.join(", "),
                n_order.join(", ")
            ),
            false,
        );
    }

    // Request body.
    let body_subject = format!("request body of {label}");
    match (o.body, n.body) {
        (None, Some(b)) => {
            let required = flag(b, "required");
            out.push(
                Change::Added,
                Kind::RequestBodyAdded { required },
                op_site,
                body_subject,
                format!("{}, {}", describe_content(b), optional(required)),
                true,
            );
        }
        (Some(b), None) => out.push(
            Change::Removed,
            Kind::RequestBodyRemoved,
            op_site,
            body_subject,
            format!("{}, {}", describe_content(b), optional(flag(b, "required"))),
            true,
        ),
        (Some(ob), Some(nb)) => {
            let (was, is) = (flag(ob, "required"), flag(nb, "required"));
            if was != is {
                let kind = if is {
                    Kind::RequestBodyMadeRequired
                } else {
                    Kind::RequestBodyMadeOptional
                };
                out.push(
                    Change::Changed,
                    kind,
                    op_site,
                    body_subject.clone(),
                    format!("{} -> {}", optional(was), optional(is)),
                    false,
                );
            }
            diff_content(out, &body_subject, Site::RequestBody, ob, nb);
        }
        (None, None) => {}
    }

    // Responses.
    let statuses: BTreeSet<&String> = o.responses.keys().chain(n.responses.keys()).collect();
    for status in statuses {
        let subject = format!("response {status} of {label}");
        let success = status.starts_with('2');
        match (o.responses.get(status), n.responses.get(status)) {
            (None, Some(r)) => out.push(
                Change::Added,
                Kind::ResponseAdded { success },
                op_site,
                subject,
                describe_content(r),
                true,
            ),
            (Some(r), None) => out.push(
                Change::Removed,
                Kind::ResponseRemoved { success },
                op_site,
                subject,
                describe_content(r),
                true,
            ),
            (Some(or), Some(nr)) => diff_content(out, &subject, Site::Response, or, nr),
            (None, None) => {}
        }
    }
}

fn diff_parameter(out: &mut Out, subject: &str, o: &Value, n: &Value) {
    let op_site = (Site::Operation, Usage::BOTH);
    let (was, is) = (param_required(o), param_required(n));
    if was != is {
        let kind = if is {
            Kind::ParameterMadeRequired
        } else {
            Kind::ParameterMadeOptional
        };
        out.push(
            Change::Changed,
            kind,
            op_site,
            subject.to_string(),
            format!("{} -> {}", optional(was), optional(is)),
            false,
        );
    }
    for key in ["style", "explode", "allowReserved", "allowEmptyValue"] {
        let (a, b) = (o.get(key), n.get(key));
        if a != b {
            out.push(
                Change::Changed,
                Kind::ParameterSerializationChanged,
                op_site,
                subject.to_string(),
                format!("{key} {} -> {}", render_opt(a), render_opt(b)),
                false,
            );
        }
    }
    let media = |p: &Value| -> Vec<String> {
        p.get("content")
            .map(|c| entries(c).map(|(m, _)| m).collect())
            .unwrap_or_default()
    };
    let (om, nm) = (media(o), media(n));
    if om != nm {
        out.push(
            Change::Changed,
            Kind::ParameterSerializationChanged,
            op_site,
            subject.to_string(),
            format!("content [{}] -> [{}]", om.join(", "), nm.join(", ")),
            false,
        );
    }
    let at = Loc {
        base: subject.to_string(),
        component: false,
        site: Site::Parameter,
        usage: usage_of_site(Site::Parameter),
    };
    match (param_schema(o), param_schema(n)) {
        (Some(os), Some(ns)) => diff_schema(out, &at, "", os, ns, 0),
        (None, None) => {}
        (a, b) => out.push(
            Change::Changed,
            Kind::TypeChanged,
            (Site::Parameter, at.usage),
            subject.to_string(),
            format!("schema {} -> {}", describe_opt(a), describe_opt(b)),
            false,
        ),
    }
}

/// Compares the `content` of two request bodies or responses.
fn diff_content(out: &mut Out, subject: &str, site: Site, o: &Value, n: &Value) {
    let usage = usage_of_site(site);
    let (om, nm) = (media_schemas(o), media_schemas(n));
    let types: BTreeSet<&String> = om.keys().chain(nm.keys()).collect();
    for media_type in types {
        let subject = if media_type == "application/json" {
            subject.to_string()
        } else {
            format!("{subject} ({media_type})")
        };
        match (om.get(media_type), nm.get(media_type)) {
            (None, Some(s)) => out.push(
                Change::Added,
                Kind::MediaTypeAdded,
                (site, usage),
                subject,
                format!("media type {media_type}: {}", describe_opt(*s)),
                false,
            ),
            (Some(s), None) => out.push(
                Change::Removed,
                Kind::MediaTypeRemoved,
                (site, usage),
                subject,
                format!("media type {media_type}: {}", describe_opt(*s)),
                false,
            ),
            (Some(Some(os)), Some(Some(ns))) => {
                let at = Loc {
                    base: subject,
                    component: false,
                    site,
                    usage,
                };
                diff_schema(out, &at, "", os, ns, 0);
            }
            (Some(None), Some(None)) | (None, None) => {}
            (Some(a), Some(b)) => out.push(
                Change::Changed,
                Kind::TypeChanged,
                (site, usage),
                subject,
                format!("schema {} -> {}", describe_opt(*a), describe_opt(*b)),
                false,
            ),
        }
    }
}

/// The schema of each media type in `content`.
fn media_schemas(v: &Value) -> BTreeMap<String, Option<&Value>> {
    v.get("content")
        .map(|c| entries(c).map(|(m, mt)| (m, mt.get("schema"))).collect())
        .unwrap_or_default()
}

fn param_required(p: &Value) -> bool {
    flag(p, "required") || p.get("in").and_then(Value::as_str) == Some("path")
}

fn param_schema(p: &Value) -> Option<&Value> {
    p.get("schema").or_else(|| {
        p.get("content")
            .and_then(|c| entries(c).next())
            .and_then(|(_, mt)| mt.get("schema"))
    })
}

fn describe_content(v: &Value) -> String {
    let schemas: Vec<String> = v
        .get("content")
        .map(|c| {
            entries(c)
                .map(|(m, mt)| {
                    let s = describe_opt(mt.get("schema"));
                    if m == "application/json" {
                        s
                    } else {
                        format!("{m}: {s}")
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    if schemas.is_empty() {
        "no body".to_string()
    } else {
        schemas.join("; ")
    }
}

fn optional(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

// ---------------------------------------------------------------------------
// Where schemas are used

fn component_schemas(doc: &Value) -> BTreeMap<String, &Value> {
    doc.get("components")
        .and_then(|c| c.get("schemas"))
        .map(|s| entries(s).collect())
        .unwrap_or_default()
}

/// Usages of the component schemas in the old and the new spec.
struct Usages {
    old: BTreeMap<String, Usage>,
    new: BTreeMap<String, Usage>,
}

impl Usages {
    /// Where `name` is used in either spec; both directions when neither
    /// spec reaches it from an operation.
    fn of(&self, name: &str) -> Usage {
        let mut usage = Usage::default();
        for found in [self.old.get(name), self.new.get(name)]
            .into_iter()
            .flatten()
        {
            usage.request |= found.request;
            usage.response |= found.response;
        }
        if usage == Usage::default() {
            Usage::BOTH
        } else {
            usage
        }
    }
}

/// Follows `$ref`s from the operations through the component schemas.
fn usages(doc: &Value, ops: &BTreeMap<OpKey, Operation>) -> BTreeMap<String, Usage> {
    let mut seeds: Vec<(String, Usage)> = Vec::new();
    for op in ops.values() {
        let mut request = Vec::new();
        for p in op.params.values() {
            schema_refs(p, &mut request, 0);
        }
        if let Some(body) = op.body {
            schema_refs(body, &mut request, 0);
        }
        seeds.extend(request.into_iter().map(|n| (n, Usage::REQUEST)));
        let mut response = Vec::new();
        for r in op.responses.values() {
            schema_refs(r, &mut response, 0);
        }
        seeds.extend(response.into_iter().map(|n| (n, Usage::RESPONSE)));
    }
    let schemas = component_schemas(doc);
    let mut found: BTreeMap<String, Usage> = BTreeMap::new();
    while let Some((name, usage)) = seeds.pop() {
        let entry = found.entry(name.clone()).or_default();
        let merged = Usage {
            request: entry.request || usage.request,
            response: entry.response || usage.response,
        };
        if merged == *entry {
            continue;
        }
        *entry = merged;
        if let Some(schema) = schemas.get(&name) {
            let mut refs = Vec::new();
            schema_refs(schema, &mut refs, 0);
            seeds.extend(refs.into_iter().map(|n| (n, merged)));
        }
    }
    found
}

/// Names of the component schemas referenced anywhere inside `v`.
fn schema_refs(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 256 {
        return;
    }
    match v {
        Value::Mapping(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                if let Some(name) = r.strip_prefix("#/components/schemas/") {
                    out.push(name.to_string());
                }
            }
            for value in m.values() {
                schema_refs(value, out, depth + 1);
            }
        }
        Value::Sequence(s) => {
            for value in s {
                schema_refs(value, out, depth + 1);
            }
        }
        Value::Tagged(t) => schema_refs(&t.value, out, depth + 1),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Schemas

/// Where a schema being compared sits.
struct Loc {
    /// `schema Tenant`, `response 200 of GET /users`, ...
    base: String,
    /// A component schema: fields are printed as `schema Tenant.name`
    /// rather than `response 200 of GET /users at name`.
    component: bool,
    site: Site,
    usage: Usage,
}

impl Loc {
    fn subject(&self, path: &str) -> String {
        if path.is_empty() {
            self.base.clone()
        } else if self.component {
            format!("{}{path}", self.base)
        } else {
            format!("{} at {}", self.base, path.trim_start_matches('.'))
        }
    }

    fn record(
        &self,
        out: &mut Out,
        change: Change,
        kind: Kind,
        path: &str,
        detail: String,
        paren: bool,
    ) {
        out.push(
            change,
            kind,
            (self.site, self.usage),
            self.subject(path),
            detail,
            paren,
        );
    }

    /// `~ subject: detail`
    fn changed(&self, out: &mut Out, kind: Kind, path: &str, detail: String) {
        self.record(out, Change::Changed, kind, path, detail, false);
    }

    /// `+ subject: detail`
    fn added(&self, out: &mut Out, kind: Kind, path: &str, detail: String) {
        self.record(out, Change::Added, kind, path, detail, false);
    }

    /// `- subject: detail`
    fn removed(&self, out: &mut Out, kind: Kind, path: &str, detail: String) {
        self.record(out, Change::Removed, kind, path, detail, false);
    }

    /// `+ subject.field (what it is)`
    fn added_field(&self, out: &mut Out, kind: Kind, path: &str, detail: String) {
        self.record(out, Change::Added, kind, path, detail, true);
    }

    /// `- subject.field (what it was)`
    fn removed_field(&self, out: &mut Out, kind: Kind, path: &str, detail: String) {
        self.record(out, Change::Removed, kind, path, detail, true);
    }
}

/// A schema's comparable facts, with the properties and required names of
/// inline `allOf` members merged in.
#[derive(Default)]
struct Shape<'a> {
    ty: Option<String>,
    format: Option<String>,
    nullable: bool,
    enum_values: Option<Vec<String>>,
    properties: BTreeMap<String, &'a Value>,
    required: BTreeSet<String>,
    items: Option<&'a Value>,
    additional: Additional<'a>,
    all_of_refs: BTreeSet<String>,
    one_of: Vec<&'a Value>,
    any_of: Vec<&'a Value>,
    not: Option<&'a Value>,
    /// Other non-prose keywords, rendered.
    keywords: BTreeMap<String, String>,
}

#[derive(Default, PartialEq)]
enum Additional<'a> {
    /// Absent, `true` or `{}`: anything goes.
    #[default]
    Any,
    None,
    Schema(&'a Value),
}

impl<'a> Shape<'a> {
    fn of(v: &'a Value) -> Shape<'a> {
        let mut shape = Shape::default();
        shape.absorb(v, true, 0);
        if shape.ty.is_none() {
            if !shape.properties.is_empty()
                || !shape.required.is_empty()
                || !shape.all_of_refs.is_empty()
                || shape.additional != Additional::Any
            {
                shape.ty = Some("object".to_string());
            } else if shape.items.is_some() {
                shape.ty = Some("array".to_string());
            }
        }
        shape
    }

    /// Takes in the facts of `v`; `top` is false for inline `allOf`
    /// members, which contribute fields, required names and refs only.
    fn absorb(&mut self, v: &'a Value, top: bool, depth: usize) {
        let Some(m) = v.as_mapping() else {
            return;
        };
        if let Some(props) = m.get("properties") {
            for (name, schema) in entries(props) {
                self.properties.entry(name).or_insert(schema);
            }
        }
        if let Some(required) = m.get("required").and_then(Value::as_sequence) {
            self.required.extend(required.iter().map(render_plain));
        }
        for member in m
            .get("allOf")
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
        {
            match ref_of(member) {
                Some(r) => {
                    self.all_of_refs.insert(ref_name(r));
                }
                None if depth < 32 => self.absorb(member, false, depth + 1),
                None => {}
            }
        }
        if !top {
            return;
        }
        self.ty = m.get("type").map(|t| match t {
            Value::Sequence(types) => types.iter().map(render_plain).collect::<Vec<_>>().join("|"),
            other => render_plain(other),
        });
        self.format = m.get("format").map(render_plain);
        self.nullable = m.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        self.enum_values = m
            .get("enum")
            .and_then(Value::as_sequence)
            .map(|values| values.iter().map(render).collect());
        self.items = m.get("items");
        self.additional = match m.get("additionalProperties") {
            None | Some(Value::Bool(true)) => Additional::Any,
            Some(Value::Bool(false)) => Additional::None,
            Some(s) if is_any(s) => Additional::Any,
            Some(s) => Additional::Schema(s),
        };
        let members = |key: &str| -> Vec<&'a Value> {
            m.get(key)
                .and_then(Value::as_sequence)
                .map(|s| s.iter().collect())
                .unwrap_or_default()
        };
        self.one_of = members("oneOf");
        self.any_of = members("anyOf");
        self.not = m.get("not");
        for (key, value) in m {
            let Some(key) = key_str(key) else { continue };
            if is_prose(&key) || STRUCTURAL.contains(&key.as_str()) || key == "not" {
                continue;
            }
            self.keywords.insert(key, render(value));
        }
    }
}

/// A schema that accepts anything: `{}` or prose only.
fn is_any(v: &Value) -> bool {
    v.as_mapping()
        .is_some_and(|m| m.keys().all(|k| key_str(k).is_some_and(|k| is_prose(&k))))
}

fn is_prose(key: &str) -> bool {
    key.starts_with("x-") || PROSE.contains(&key)
}

fn diff_schema(out: &mut Out, at: &Loc, path: &str, o: &Value, n: &Value, depth: usize) {
    if depth > 64 {
        return;
    }
    match (ref_of(o), ref_of(n)) {
        (Some(a), Some(b)) => {
            let (a, b) = (ref_name(a), ref_name(b));
            if a != b {
                at.changed(out, Kind::RefChanged, path, format!("$ref {a} -> {b}"));
            }
            return;
        }
        (None, None) => {}
        _ => {
            at.changed(
                out,
                Kind::TypeChanged,
                path,
                format!("{} -> {}", describe(o), describe(n)),
            );
            return;
        }
    }
    if !o.is_mapping() || !n.is_mapping() {
        if render(o) != render(n) {
            at.changed(
                out,
                Kind::TypeChanged,
                path,
                format!("schema {} -> {}", render(o), render(n)),
            );
        }
        return;
    }
    let (os, ns) = (Shape::of(o), Shape::of(n));

    if os.ty != ns.ty {
        at.changed(
            out,
            Kind::TypeChanged,
            path,
            format!("type {} -> {}", or_none(&os.ty), or_none(&ns.ty)),
        );
        // Everything below would only restate the new type.
        return;
    }
    if os.format != ns.format {
        at.changed(
            out,
            Kind::FormatChanged,
            path,
            format!("format {} -> {}", or_none(&os.format), or_none(&ns.format)),
        );
    }
    if os.nullable != ns.nullable {
        let kind = if ns.nullable {
            Kind::NullableAdded
        } else {
            Kind::NullableRemoved
        };
        at.changed(
            out,
            kind,
            path,
            format!("nullable {} -> {}", os.nullable, ns.nullable),
        );
    }

    match (&os.enum_values, &ns.enum_values) {
        (Some(a), Some(b)) => {
            for value in b.iter().filter(|v| !a.contains(v)) {
                at.added(
                    out,
                    Kind::EnumValueAdded,
                    path,
                    format!("enum value {value}"),
                );
            }
            for value in a.iter().filter(|v| !b.contains(v)) {
                at.removed(
                    out,
                    Kind::EnumValueRemoved,
                    path,
                    format!("enum value {value}"),
                );
            }
        }
        (None, None) => {}
        (a, b) => {
            let show = |e: &Option<Vec<String>>| match e {
                Some(values) => format!("enum [{}]", values.join(", ")),
                None => "no enum".to_string(),
            };
            at.changed(
                out,
                Kind::TypeChanged,
                path,
                format!("{} -> {}", show(a), show(b)),
            );
        }
    }

    // Fields.
    let names: BTreeSet<&String> = os
        .properties
        .keys()
        .chain(ns.properties.keys())
        .chain(os.required.iter())
        .chain(ns.required.iter())
        .collect();
    for name in names {
        let field = format!("{path}.{name}");
        let (was, is) = (os.required.contains(name), ns.required.contains(name));
        match (os.properties.get(name), ns.properties.get(name)) {
            (None, Some(s)) => {
                at.added_field(
                    out,
                    Kind::FieldAdded { required: is },
                    &field,
                    format!("{}, {}", describe(s), optional(is)),
                );
                continue;
            }
            (Some(s), None) => {
                at.removed_field(
                    out,
                    Kind::FieldRemoved,
                    &field,
                    format!("{}, {}", describe(s), optional(was)),
                );
                continue;
            }
            _ => {}
        }
        if was != is {
            let kind = if is {
                Kind::FieldMadeRequired
            } else {
                Kind::FieldMadeOptional
            };
            at.changed(
                out,
                kind,
                &field,
                format!("{} -> {}", optional(was), optional(is)),
            );
        }
        if let (Some(a), Some(b)) = (os.properties.get(name), ns.properties.get(name)) {
            diff_schema(out, at, &field, a, b, depth + 1);
        }
    }

    // Array items.
    let items = format!("{path}[]");
    match (os.items, ns.items) {
        (Some(a), Some(b)) => diff_schema(out, at, &items, a, b, depth + 1),
        (None, None) => {}
        (a, b) => at.changed(
            out,
            Kind::ItemsChanged,
            path,
            format!("items {} -> {}", describe_opt(a), describe_opt(b)),
        ),
    }

    // Maps.
    match (&os.additional, &ns.additional) {
        (Additional::Schema(a), Additional::Schema(b)) => {
            diff_schema(out, at, &format!("{path}{{}}"), a, b, depth + 1)
        }
        (a, b) if a != b => {
            let show = |x: &Additional| match x {
                Additional::Any => "true".to_string(),
                Additional::None => "false".to_string(),
                Additional::Schema(s) => describe(s),
            };
            at.changed(
                out,
                Kind::AdditionalPropertiesChanged,
                path,
                format!("additionalProperties {} -> {}", show(a), show(b)),
            );
        }
        _ => {}
    }

    // Composition.
    for name in ns.all_of_refs.difference(&os.all_of_refs) {
        at.added(
            out,
            Kind::CompositionChanged,
            path,
            format!("allOf member {name}"),
        );
    }
    for name in os.all_of_refs.difference(&ns.all_of_refs) {
        at.removed(
            out,
            Kind::CompositionChanged,
            path,
            format!("allOf member {name}"),
        );
    }
    diff_members(out, at, path, "oneOf", &os.one_of, &ns.one_of, depth);
    diff_members(out, at, path, "anyOf", &os.any_of, &ns.any_of, depth);
    match (os.not, ns.not) {
        (Some(a), Some(b)) => diff_schema(out, at, &format!("{path}.not"), a, b, depth + 1),
        (None, None) => {}
        (a, b) => at.changed(
            out,
            Kind::CompositionChanged,
            path,
            format!("not {} -> {}", describe_opt(a), describe_opt(b)),
        ),
    }

    // Everything else that is not prose.
    let keys: BTreeSet<&String> = os.keywords.keys().chain(ns.keywords.keys()).collect();
    for key in keys {
        let (a, b) = (os.keywords.get(key), ns.keywords.get(key));
        if a == b {
            continue;
        }
        let kind = if CONSTRAINTS.contains(&key.as_str()) {
            Kind::ConstraintChanged
        } else if ANNOTATIONS.contains(&key.as_str()) {
            Kind::AnnotationChanged
        } else {
            Kind::OtherKeywordChanged
        };
        let show = |v: Option<&String>| v.cloned().unwrap_or_else(|| "none".to_string());
        at.changed(out, kind, path, format!("{key} {} -> {}", show(a), show(b)));
    }
}

/// Compares `oneOf` / `anyOf` members: `$ref` members by name, inline ones
/// by position.
fn diff_members(
    out: &mut Out,
    at: &Loc,
    path: &str,
    keyword: &str,
    o: &[&Value],
    n: &[&Value],
    depth: usize,
) {
    let refs = |members: &[&Value]| -> BTreeSet<String> {
        members
            .iter()
            .filter_map(|m| ref_of(m))
            .map(ref_name)
            .collect()
    };
    let (or, nr) = (refs(o), refs(n));
    for name in nr.difference(&or) {
        at.added(
            out,
            Kind::CompositionChanged,
            path,
            format!("{keyword} member {name}"),
        );
    }
    for name in or.difference(&nr) {
        at.removed(
            out,
            Kind::CompositionChanged,
            path,
            format!("{keyword} member {name}"),
        );
    }
    let (oi, ni) = (inline_members(o), inline_members(n));
    for i in 0..oi.len().max(ni.len()) {
        match (oi.get(i), ni.get(i)) {
            (Some(a), Some(b)) => {
                diff_schema(out, at, &format!("{path}.{keyword}[{i}]"), a, b, depth + 1)
            }
            (None, Some(b)) => at.added(
                out,
                Kind::CompositionChanged,
                path,
                format!("{keyword} member {}", describe(b)),
            ),
            (Some(a), None) => at.removed(
                out,
                Kind::CompositionChanged,
                path,
                format!("{keyword} member {}", describe(a)),
            ),
            (None, None) => {}
        }
    }
}

fn inline_members<'a>(members: &[&'a Value]) -> Vec<&'a Value> {
    members
        .iter()
        .filter(|m| ref_of(m).is_none())
        .copied()
        .collect()
}

/// A short description of a schema: `Tenant`, `string/date-time`,
/// `array of Role`, `map of string`, `string enum`.
pub fn describe(v: &Value) -> String {
    describe_at(v, 0)
}

fn describe_at(v: &Value, depth: usize) -> String {
    if let Some(r) = ref_of(v) {
        return ref_name(r);
    }
    if !v.is_mapping() {
        return render(v);
    }
    if depth > 8 {
        return "...".to_string();
    }
    let shape = Shape::of(v);
    let mut text = match shape.ty.as_deref() {
        Some("array") => match shape.items {
            Some(items) => format!("array of {}", describe_at(items, depth + 1)),
            None => "array".to_string(),
        },
        Some("object") if shape.properties.is_empty() => match &shape.additional {
            Additional::Schema(s) => format!("map of {}", describe_at(s, depth + 1)),
            _ if !shape.all_of_refs.is_empty() => format!(
                "allOf {}",
                shape
                    .all_of_refs
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => "object".to_string(),
        },
        Some(t) => t.to_string(),
        None if !shape.one_of.is_empty() || !shape.any_of.is_empty() => {
            let members: Vec<String> = shape
                .one_of
                .iter()
                .chain(shape.any_of.iter())
                .map(|m| describe_at(m, depth + 1))
                .collect();
            format!("one of {}", members.join(" | "))
        }
        None => "any".to_string(),
    };
    if let Some(format) = &shape.format {
        text = format!("{text}/{format}");
    }
    if shape.enum_values.is_some() {
        text.push_str(" enum");
    }
    if shape.nullable {
        text.push_str(", nullable");
    }
    text
}

fn describe_opt(v: Option<&Value>) -> String {
    v.map(describe).unwrap_or_else(|| "no schema".to_string())
}

// ---------------------------------------------------------------------------
// Value helpers

fn ref_of(v: &Value) -> Option<&str> {
    v.as_mapping()?.get("$ref")?.as_str()
}

/// `#/components/schemas/Tenant` -> `Tenant`; other refs stay whole.
fn ref_name(r: &str) -> String {
    r.strip_prefix("#/components/schemas/")
        .unwrap_or(r)
        .to_string()
}

/// Follows local `$ref`s (`#/...`) to what they point at; an unresolvable
/// ref is returned as is.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    let mut current = v;
    for _ in 0..16 {
        let Some(pointer) = ref_of(current).and_then(|r| r.strip_prefix("#/")) else {
            return current;
        };
        let mut target = doc;
        for token in pointer.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            match entries(target).find(|(k, _)| *k == token) {
                Some((_, next)) => target = next,
                None => return current,
            }
        }
        current = target;
    }
    current
}

/// The entries of a mapping with their keys as text (YAML allows `200:` as
/// a number key); empty for anything else.
fn entries(v: &Value) -> impl Iterator<Item = (String, &Value)> {
    v.as_mapping()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| key_str(k).map(|k| (k, v)))
}

fn key_str(k: &Value) -> Option<String> {
    match k {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A value as compact JSON-like text: strings quoted.
fn render(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_else(|_| s.clone()),
        other => serde_json::to_string(other).unwrap_or_else(|_| {
            serde_yaml::to_string(other)
                .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|_| "<value>".to_string())
        }),
    }
}

fn render_opt(v: Option<&Value>) -> String {
    v.map(render).unwrap_or_else(|| "none".to_string())
}

/// A scalar as text, strings unquoted.
fn render_plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => render(other),
    }
}

fn or_none(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("none")
}
