"""The Swagger 2.0 document: v2-only schema forms, and the rules kubectl's v2 parser enforces."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from kubeedge.apiserver.openapi.builder_v2 import build_v2, schema_v2
from kubeedge.apiserver.openapi.model import build_model
from kubeedge.apiserver.schema.model import REF_PREFIX

if TYPE_CHECKING:
    from collections.abc import Iterator

    from kubeedge.apiserver.registry.catalog import Catalog

DEFS = "#/definitions/"
SWAGGER_SCHEMA_KEYS = {
    "$ref", "format", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
    "minProperties", "required", "enum", "additionalProperties", "type", "items", "allOf", "properties",
    "discriminator", "readOnly", "xml", "externalDocs", "example",
}  # fmt: skip
PRIMITIVES = {"string", "number", "integer", "boolean"}


@pytest.fixture
def doc(catalog_with_crd: Catalog, schemas: Any) -> dict[str, Any]:
    return build_v2(build_model(catalog_with_crd.all(), schemas), version="v1.32.0")


@pytest.mark.parametrize(
    ("name", "v3", "v2"),
    [
        ("reference", {"$ref": REF_PREFIX + "a.B"}, {"$ref": DEFS + "a.B"}),
        (
            "allOf-wrapped reference keeps its extensions and description",
            {
                "allOf": [{"$ref": REF_PREFIX + "a.B"}],
                "description": "d",
                "default": {},
                "x-kubernetes-patch-strategy": "retainKeys",
            },
            {"$ref": DEFS + "a.B", "description": "d", "x-kubernetes-patch-strategy": "retainKeys"},
        ),
        (
            "IntOrString",
            {"description": "i", "format": "int-or-string", "oneOf": [{"type": "integer"}, {"type": "string"}]},
            {"description": "i", "format": "int-or-string", "type": "string"},
        ),
        ("Quantity", {"oneOf": [{"type": "string"}, {"type": "number"}]}, {"type": "string"}),
        ("oneOf of objects gives no type", {"oneOf": [{"type": "object"}, {"type": "string"}]}, {}),
        (
            "nullable, anyOf, not and default go",
            {"type": "string", "nullable": True, "anyOf": [{"pattern": "a"}], "not": {}, "default": "x"},
            {"type": "string"},
        ),
        ("array without items is untyped", {"type": "array", "maxItems": 3}, {"maxItems": 3}),
        (
            "tuple items of one",
            {"type": "array", "items": [{"type": "string"}]},
            {"type": "array", "items": {"type": "string"}},
        ),
        ("type list of one", {"type": ["string"]}, {"type": "string"}),
        ("type list of many", {"type": ["string", "null"], "description": "x"}, {"description": "x"}),
        (
            "nested nodes and extensions",
            {
                "type": "object",
                "properties": {
                    "a": {"type": "array", "items": {"$ref": REF_PREFIX + "x.Y"}, "x-kubernetes-list-type": "atomic"}
                },
                "additionalProperties": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
                "x-kubernetes-map-type": "atomic",
                "unknownKeyword": 1,
            },
            {
                "type": "object",
                "properties": {
                    "a": {"type": "array", "items": {"$ref": DEFS + "x.Y"}, "x-kubernetes-list-type": "atomic"}
                },
                "additionalProperties": {"type": "string"},
                "x-kubernetes-map-type": "atomic",
            },
        ),
        (
            "properties named like keywords are fields",
            {
                "type": "object",
                "properties": {"default": {"type": "string"}, "allOf": {"type": "array", "items": {"type": "string"}}},
            },
            {
                "type": "object",
                "properties": {"default": {"type": "string"}, "allOf": {"type": "array", "items": {"type": "string"}}},
            },
        ),
        (
            "additionalProperties false",
            {"type": "object", "additionalProperties": False},
            {"type": "object", "additionalProperties": False},
        ),
    ],
)
def test_schema_v2(name: str, v3: dict[str, Any], v2: dict[str, Any]) -> None:
    assert schema_v2(v3) == v2, name


def _schemas(node: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node under a schema, with a path for messages."""
    yield where, node
    for name, sub in (node.get("properties") or {}).items():
        yield from _schemas(sub, f"{where}.{name}")
    if isinstance(node.get("items"), dict):
        yield from _schemas(node["items"], f"{where}[]")
    if isinstance(node.get("additionalProperties"), dict):
        yield from _schemas(node["additionalProperties"], f"{where}{{}}")
    for sub in node.get("allOf") or ():
        yield from _schemas(sub, f"{where}&")


