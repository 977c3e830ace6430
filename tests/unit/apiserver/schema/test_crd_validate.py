"""Schema validation of custom resources: kube-openapi's keywords with kube-apiserver's messages."""

# ruff: noqa: E501 - tables of kube-apiserver messages read best unbroken

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.errors import FieldErrorType
from kubeedge.apiserver.schema.model import SchemaSet, TypedSchema
from kubeedge.apiserver.schema.validate import (
    go_float,
    go_quote,
    validate,
    validate_custom_resource_root,
    validate_values,
)

CRDS = Path("/work/shared/kubeedge-crds")


def in_spec(**props: Any) -> TypedSchema:
    root = {"type": "object", "properties": {"spec": {"type": "object", "properties": props}}}
    return TypedSchema(schemas=SchemaSet(), root=root)


def messages(obj: Any, schema: TypedSchema, path: str = "") -> list[str]:
    return [str(e) for e in validate(obj, schema, path=path)]


KEYWORD_CASES: list[tuple[str, dict[str, Any], Any, list[str]]] = [
    (
        "integer given a string",
        {"type": "integer"},
        "string",
        ['spec.x: Invalid value: "string": spec.x in body must be of type integer: "string"'],
    ),
    ("integer given an integral float", {"type": "integer"}, 1.0, []),
    (
        "integer given a float",
        {"type": "integer"},
        1.5,
        ['spec.x: Invalid value: "number": spec.x in body must be of type integer: "number"'],
    ),
    (
        "integer given a boolean",
        {"type": "integer"},
        True,
        ['spec.x: Invalid value: "boolean": spec.x in body must be of type integer: "boolean"'],
    ),
    ("number given an integer", {"type": "number"}, 3, []),
    (
        "string given an integer",
        {"type": "string"},
        7,
        ['spec.x: Invalid value: "integer": spec.x in body must be of type string: "integer"'],
    ),
    (
        "object given an array",
        {"type": "object"},
        [],
        ['spec.x: Invalid value: "array": spec.x in body must be of type object: "array"'],
    ),
    (
        "int32 given a boolean",
        {"type": "integer", "format": "int32"},
        False,
        ['spec.x: Invalid value: "": spec.x in body must be of type int32: ""'],
    ),
    (
        "int64 given a float",
        {"type": "integer", "format": "int64"},
        2.5,
        ['spec.x: Invalid value: "float64": spec.x in body must be of type int64: "float64"'],
    ),
    ("int32 is not range checked", {"type": "integer", "format": "int32"}, 2**40, []),
    (
        "null for a non-nullable field",
        {"type": "string"},
        None,
        ['spec.x: Invalid value: "null": spec.x in body must be of type string: "null"'],
    ),
    ("null for a nullable field", {"type": "string", "nullable": True}, None, []),
    ("int-or-string given an integer", {"x-kubernetes-int-or-string": True}, 80, []),
    ("int-or-string given a string", {"x-kubernetes-int-or-string": True}, "http", []),
    (
        "int-or-string given a boolean",
        {"x-kubernetes-int-or-string": True},
        True,
        ['spec.x: Invalid value: "boolean": spec.x in body must be of type integer,string: "boolean"'],
    ),
    (
        "enum of strings",
        {"type": "string", "enum": ["S", "M", "L"]},
        "XL",
        ['spec.x: Unsupported value: "XL": supported values: "S", "M", "L"'],
    ),
    (
        "enum of numbers",
        {"type": "integer", "enum": [1, 2]},
        3,
        ['spec.x: Unsupported value: 3: supported values: "1", "2"'],
    ),
    ("enum matches an integral float", {"type": "number", "enum": [1.0]}, 1, []),
    (
        "null never matches an enum",
        {"type": "string", "nullable": True, "enum": ["a", None]},
        None,
        ['spec.x: Unsupported value: "null": supported values: "a", "null"'],
    ),
    (
        "date-time format",
        {"type": "string", "format": "date-time"},
        "yesterday",
        ['spec.x: Invalid value: "yesterday": spec.x in body must be of type date-time: "yesterday"'],
    ),
    ("unknown formats are ignored", {"type": "string", "format": "my-format"}, "anything", []),
    (
        "pattern",
        {"type": "string", "pattern": "^[a-z]+$"},
        "ABC",
        ["spec.x: Invalid value: \"ABC\": spec.x in body should match '^[a-z]+$'"],
    ),
    (
        "minimum",
        {"type": "integer", "minimum": 1},
        0,
        ["spec.x: Invalid value: 0: spec.x in body should be greater than or equal to 1"],
    ),
    (
        "exclusive minimum",
        {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
        1,
        ["spec.x: Invalid value: 1: spec.x in body should be greater than 1"],
    ),
    (
        "maximum",
        {"type": "integer", "maximum": 10},
        11,
        ["spec.x: Invalid value: 11: spec.x in body should be less than or equal to 10"],
    ),
    (
        "exclusive maximum of a number",
        {"type": "number", "maximum": 1.5, "exclusiveMaximum": True},
        1.5,
        ["spec.x: Invalid value: 1.5: spec.x in body should be less than 1.5"],
    ),
    (
        "large maximum printed like Go",
        {"type": "number", "maximum": 1e6},
        2e6,
        ["spec.x: Invalid value: 2000000.0: spec.x in body should be less than or equal to 1e+06"],
    ),
    (
        "multipleOf",
        {"type": "integer", "multipleOf": 2},
        3,
        ["spec.x: Invalid value: 3: spec.x in body should be a multiple of 2"],
    ),
    (
        "fractional multipleOf",
        {"type": "number", "multipleOf": 0.5},
        0.75,
        ["spec.x: Invalid value: 0.75: spec.x in body should be a multiple of 0.5"],
    ),
    ("maxLength counts characters", {"type": "string", "maxLength": 3}, "ééé", []),
    (
        "minLength",
        {"type": "string", "minLength": 2},
        "a",
        ['spec.x: Invalid value: "a": spec.x in body should be at least 2 chars long'],
    ),
    (
        "minItems",
        {"type": "array", "items": {"type": "integer"}, "minItems": 2},
        [1],
        ["spec.x: Invalid value: 1: spec.x in body should have at least 2 items"],
    ),
    (
        "uniqueItems",
        {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
        [1, 1],
        ['spec.x: Invalid value: "": spec.x in body shouldn\'t contain duplicates'],
    ),
    ("uniqueItems tells 1 from 1.0", {"type": "array", "uniqueItems": True}, [1, 1.0], []),
    (
        "items",
        {"type": "array", "items": {"type": "integer"}},
        [1, "b"],
        ['spec.x[1]: Invalid value: "string": spec.x[1] in body must be of type integer: "string"'],
    ),
    (
        "minProperties",
        {"type": "object", "minProperties": 2},
        {"a": 1},
        ["spec.x: Invalid value: 1: spec.x in body should have at least 2 properties"],
    ),
    (
        "required",
        {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
        {},
        ["spec.x.name: Required value"],
    ),
    (
        "additionalProperties false",
        {"type": "object", "additionalProperties": False},
        {"k": 1},
        ['spec.x: Invalid value: "k": spec.x.k in body is a forbidden property'],
    ),
    (
        "additionalProperties schema",
        {"type": "object", "additionalProperties": {"type": "integer"}},
        {"k": "v"},
        ['spec.x.k: Invalid value: "string": spec.x.k in body must be of type integer: "string"'],
    ),
    (
        "not",
        {"type": "string", "not": {"enum": ["forbidden"]}},
        "forbidden",
        ['<nil>: Invalid value: "": "spec.x" must not validate the schema (not)'],
    ),
    (
        "x-kubernetes-validations are not evaluated",
        {"type": "integer", "x-kubernetes-validations": [{"rule": "false"}]},
        1,
        [],
    ),
    (
        "preserve-unknown-fields accepts anything",
        {"x-kubernetes-preserve-unknown-fields": True},
        {"a": [1]},
        [],
    ),
]


@pytest.mark.parametrize(("schema", "value", "expected"), [pytest.param(s, v, e, id=n) for n, s, v, e in KEYWORD_CASES])
def test_keywords(schema: dict[str, Any], value: Any, expected: list[str]) -> None:
    assert messages({"spec": {"x": value}}, in_spec(x=schema)) == expected


def test_too_long_and_too_many_carry_kube_details() -> None:
    schema = in_spec(
        s={"type": "string", "maxLength": 3},
        items={"type": "array", "maxItems": 1},
        labels={"type": "object", "maxProperties": 2},
    )
    errors = validate({"spec": {"s": "abcd", "items": [1, 2], "labels": {"a": "", "b": "", "c": ""}}}, schema)
    got = [(e.type, e.field, e.value if e.type is FieldErrorType.TOO_MANY else None, e.detail) for e in errors]
    assert got == [
        (FieldErrorType.TOO_LONG, "spec.s", None, "may not be more than 3 bytes"),
        (FieldErrorType.TOO_MANY, "spec.items", 2, "must have at most 1 item"),
        (FieldErrorType.TOO_MANY, "spec.labels", 3, "must have at most 2 items"),
    ]
    assert str(errors[0]) == "spec.s: Too long: may not be more than 3 bytes"


def test_one_of_reports_the_combinator_then_the_best_failure() -> None:
    spec = {
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
        "oneOf": [{"required": ["a"]}, {"required": ["b"]}],
    }
    schema = TypedSchema(schemas=SchemaSet(), root={"type": "object", "properties": {"spec": spec}})
    assert messages({"spec": {}}, schema) == [
        '<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid',
        "spec.a: Required value",
    ]
    assert messages({"spec": {"a": 1, "b": 2}}, schema) == [
        '<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives'
    ]
    assert messages({"spec": {"b": 2}}, schema) == []


def test_any_of_and_all_of() -> None:
    any_of = in_spec(x={"anyOf": [{"type": "integer"}, {"type": "string", "minLength": 3}]})
    assert messages({"spec": {"x": "ab"}}, any_of) == [
        '<nil>: Invalid value: "": "spec.x" must validate at least one schema (anyOf)',
        'spec.x: Invalid value: "ab": spec.x in body should be at least 3 chars long',
    ]
    assert messages({"spec": {"x": 5}}, any_of) == []
    all_of = in_spec(x={"type": "integer", "allOf": [{"minimum": 1}, {"maximum": 5}]})
    assert messages({"spec": {"x": 9}}, all_of) == [
        "spec.x: Invalid value: 9: spec.x in body should be less than or equal to 5",
        '<nil>: Invalid value: "": "spec.x" must validate all the schemas (allOf)',
    ]


def test_base_path_prefixes_fields_but_not_messages() -> None:
    schema = TypedSchema(schemas=SchemaSet(), root={"type": "integer", "anyOf": [{"minimum": 5}]})
    assert [str(e) for e in validate_values("x", schema, path="spec.versions[0].default")] == [
        'spec.versions[0].default: Invalid value: "string":  in body must be of type integer: "string"'
    ]
    assert [str(e) for e in validate_values(1, schema, path="p")] == [
        'p: Invalid value: "": "" must validate at least one schema (anyOf)',
        "p: Invalid value: 1:  in body should be greater than or equal to 5",
    ]


def test_root_required_field() -> None:
    schema = TypedSchema(schemas=SchemaSet(), root={"type": "object", "required": ["spec"]})
    assert messages({}, schema) == ["spec: Required value"]


LIST_SCHEMA = in_spec(
    tags={"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"},
    ports={
        "type": "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name"],
        "items": {"type": "object", "properties": {"name": {"type": "string"}, "port": {"type": "integer"}}},
    },
    routes={
        "type": "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["host", "path"],
        "items": {"type": "object", "properties": {"host": {"type": "string"}, "path": {"type": "string"}}},
    },
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            {"tags": ["a", "b", "a", "a", "b"]},
            ['spec.tags[2]: Duplicate value: "a"', 'spec.tags[4]: Duplicate value: "b"'],
        ),
        ({"tags": ["a", "b"]}, []),
        (
            {"ports": [{"name": "http", "port": 80}, {"name": "http", "port": 81}]},
            ['spec.ports[1]: Duplicate value: {"name": "http"}'],
        ),
        ({"ports": [{"port": 80}, {"port": 81}]}, ["spec.ports[1]: Duplicate value: {}"]),
        ({"ports": [{"name": "a"}, {"name": "b"}]}, []),
        (
            {"routes": [{"host": "h", "path": "/"}, {"host": "h", "path": "/x"}, {"path": "/", "host": "h"}]},
            ['spec.routes[2]: Duplicate value: {"host": "h", "path": "/"}'],
        ),
    ],
)
def test_list_types(spec: dict[str, Any], expected: list[str]) -> None:
    assert messages({"spec": spec}, LIST_SCHEMA) == expected


