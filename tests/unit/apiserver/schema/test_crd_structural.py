"""CRD openAPIV3Schema acceptance rules: kube-apiserver's messages, in kube's order."""

# ruff: noqa: E501 - tables of kube-apiserver messages read best unbroken

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.errors import FieldErrorType
from kubeedge.apiserver.schema.structural import check_structural

B = "spec.versions[0].schema.openAPIV3Schema"
CRDS = Path("/work/shared/kubeedge-crds")


def obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


STR = {"type": "string"}
ALL_TYPES = '"array", "boolean", "integer", "number", "object", "string"'

CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("valid", obj(spec=obj(replicas={"type": "integer", "minimum": 0})), []),
    (
        "field without type",
        obj(spec={}),
        [f"{B}.properties[spec].type: Required value: must not be empty for specified object fields"],
    ),
    (
        "root without type",
        {"properties": {"a": STR}},
        [f"{B}.type: Required value: must not be empty at the root"],
    ),
    (
        "items without type",
        obj(a={"type": "array", "items": {}}),
        [f"{B}.properties[a].items.type: Required value: must not be empty for specified array items"],
    ),
    (
        "array without items",
        obj(a={"type": "array"}),
        [f"{B}.properties[a].items: Required value: must be specified"],
    ),
    (
        "root not an object",
        {"type": "string"},
        [f'{B}.type: Invalid value: "string": must be object at the root'],
    ),
    (
        "additionalProperties at the root",
        {"type": "object", "additionalProperties": STR},
        [f"{B}.additionalProperties: Forbidden: must not be used at the root"],
    ),
    (
        "additionalProperties with properties",
        obj(m={"type": "object", "properties": {"a": STR}, "additionalProperties": STR}),
        [
            f"{B}.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"
        ],
    ),
    ("additionalProperties alone", obj(labels={"type": "object", "additionalProperties": STR}), []),
    (
        "$ref",
        obj(a={"$ref": "#/definitions/a"}),
        [f"{B}.properties[a].$ref: Forbidden: $ref is not supported"],
    ),
    (
        "definitions",
        {"type": "object", "definitions": {"a": STR}},
        [f"{B}.definitions: Forbidden: definitions is not supported"],
    ),
    (
        "$schema is only a conversion error",
        {"type": "object", "$schema": "http://json-schema.org/draft-04/schema#"},
        [f"{B}: Invalid value: \"\": OpenAPIV3Schema 'schema' is not supported"],
    ),
    (
        "items as an array",
        obj(a={"type": "array", "items": [STR]}),
        [f"{B}.properties[a].items: Forbidden: items must be a schema object and not an array"],
    ),
    (
        "metadata restricted beyond name",
        obj(metadata={"type": "object", "properties": {"name": STR, "labels": {"type": "object"}}}),
        [
            f"{B}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, "
            "but metadata is implicitly specified"
        ],
    ),
    (
        "metadata name and generateName",
        obj(metadata=obj(name={**STR, "maxLength": 10}, generateName=STR)),
        [],
    ),
    (
        "metadata not an object",
        obj(metadata=STR),
        [f'{B}.properties[metadata].type: Invalid value: "string": must be object'],
    ),
    (
        "kind must be a string",
        obj(kind={"type": "integer"}),
        [f'{B}.properties[kind].type: Invalid value: "integer": must be string'],
    ),
    (
        "metadata in a nested context",
        {**obj(metadata={"type": "object"}), "anyOf": [{"properties": {"metadata": {}}}]},
        [f"{B}.anyOf[0].properties[metadata]: Forbidden: must not be specified in a nested context"],
    ),
    (
        "type in anyOf",
        {**obj(a=STR), "anyOf": [{"type": "object"}]},
        [f"{B}.anyOf[0].type: Forbidden: must be empty to be structural"],
    ),
    (
        "generics in value validations",
        {**obj(a=STR), "oneOf": [{"description": "d", "nullable": True}], "not": {"default": {}}},
        [
            f"{B}.not.default: Forbidden: must be undefined to be structural",
            f"{B}.oneOf[0].description: Forbidden: must be empty to be structural",
            f"{B}.oneOf[0].nullable: Forbidden: must be false to be structural",
        ],
    ),
    (
        "extensions in value validations",
        {
            **obj(a=STR),
            "allOf": [{"additionalProperties": STR, "x-kubernetes-validations": [{"rule": "true"}]}],
        },
        [
            f"{B}.allOf[0].additionalProperties: Forbidden: must be undefined to be structural",
            f"{B}.allOf[0].x-kubernetes-validations: Forbidden: must be empty to be structural",
        ],
    ),
    (
        "int-or-string idiom",
        obj(
            port={"x-kubernetes-int-or-string": True, "anyOf": [{"type": "integer"}, {"type": "string"}]},
            size={
                "x-kubernetes-int-or-string": True,
                "allOf": [{"anyOf": [{"type": "integer"}, {"type": "string"}]}, {"pattern": "^[0-9]+$"}],
            },
        ),
        [],
    ),
    (
        "int-or-string with preserve-unknown-fields",
        obj(p={"x-kubernetes-int-or-string": True, "x-kubernetes-preserve-unknown-fields": True}),
        [
            f"{B}.properties[p].x-kubernetes-preserve-unknown-fields: Invalid value: true: "
            "must be false if x-kubernetes-int-or-string is true"
        ],
    ),
    ("preserve-unknown-fields without type", obj(x={"x-kubernetes-preserve-unknown-fields": True}), []),
    (
        "field only in a value validation",
        {**obj(a=STR), "anyOf": [{"properties": {"b": {"minLength": 1}}}]},
        [f"{B}.properties[b]: Required value: because it is defined in {B}.anyOf[0].properties[b]"],
    ),
    (
        "embedded resource without type",
        obj(e={"x-kubernetes-embedded-resource": True, "x-kubernetes-preserve-unknown-fields": True}),
        [f"{B}.properties[e].type: Required value: must be object if x-kubernetes-embedded-resource is true"],
    ),
    (
        "embedded resource without properties",
        obj(e={"type": "object", "x-kubernetes-embedded-resource": True}),
        [
            f"{B}.properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource "
            "is true without x-kubernetes-preserve-unknown-fields"
        ],
    ),
    (
        "embedded resource",
        obj(
            e={
                "type": "object",
                "x-kubernetes-embedded-resource": True,
                "x-kubernetes-preserve-unknown-fields": True,
            }
        ),
        [],
    ),
    (
        "invalid pattern",
        obj(a={**STR, "pattern": "(a"}),
        [
            f'{B}.properties[a].pattern: Invalid value: "(a": must be a valid regular expression, '
            "but isn't: error parsing regexp: missing closing ): `(a`"
        ],
    ),
    (
        "uniqueItems",
        obj(a={"type": "array", "items": STR, "uniqueItems": True}),
        [
            f"{B}.properties[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"
        ],
    ),
    (
        "type null",
        obj(a={"type": "null"}),
        [
            f'{B}.properties[a].type: Unsupported value: "null": supported values: {ALL_TYPES}',
            f"{B}.properties[a].type: Forbidden: type cannot be set to null, use nullable as an alternative",
        ],
    ),
    (
        "unknown type",
        obj(a={"type": "map"}),
        [f'{B}.properties[a].type: Unsupported value: "map": supported values: {ALL_TYPES}'],
    ),
    (
        "nullable root",
        {"type": "object", "nullable": True},
        [f"{B}.nullable: Forbidden: nullable cannot be true at the root"],
    ),
    (
        "preserve-unknown-fields false",
        {"type": "object", "x-kubernetes-preserve-unknown-fields": False},
        [f"{B}.x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined"],
    ),
    (
        "list-type on an object",
        obj(a={"type": "object", "x-kubernetes-list-type": "set"}),
        [f'{B}.properties[a].type: Invalid value: "object": must be array if x-kubernetes-list-type is specified'],
    ),
    (
        "unknown list-type",
        obj(a={"type": "array", "items": STR, "x-kubernetes-list-type": "bag"}),
        [
            f'{B}.properties[a].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"'
        ],
    ),
    (
        "list-map without keys",
        obj(a={"type": "array", "items": obj(k=STR), "x-kubernetes-list-type": "map"}),
        [
            f"{B}.properties[a].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"
        ],
    ),
    (
        "list-map keys that are not properties",
        obj(
            a={
                "type": "array",
                "items": obj(k=STR),
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["z"],
            }
        ),
        [
            f'{B}.properties[a].x-kubernetes-list-map-keys: Invalid value: ["z"]: entries must all be names of item properties'
        ],
    ),
    (
        "optional list-map key without default",
        obj(
            a={
                "type": "array",
                "items": obj(k=STR),
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["k"],
            }
        ),
        [
            f"{B}.properties[a].items.properties[k].default: Required value: this property is in "
            "x-kubernetes-list-map-keys, so it must have a default or be a required property"
        ],
    ),
    (
        "list-map with a required key",
        obj(
            a={
                "type": "array",
                "items": {**obj(k=STR), "required": ["k"]},
                "x-kubernetes-list-type": "map",
                "x-kubernetes-list-map-keys": ["k"],
            }
        ),
        [],
    ),
    (
        "list-map-keys without list-type",
        obj(
            a={
                "type": "array",
                "items": {**obj(k=STR), "required": ["k"]},
                "x-kubernetes-list-map-keys": ["k"],
            }
        ),
        [
            f"{B}.properties[a].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty"
        ],
    ),
    (
        "set of granular objects",
        obj(a={"type": "array", "x-kubernetes-list-type": "set", "items": obj(k=STR)}),
        [
            f'{B}.properties[a].items.x-kubernetes-map-type: Invalid value: "null": must be atomic as item of a list with x-kubernetes-list-type=set'
        ],
    ),
    (
        "unknown map-type",
        obj(a={"type": "object", "x-kubernetes-map-type": "loose"}),
        [
            f'{B}.properties[a].x-kubernetes-map-type: Unsupported value: "loose": supported values: "atomic", "granular"'
        ],
    ),
    (
        "map-type on a string",
        obj(a={**STR, "x-kubernetes-map-type": "atomic"}),
        [f'{B}.properties[a].type: Invalid value: "string": must be object if x-kubernetes-map-type is specified'],
    ),
    (
        "default in top-level metadata",
        obj(metadata=obj(name={**STR, "default": "x"})),
        [f"{B}.properties[metadata].properties[name].default: Forbidden: must not be set in top-level metadata"],
    ),
    (
        "default of the wrong type",
        obj(spec=obj(replicas={"type": "integer", "default": "one"})),
        [
            f'{B}.properties[spec].properties[replicas].default: Invalid value: "string":  in body must be of '
            'type integer: "string"'
        ],
    ),
    ("valid defaults", obj(spec={**obj(replicas={"type": "integer", "default": 1}), "default": {}}), []),
    (
        "empty CEL rule",
        {"type": "object", "x-kubernetes-validations": [{"rule": " "}]},
        [f"{B}.x-kubernetes-validations[0].rule: Required value: rule is not specified"],
    ),
    (
        "CEL rule with unsupported reason",
        {"type": "object", "x-kubernetes-validations": [{"rule": "self.a > 0", "reason": "Nope"}]},
        [
            f'{B}.x-kubernetes-validations[0].reason: Unsupported value: "Nope": supported values: '
            '"FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"'
        ],
    ),
    (
        "CEL rules are accepted",
        {"type": "object", "x-kubernetes-validations": [{"rule": "self.a > 0", "message": "m"}]},
        [],
    ),
    (
        "structural errors are sorted",
        obj(b={}, a={}),
        [
            f"{B}.properties[a].type: Required value: must not be empty for specified object fields",
            f"{B}.properties[b].type: Required value: must not be empty for specified object fields",
        ],
    ),
]


