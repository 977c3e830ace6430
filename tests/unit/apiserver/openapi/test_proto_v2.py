"""gnostic's openapi.v2.Document encoding: hand-derived golden bytes, round trips, kubectl's reads.

The golden cases are worked out by hand from google/gnostic ``openapiv2/OpenAPIv2.proto``: a
field key is ``(number << 3) | wire type`` (0 varint, 1 fixed64, 2 length-delimited), and each
nested message is its key, its length, then its bytes. Lengths are written out in the comments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.openapi.builder_v2 import build_v2
from kubeedge.apiserver.openapi.model import build_model
from kubeedge.apiserver.openapi.proto_v2 import decode_document, encode_document

if TYPE_CHECKING:
    from kubeedge.apiserver.registry.catalog import Catalog


def h(text: str) -> str:
    return text.encode().hex()


REF_B = "0a0f" + h("#/definitions/B")  # Schema._ref (1): 2 + 15 = 17 bytes
GVK_YAML = '- group: ""\n  kind: K\n  version: v1\n'  # 12 + 10 + 14 = 36 bytes

GOLDEN = [
    # Document.swagger (1, string)
    ({"swagger": "2.0"}, "0a03" + h("2.0")),
    # Document.info (2) → Info.title (1), Info.version (2): 3 + 3 = 6 bytes
    ({"info": {"title": "K", "version": "v"}}, "1206" + "0a01" + h("K") + "1201" + h("v")),
    # Document.definitions (9 → key 0x4a) → Definitions.additional_properties (1) → NamedSchema
    # {name (1) "A", value (2) Schema{_ref}}: NamedSchema = 3 + 2 + 17 = 22, Definitions = 24
    ({"definitions": {"A": {"$ref": "#/definitions/B"}}}, "4a18" + "0a16" + "0a01" + h("A") + "1211" + REF_B),
    # Schema scalars, in field order: maximum (7, fixed64 → 0x39), minLength (12, varint → 0x60, -1 as ten
    # bytes), uniqueItems (16 → 80 01), additionalProperties (21 → aa 01) = AdditionalPropertiesItem.boolean
    # (2 → 0x10) false, still written as a oneof member, type (22 → b2 01) = TypeItem.value (1) "object".
    # exclusiveMinimum false is a proto3 default: not written. Schema = 9 + 11 + 3 + 5 + 11 = 39 (0x27).
    (
        {
            "definitions": {
                "S": {
                    "type": "object",
                    "uniqueItems": True,
                    "minLength": -1,
                    "maximum": 1.5,
                    "additionalProperties": False,
                    "exclusiveMinimum": False,
                }
            }
        },
        "4a2e"
        + "0a2c"
        + "0a01"
        + h("S")
        + "1227"
        + "39000000000000f83f"
        + "60ffffffffffffffffff01"
        + "800101"
        + "aa01021000"
        + "b201080a06"
        + h("object"),
    ),
    # Schema.vendor_extension (31 → fa 01) → NamedAny{name (1) 31 chars, value (2) Any{yaml (2) 36 bytes}}:
    # Any = 38, NamedAny = 33 + 40 = 73 (0x49), Schema = 76 (0x4c), NamedSchema = 81 (0x51), Definitions 83
    (
        {"definitions": {"K": {"x-kubernetes-group-version-kind": [{"group": "", "kind": "K", "version": "v1"}]}}},
        "4a53"
        + "0a51"
        + "0a01"
        + h("K")
        + "124c"
        + "fa0149"
        + "0a1f"
        + h("x-kubernetes-group-version-kind")
        + "1226"
        + "1224"
        + h(GVK_YAML),
    ),
    # Document.paths (8 → 0x42) → Paths.path (2) → NamedPathItem{"/p", PathItem.patch (8 → 0x42) Operation}.
    # Operation.parameters (8 → 0x42) → ParametersItem.parameter (1) → Parameter.non_body_parameter (2) →
    # NonBodyParameter.query_parameter_sub_schema (3 → 0x1a) → {in (2), name (4), type (6), uniqueItems
    # (20 → a0 01)} = 7 + 17 + 8 + 3 = 35; wrappers 37, 39, 41; the parameters field 43.
    # Operation.vendor_extension (13 → 0x6a) → NamedAny{"x-kubernetes-action", Any{"patch\n"}} = 21 + 10 = 31.
    # Operation = 43 + 33 = 76 (0x4c), PathItem = 78 (0x4e), NamedPathItem = 4 + 2 + 78 = 84, Paths = 86.
    (
        {
            "paths": {
                "/p": {
                    "patch": {
                        "parameters": [
                            {"in": "query", "name": "fieldValidation", "type": "string", "uniqueItems": True}
                        ],
                        "x-kubernetes-action": "patch",
                    }
                }
            }
        },
        "4256"
        + "1254"
        + "0a02"
        + h("/p")
        + "124e"
        + "424c"
        + "4229"
        + "0a27"
        + "1225"
        + "1a23"
        + "1205"
        + h("query")
        + "220f"
        + h("fieldValidation")
        + "3206"
        + h("string")
        + "a00101"
        + "6a1f"
        + "0a13"
        + h("x-kubernetes-action")
        + "1208"
        + "1206"
        + h("patch\n"),
    ),
    # A body parameter: ParametersItem.parameter (1) → Parameter.body_parameter (1) → BodyParameter{name (2),
    # in (3), required (4 → 0x20), schema (5 → 0x2a)} = 6 + 6 + 2 + 19 = 33; PathItem.post is field 4 (0x22).
    (
        {
            "paths": {
                "/p": {
                    "post": {
                        "parameters": [
                            {"in": "body", "name": "body", "required": True, "schema": {"$ref": "#/definitions/B"}}
                        ]
                    }
                }
            }
        },
        "4231"
        + "122f"
        + "0a02"
        + h("/p")
        + "1229"
        + "2227"
        + "4225"
        + "0a23"
        + "0a21"
        + "1204"
        + h("body")
        + "1a04"
        + h("body")
        + "2001"
        + "2a11"
        + REF_B,
    ),
    # Operation.responses (9 → 0x4a) → Responses.response_code (1) → NamedResponseValue{"200",
    # ResponseValue.response (1) → Response{description (1) "OK", schema (2) SchemaItem.schema (1) Schema}}.
    (
        {
            "paths": {
                "/p": {"get": {"responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/B"}}}}}
            }
        },
        "4230"
        + "122e"
        + "0a02"
        + h("/p")
        + "1228"
        + "1226"
        + "4a24"
        + "0a22"
        + "0a03"
        + h("200")
        + "121b"
        + "0a19"
        + "0a02"
        + h("OK")
        + "1213"
        + "0a11"
        + REF_B,
    ),
    # Document.security (12 → 0x62) → SecurityRequirement.additional_properties (1) → NamedStringArray
    # {name "BearerToken", value (2) StringArray{} written empty}: 13 + 2 = 15.
    ({"security": [{"BearerToken": []}]}, "6211" + "0a0f" + "0a0b" + h("BearerToken") + "1200"),
    # Fields go out in field-number order whatever the JSON order.
    ({"info": {"version": "v"}, "swagger": "2.0"}, "0a03" + h("2.0") + "1203" + "1201" + h("v")),
]


@pytest.mark.parametrize(("document", "expected"), GOLDEN)
def test_golden_encoding(document: dict[str, Any], expected: str) -> None:
    assert encode_document(document).hex() == expected


@pytest.mark.parametrize(("document", "expected"), GOLDEN)
def test_golden_decoding(document: dict[str, Any], expected: str) -> None:
    assert decode_document(bytes.fromhex(expected)) == _normalized(document)


_ANY_KEYS = {"default", "example"}  # single Any values: always written, whatever they hold
_MAP_KEYS = {"properties", "definitions", "paths", "responses", "securityDefinitions"}


def _normalized(node: Any, *, is_map: bool = False) -> Any:
    """What survives the proto round trip: proto3 drops scalar and repeated fields at their default value.

    Entries of JSON maps are messages (always written); a security requirement's scope list is one too.
    """
    if isinstance(node, list):
        return [_normalized(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if is_map:
            out[key] = _normalized(value)
        elif key.startswith("x-") or key in _ANY_KEYS or key == "security":
            out[key] = value
        elif key == "enum":
            if value:
                out[key] = value  # repeated Any: dropped only when empty
        elif key == "additionalProperties" and isinstance(value, bool):
            out[key] = value  # a oneof member
        elif value is False or value == "" or value == [] or (type(value) in (int, float) and value == 0):
            continue
        else:
            out[key] = _normalized(value, is_map=key in _MAP_KEYS)
    return out


@pytest.fixture
def v2_document(catalog_with_crd: Catalog, schemas: Any) -> dict[str, Any]:
    document = build_v2(build_model(catalog_with_crd.all(), schemas), version="v1.32.0")
    parsed: dict[str, Any] = orjson.loads(orjson.dumps(document, option=orjson.OPT_SORT_KEYS))
    return parsed


def test_served_document_round_trips(v2_document: dict[str, Any]) -> None:
    assert decode_document(encode_document(v2_document)) == _normalized(v2_document)


def test_kubectl_reads_extensions_as_yaml(v2_document: dict[str, Any]) -> None:
    """What kubectl parses out of Any.yaml: a GVK map per operation and a GVK list per definition."""
    data = encode_document(v2_document)
    decoded = decode_document(data)
    patch = decoded["paths"]["/api/v1/namespaces/{namespace}/pods/{name}"]["patch"]
    assert patch["x-kubernetes-group-version-kind"] == {"group": "", "kind": "Pod", "version": "v1"}
    pod = decoded["definitions"]["io.k8s.api.core.v1.Pod"]
    assert pod["x-kubernetes-group-version-kind"] == [{"group": "", "kind": "Pod", "version": "v1"}]
    # the raw YAML text is block style, as gnostic's yaml.Marshal prints it
    assert b"version: v1\n" in data
    assert b'group: ""\n' in data


schema_leaf = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["string", "integer", "number", "boolean", "object"]),
        "format": st.text(max_size=5),
        "description": st.text(max_size=10),
        "maxLength": st.integers(min_value=-(2**63), max_value=2**63 - 1),
        "minimum": st.floats(allow_nan=False),
        "uniqueItems": st.booleans(),
        "pattern": st.text(max_size=5),
        "required": st.lists(st.text(max_size=5), max_size=3),
        "enum": st.lists(
            st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5) | st.just({"a": False}), max_size=3
        ),
        "default": st.none() | st.text(max_size=5) | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        "x-kubernetes-list-type": st.sampled_from(["atomic", "set", "map"]),
        "x-kubernetes-unions": st.lists(
            st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2), max_size=2
        ),
    },
)
schemas_strategy = st.recursive(
    schema_leaf,
    lambda children: st.fixed_dictionaries(
        {},
        optional={
            "properties": st.dictionaries(st.text(max_size=6), children, max_size=3),
            "items": children,
            "additionalProperties": st.booleans() | children,
            "allOf": st.lists(children, max_size=2),
            "type": st.just("object"),
        },
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), schemas_strategy, max_size=4))
def test_any_schema_round_trips(definitions: dict[str, Any]) -> None:
    document = {"swagger": "2.0", "definitions": definitions}
    assert decode_document(encode_document(document)) == _normalized(document)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"nope": 1}, "Document has no field 'nope'"),
        ({"definitions": {"A": {"oneOf": []}}}, "Schema has no field 'oneOf'"),
        ({"definitions": {"A": {"nullable": True}}}, "Schema has no field 'nullable'"),
        ({"definitions": {"A": {"maxLength": "3"}}}, "expected an integer"),
        ({"definitions": {"A": {"minimum": True}}}, "expected a number"),
        ({"swagger": 2}, "expected a string"),
        (
            {"paths": {"/p": {"get": {"parameters": [{"in": "cookie", "name": "c", "type": "string"}]}}}},
            "no valid 'in'",
        ),
    ],
)
def test_what_gnostic_rejects_is_refused(document: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        encode_document(document)


def test_any_holds_yaml_of_the_value() -> None:
    data = encode_document({"definitions": {"A": {"enum": ["a", 1, None], "default": {"k": [True]}}}})
    decoded = decode_document(data)["definitions"]["A"]
    assert decoded == {"enum": ["a", 1, None], "default": {"k": [True]}}
    assert h("k:\n- true\n") in data.hex()
    assert yaml.safe_load("a\n") == "a"