def test_list_map_items_must_be_objects() -> None:
    errors = messages({"spec": {"ports": ["http", "http"]}}, LIST_SCHEMA)
    assert errors[-1] == 'spec.ports[0]: Invalid value: "http": must be an object for an array of list-type map'


EMBEDDED = in_spec(
    template={
        "type": "object",
        "x-kubernetes-embedded-resource": True,
        "x-kubernetes-preserve-unknown-fields": True,
    }
)
DNS1035 = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
    "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
    "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ({}, ["spec.template.apiVersion: Required value", "spec.template.kind: Required value"]),
        ({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"anything": 1}}, []),
        ({"apiVersion": "v1", "kind": "Pod"}, []),  # metadata is optional in an embedded resource
        (
            {"apiVersion": "a/b/c", "kind": "my_kind"},
            [
                'spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
                f'spec.template.kind: Invalid value: "my_kind": may have mixed case, but should otherwise match: {DNS1035}',
            ],
        ),
        (
            {"apiVersion": 1, "kind": ""},
            [
                "spec.template.apiVersion: Invalid value: 1: must be a string",
                "spec.template.kind: Required value",
            ],
        ),
        (
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a/b"}},
            ["spec.template.metadata.name: Invalid value: \"a/b\": may not contain '/'"],
        ),
        (
            {"apiVersion": "v1", "kind": "Pod", "metadata": "x"},
            [
                'spec.template.metadata: Invalid value: "x": json: cannot unmarshal string into Go value of type v1.ObjectMeta'
            ],
        ),
    ],
)
def test_embedded_resources(template: dict[str, Any], expected: list[str]) -> None:
    assert messages({"spec": {"template": template}}, EMBEDDED) == expected


