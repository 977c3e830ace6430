"""Custom resource schemas published the way apiextensions-apiserver publishes them (v3 and v2 forms)."""

from __future__ import annotations

from typing import Any

import pytest

from kubeedge.apiserver.openapi.crd_schema import custom_definitions
from kubeedge.apiserver.registry.resources import ResourceInfo
from kubeedge.apiserver.schema.model import REF_PREFIX, SchemaSet, TypedSchema

OBJECT_META = REF_PREFIX + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
GVK = [{"group": "devices.kubeedge.io", "kind": "Device", "version": "v1"}]


def _info(root: dict[str, Any] | None) -> ResourceInfo:
    return ResourceInfo(
        group="devices.kubeedge.io",
        version="v1",
        kind="Device",
        plural="devices",
        singular="device",
        namespaced=True,
        schema=None if root is None else TypedSchema(SchemaSet({}), root),
        is_custom=True,
    )


def _spec(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {"spec": {"type": "object", "properties": properties, **extra}}}


def _spec_of(node: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = node["properties"]["spec"]
    return spec


@pytest.mark.parametrize(
    ("name", "properties", "extra", "v3", "v2"),
    [
        (
            "int-or-string unfolds to anyOf in v3 only",
            {"port": {"x-kubernetes-int-or-string": True}},
            {},
            {"port": {"x-kubernetes-int-or-string": True, "anyOf": [{"type": "integer"}, {"type": "string"}]}},
            {"port": {"x-kubernetes-int-or-string": True}},
        ),
        (
            "int-or-string with its own anyOf gets an allOf in front",
            {"port": {"x-kubernetes-int-or-string": True, "anyOf": [{"type": "integer"}, {"type": "string"}]}},
            {},
            {
                "port": {
                    "x-kubernetes-int-or-string": True,
                    "anyOf": [{"type": "integer"}, {"type": "string"}],
                    "allOf": [{"anyOf": [{"type": "integer"}, {"type": "string"}]}],
                }
            },
            {"port": {"x-kubernetes-int-or-string": True}},
        ),
        (
            "nullable loses type, items and properties in v2",
            {
                "note": {"type": "string", "nullable": True},
                "list": {"type": "array", "nullable": True, "items": {"type": "string"}},
            },
            {},
            {
                "note": {"type": "string", "nullable": True},
                "list": {"type": "array", "nullable": True, "items": {"type": "string"}},
            },
            {"note": {}, "list": {}},
        ),
        (
            "preserve-unknown-fields objects become untyped in v2",
            {
                "extra": {
                    "type": "object",
                    "x-kubernetes-preserve-unknown-fields": True,
                    "properties": {"a": {"type": "string"}},
                }
            },
            {},
            {
                "extra": {
                    "type": "object",
                    "x-kubernetes-preserve-unknown-fields": True,
                    "properties": {"a": {"type": "string"}},
                }
            },
            {"extra": {"x-kubernetes-preserve-unknown-fields": True}},
        ),
        (
            "junctors and non-structural keywords go",
            {
                "mode": {
                    "type": "string",
                    "oneOf": [{"enum": ["a"]}, {"enum": ["b"]}],
                    "not": {"enum": ["c"]},
                    "example": "a",
                    "externalDocs": {"url": "https://example.com"},
                    "x-kubernetes-validations": [{"rule": "self != 'x'"}],
                    "nullable": False,
                    "x-kubernetes-preserve-unknown-fields": False,
                }
            },
            {},
            {
                "mode": {
                    "type": "string",
                    "oneOf": [{"enum": ["a"]}, {"enum": ["b"]}],
                    "not": {"enum": ["c"]},
                    "x-kubernetes-validations": [{"rule": "self != 'x'"}],
                }
            },
            {"mode": {"type": "string", "x-kubernetes-validations": [{"rule": "self != 'x'"}]}},
        ),
        (
            "value validations and list extensions stay",
            {
                "tags": {
                    "type": "array",
                    "items": {"type": "string", "maxLength": 3},
                    "maxItems": 2,
                    "x-kubernetes-list-type": "set",
                }
            },
            {},
            {
                "tags": {
                    "type": "array",
                    "items": {"type": "string", "maxLength": 3},
                    "maxItems": 2,
                    "x-kubernetes-list-type": "set",
                }
            },
            {
                "tags": {
                    "type": "array",
                    "items": {"type": "string", "maxLength": 3},
                    "maxItems": 2,
                    "x-kubernetes-list-type": "set",
                }
            },
        ),
    ],
)
def test_property_forms(
    name: str, properties: dict[str, Any], extra: dict[str, Any], v3: dict[str, Any], v2: dict[str, Any]
) -> None:
    defs = custom_definitions(_info(_spec(properties, **extra)))
    assert _spec_of(dict(defs.kind_v3))["properties"] == v3, name
    assert _spec_of(dict(defs.kind_v2))["properties"] == v2, name


def test_nullable_property_leaves_required_in_v2_only() -> None:
    defs = custom_definitions(
        _info(_spec({"note": {"type": "string", "nullable": True}, "n": {"type": "integer"}}, required=["note", "n"]))
    )
    assert _spec_of(dict(defs.kind_v3))["required"] == ["note", "n"]
    assert _spec_of(dict(defs.kind_v2))["required"] == ["n"]
    only_nullable = custom_definitions(_info(_spec({"note": {"type": "string", "nullable": True}}, required=["note"])))
    assert "required" not in _spec_of(dict(only_nullable.kind_v2))


def test_nullable_additional_properties_drop_required_in_v2() -> None:
    root = _spec({}, additionalProperties={"type": "string", "nullable": True}, required=["a"])
    del root["properties"]["spec"]["properties"]
    defs = custom_definitions(_info(root))
    assert "required" not in _spec_of(dict(defs.kind_v2))
    assert _spec_of(dict(defs.kind_v3))["required"] == ["a"]


def test_root_gets_type_meta_metadata_and_gvk() -> None:
    defs = custom_definitions(_info(_spec({"a": {"type": "string"}})))
    for node in (defs.kind_v3, defs.kind_v2):
        props = node["properties"]
        assert props["metadata"]["$ref"] == OBJECT_META
        assert props["apiVersion"]["type"] == "string"
        assert props["apiVersion"]["description"].startswith("APIVersion")
        assert props["kind"]["type"] == "string"
        assert props["kind"]["description"].startswith("Kind is")
        assert node["x-kubernetes-group-version-kind"] == GVK
        assert node["type"] == "object"
    assert defs.kind_name == "io.kubeedge.devices.v1.Device"
    assert defs.list_name == "io.kubeedge.devices.v1.DeviceList"


def test_metadata_schema_of_the_crd_is_replaced_by_object_meta() -> None:
    root = {
        "type": "object",
        "properties": {"metadata": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 5}}}},
    }
    defs = custom_definitions(_info(root))
    assert defs.kind_v3["properties"]["metadata"] == {
        "$ref": OBJECT_META,
        "description": defs.kind_v3["properties"]["metadata"]["description"],
    }