@pytest.mark.parametrize(("schema", "expected"), [pytest.param(s, e, id=n) for n, s, e in CASES])
def test_structural_rules(schema: dict[str, Any], expected: list[str]) -> None:
    assert [str(e) for e in check_structural(schema, B)] == expected


def test_message_of_the_v1beta1_path_form() -> None:
    errors = check_structural(obj(spec={}), "spec.validation.openAPIV3Schema")
    assert [str(e) for e in errors] == [
        "spec.validation.openAPIV3Schema.properties[spec].type: Required value: "
        "must not be empty for specified object fields"
    ]
    assert errors[0].type is FieldErrorType.REQUIRED
    assert errors[0].field == "spec.validation.openAPIV3Schema.properties[spec].type"


def test_unpruned_default() -> None:
    schema = obj(o={**obj(a=STR), "default": {"a": "x", "b": "y"}})
    [error] = check_structural(schema, B)
    assert (error.type, error.field, error.detail) == (
        FieldErrorType.INVALID,
        f"{B}.properties[o].default",
        "must not have unknown fields",
    )
    assert error.value == {"a": "x", "b": "y"}


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (obj(spec=obj(a=STR), status=obj(b=STR)), []),
        (
            {"type": "array", "items": STR},
            [
                f'{B}.type: Invalid value: "array": only "object" is allowed as the type at the root of the schema '
                "if the status subresource is enabled",
                f'{B}.type: Invalid value: "array": must be object at the root',
            ],
        ),
    ],
)
def test_status_subresource_restricts_the_root(schema: dict[str, Any], expected: list[str]) -> None:
    assert [str(e) for e in check_structural(schema, B, status_subresource=True)] == expected