SUBDOMAIN = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
GOOD = {
    "apiVersion": "devices.kubeedge.io/v1beta1",
    "kind": "Device",
    "metadata": {"name": "d", "namespace": "default"},
}


@pytest.mark.parametrize(
    ("change", "namespaced", "expected"),
    [
        ({}, True, []),
        ({"kind": "Other"}, True, ['kind: Invalid value: "Other": must be Device']),
        (
            {"apiVersion": "devices.kubeedge.io/v1alpha2"},
            True,
            ['apiVersion: Invalid value: "devices.kubeedge.io/v1alpha2": must be devices.kubeedge.io/v1beta1'],
        ),
        (
            {"metadata": {"namespace": "default"}},
            True,
            ["metadata.name: Required value: name or generateName is required"],
        ),
        (
            {"metadata": {"name": "Bad_Name", "namespace": "default"}},
            True,
            [f'metadata.name: Invalid value: "Bad_Name": {SUBDOMAIN}'],
        ),
        ({"metadata": {"name": "d"}}, True, ["metadata.namespace: Required value"]),
        ({}, False, ["metadata.namespace: Forbidden: not allowed on this type"]),
        ({"metadata": {"name": "d", "generateName": "dev-"}}, None, []),
        (
            {"metadata": {"name": "d", "generateName": "Dev-"}},
            None,
            [f'metadata.generateName: Invalid value: "Dev-": {SUBDOMAIN}'],
        ),
        (
            {"metadata": {"name": "x" * 254}},
            None,
            ['metadata.name: Invalid value: "' + "x" * 254 + '": must be no more than 253 characters'],
        ),
    ],
)
def test_custom_resource_root(change: dict[str, Any], namespaced: bool | None, expected: list[str]) -> None:
    obj = {**GOOD, **change}
    errors = validate_custom_resource_root(
        obj, api_version="devices.kubeedge.io/v1beta1", kind="Device", namespaced=namespaced
    )
    assert [str(e) for e in errors] == expected


