"""MessageDecoder: Go's JSON rules, special types, unions, merging, errors and the nesting bound."""

from __future__ import annotations

import struct
from typing import Any

import pytest
from _protobuf_encode import envelope, field_bytes, field_varint, tag

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.protobuf import decode_object
from kubeedge.apiserver.protobuf.messages import MAX_DEPTH, MessageDecoder
from kubeedge.apiserver.schema.builtin import builtin_schemas

CONFIGMAP = ("", "v1", "ConfigMap")
_APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."


def _configmap(raw: bytes) -> dict[str, Any]:
    return decode_object(envelope("v1", "ConfigMap", raw))


def _bad_request(body: bytes, **kwargs: Any) -> str:
    with pytest.raises(StatusError) as info:
        decode_object(body, **kwargs)
    assert info.value.code == 400
    return info.value.message


# --- Go's JSON rules ---------------------------------------------------------------------------

_META = field_bytes(1, field_bytes(1, b"x") + field_bytes(2, b"") + field_varint(7, 0) + field_bytes(8, b""))


def test_zero_values_follow_omitempty_and_pointers() -> None:
    # name is set, generateName "" and generation 0 are omitempty, creationTimestamp is the zero Time.
    assert _configmap(_META + field_varint(4, 0)) == {
        "kind": "ConfigMap",
        "apiVersion": "v1",
        "metadata": {"name": "x", "creationTimestamp": None},
        "immutable": False,  # *bool: kept
    }


@pytest.mark.parametrize(
    ("definition", "raw", "expected"),
    [
        # Container.name has no omitempty, stdin does.
        ("io.k8s.api.core.v1.Container", field_bytes(1, b"") + field_varint(16, 0), {"name": ""}),
        ("io.k8s.api.core.v1.ServicePort", field_varint(3, 0) + field_varint(5, 0), {"port": 0}),
        ("io.k8s.api.core.v1.ServicePort", field_bytes(4, b""), {"targetPort": 0}),
        ("io.k8s.api.apps.v1.DeploymentSpec", field_varint(1, 0) + field_varint(5, 0), {"replicas": 0}),
        ("io.k8s.api.core.v1.PodSpec", field_bytes(14, b""), {"securityContext": {}}),
        ("io.k8s.api.core.v1.NodeStatus", field_bytes(3, b""), {}),
    ],
)
def test_zero_values_by_field(definition: str, raw: bytes, expected: dict[str, Any]) -> None:
    assert MessageDecoder(raw, builtin_schemas()).message(definition, 0, len(raw)) == expected


def test_repeated_fields_merge_and_scalars_keep_the_last_value() -> None:
    first = field_bytes(1, field_bytes(1, b"a") + field_bytes(11, field_bytes(1, b"k1") + field_bytes(2, b"v1")))
    second = field_bytes(1, field_bytes(1, b"b") + field_bytes(11, field_bytes(1, b"k0") + field_bytes(2, b"v0")))
    data = field_bytes(2, field_bytes(1, b"z") + field_bytes(2, b"1"))
    data += field_bytes(2, field_bytes(1, b"a") + field_bytes(2, b"2"))
    data += field_bytes(2, field_bytes(1, b"z") + field_bytes(2, b"3"))
    decoded = _configmap(first + data + second)
    # A message sent twice merges; map keys come out sorted; the last value of a key wins.
    assert decoded["metadata"] == {"name": "b", "labels": {"k0": "v0", "k1": "v1"}}
    assert list(decoded["data"].items()) == [("a", "2"), ("z", "3")]


def test_map_entries_without_key_or_value() -> None:
    raw = field_bytes(2, field_bytes(2, b"v")) + field_bytes(2, field_bytes(1, b"k"))
    assert _configmap(raw)["data"] == {"": "v", "k": ""}
    limits = field_bytes(1, field_bytes(1, b"cpu"))
    decoder = MessageDecoder(limits, builtin_schemas())
    assert decoder.message("io.k8s.api.core.v1.ResourceRequirements", 0, len(limits)) == {"limits": {"cpu": "0"}}