def _all_schemas(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, node in doc["definitions"].items():
        yield from _schemas(node, name)
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            for param in op.get("parameters", []):
                if "schema" in param:
                    yield from _schemas(param["schema"], f"{path} {method} body")
            for code, response in op["responses"].items():
                if "schema" in response:
                    yield from _schemas(response["schema"], f"{path} {method} {code}")


def test_only_swagger_keywords(doc: dict[str, Any]) -> None:
    for where, node in _all_schemas(doc):
        extra = {k for k in node if not k.startswith("x-")} - SWAGGER_SCHEMA_KEYS
        assert not extra, (where, extra)
        assert "default" not in node, where  # pruned, as kube does for v2
        assert "allOf" not in node, where


def test_kubectl_v2_parser_accepts_every_schema(doc: dict[str, Any]) -> None:
    """kube-openapi's proto.ParseSchema rules, which kubectl applies to the whole document."""
    definitions = doc["definitions"]
    for where, node in _all_schemas(doc):
        if "$ref" in node:
            assert "type" not in node, where
            assert not node.get("properties"), where
            assert node["$ref"].startswith(DEFS), where
            assert node["$ref"].removeprefix(DEFS) in definitions, where
            continue
        kind = node.get("type")
        if kind is None:
            continue  # a kind (with properties) or an arbitrary value
        assert isinstance(kind, str), where
        if kind == "array":
            assert isinstance(node.get("items"), dict), where
        elif kind != "object":
            assert kind in PRIMITIVES, where


def test_no_two_definitions_claim_a_gvk(doc: dict[str, Any]) -> None:
    seen: dict[tuple[str, str, str], str] = {}
    for name, node in doc["definitions"].items():
        for gvk in node.get("x-kubernetes-group-version-kind", []):
            key = (gvk["group"], gvk["version"], gvk["kind"])
            assert key not in seen, (key, name, seen.get(key))
            seen[key] = name


def test_every_served_kind_has_a_definition(doc: dict[str, Any], catalog_with_crd: Catalog) -> None:
    gvks = {
        (g["group"], g["version"], g["kind"])
        for node in doc["definitions"].values()
        for g in node.get("x-kubernetes-group-version-kind", [])
    }
    for info in catalog_with_crd.all():
        assert (info.group, info.version, info.kind) in gvks
        if "list" in info.verbs:
            assert (info.group, info.version, info.list_kind) in gvks


def _supports_field_validation(doc: dict[str, Any], gvk: dict[str, str]) -> bool:
    """kubectl's QueryParamVerifier (v2): the first PATCH operation of the GVK decides."""
    for item in doc["paths"].values():
        op = item.get("patch")
        if op is None or op.get("x-kubernetes-group-version-kind") != gvk:
            continue
        return any(p.get("in") == "query" and p["name"] == "fieldValidation" for p in op.get("parameters", []))
    return False


def test_patch_operations_advertise_field_validation(doc: dict[str, Any], catalog_with_crd: Catalog) -> None:
    for info in catalog_with_crd.all():
        if "patch" in info.verbs:
            gvk = {"group": info.group, "kind": info.kind, "version": info.version}
            assert _supports_field_validation(doc, gvk), info.kind


def test_operations_in_v2_form(doc: dict[str, Any]) -> None:
    item = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]
    patch = item["patch"]
    assert patch["consumes"] == [
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
        "application/apply-patch+yaml",
    ]
    assert patch["parameters"][0] == {
        "in": "body",
        "name": "body",
        "required": True,
        "schema": {"$ref": DEFS + "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"},
    }
    assert {"description", "in", "name", "type", "uniqueItems"} == set(patch["parameters"][1])
    assert patch["responses"]["200"] == {
        "description": "OK",
        "schema": {"$ref": DEFS + "io.k8s.api.apps.v1.Deployment"},
    }
    assert patch["responses"]["401"] == {"description": "Unauthorized"}
    assert patch["schemes"] == ["https"]
    assert patch["x-kubernetes-action"] == "patch"
    assert patch["x-kubernetes-group-version-kind"] == {"group": "apps", "kind": "Deployment", "version": "v1"}
    delete = item["delete"]
    assert delete["parameters"][0] == {
        "in": "body",
        "name": "body",
        "schema": {"$ref": DEFS + "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"},
    }
    assert item["get"]["consumes"] == ["*/*"]
    custom = doc["paths"]["/apis/devices.kubeedge.io/v1beta1/namespaces/{namespace}/devices/{name}"]["patch"]
    assert custom["consumes"] == [
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/apply-patch+yaml",
    ]
    assert custom["produces"] == ["application/json", "application/yaml"]


def test_document_frame(doc: dict[str, Any]) -> None:
    assert doc["swagger"] == "2.0"
    assert doc["info"] == {"title": "Kubernetes", "version": "v1.32.0"}
    assert doc["security"] == [{"BearerToken": []}]
    assert doc["securityDefinitions"]["BearerToken"]["type"] == "apiKey"


def test_builtin_special_types(doc: dict[str, Any]) -> None:
    defs = doc["definitions"]
    int_or_string = defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]
    assert (int_or_string["type"], int_or_string["format"]) == ("string", "int-or-string")
    assert defs["io.k8s.apimachinery.pkg.api.resource.Quantity"]["type"] == "string"
    strategy = defs["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["strategy"]
    assert strategy == {
        "$ref": DEFS + "io.k8s.api.apps.v1.DeploymentStrategy",
        "x-kubernetes-patch-strategy": "retainKeys",
    }


def test_custom_resource_in_v2_form(doc: dict[str, Any]) -> None:
    device = doc["definitions"]["io.kubeedge.devices.v1beta1.Device"]
    spec = device["properties"]["spec"]
    props = spec["properties"]
    assert props["port"] == {"x-kubernetes-int-or-string": True}
    assert props["note"] == {}
    assert spec["required"] == ["replicas"]  # nullable "note" left required
    assert props["extra"] == {"x-kubernetes-preserve-unknown-fields": True}
    assert "default" not in props["mode"]
    assert device["properties"]["metadata"]["$ref"] == DEFS + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    alpha = doc["definitions"]["io.kubeedge.devices.v1alpha1.Device"]
    assert alpha == {
        "type": "object",
        "x-kubernetes-group-version-kind": [{"group": "devices.kubeedge.io", "kind": "Device", "version": "v1alpha1"}],
    }