def test_status_subresource_forbids_root_combinators() -> None:
    schema = {**obj(a={"type": "integer"}), "minProperties": 1}
    [error] = check_structural(schema, B, status_subresource=True)
    assert error.field == B
    assert error.detail.startswith("only [Description Type Format Title Maximum")
    assert error.detail.endswith("fields are allowed at the root of the schema if the status subresource is enabled")


def test_garbage_is_rejected_not_raised() -> None:
    assert [str(e) for e in check_structural("nope", B)] == [f'{B}: Invalid value: "nope": must be an object']  # type: ignore[arg-type]
    check_structural(obj(a={"type": 3, "items": 4, "properties": [], "anyOf": "x", "required": 5}), B)


def _kubeedge_versions() -> list[Any]:
    if not CRDS.is_dir():
        return [pytest.param(None, id="kubeedge-crds-absent", marks=pytest.mark.skip(reason=f"{CRDS} is absent"))]
    params = []
    for path in sorted(CRDS.glob("*/*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            for i, version in enumerate((doc or {}).get("spec", {}).get("versions", [])):
                params.append(pytest.param((path, i, version), id=f"{path.stem}-{version['name']}"))
    return params


@pytest.mark.parametrize("entry", _kubeedge_versions())
def test_kubeedge_crds_are_structural(entry: tuple[Path, int, dict[str, Any]]) -> None:
    _, index, version = entry
    status = "status" in (version.get("subresources") or {})
    path = f"spec.versions[{index}].schema.openAPIV3Schema"
    assert check_structural(version["schema"]["openAPIV3Schema"], path, status_subresource=status) == []


KEYWORDS = [
    "type", "properties", "items", "additionalProperties", "anyOf", "allOf", "oneOf", "not", "default", "enum",
    "required", "pattern", "nullable", "description", "metadata", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
    "x-kubernetes-map-type", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string",
    "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations", "$ref", "minimum", "format",
]  # fmt: skip
SCHEMAISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(["object", "array", "string", "integer", "map", "(a"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(KEYWORDS), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(schema=st.dictionaries(st.sampled_from(KEYWORDS), SCHEMAISH, max_size=6))
def test_check_structural_never_raises(schema: dict[str, Any]) -> None:
    for error in check_structural(schema, B, status_subresource=True):
        assert str(error).startswith(B)