def test_lists_accept_packed_and_unpacked_numbers() -> None:
    context = field_varint(4, 7) + field_bytes(4, field_varint(1, 0)[1:] + b"\x02" + b"\xff" * 9 + b"\x01")
    raw = field_bytes(2, field_bytes(3, field_bytes(2, field_bytes(14, context))))
    decoded = decode_object(envelope("apps/v1", "Deployment", raw))
    assert decoded["spec"]["template"]["spec"]["securityContext"] == {"supplementalGroups": [7, 0, 2, -1]}


def test_unknown_fields_and_groups_are_skipped() -> None:
    raw = field_varint(99, 1) + tag(98, 3) + field_varint(1, 1) + tag(98, 4) + tag(97, 5) + b"\x00" * 4
    raw += field_bytes(2, field_bytes(1, b"a") + field_bytes(2, b"b") + field_varint(3, 5))
    assert _configmap(raw)["data"] == {"a": "b"}


def test_strings_with_invalid_utf8_are_replaced_like_go() -> None:
    raw = field_bytes(2, field_bytes(1, b"k") + field_bytes(2, b"a\xffb"))
    assert _configmap(raw)["data"] == {"k": "a\ufffdb"}


def test_bytes_are_base64() -> None:
    raw = field_bytes(3, field_bytes(1, b"bin") + field_bytes(2, b"\x00\xff\x10"))
    assert _configmap(raw)["binaryData"] == {"bin": "AP8Q"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(10.0, 10), (-0.5, -0.5), (1e20, 100000000000000000000), (1e21, 1e21), (2.5e-7, 2.5e-7)],
)
def test_doubles_print_like_go(value: float, expected: float) -> None:
    raw = tag(9, 1) + struct.pack("<d", value)
    decoded = _props(raw)
    assert decoded == {"maximum": expected}
    assert type(decoded["maximum"]) is type(expected)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_doubles_json_cannot_hold(value: float) -> None:
    raw = field_bytes(2, field_bytes(7, field_bytes(4, field_bytes(1, tag(9, 1) + struct.pack("<d", value)))))
    body = envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", raw)
    assert "json: unsupported value" in _bad_request(body)


def _props(raw: bytes) -> dict[str, Any]:
    return MessageDecoder(raw, builtin_schemas()).message(_APIEXT + "JSONSchemaProps", 0, len(raw))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (field_bytes(30, field_varint(1, 0)), {"additionalProperties": False}),
        (field_bytes(30, field_varint(1, 1)), {"additionalProperties": True}),
        (field_bytes(30, field_bytes(2, field_bytes(5, b"string"))), {"additionalProperties": {"type": "string"}}),
        (field_bytes(24, b""), {"items": None}),
        (field_bytes(24, field_bytes(1, b"")), {"items": {}}),
        (field_bytes(24, field_bytes(1, b"") + field_bytes(2, b"")), {"items": [{}]}),
        (field_bytes(32, field_bytes(1, b"a") + field_bytes(2, b"")), {"dependencies": {"a": None}}),
        (field_bytes(32, field_bytes(1, b"a")), {"dependencies": {"a": None}}),
        (field_bytes(8, b""), {"default": None}),
        (field_bytes(8, field_bytes(1, b"")), {"default": None}),
        (field_bytes(20, field_bytes(1, b"null")) + field_bytes(20, field_bytes(1, b'"x"')), {"enum": [None, "x"]}),
        (field_bytes(29, field_bytes(1, b"p")), {"properties": {"p": {}}}),
    ],
)
def test_json_schema_props_unions(raw: bytes, expected: dict[str, Any]) -> None:
    assert _props(raw) == expected