def test_refs_of_a_schema_set_are_followed() -> None:
    schemas = SchemaSet(
        definitions={
            "Pod": {
                "type": "object",
                "properties": {"spec": {"allOf": [{"$ref": "#/components/schemas/PodSpec"}]}},
            },
            "PodSpec": {"type": "object", "properties": {"replicas": {"$ref": "#/components/schemas/Int"}}},
            "Int": {"type": "integer", "minimum": 0},
        }
    )
    schema = TypedSchema(schemas=schemas, root={"$ref": "#/components/schemas/Pod"})
    assert messages({"spec": {"replicas": -1}}, schema) == [
        "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0"
    ]


@pytest.mark.parametrize(
    ("value", "json", "verb_v"),
    [
        (1.0, "1", "1"),
        (1e6, "1000000", "1e+06"),
        (1e21, "1e+21", "1e+21"),
        (1e-7, "1e-7", "1e-07"),
        (0.5, "0.5", "0.5"),
    ],
)
def test_go_float(value: float, json: str, verb_v: str) -> None:
    assert (go_float(value), go_float(value, verb_v=True)) == (json, verb_v)


def test_go_quote() -> None:
    assert go_quote('a"b\\c\n\x01é') == '"a\\"b\\\\c\\n\\x01é"'


# --- the KubeEdge CRDs ---------------------------------------------------------------------------


