//! The diff engine on a small spec, one kind of change at a time.

use xtask::spec_diff::diff::diff;
use xtask::spec_diff::load::parse;

/// GET /things answers `Things` (response only), POST /things takes a
/// `CreateThingParam` (request only) and answers a `Thing`; `Kind` is used
/// in both directions.
const BASE: &str = r##"
openapi: 3.0.0
info: {title: Things, version: '1'}
paths:
  /things:
    get:
      tags: [thing]
      operationId: ListThings
      summary: List things
      parameters:
      - $ref: '#/components/parameters/Limit'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Things'}
        '500':
          description: error
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
    post:
      tags: [thing]
      operationId: CreateThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CreateThingParam'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /things/{thing_id}/state:
    get:
      tags: [thing]
      operationId: GetThingState
      parameters:
      - {in: path, name: thing_id, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  state: {type: string, enum: [on, off]}
                  items: {type: array, items: {type: object, properties: {id: {type: integer}}}}
                required: [state]
components:
  parameters:
    Limit:
      in: query
      name: limit
      schema: {type: integer, format: int64}
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
        kind: {$ref: '#/components/schemas/Kind'}
        note: {type: string, nullable: true}
      required: [id, kind]
    Things:
      type: object
      properties:
        things:
          type: array
          items: {$ref: '#/components/schemas/Thing'}
      required: [things]
    CreateThingParam:
      type: object
      properties:
        kind: {$ref: '#/components/schemas/Kind'}
        size: {type: integer, minimum: 1}
        attrs:
          type: object
          additionalProperties: {type: string}
      required: [kind]
    Kind: {type: string, enum: [a, b]}
    Error:
      type: object
      properties:
        message: {type: string}
"##;

/// The lines `spec-diff` prints for BASE changed by `edit`.
fn lines_after(edit: impl FnOnce(&str) -> String) -> Vec<String> {
    lines_between(BASE, &edit(BASE))
}

fn lines_between(old_text: &str, new_text: &str) -> Vec<String> {
    assert_ne!(new_text, old_text, "the edit changed nothing");
    let old = parse(old_text).expect("the old spec parses");
    let new = parse(new_text).expect("the new spec parses");
    diff(&old, &new).iter().map(|d| d.line()).collect()
}

fn replace(from: &'static str, to: &'static str) -> impl FnOnce(&str) -> String {
    move |text| {
        assert!(text.contains(from), "BASE has no {from:?}");
        text.replacen(from, to, 1)
    }
}

#[test]
fn identical_and_reformatted_specs_have_no_differences() {
    let old = parse(BASE).unwrap();
    assert!(diff(&old, &old).is_empty());
    // Prose, extensions, an unquoted status code and an inline copy of a
    // component parameter are the same contract.
    let same = BASE
        .replace("summary: List things", "summary: Lists every thing\n      x-internal: true")
        .replace("description: ok", "description: fine")
        .replace("'500':", "500:")
        .replace(
            "- $ref: '#/components/parameters/Limit'",
            "- {in: query, name: limit, description: Page size., schema: {type: integer, format: int64, example: 10}}",
        );
    assert!(diff(&old, &parse(&same).unwrap()).is_empty());
}

#[test]
fn required_request_field_added_breaks_but_optional_does_not() {
    assert_eq!(
        lines_after(replace(
            "      required: [kind]\n",
            "        color: {type: string}\n      required: [kind, color]\n"
        )),
        ["+ schema CreateThingParam.color (string, required)  (breaking)"]
    );
    assert_eq!(
        lines_after(replace(
            "      required: [kind]\n",
            "        color: {type: string}\n      required: [kind]\n"
        )),
        ["+ schema CreateThingParam.color (string, optional)"]
    );
}

#[test]
fn required_response_field_added_does_not_break() {
    assert_eq!(
        lines_after(replace(
            "      required: [id, kind]",
            "        size: {type: integer}\n      required: [id, kind, size]"
        )),
        ["+ schema Thing.size (integer, required)"]
    );
}

#[test]
fn optionality_breaks_in_the_direction_it_matters() {
    assert_eq!(
        lines_after(replace("required: [id, kind]", "required: [kind]")),
        ["~ schema Thing.id: required -> optional  (breaking)"]
    );
    assert_eq!(
        lines_after(replace(
            "required: [kind]\n    Kind",
            "required: [kind, size]\n    Kind"
        )),
        ["~ schema CreateThingParam.size: optional -> required  (breaking)"]
    );
    assert_eq!(
        lines_after(replace(
            "required: [kind]\n    Kind",
            "required: []\n    Kind"
        )),
        ["~ schema CreateThingParam.kind: required -> optional"]
    );
}

#[test]
fn fields_removed_break() {
    assert_eq!(
        lines_after(replace(
            "        note: {type: string, nullable: true}\n",
            ""
        )),
        ["- schema Thing.note (string, nullable, optional)  (breaking)"]
    );
}

#[test]
fn nullable_maps_items_and_refs() {
    assert_eq!(
        lines_after(replace(
            "note: {type: string, nullable: true}",
            "note: {type: string}"
        )),
        ["~ schema Thing.note: nullable true -> false"]
    );
    assert_eq!(
        lines_after(replace(
            "additionalProperties: {type: string}",
            "additionalProperties: {type: integer}"
        )),
        ["~ schema CreateThingParam.attrs{}: type string -> integer  (breaking)"]
    );
    assert_eq!(
        lines_after(replace(
            "additionalProperties: {type: string}",
            "additionalProperties: false"
        )),
        ["~ schema CreateThingParam.attrs: additionalProperties string -> false  (breaking)"]
    );
    assert_eq!(
        lines_after(replace(
            "items: {$ref: '#/components/schemas/Thing'}",
            "items: {$ref: '#/components/schemas/Kind'}"
        )),
        ["~ schema Things.things[]: $ref Thing -> Kind  (breaking)"]
    );
    assert_eq!(
        lines_after(replace("minimum: 1", "minimum: 0")),
        ["~ schema CreateThingParam.size: minimum 1 -> 0  (breaking)"]
    );
}

#[test]
fn enums_in_schemas_and_parameters() {
    assert_eq!(
        lines_after(replace("enum: [a, b]", "enum: [a, b, c]")),
        // The generated enums keep a value they do not list.
        ["+ schema Kind: enum value \"c\""]
    );
    assert_eq!(
        lines_after(replace("enum: [a, b]", "enum: [a]")),
        ["- schema Kind: enum value \"b\"  (breaking)"]
    );
    // Only ever decoded: a value the server stops sending breaks nobody.
    assert_eq!(
        lines_after(replace("enum: [on, off]", "enum: [on]")),
        ["- response 200 of GET /things/{thing_id}/state at state: enum value \"off\""]
    );
    assert_eq!(
        lines_after(replace(
            "schema: {type: integer, format: int64}",
            "schema: {type: string, enum: [x]}"
        )),
        ["~ query parameter limit of GET /things: type integer -> string  (breaking)"]
    );
}

#[test]
fn inline_response_schemas_are_compared_by_path() {
    assert_eq!(
        lines_after(replace("id: {type: integer}", "id: {type: string}")),
        ["~ response 200 of GET /things/{thing_id}/state at items[].id: type integer -> string  (breaking)"]
    );
}

#[test]
fn parameters() {
    assert_eq!(
        lines_after(replace("format: int64}", "format: int32}")),
        ["~ query parameter limit of GET /things: format int64 -> int32  (breaking)"]
    );
    assert_eq!(
        lines_after(replace(
            "      name: limit\n",
            "      name: limit\n      required: true\n"
        )),
        ["~ query parameter limit of GET /things: optional -> required  (breaking)"]
    );
    assert_eq!(
        lines_after(replace(
            "      - {in: path, name: thing_id",
            "      - {in: header, name: X-Trace, schema: {type: string}}\n      - {in: path, name: thing_id"
        )),
        ["+ header parameter X-Trace of GET /things/{thing_id}/state (string, optional)"]
    );
    assert_eq!(
        lines_after(replace(
            "      parameters:\n      - $ref: '#/components/parameters/Limit'\n",
            ""
        )),
        ["- query parameter limit of GET /things (integer/int64, optional)  (breaking)"]
    );
}

#[test]
fn statuses_and_bodies() {
    assert_eq!(
        lines_after(replace("'201':", "'200':")),
        [
            "+ response 200 of POST /things (Thing)  (breaking)",
            "- response 201 of POST /things (Thing)  (breaking)",
        ]
    );
    assert_eq!(
        lines_after(replace("'500':", "'404':")),
        [
            "+ response 404 of GET /things (Error)",
            "- response 500 of GET /things (Error)"
        ]
    );
    assert_eq!(
        lines_after(replace(
            "        required: true\n        content:",
            "        required: false\n        content:"
        )),
        ["~ request body of POST /things: required -> optional"]
    );
    assert_eq!(
        lines_after(replace(
            "schema: {$ref: '#/components/schemas/CreateThingParam'}",
            "schema: {$ref: '#/components/schemas/Thing'}"
        )),
        ["~ request body of POST /things: $ref CreateThingParam -> Thing  (breaking)"]
    );
}

#[test]
fn operations() {
    assert_eq!(
        lines_after(replace("operationId: ListThings", "operationId: GetThings")),
        ["~ operation GET /things: operationId ListThings -> GetThings  (breaking)"]
    );
    assert_eq!(
        lines_after(replace("  /things/{thing_id}/state:", "  /things/{thing_id}/status:")),
        ["~ operation GetThingState: GET /things/{thing_id}/state -> GET /things/{thing_id}/status  (breaking)"]
    );
    assert_eq!(
        lines_after(replace(
            "tags: [thing]\n      operationId: CreateThing",
            "tags: [stuff]\n      operationId: CreateThing"
        )),
        ["~ operation POST /things: tag thing -> stuff  (breaking)"]
    );
    // Only the first tag picks the facade.
    assert_eq!(
        lines_after(replace(
            "tags: [thing]\n      operationId: CreateThing",
            "tags: [thing, admin]\n      operationId: CreateThing"
        )),
        ["+ operation POST /things: tag admin"]
    );
    // The generated methods take parameters positionally.
    let path_param = "      - {in: path, name: thing_id, required: true, schema: {type: string}}\n";
    let (verbose, fields) = (
        "      - {in: query, name: verbose, schema: {type: boolean}}\n",
        "      - {in: query, name: fields, schema: {type: string}}\n",
    );
    let before = BASE.replace(path_param, &format!("{path_param}{verbose}{fields}"));
    let after = BASE.replace(path_param, &format!("{path_param}{fields}{verbose}"));
    assert_eq!(
        lines_between(&before, &after),
        ["~ operation GET /things/{thing_id}/state: parameter order thing_id, verbose, fields -> thing_id, fields, verbose  (breaking)"]
    );
    // A new parameter is not a reordering of the others.
    let added = BASE.replace(path_param, &format!("{fields}{path_param}{verbose}"));
    assert_eq!(
        lines_between(&before.replace(fields, ""), &added),
        ["+ query parameter fields of GET /things/{thing_id}/state (string, optional)"]
    );
}

#[test]
fn schemas_added_and_removed() {
    assert_eq!(
        lines_after(replace(
            "    Error:\n",
            "    Extra: {type: string}\n    Error:\n"
        )),
        ["+ schema Extra (string)"]
    );
    assert_eq!(
        lines_after(|t| {
            t.replace(
            "    Error:\n      type: object\n      properties:\n        message: {type: string}\n",
            ""
        ).replace("'#/components/schemas/Error'", "'#/components/schemas/Thing'")
        }),
        [
            "~ response 500 of GET /things: $ref Error -> Thing  (breaking)",
            "- schema Error (object)  (breaking)",
        ]
    );
}