def test_embedded_resource_gets_type_meta() -> None:
    template = {
        "type": "object",
        "x-kubernetes-embedded-resource": True,
        "properties": {"spec": {"type": "object"}},
        "required": ["spec"],
    }
    defs = custom_definitions(_info(_spec({"template": template})))
    for node in (defs.kind_v3, defs.kind_v2):
        embedded = _spec_of(dict(node))["properties"]["template"]
        assert set(embedded["properties"]) == {"spec", "apiVersion", "kind", "metadata"}
        assert embedded["required"] == ["spec", "kind", "apiVersion"]
        assert embedded["properties"]["metadata"]["$ref"] == OBJECT_META


def test_embedded_resource_preserving_unknown_fields_stays_bare_in_v2() -> None:
    template = {"type": "object", "x-kubernetes-embedded-resource": True, "x-kubernetes-preserve-unknown-fields": True}
    defs = custom_definitions(_info(_spec({"template": template})))
    assert _spec_of(dict(defs.kind_v2))["properties"]["template"] == {
        "x-kubernetes-embedded-resource": True,
        "x-kubernetes-preserve-unknown-fields": True,
    }
    v3 = _spec_of(dict(defs.kind_v3))["properties"]["template"]
    assert set(v3["properties"]) == {"apiVersion", "kind", "metadata"}


@pytest.mark.parametrize(
    "root",
    [None, {"type": "object", "x-kubernetes-preserve-unknown-fields": True, "properties": {"a": {"type": "string"}}}],
)
def test_untyped_or_preserving_root_is_a_bare_object_in_v2(root: dict[str, Any] | None) -> None:
    defs = custom_definitions(_info(root))
    assert defs.kind_v2 == {"type": "object", "x-kubernetes-group-version-kind": GVK}
    if root is None:
        assert defs.kind_v3 == {"type": "object", "x-kubernetes-group-version-kind": GVK}
    else:
        assert defs.kind_v3["properties"]["a"] == {"type": "string"}


def test_list_kind_shape() -> None:
    defs = custom_definitions(_info(_spec({})))
    assert defs.list_v3 == defs.list_v2
    node = defs.list_v3
    assert "type" not in node  # kube's buildListSchema sets none
    assert node["description"] == "DeviceList is a list of Device"
    assert node["required"] == ["items"]
    assert node["properties"]["items"]["items"] == {"$ref": REF_PREFIX + "io.kubeedge.devices.v1.Device"}
    assert node["properties"]["metadata"]["$ref"] == REF_PREFIX + "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"
    assert node["x-kubernetes-group-version-kind"] == [
        {"group": "devices.kubeedge.io", "kind": "DeviceList", "version": "v1"}
    ]


def test_input_schema_is_not_modified() -> None:
    root = _spec(
        {"port": {"x-kubernetes-int-or-string": True}, "n": {"type": "string", "nullable": True}}, required=["n"]
    )
    before = repr(root)
    custom_definitions(_info(root))
    assert repr(root) == before