def crd_schema(file: str, version: str) -> TypedSchema:
    if not CRDS.is_dir():
        pytest.skip(f"{CRDS} is absent")
    doc = next(d for d in yaml.safe_load_all((CRDS / file).read_text()) if d)
    spec = next(v for v in doc["spec"]["versions"] if v["name"] == version)
    return TypedSchema(schemas=SchemaSet(), root=spec["schema"]["openAPIV3Schema"])


DEVICE: dict[str, Any] = {
    "apiVersion": "devices.kubeedge.io/v1beta1",
    "kind": "Device",
    "metadata": {"name": "thermometer", "namespace": "default", "labels": {"room": "lab"}},
    "spec": {
        "deviceModelRef": {"name": "thermometer-model"},
        "nodeName": "edge-node-1",
        "protocol": {"protocolName": "modbus", "configData": {"port": "/dev/ttyS0", "baudRate": 9600}},
        "properties": [
            {
                "name": "temperature",
                "collectCycle": 10000,
                "reportCycle": 10000,
                "reportToCloud": True,
                "desired": {"value": "20", "metadata": {"type": "int"}},
                "visitors": {
                    "protocolName": "modbus",
                    "configData": {"register": "HoldingRegister", "offset": 2},
                },
                "pushMethod": {"mqtt": {"address": "tcp://127.0.0.1:1883", "topic": "temp", "qos": 0}},
            }
        ],
        "methods": [{"name": "setTemperature", "propertyNames": ["temperature"]}],
    },
}

DEVICE_MODEL: dict[str, Any] = {
    "apiVersion": "devices.kubeedge.io/v1beta1",
    "kind": "DeviceModel",
    "metadata": {"name": "thermometer-model", "namespace": "default"},
    "spec": {
        "protocol": "modbus",
        "properties": [
            {
                "name": "temperature",
                "type": "INT",
                "accessMode": "ReadWrite",
                "minimum": "0",
                "maximum": "100",
            },
            {"name": "unit", "type": "STRING", "accessMode": "ReadOnly"},
        ],
    },
}