def test_raw_extension_holds_json_or_an_embedded_object() -> None:
    as_json = field_bytes(1, b"ADDED") + field_bytes(2, field_bytes(1, b'{"kind":"X"}'))
    assert decode_object(envelope("v1", "WatchEvent", as_json))["object"] == {"kind": "X"}
    inner = envelope("v1", "ConfigMap", field_bytes(2, field_bytes(1, b"a") + field_bytes(2, b"b")))
    embedded = field_bytes(1, b"ADDED") + field_bytes(2, field_bytes(1, inner))
    assert decode_object(envelope("v1", "WatchEvent", embedded)) == {
        "kind": "WatchEvent",
        "apiVersion": "v1",
        "type": "ADDED",
        "object": {"kind": "ConfigMap", "apiVersion": "v1", "data": {"a": "b"}},
    }
    unknown = field_bytes(2, field_bytes(1, envelope("v1", "Nope", b"")))
    assert "embedded object of unknown kind 'Nope'" in _bad_request(envelope("v1", "WatchEvent", unknown))
    broken = field_bytes(2, field_bytes(1, b"{"))
    assert "valid JSON" in _bad_request(envelope("v1", "WatchEvent", broken))
    assert decode_object(envelope("v1", "WatchEvent", field_bytes(2, b""))) == {
        "kind": "WatchEvent",
        "apiVersion": "v1",
        "object": None,
    }


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (field_varint(2, 1), "proto: wrong wireType = 0 for field data"),
        (field_bytes(4, b""), "proto: wrong wireType = 2 for field immutable"),
        (field_bytes(1, field_varint(8, 1)), "proto: wrong wireType = 0 for field creationTimestamp"),
        (field_bytes(2, field_varint(1, 1)), "proto: wrong wireType = 0 for field data key"),
        (field_bytes(2, b"\x0a\x09"), "unexpected EOF"),
        (b"\x0a", "unexpected EOF"),
        (tag(2, 4), "end group for non-group"),
        (field_bytes(1, field_bytes(11, field_varint(2, 1))), "wrong wireType = 0 for field labels"),
    ],
)
def test_malformed_objects(raw: bytes, message: str) -> None:
    text = _bad_request(envelope("v1", "ConfigMap", raw), expected_gvk=CONFIGMAP)
    assert text.startswith('ConfigMap in version "v1" cannot be handled as a ConfigMap: ')
    assert message in text


def test_inline_struct_needs_a_message() -> None:
    volume = field_bytes(1, b"v") + field_varint(2, 1)  # the VolumeSource of a Volume, as a number
    body = envelope("v1", "Pod", field_bytes(2, field_bytes(1, volume)))
    assert "wrong wireType = 0 for field inline field 2" in _bad_request(body)


def _nested_not(depth: int) -> bytes:
    schema = b""
    for _ in range(depth):
        schema = field_bytes(28, schema)
    return schema


def test_nesting_is_bounded() -> None:
    def crd(schema: bytes) -> bytes:
        version = field_bytes(1, b"v1") + field_bytes(4, field_bytes(1, schema))
        return envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", field_bytes(2, field_bytes(7, version)))

    # CRD, spec, version, validation and the outer schema take five levels.
    deep = decode_object(crd(_nested_not(MAX_DEPTH - 5)))
    node = deep["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    for _ in range(MAX_DEPTH - 6):
        node = node["not"]
    assert node == {"not": {}}
    assert "nested deeper than" in _bad_request(crd(_nested_not(MAX_DEPTH - 4)))
    assert "nested deeper than" in _bad_request(crd(_nested_not(100_000)))


def test_the_walk_follows_the_schema() -> None:
    """Shapes no built-in schema uses today still decode: maps of numbers, Duration fields."""
    schemas = builtin_schemas()
    definitions = dict(schemas.definitions)
    definitions["io.k8s.api.core.v1.ConfigMap"] = {
        "type": "object",
        "properties": {
            "data": {"type": "object", "additionalProperties": {"type": "integer", "format": "int32"}},
            "binaryData": {"type": "object", "additionalProperties": {"type": "number"}},
            "immutable": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Duration"},
        },
    }
    raw = field_bytes(2, field_bytes(1, b"a") + field_varint(2, 2**64 - 1)) + field_bytes(2, field_bytes(1, b"b"))
    raw += field_bytes(3, field_bytes(1, b"x")) + field_bytes(4, field_varint(1, 90_000_000_000))
    decoder = MessageDecoder(raw, type(schemas)(definitions=definitions))
    assert decoder.message("io.k8s.api.core.v1.ConfigMap", 0, len(raw)) == {
        "immutable": "1m30s",
        "data": {"a": -1, "b": 0},
        "binaryData": {"x": 0},
    }