def test_realistic_device_validates() -> None:
    schema = crd_schema("devices/devices_v1beta1_device.yaml", "v1beta1")
    assert validate(DEVICE, schema) == []
    assert (
        validate_custom_resource_root(DEVICE, api_version="devices.kubeedge.io/v1beta1", kind="Device", namespaced=True)
        == []
    )


def test_invalid_device_gets_kube_errors() -> None:
    schema = crd_schema("devices/devices_v1beta1_device.yaml", "v1beta1")
    prop = {
        "name": "temperature",
        "collectCycle": "10s",
        "reportToCloud": "yes",
        "desired": {"metadata": {"type": "int"}},
        "pushMethod": {"mqtt": {"qos": 1.5}},
    }
    bad = {**DEVICE, "spec": {**DEVICE["spec"], "properties": [prop]}}
    assert messages(bad, schema) == [
        'spec.properties[0].collectCycle: Invalid value: "string": spec.properties[0].collectCycle in body '
        'must be of type integer: "string"',
        "spec.properties[0].desired.value: Required value",
        'spec.properties[0].pushMethod.mqtt.qos: Invalid value: "float64": spec.properties[0].pushMethod.mqtt.qos '
        'in body must be of type int32: "float64"',
        'spec.properties[0].reportToCloud: Invalid value: "string": spec.properties[0].reportToCloud in body '
        'must be of type boolean: "string"',
    ]


def test_realistic_device_model_validates_and_enums_are_enforced() -> None:
    schema = crd_schema("devices/devices_v1beta1_devicemodel.yaml", "v1beta1")
    assert validate(DEVICE_MODEL, schema) == []
    bad_prop = {"name": "t", "type": "FOO", "accessMode": "Write"}
    bad = {**DEVICE_MODEL, "spec": {"protocol": 7, "properties": [bad_prop]}}
    assert messages(bad, schema) == [
        'spec.properties[0].accessMode: Unsupported value: "Write": supported values: "ReadWrite", "ReadOnly"',
        'spec.properties[0].type: Unsupported value: "FOO": supported values: "INT", "FLOAT", "DOUBLE", '
        '"STRING", "BOOLEAN", "BYTES", "STREAM"',
        'spec.protocol: Invalid value: "integer": spec.protocol in body must be of type string: "integer"',
    ]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)
EVERYTHING = in_spec(
    a={"type": "integer", "minimum": 0, "maximum": 9, "multipleOf": 3, "enum": [0, 3, 6]},
    b={"type": "string", "pattern": "^x", "format": "date", "minLength": 1, "maxLength": 5},
    c={
        "type": "array",
        "items": {"type": "object", "properties": {"k": {"type": "string"}}},
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["k"],
        "uniqueItems": True,
    },
    d={"type": "object", "additionalProperties": {"x-kubernetes-int-or-string": True}, "minProperties": 1},
    e={
        "oneOf": [{"required": ["a"]}, {"required": ["b"]}],
        "anyOf": [{"type": "object"}],
        "not": {"type": "string"},
    },
    f={
        "type": "object",
        "x-kubernetes-embedded-resource": True,
        "x-kubernetes-preserve-unknown-fields": True,
    },
    g={
        "type": "array",
        "x-kubernetes-list-type": "set",
        "items": {"x-kubernetes-preserve-unknown-fields": True},
    },
)


@settings(max_examples=300, deadline=None)
@given(value=JSON, key=st.sampled_from("abcdefgz"))
def test_validate_never_raises_on_arbitrary_json(value: Any, key: str) -> None:
    for obj in (value, {"spec": value}, {"spec": {key: value}}):
        for error in validate(obj, EVERYTHING):
            assert isinstance(str(error), str)
